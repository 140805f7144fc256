import { ConflictError, type FieldProblem, NotFoundError, ValidationError } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import type { Actor, Role } from '../domain/roles.js';
import { toUser, type User } from '../store/users.repository.js';
import { checkRole, fail, newAccountFields } from './account-input.js';
import { type AccountKit, cursorPage } from './account-kit.js';
import { keepAnAdmin } from './admin-lock.js';
import { checkVersion } from './write.js';

/** What an admin changes about an account; absent fields stay as they are. */
export interface UserChange {
  role?: unknown;
  disabled?: unknown;
}

/** Checks an admin's change before anything is read: the rights for each field and its value. */
function checkChange(actor: Actor, userId: string, change: UserChange): { role?: Role; disabled?: boolean } {
  if (change.role !== undefined) authorize(actor, 'users.changeRole');
  if (change.disabled !== undefined) authorize(actor, 'users.disable');
  if (change.role === undefined && change.disabled === undefined) authorize(actor, 'users.changeRole');
  const problems: FieldProblem[] = [];
  const out: { role?: Role; disabled?: boolean } = {};
  if (change.role !== undefined) out.role = checkRole(change.role, problems);
  if (change.disabled !== undefined) {
    if (typeof change.disabled !== 'boolean') problems.push({ field: 'disabled', key: 'error.badValue' });
    else out.disabled = change.disabled;
  }
  // Nobody locks themselves out: another admin has to do it.
  if (out.disabled === true && actor.kind === 'user' && actor.userId === userId) {
    problems.push({ field: 'disabled', key: 'error.cannotDisableSelf' });
  }
  fail(problems);
  return out;
}

/**
 * Changes an account's role or access. A disabled account keeps what it wrote but cannot sign
 * in; its sessions end and its API tokens are revoked at once. The hub keeps at least one admin
 * who can sign in, and nobody disables their own account.
 */
async function updateUser(
  { write }: AccountKit,
  actor: Actor,
  userId: string,
  version: number,
  change: UserChange,
): Promise<User> {
  const wanted = checkChange(actor, userId, change);
  return write(actor, async ({ repos, at, audit }) => {
    const row = await repos.users.findById(userId);
    if (!row) throw new NotFoundError('user', userId);
    const current = toUser(row);
    if (current.version !== version) throw new ConflictError(current);
    const role = wanted.role ?? current.role;
    const disabling = wanted.disabled === true && current.disabledAt === null;
    const enabling = wanted.disabled === false && current.disabledAt !== null;
    if (current.role === 'admin' && current.disabledAt === null && (role !== 'admin' || disabling)) {
      await keepAnAdmin(
        repos,
        at,
        current,
        () => new ValidationError([{ field: disabling ? 'disabled' : 'role', key: 'error.lastAdmin' }]),
      );
    }
    const disabled_at = disabling ? at : enabling ? null : row.disabled_at;
    await checkVersion(current, version, () =>
      repos.users.update(userId, version, { role, disabled_at }, at),
    );
    const entity = { type: 'user', id: userId };
    if (wanted.role !== undefined) await audit('user.role', entity, `${current.role} -> ${role}`);
    if (disabling) {
      await repos.sessions.deleteForUser(userId);
      const revoked = await repos.tokens.revokeAllForUser(userId, at);
      await audit('user.disable', entity, `disabled, ${revoked} API tokens revoked`);
    }
    if (enabling) await audit('user.enable', entity, 'enabled');
    return toUser((await repos.users.findById(userId)) ?? row);
  });
}

/** The accounts as admins manage them: creating, listing, roles and access. */
export function userUseCases(kit: AccountKit) {
  const { store } = kit;
  const update = (actor: Actor, userId: string, version: number, change: UserChange) =>
    updateUser(kit, actor, userId, version, change);

  return {
    /** Admins create accounts directly (the CLI does the same with a system actor). */
    async createUser(actor: Actor | 'system', input: Record<string, unknown>): Promise<User> {
      authorize(actor, 'users.create');
      const problems: FieldProblem[] = [];
      const { email, name, password } = newAccountFields(input, problems);
      const role = checkRole(input.role, problems);
      fail(problems);
      const passwordHash = await kit.hash(password);
      return kit.write(actor, async ({ repos, at, audit }) => {
        const user = await kit.insertUser(repos, { email, name, role, passwordHash }, at);
        await audit('user.create', { type: 'user', id: user.id }, `${role} ${email}`);
        return user;
      });
    },

    async listUsers(actor: Actor): Promise<User[]> {
      authorize(actor, 'users.read');
      return (await store.read.users.list()).map(toUser);
    },

    /** A page of accounts in creation order; `cursor` is the last id of the page before. */
    async userPage(
      actor: Actor,
      options: { cursor?: string | undefined; limit: number },
    ): Promise<{ items: User[]; nextCursor: string | null }> {
      authorize(actor, 'users.read');
      const rows = await store.read.users.page(options.cursor ?? null, options.limit + 1);
      return cursorPage(rows, options.limit, toUser);
    },

    async findUserById(actor: Actor, userId: string): Promise<User> {
      authorize(actor, 'users.read');
      const row = await store.read.users.findById(userId);
      if (!row) throw new NotFoundError('user', userId);
      return toUser(row);
    },

    async findUserByEmail(email: string): Promise<User | null> {
      const row = await store.read.users.findByEmail(email.trim().toLowerCase());
      return row ? toUser(row) : null;
    },

    /** Changes a role; the last admin cannot demote themselves out of the hub. */
    async changeRole(actor: Actor, userId: string, version: number, role: unknown): Promise<User> {
      return update(actor, userId, version, { role });
    },

    updateUser: update,
  };
}
