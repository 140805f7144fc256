import { ValidationError } from '../domain/errors.js';
import { freeHandle, handleFromName } from '../domain/handle.js';
import type { Locale } from '../domain/locale.js';
import type { Actor, Role } from '../domain/roles.js';
import { isUniqueViolation } from '../store/db.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { toUser, type User, type UserRow } from '../store/users.repository.js';
import type { AppDeps } from './context.js';
import type { LimitsUseCases } from './limits.js';
import { type HashingQueue, hashPassword, verifyPassword } from './passwords.js';
import { hashSecret, newSecret } from './tokens.js';
import { writer } from './write.js';

export const SESSION_DAYS = 30;

export interface SignedIn {
  user: User;
  actor: Extract<Actor, { kind: 'user' }>;
}

export function actorOf(user: User): SignedIn['actor'] {
  return { kind: 'user', userId: user.id, role: user.role, name: user.name };
}

/** What the account use-cases share: the clock, the hashing queue, new accounts and sessions. */
export function accountKit(deps: AppDeps, extra: { limits: LimitsUseCases; hashing: HashingQueue }) {
  const { now } = deps;
  const iso = () => now().toISOString();
  return {
    ...deps,
    limits: extra.limits,
    iso,
    write: writer(deps),
    /** A new password's hash, in turn with the other hashing of this process. */
    hash: (password: string) => extra.hashing.run(() => hashPassword(password)),
    /** A password check; it goes before new hashes, since someone waits to sign in. */
    verify: (password: string, stored: string) =>
      extra.hashing.run(() => verifyPassword(password, stored), true),

    /** Whether `typed` is the account's password; wrong guesses are limited per account. */
    async isCurrentPassword(userId: string, stored: string | null, typed: string): Promise<boolean> {
      // Whoever holds a session must not guess the password behind it at leisure (and then
      // change it or delete the account): wrong current passwords are limited per account.
      await extra.limits.take('passwordChecksPerAccount', userId, 'error.tooManyPasswordChecks');
      let ok: boolean;
      try {
        ok = stored !== null && (await extra.hashing.run(() => verifyPassword(typed, stored), true));
      } catch (err) {
        await extra.limits.undo('passwordChecksPerAccount', userId);
        throw err;
      }
      if (ok) await extra.limits.undo('passwordChecksPerAccount', userId);
      return ok;
    },

    async insertUser(
      repos: Repositories,
      fields: {
        email: string;
        name: string;
        role: Role;
        passwordHash: string | null;
        locale?: Locale | null;
      },
      at: string,
    ): Promise<User> {
      if (await repos.users.findByEmail(fields.email)) {
        throw new ValidationError([{ field: 'email', key: 'error.emailTaken' }]);
      }
      const handle = await freeHandle(handleFromName(fields.name), (h) => repos.users.handleTaken(h));
      const row = newUserRow(fields, handle, at);
      try {
        await repos.users.insert(row);
      } catch (err) {
        // Two registrations of one address at the same moment: the database's rule decides.
        // Two of one name at that moment may meet on the handle instead: not the address's fault.
        if (isUniqueViolation(err) && !String((err as Error).message).includes('handle'))
          throw new ValidationError([{ field: 'email', key: 'error.emailTaken' }]);
        throw err;
      }
      return toUser(row);
    },

    async startSession(repos: Repositories, user: User, at: string): Promise<string> {
      const token = newSecret();
      await repos.sessions.insert({
        id: hashSecret(token),
        user_id: user.id,
        created_at: at,
        expires_at: new Date(Date.parse(at) + SESSION_DAYS * 86_400_000).toISOString(),
      });
      return token;
    },
  };
}

export type AccountKit = ReturnType<typeof accountKit>;

/** The row of a new account: not disabled, its address not yet shown to be the owner's. */
function newUserRow(
  fields: { email: string; name: string; role: Role; passwordHash: string | null; locale?: Locale | null },
  handle: string,
  at: string,
): UserRow {
  return {
    id: newId(),
    email: fields.email,
    name: fields.name,
    role: fields.role,
    password_hash: fields.passwordHash,
    locale: fields.locale ?? null,
    time_zone: null,
    created_at: at,
    updated_at: at,
    version: 1,
    disabled_at: null,
    email_verified_at: null,
    handle,
  };
}

/** One page of rows fetched one past `limit`: the cursor of the next page is the last id shown. */
export function cursorPage<R, T extends { id: string }>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit).map(map);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Whether the account's owner has shown the address is theirs: the hub checked it by mail, or a
 * provider linked to the account vouched for it.
 */
export async function addressVerified(repos: Repositories, user: UserRow): Promise<boolean> {
  if (user.email_verified_at !== null) return true;
  return repos.identities.vouchedFor(user.id, user.email);
}
