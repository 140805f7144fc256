import {
  ConflictError,
  type FieldProblem,
  NotFoundError,
  RuleError,
  ValidationError,
} from '../domain/errors.js';
import type { Locale } from '../domain/locale.js';
import { authorize, authorizeUser } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { toUser, type User } from '../store/users.repository.js';
import { checkPassword, fail, normalizeEmail } from './account-input.js';
import { type AccountKit, actorOf } from './account-kit.js';
import { enqueueLinkMail, issueLink, takeLink } from './account-links.js';
import { passwordSignInOff } from './settings.js';
import { hashSecret } from './tokens.js';
import type { Writer } from './write.js';

/** How a reset link is asked for: mailed when the hub sends mail, else nothing is sent. */
export interface MailOptions {
  mail: boolean;
  /** The language of the one asking, for an account that has chosen none. */
  locale: Locale;
}

async function accountOf(kit: AccountKit, userId: string) {
  const row = await kit.store.read.users.findById(userId);
  if (!row) throw new NotFoundError('user', userId);
  if (row.disabled_at !== null) throw new ValidationError([{ field: 'user', key: 'error.accountDisabled' }]);
  return row;
}

/**
 * Mails a reset link to the address if it has an account. The answer is the same whether it
 * has one or not, and whether a mail went out: past the limit per address none does. The
 * client asking is limited (429), so no one can mail every address of a list.
 */
async function requestReset(
  kit: AccountKit,
  write: Writer,
  actor: Actor,
  input: { email?: unknown },
  client: string,
  options: MailOptions,
): Promise<void> {
  const { store, limits } = kit;
  authorize(actor, 'password.reset');
  const problems: FieldProblem[] = [];
  const email = normalizeEmail(input.email, problems);
  fail(problems);
  await limits.take('passwordResetRequestsPerClient', client, 'error.tooManyResetRequests');
  if (!options.mail || !(await limits.allow('passwordResetMailsPerAddress', email))) return;
  const row = await store.read.users.findByEmail(email);
  if (!row || row.disabled_at !== null) return;
  if (row.role !== 'admin' && (await passwordSignInOff(store.read))) return;
  await write('system', ({ repos, at }) => enqueueLinkMail(repos, 'password-reset', row, options.locale, at));
}

/**
 * An admin helps someone who cannot sign in: a reset link goes to the account's address
 * when the hub sends mail; otherwise the link comes back, to be handed over by hand.
 */
async function sendResetLink(
  kit: AccountKit,
  write: Writer,
  actor: Actor,
  userId: string,
  options: MailOptions,
): Promise<{ mailed: true } | { mailed: false; token: string }> {
  authorizeUser(actor, 'users.resetPassword');
  const row = await accountOf(kit, userId);
  return write(actor, async ({ repos, at, audit }) => {
    const entity = { type: 'user', id: row.id };
    if (options.mail) {
      await enqueueLinkMail(repos, 'password-reset', row, options.locale, at);
      await audit('user.resetMailed', entity, `reset link mailed to ${row.email}`);
      return { mailed: true as const };
    }
    const token = await issueLink(repos, 'password-reset', row, at);
    await audit('user.resetLink', entity, `reset link shown for ${row.email}`);
    return { mailed: false as const, token };
  });
}

/** The operator's way back in (`plenum users reset-link`): a link for the account, printed. */
async function resetLinkFor(
  kit: AccountKit,
  write: Writer,
  email: string,
): Promise<{ user: User; token: string }> {
  authorize('system', 'users.resetPassword');
  const row = await kit.store.read.users.findByEmail(email.trim().toLowerCase());
  if (!row) throw new NotFoundError('user', email);
  const checked = await accountOf(kit, row.id);
  return write('system', async ({ repos, at, audit }) => {
    const token = await issueLink(repos, 'password-reset', checked, at);
    await audit('user.resetLink', { type: 'user', id: row.id }, `reset link printed for ${row.email}`);
    return { user: toUser(checked), token };
  });
}

/**
 * Sets a new password with a link. The link works once; whoever knew the old password may
 * hold a session or have made API tokens, so every session ends and every token is revoked.
 * The link came by mail, so it also shows the address is the owner's. A new session begins
 * for the browser that set the password (`startSession`), none for a script.
 */
async function resetPassword(
  kit: AccountKit,
  write: Writer,
  actor: Actor,
  input: { token?: unknown; password?: unknown },
  options: { startSession: boolean },
): Promise<{ user: User; sessionToken: string | null; tokensRevoked: number }> {
  authorize(actor, 'password.reset');
  const problems: FieldProblem[] = [];
  const password = checkPassword(input.password, problems);
  const token = typeof input.token === 'string' ? input.token : '';
  if (token === '') problems.push({ field: 'token', key: 'error.resetLinkInvalid' });
  fail(problems);
  const passwordHash = await kit.hash(password);
  return write('system', async ({ repos, at, audit }) => {
    const { user: row, email } = await takeLink(repos, 'password-reset', token, at);
    // With password sign-in off a link is the admins' way back in only; the refusal keeps the link.
    if (row.role !== 'admin' && (await passwordSignInOff(repos))) throw new RuleError('signIn.passwordOff');
    if (!(await repos.users.update(row.id, row.version, { password_hash: passwordHash }, at))) {
      throw new ConflictError(toUser(row));
    }
    await repos.accountTokens.useAllOf(row.id, 'password-reset', at);
    if (row.email_verified_at === null) await repos.accountTokens.markVerified(row.id, email, at);
    await repos.sessions.deleteForUser(row.id);
    const tokensRevoked = await repos.tokens.revokeAllForUser(row.id, at);
    const user = toUser(row);
    // The link is the account owner's proof, so the entry names them.
    const summary = `password reset by link, ${tokensRevoked} API tokens revoked`;
    await audit('user.passwordReset', { type: 'user', id: row.id }, summary, actorOf(user));
    const sessionToken = options.startSession ? await kit.startSession(repos, user, at) : null;
    return { user, sessionToken, tokensRevoked };
  });
}

/**
 * A forgotten password: a link by mail (asked for by its owner, or sent by an admin), or a link
 * an admin or the operator copies by hand; the link sets a new password once.
 */
export function passwordResetUseCases(kit: AccountKit) {
  const { write } = kit;
  return {
    requestReset: (actor: Actor, input: { email?: unknown }, client: string, options: MailOptions) =>
      requestReset(kit, write, actor, input, client, options),
    sendResetLink: (actor: Actor, userId: string, options: MailOptions) =>
      sendResetLink(kit, write, actor, userId, options),
    resetLinkFor: (email: string) => resetLinkFor(kit, write, email),
    /** Whether a link still works; looking at it never uses it (mail scanners follow links). */
    async isResetLinkOpen(token: string): Promise<boolean> {
      const open = await kit.store.read.accountTokens.findOpen(
        hashSecret(token),
        'password-reset',
        kit.iso(),
      );
      return open !== undefined;
    },
    resetPassword: (
      actor: Actor,
      input: { token?: unknown; password?: unknown },
      options: { startSession: boolean },
    ) => resetPassword(kit, write, actor, input, options),
  };
}
