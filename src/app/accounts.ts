import { accountKit } from './account-kit.js';
import { apiTokenUseCases } from './api-tokens.js';
import type { AppDeps } from './context.js';
import type { LimitsUseCases } from './limits.js';
import type { HashingQueue } from './passwords.js';
import { profileUseCases } from './profile.js';
import { registrationUseCases } from './registration.js';
import { sessionUseCases } from './sessions.js';
import { userUseCases } from './users.js';

/**
 * Everything about accounts, as one set of use-cases for the routes: each part lives in a
 * module named for what it holds (sessions, registration, users, profile, API tokens).
 */

export { LOCALES, type Locale } from '../domain/locale.js';
export { toUser, type User } from '../store/users.repository.js';
export { isTimeZone } from './account-input.js';
export { SESSION_DAYS, type SignedIn } from './account-kit.js';
export type { ApiToken } from './api-tokens.js';
export type { AccountExistsMail } from './registration.js';
export type { UserChange } from './users.js';

export function accountsUseCases(deps: AppDeps, extra: { limits: LimitsUseCases; hashing: HashingQueue }) {
  const kit = accountKit(deps, extra);
  return {
    ...registrationUseCases(kit),
    ...sessionUseCases(kit),
    ...userUseCases(kit),
    ...profileUseCases(kit),
    ...apiTokenUseCases(kit),
  };
}

export type AccountsUseCases = ReturnType<typeof accountsUseCases>;
