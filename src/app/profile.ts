import { type FieldProblem, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkHandle } from '../domain/handle.js';
import { isLocale } from '../domain/locale.js';
import { authorizeUser } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { toUser, type User } from '../store/users.repository.js';
import { checkPassword, cleanName, fail, isTimeZone, typedPassword } from './account-input.js';
import { type AccountKit, addressVerified } from './account-kit.js';
import { scheduleDigestStep } from './digest-jobs.js';
import { hashSecret } from './tokens.js';
import { checkVersion } from './write.js';

/** The name, language and time zone a profile form or call asks for, checked. */
function profileInput(input: Record<string, unknown>) {
  const problems: FieldProblem[] = [];
  const name = cleanName(input.name, problems);
  const locale = isLocale(input.locale) ? input.locale : null;
  if (input.locale !== undefined && input.locale !== '' && locale === null) {
    problems.push({ field: 'locale', key: 'error.unknownLocale' });
  }
  let timeZone: string | null = null;
  if (typeof input.timeZone === 'string' && input.timeZone.trim() !== '') {
    timeZone = input.timeZone.trim();
    if (!isTimeZone(timeZone)) problems.push({ field: 'timeZone', key: 'error.unknownTimeZone' });
  }
  // Absent (an older form or script): the handle stays as it is.
  const handle = input.handle === undefined ? undefined : checkHandle(input.handle, problems);
  fail(problems);
  return { name, locale, timeZone, handle: handle ?? undefined };
}

/** One's own account: name, handle, language, time zone and password. */
export function profileUseCases(kit: AccountKit) {
  const { store, write } = kit;

  return {
    /** One's own account as stored now. */
    async me(actor: Actor): Promise<User & { emailVerified: boolean }> {
      authorizeUser(actor, 'account.edit');
      const row = await store.read.users.findById(actor.userId);
      if (!row) throw new NotFoundError('user', actor.userId);
      return { ...toUser(row), emailVerified: await addressVerified(store.read, row) };
    },

    async updateProfile(actor: Actor, version: number, input: Record<string, unknown>): Promise<User> {
      authorizeUser(actor, 'account.edit');
      const { name, locale, timeZone, handle } = profileInput(input);
      return write(actor, async ({ repos, at, audit }) => {
        const row = await repos.users.findById(actor.userId);
        if (!row) throw new NotFoundError('user', actor.userId);
        if (handle !== undefined && (await repos.users.handleTaken(handle, row.id)))
          throw new ValidationError([{ field: 'handle', key: 'error.handleTaken' }]);
        const changes = { name, locale, time_zone: timeZone, ...(handle === undefined ? {} : { handle }) };
        await checkVersion(toUser(row), version, () => repos.users.update(row.id, version, changes, at));
        // The daily digest comes at an hour of the member's own clock: a new zone moves it.
        if (row.time_zone !== timeZone) await scheduleDigestStep(repos, row.id, at);
        await audit('user.profile', { type: 'user', id: row.id }, 'profile updated');
        return toUser((await repos.users.findById(row.id)) ?? row);
      });
    },

    /**
     * Sets a new password. Whoever knew the old one may hold a session or have made API tokens:
     * the account's other sessions end (all of them without `sessionToken`, as from a script)
     * and its tokens are revoked (their number comes back).
     */
    async changePassword(
      actor: Actor,
      sessionToken: string | null,
      input: Record<string, unknown>,
    ): Promise<{ tokensRevoked: number }> {
      authorizeUser(actor, 'account.edit');
      const problems: FieldProblem[] = [];
      const password = checkPassword(input.newPassword, problems, 'newPassword');
      fail(problems);
      const row = await store.read.users.findById(actor.userId);
      if (!row) throw new NotFoundError('user', actor.userId);
      if (!(await kit.isCurrentPassword(row.id, row.password_hash, typedPassword(input.currentPassword)))) {
        throw new ValidationError([{ field: 'currentPassword', key: 'error.wrongPassword' }]);
      }
      const passwordHash = await kit.hash(password);
      return write(actor, async ({ repos, at, audit }) => {
        await checkVersion(toUser(row), row.version, () =>
          repos.users.update(row.id, row.version, { password_hash: passwordHash }, at),
        );
        await repos.sessions.deleteForUser(row.id, sessionToken ? hashSecret(sessionToken) : undefined);
        const tokensRevoked = await repos.tokens.revokeAllForUser(row.id, at);
        await audit(
          'user.password',
          { type: 'user', id: row.id },
          `password changed, ${tokensRevoked} API tokens revoked`,
        );
        return { tokensRevoked };
      });
    },
  };
}
