import { setTimeout as sleep } from 'node:timers/promises';
import { ValidationError } from '../domain/errors.js';
import { toUser, type User, type UserRow } from '../store/users.repository.js';
import { typedPassword } from './account-input.js';
import type { AccountKit, SignedIn } from './account-kit.js';
import { actorOf } from './account-kit.js';
import { DUMMY_HASH } from './passwords.js';
import { hashSecret } from './tokens.js';

/** Signing in and out, and who a session cookie or an API token stands for. */
export function sessionUseCases(kit: AccountKit) {
  const { store, limits, iso } = kit;

  /** Waits longer the more often the address was guessed wrong lately, from anywhere. */
  async function slowDown(email: string): Promise<void> {
    const slowdown = limits.settings.signInSlowdownPerAddress;
    const failures = await limits.peek('signInSlowdownPerAddress', email);
    if (failures > slowdown.max) {
      await sleep(Math.min(slowdown.maxDelayMs, (failures - slowdown.max) * slowdown.stepMs));
    }
  }

  /** Whether the password is the account's; a full hashing queue is not a guess, so not counted. */
  async function checkGuess(row: UserRow | undefined, password: string, client: string, pair: string) {
    try {
      return await kit.verify(password, row?.password_hash ?? DUMMY_HASH);
    } catch (err) {
      await limits.undo('signInFailuresPerClient', client);
      await limits.undo('signInFailuresPerAddressAndClient', pair);
      throw err;
    }
  }

  return {
    /**
     * Checks e-mail and password. Only the asking client's own failures refuse it: failures per
     * client and per address from that client (429). Failures at one address from anywhere slow
     * its sign-in down but never refuse it, so no one can lock an owner out by guessing wrong.
     * Counted in the database, so the limits hold across restarts and instances. A disabled
     * account is told so only to whoever knows its password.
     */
    async signIn(
      input: { email?: unknown; password?: unknown },
      client: string,
    ): Promise<{ user: User; sessionToken: string }> {
      const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
      const password = typedPassword(input.password);
      const pair = `${email} ${client}`;
      // Counted before the password is checked, so guesses sent in parallel each see the others
      // and at most the limit of them get checked; a right password takes its count back.
      await limits.take('signInFailuresPerClient', client, 'error.rateLimited');
      await limits.take('signInFailuresPerAddressAndClient', pair, 'error.rateLimited');
      await slowDown(email);
      const row = email === '' ? undefined : await store.read.users.findByEmail(email);
      const ok = await checkGuess(row, password, client, pair);
      if (!row || !ok || !row.password_hash) {
        await limits.hit('signInSlowdownPerAddress', email);
        throw new ValidationError([{ field: 'password', key: 'error.signInFailed' }]);
      }
      await limits.undo('signInFailuresPerClient', client);
      await limits.clear('signInFailuresPerAddressAndClient', pair);
      if (row.disabled_at !== null)
        throw new ValidationError([{ field: 'email', key: 'error.accountDisabled' }]);
      const user = toUser(row);
      return kit.write(actorOf(user), async ({ repos, at }) => {
        await repos.sessions.deleteExpired(at);
        return { user, sessionToken: await kit.startSession(repos, user, at) };
      });
    },

    async signOut(sessionToken: string): Promise<void> {
      await store.read.sessions.delete(hashSecret(sessionToken));
    },

    async resolveSession(sessionToken: string): Promise<SignedIn | null> {
      const row = await store.read.sessions.findUser(hashSecret(sessionToken), iso());
      if (!row) return null;
      const user = toUser(row);
      return { user, actor: actorOf(user) };
    },

    async resolveApiToken(token: string): Promise<SignedIn | null> {
      const row = await store.read.tokens.findUserByHash(hashSecret(token), iso());
      if (!row) return null;
      await noteTokenUse(kit, row.token_id, row.token_last_used_at);
      const user = toUser(row);
      return { user, actor: actorOf(user) };
    },
  };
}

/**
 * "Last used" is shown to the minute; writing it on every request would make each API call a
 * write (and make every cache keyed by the database's write mark read afresh).
 */
const TOKEN_USE_GRANULARITY_MS = 60_000;

async function noteTokenUse({ store, iso }: AccountKit, tokenId: string, lastUsedAt: string | null) {
  const now = iso();
  if (lastUsedAt !== null && Date.parse(now) - Date.parse(lastUsedAt) < TOKEN_USE_GRANULARITY_MS) return;
  await store.read.tokens.touch(tokenId, now);
}
