import { ValidationError } from '../domain/errors.js';
import type { Locale } from '../domain/locale.js';
import type { AccountTokenPurpose } from '../store/account-tokens.repository.js';
import type { Repositories } from '../store/store.js';
import type { UserRow } from '../store/users.repository.js';
import { queueMail } from './mail-queue.js';
import { hashSecret, newSecret } from './tokens.js';

/**
 * The links mailed to an account's address: a password reset and the check of the address.
 * The secret of a link exists only in the mail (or on the admin's screen); the database keeps
 * its SHA-256. A mail job carries no secret either: the link is made when the mail is sent.
 */

/** A reset link works for an hour: long enough to read the mail, short for a stolen mailbox. */
export const RESET_MINUTES = 60;
/** An address check works for a day: people register and read their mail later. */
export const VERIFICATION_MINUTES = 24 * 60;

const MINUTES: Record<AccountTokenPurpose, number> = {
  'password-reset': RESET_MINUTES,
  'email-verification': VERIFICATION_MINUTES,
};

/** Where each link leads, relative to the hub's base URL. */
const PATHS: Record<AccountTokenPurpose, string> = {
  'password-reset': 'password-reset',
  'email-verification': 'verify-email',
};

/** The outbox job of a mailed link; the link itself is made when the mail goes out. */
export interface AccountLinkMail {
  type: AccountTokenPurpose;
  userId: string;
  /** The address when the mail was asked for: an address changed since gets nothing. */
  email: string;
  locale: Locale;
}

/** The path of a link relative to the hub's base URL (no leading slash). */
export function accountLinkPath(purpose: AccountTokenPurpose, token: string): string {
  return `${PATHS[purpose]}/${encodeURIComponent(token)}`;
}

/** Makes a link of the purpose for the account and keeps its hash; the secret comes back once. */
export async function issueLink(
  repos: Repositories,
  purpose: AccountTokenPurpose,
  user: Pick<UserRow, 'id' | 'email'>,
  at: string,
): Promise<string> {
  const token = newSecret();
  await repos.accountTokens.deleteExpired(at);
  await repos.accountTokens.insert({
    token_hash: hashSecret(token),
    purpose,
    user_id: user.id,
    email: user.email,
    created_at: at,
    expires_at: new Date(Date.parse(at) + MINUTES[purpose] * 60_000).toISOString(),
    used_at: null,
  });
  return token;
}

/** Queues the mail of a link in the account's language (else the one it was asked for in). */
export async function enqueueLinkMail(
  repos: Repositories,
  purpose: AccountTokenPurpose,
  user: Pick<UserRow, 'id' | 'email' | 'locale'>,
  locale: Locale,
  at: string,
): Promise<void> {
  const job: AccountLinkMail = {
    type: purpose,
    userId: user.id,
    email: user.email,
    locale: user.locale === 'de' || user.locale === 'en' ? user.locale : locale,
  };
  await queueMail(repos, job, at);
}

/**
 * Takes a link for good: it must be open (unused, unexpired, of this purpose) and is then used,
 * whoever comes second with it is refused. A forged, used or expired link is refused alike.
 */
export async function takeLink(
  repos: Repositories,
  purpose: AccountTokenPurpose,
  token: string,
  at: string,
): Promise<{ user: UserRow; email: string }> {
  const invalid = new ValidationError([
    {
      field: 'token',
      key: purpose === 'password-reset' ? 'error.resetLinkInvalid' : 'error.verifyLinkInvalid',
    },
  ]);
  const hash = hashSecret(token);
  const found = await repos.accountTokens.findOpen(hash, purpose, at);
  if (!found || found.user.disabled_at !== null) throw invalid;
  if (!(await repos.accountTokens.use(hash, at))) throw invalid;
  return { user: found.user, email: found.token.email };
}
