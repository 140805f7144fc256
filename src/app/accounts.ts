import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError, type FieldProblem, NotFoundError, ValidationError } from '../domain/errors.js';
import { authorize, authorizeUser } from '../domain/policy.js';
import { type Actor, anonymous, isRole, type Role } from '../domain/roles.js';
import { hasControlCharacters, hasLoneSurrogate } from '../domain/text.js';
import { isUniqueViolation } from '../store/db.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import type { UserRow } from '../store/users.repository.js';
import { type AppDeps, audit } from './context.js';
import type { LimitsUseCases } from './limits.js';
import {
  DUMMY_HASH,
  type HashingQueue,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  verifyPassword,
} from './passwords.js';
import { hashSecret, newSecret } from './tokens.js';

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale | null;
  timeZone: string | null;
  createdAt: string;
  version: number;
}

export interface SignedIn {
  user: User;
  actor: Extract<Actor, { kind: 'user' }>;
}

export const SESSION_DAYS = 30;
const INVITATION_DAYS = 14;
/** Settings row written by every first-run setup, so concurrent setups cannot both succeed. */
const SETUP_CLAIM = 'setup.claim';
/** Settings row written by every demotion of an admin (see changeRole). */
const ADMIN_LOCK = 'admins.lock';

/**
 * The outbox job of a mail to the owner of an address that someone tried to register again:
 * registration answers alike either way, so only the owner learns the account exists.
 */
export interface AccountExistsMail {
  type: 'account-exists';
  email: string;
  locale: Locale;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: isRole(row.role) ? row.role : 'member',
    locale: row.locale === 'en' || row.locale === 'de' ? row.locale : null,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    version: row.version,
  };
}

function actorOf(user: User): SignedIn['actor'] {
  return { kind: 'user', userId: user.id, role: user.role, name: user.name };
}

function normalizeEmail(value: unknown, problems: FieldProblem[]): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  // Deliberately loose: one @, something on each side, a dot in the domain. The address is
  // proven by use, not by a pattern.
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email) || email.length > 254) {
    problems.push({ field: 'email', key: 'error.badEmail' });
  }
  return email;
}

function cleanName(value: unknown, problems: FieldProblem[]): string {
  const name = typeof value === 'string' ? value.replace(/\s+/gu, ' ').trim() : '';
  if (name === '') problems.push({ field: 'name', key: 'error.required' });
  else if ([...name].length > 100)
    problems.push({ field: 'name', key: 'error.tooLong', params: { max: 100 } });
  else if (hasControlCharacters(name) || hasLoneSurrogate(name))
    problems.push({ field: 'name', key: 'error.badCharacters' });
  return name;
}

function checkPassword(value: unknown, problems: FieldProblem[], field = 'password'): string {
  const password = typeof value === 'string' ? value : '';
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push({ field, key: 'error.passwordTooShort', params: { min: PASSWORD_MIN_LENGTH } });
  } else if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push({ field, key: 'error.tooLong', params: { max: PASSWORD_MAX_LENGTH } });
  }
  return password;
}

function checkRole(value: unknown, problems: FieldProblem[]): Role {
  if (!isRole(value)) {
    problems.push({ field: 'role', key: 'error.unknownRole' });
    return 'member';
  }
  return value;
}

function fail(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}

function isEmailTaken(err: unknown): boolean {
  return err instanceof ValidationError && err.problems.some((p) => p.key === 'error.emailTaken');
}

export function accountsUseCases(
  { store, now }: AppDeps,
  { limits, hashing }: { limits: LimitsUseCases; hashing: HashingQueue },
) {
  const iso = () => now().toISOString();
  /** A new password's hash, in turn with the other hashing of this process. */
  const hash = (password: string) => hashing.run(() => hashPassword(password));
  /** A password check; it goes before new hashes, since someone waits to sign in. */
  const verify = (password: string, stored: string) =>
    hashing.run(() => verifyPassword(password, stored), true);

  async function insertUser(
    repos: Repositories,
    fields: { email: string; name: string; role: Role; passwordHash: string | null; locale?: Locale | null },
  ): Promise<User> {
    if (await repos.users.findByEmail(fields.email)) {
      throw new ValidationError([{ field: 'email', key: 'error.emailTaken' }]);
    }
    const at = iso();
    const row: UserRow = {
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
    };
    try {
      await repos.users.insert(row);
    } catch (err) {
      // Two registrations of one address at the same moment: the database's rule decides.
      if (isUniqueViolation(err)) throw new ValidationError([{ field: 'email', key: 'error.emailTaken' }]);
      throw err;
    }
    return toUser(row);
  }

  async function startSession(repos: Repositories, user: User): Promise<string> {
    const token = newSecret();
    const created = now();
    await repos.sessions.insert({
      id: hashSecret(token),
      user_id: user.id,
      created_at: created.toISOString(),
      expires_at: new Date(created.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
    });
    return token;
  }

  return {
    /** True until the first admin exists; the home page then offers the setup form. */
    async needsSetup(): Promise<boolean> {
      return (await store.read.users.countByRole('admin')) === 0;
    },

    /** Creates the first admin. Refused once an admin exists, even if two people race for it. */
    async setupAdmin(input: Record<string, unknown>): Promise<{ user: User; sessionToken: string }> {
      // Anyone may post the setup form, so once an admin exists it is refused before the
      // password hash (scrypt, 32 MiB and tens of milliseconds on purpose) is ever computed.
      authorize('system', 'setup.firstAdmin', {
        adminExists: (await store.read.users.countByRole('admin')) > 0,
      });
      const problems: FieldProblem[] = [];
      const email = normalizeEmail(input.email, problems);
      const name = cleanName(input.name, problems);
      const password = checkPassword(input.password, problems);
      fail(problems);
      const passwordHash = await hash(password);
      return store.transaction(async (repos) => {
        // Counting admins alone does not stop a race: under PostgreSQL's read committed two
        // setups both count none and both insert. Writing one settings row serialises them;
        // the second waits for the first and then finds the row changed.
        const claim = await repos.settings.get(SETUP_CLAIM);
        const claimed = await repos.settings.put(SETUP_CLAIM, iso(), claim?.version ?? 0, iso());
        authorize(anonymous, 'setup.firstAdmin', {
          adminExists: !claimed || (await repos.users.countByRole('admin')) > 0,
        });
        const user = await insertUser(repos, { email, name, role: 'admin', passwordHash });
        await audit(repos, iso(), actorOf(user), 'user.setup', { type: 'user', id: user.id }, 'first admin');
        return { user, sessionToken: await startSession(repos, user) };
      });
    },

    /**
     * Self-registration: open, or with an invitation link when registration is invite-only.
     * An address that has an account already is answered exactly like a new one (the page must
     * not tell who has an account here); its owner gets a mail instead, when mail is set up and
     * the address has not had too many such mails lately. New accounts are not signed in, for the
     * same reason: a session would tell the two apart.
     */
    async register(
      input: Record<string, unknown>,
      mode: 'open' | 'invite',
      options: { mail: boolean; locale: Locale },
    ): Promise<void> {
      const problems: FieldProblem[] = [];
      const email = normalizeEmail(input.email, problems);
      const name = cleanName(input.name, problems);
      const password = checkPassword(input.password, problems);
      const invite = typeof input.invite === 'string' ? input.invite : '';
      if (mode === 'invite' && invite === '') problems.push({ field: 'invite', key: 'error.inviteRequired' });
      fail(problems);
      // Hashed on both paths, so the time of the answer does not tell them apart either.
      const passwordHash = await hash(password);
      let existing: UserRow | undefined;
      try {
        existing = await store.transaction(async (repos) => {
          let role: Role = 'member';
          let invitationId: string | null = null;
          if (invite !== '') {
            const invitation = await repos.invitations.findOpenByHash(hashSecret(invite), iso());
            if (!invitation) throw new ValidationError([{ field: 'invite', key: 'error.inviteInvalid' }]);
            role = isRole(invitation.role) ? invitation.role : 'member';
            invitationId = invitation.id;
          }
          const found = await repos.users.findByEmail(email);
          if (found) return found;
          const user = await insertUser(repos, { email, name, role, passwordHash });
          if (invitationId && !(await repos.invitations.markUsed(invitationId, user.id, iso()))) {
            throw new ValidationError([{ field: 'invite', key: 'error.inviteInvalid' }]);
          }
          await audit(
            repos,
            iso(),
            actorOf(user),
            'user.register',
            { type: 'user', id: user.id },
            `${role} ${email}`,
          );
          return undefined;
        });
      } catch (err) {
        // Registered by someone else a moment ago: answered as any existing address.
        if (!isEmailTaken(err)) throw err;
        existing = await store.read.users.findByEmail(email);
      }
      if (!existing || !options.mail) return;
      if (!(await limits.allow('registrationMailsPerAddress', email))) return;
      const job: AccountExistsMail = {
        type: 'account-exists',
        email: existing.email,
        locale: existing.locale === 'de' || existing.locale === 'en' ? existing.locale : options.locale,
      };
      await store.transaction((repos) =>
        repos.outbox.enqueue({
          id: newId(),
          kind: 'mail',
          payload: JSON.stringify(job),
          created_at: iso(),
          run_after: iso(),
        }),
      );
    },

    /**
     * Checks e-mail and password. Only the asking client's own failures refuse it: failures per
     * client and per address from that client (429). Failures at one address from anywhere slow
     * its sign-in down but never refuse it, so no one can lock an owner out by guessing wrong.
     * Counted in the database, so the limits hold across restarts and instances.
     */
    async signIn(
      input: { email?: unknown; password?: unknown },
      client: string,
    ): Promise<{ user: User; sessionToken: string }> {
      const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
      const password =
        typeof input.password === 'string' ? input.password.slice(0, PASSWORD_MAX_LENGTH + 1) : '';
      const pair = `${email} ${client}`;
      // Counted before the password is checked, so guesses sent in parallel each see the others
      // and at most the limit of them get checked; a right password takes its count back.
      await limits.take('signInFailuresPerClient', client, 'error.rateLimited');
      await limits.take('signInFailuresPerAddressAndClient', pair, 'error.rateLimited');
      const slowdown = limits.settings.signInSlowdownPerAddress;
      const failures = await limits.peek('signInSlowdownPerAddress', email);
      if (failures > slowdown.max) {
        await sleep(Math.min(slowdown.maxDelayMs, (failures - slowdown.max) * slowdown.stepMs));
      }
      const row = email === '' ? undefined : await store.read.users.findByEmail(email);
      let ok: boolean;
      try {
        ok = await verify(password, row?.password_hash ?? DUMMY_HASH);
      } catch (err) {
        // Refused for a full hashing queue: not a guess, so not counted as one.
        await limits.undo('signInFailuresPerClient', client);
        await limits.undo('signInFailuresPerAddressAndClient', pair);
        throw err;
      }
      if (!row || !ok || !row.password_hash) {
        await limits.hit('signInSlowdownPerAddress', email);
        throw new ValidationError([{ field: 'password', key: 'error.signInFailed' }]);
      }
      await limits.undo('signInFailuresPerClient', client);
      await limits.clear('signInFailuresPerAddressAndClient', pair);
      const user = toUser(row);
      return store.transaction(async (repos) => {
        await repos.sessions.deleteExpired(iso());
        return { user, sessionToken: await startSession(repos, user) };
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
      const row = await store.read.tokens.findUserByHash(hashSecret(token));
      if (!row) return null;
      await store.read.tokens.touch(row.token_id, iso());
      const user = toUser(row);
      return { user, actor: actorOf(user) };
    },

    /** Admins create accounts directly (the CLI does the same with a system actor). */
    async createUser(actor: Actor | 'system', input: Record<string, unknown>): Promise<User> {
      authorize(actor, 'users.create');
      const problems: FieldProblem[] = [];
      const email = normalizeEmail(input.email, problems);
      const name = cleanName(input.name, problems);
      const role = checkRole(input.role, problems);
      const password = checkPassword(input.password, problems);
      fail(problems);
      const passwordHash = await hash(password);
      return store.transaction(async (repos) => {
        const user = await insertUser(repos, { email, name, role, passwordHash });
        const by: Actor = actor === 'system' ? { kind: 'anonymous' } : actor;
        await audit(repos, iso(), by, 'user.create', { type: 'user', id: user.id }, `${role} ${email}`);
        return user;
      });
    },

    async listUsers(actor: Actor): Promise<User[]> {
      authorize(actor, 'users.read');
      return (await store.read.users.list()).map(toUser);
    },

    async findUserByEmail(email: string): Promise<User | null> {
      const row = await store.read.users.findByEmail(email.trim().toLowerCase());
      return row ? toUser(row) : null;
    },

    /** Changes a role; the last admin cannot demote themselves out of the hub. */
    async changeRole(actor: Actor, userId: string, version: number, role: unknown): Promise<User> {
      authorize(actor, 'users.changeRole');
      const problems: FieldProblem[] = [];
      const newRole = checkRole(role, problems);
      fail(problems);
      return store.transaction(async (repos) => {
        const row = await repos.users.findById(userId);
        if (!row) throw new NotFoundError('user', userId);
        if (row.version !== version) throw new ConflictError(toUser(row));
        if (row.role === 'admin' && newRole !== 'admin') {
          // Two admins demoting each other at once must not leave the hub without one: writing
          // one settings row serialises demotions, the second then counts the first's result.
          const lock = await repos.settings.get(ADMIN_LOCK);
          if (!(await repos.settings.put(ADMIN_LOCK, iso(), lock?.version ?? 0, iso())))
            throw new ConflictError(toUser(row));
          if ((await repos.users.countByRole('admin')) <= 1) {
            throw new ValidationError([{ field: 'role', key: 'error.lastAdmin' }]);
          }
        }
        if (!(await repos.users.update(userId, version, { role: newRole }, iso()))) {
          throw new ConflictError(toUser((await repos.users.findById(userId)) ?? row));
        }
        await audit(
          repos,
          iso(),
          actor,
          'user.role',
          { type: 'user', id: userId },
          `${row.role} -> ${newRole}`,
        );
        return toUser((await repos.users.findById(userId)) ?? row);
      });
    },

    async updateProfile(actor: Actor, version: number, input: Record<string, unknown>): Promise<User> {
      authorizeUser(actor, 'account.edit');
      const problems: FieldProblem[] = [];
      const name = cleanName(input.name, problems);
      const locale = input.locale === 'en' || input.locale === 'de' ? input.locale : null;
      if (input.locale !== undefined && input.locale !== '' && locale === null) {
        problems.push({ field: 'locale', key: 'error.unknownLocale' });
      }
      let timeZone: string | null = null;
      if (typeof input.timeZone === 'string' && input.timeZone.trim() !== '') {
        timeZone = input.timeZone.trim();
        if (!isTimeZone(timeZone)) problems.push({ field: 'timeZone', key: 'error.unknownTimeZone' });
      }
      fail(problems);
      return store.transaction(async (repos) => {
        const row = await repos.users.findById(actor.userId);
        if (!row) throw new NotFoundError('user', actor.userId);
        if (row.version !== version) throw new ConflictError(toUser(row));
        if (!(await repos.users.update(row.id, version, { name, locale, time_zone: timeZone }, iso()))) {
          throw new ConflictError(toUser((await repos.users.findById(row.id)) ?? row));
        }
        await audit(repos, iso(), actor, 'user.profile', { type: 'user', id: row.id }, 'profile updated');
        return toUser((await repos.users.findById(row.id)) ?? row);
      });
    },

    /** A new password ends every other session of the account. */
    /**
     * Sets a new password. Whoever knew the old one may hold a session or have made API tokens:
     * the account's other sessions end and its tokens are revoked (their number comes back).
     */
    async changePassword(
      actor: Actor,
      sessionToken: string,
      input: Record<string, unknown>,
    ): Promise<{ tokensRevoked: number }> {
      authorizeUser(actor, 'account.edit');
      const problems: FieldProblem[] = [];
      const password = checkPassword(input.newPassword, problems, 'newPassword');
      fail(problems);
      const row = await store.read.users.findById(actor.userId);
      if (!row) throw new NotFoundError('user', actor.userId);
      const current =
        typeof input.currentPassword === 'string'
          ? input.currentPassword.slice(0, PASSWORD_MAX_LENGTH + 1)
          : '';
      // Whoever holds a session must not guess the password behind it at leisure (and then
      // change it): wrong current passwords are limited per account.
      await limits.take('passwordChecksPerAccount', row.id, 'error.tooManyPasswordChecks');
      let ok: boolean;
      try {
        ok = row.password_hash !== null && (await verify(current, row.password_hash));
      } catch (err) {
        await limits.undo('passwordChecksPerAccount', row.id);
        throw err;
      }
      if (!ok) throw new ValidationError([{ field: 'currentPassword', key: 'error.wrongPassword' }]);
      await limits.undo('passwordChecksPerAccount', row.id);
      const passwordHash = await hash(password);
      return store.transaction(async (repos) => {
        if (!(await repos.users.update(row.id, row.version, { password_hash: passwordHash }, iso()))) {
          throw new ConflictError(toUser(row));
        }
        await repos.sessions.deleteForUser(row.id, hashSecret(sessionToken));
        const tokensRevoked = await repos.tokens.revokeAllForUser(row.id, iso());
        await audit(
          repos,
          iso(),
          actor,
          'user.password',
          { type: 'user', id: row.id },
          `password changed, ${tokensRevoked} API tokens revoked`,
        );
        return { tokensRevoked };
      });
    },

    /** Creates a personal API token and returns it once; only its hash is kept. */
    async createApiToken(
      actor: Actor,
      nameInput: unknown,
    ): Promise<{ id: string; name: string; token: string }> {
      authorizeUser(actor, 'tokens.manage');
      const name =
        typeof nameInput === 'string' && nameInput.trim() !== ''
          ? nameInput.trim().slice(0, 100)
          : 'API token';
      const token = newSecret('plm_');
      const id = newId();
      await store.transaction(async (repos) => {
        await repos.tokens.insert({
          id,
          user_id: actor.userId,
          name,
          token_hash: hashSecret(token),
          created_at: iso(),
          last_used_at: null,
          revoked_at: null,
        });
        await audit(repos, iso(), actor, 'token.create', { type: 'api_token', id }, name);
      });
      return { id, name, token };
    },

    async listApiTokens(actor: Actor) {
      authorizeUser(actor, 'tokens.manage');
      return (await store.read.tokens.listForUser(actor.userId)).map((t) => ({
        id: t.id,
        name: t.name,
        createdAt: t.created_at,
        lastUsedAt: t.last_used_at,
      }));
    },

    async revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
      authorizeUser(actor, 'tokens.manage');
      await store.transaction(async (repos) => {
        if (!(await repos.tokens.revoke(tokenId, actor.userId, iso())))
          throw new NotFoundError('api_token', tokenId);
        await audit(repos, iso(), actor, 'token.revoke', { type: 'api_token', id: tokenId }, 'revoked');
      });
    },

    /** An invitation link for invite-only registration; the secret is shown once. */
    async createInvitation(
      actor: Actor,
      roleInput: unknown,
    ): Promise<{ token: string; role: Role; expiresAt: string }> {
      authorizeUser(actor, 'invitationLink.create');
      const problems: FieldProblem[] = [];
      const role = checkRole(roleInput, problems);
      fail(problems);
      const token = newSecret();
      const created = now();
      const expiresAt = new Date(created.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
      const id = newId();
      await store.transaction(async (repos) => {
        await repos.invitations.insert({
          id,
          token_hash: hashSecret(token),
          role,
          created_by: actor.userId,
          created_at: created.toISOString(),
          expires_at: expiresAt,
          used_at: null,
          used_by: null,
        });
        await audit(repos, iso(), actor, 'invitation.create', { type: 'invitation', id }, role);
      });
      return { token, role, expiresAt };
    },

    async isInvitationValid(token: string): Promise<boolean> {
      return (await store.read.invitations.findOpenByHash(hashSecret(token), iso())) !== undefined;
    },
  };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

export type AccountsUseCases = ReturnType<typeof accountsUseCases>;
