import { NotFoundError, RuleError } from '../domain/errors.js';
import { authorizeUser } from '../domain/policy.js';
import { type Actor, ROLES, type Role } from '../domain/roles.js';
import type { IdentityRow, SignInAttemptRow } from '../store/identities.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { toUser, type User, type UserRow } from '../store/users.repository.js';
import { isEmailTaken } from './account-input.js';
import { type AccountKit, actorOf, addressVerified } from './account-kit.js';
import { audit } from './context.js';
import type { ExternalProfile, ProviderId, Started } from './external-sign-in.js';
import { hashSecret } from './tokens.js';

/** How long a round trip to a provider may take, from the button to the return. */
const ATTEMPT_MINUTES = 10;
const NAME_MAX = 100;

/** A sign-in through another site as its owner sees it on the profile. */
export interface Identity {
  id: string;
  provider: ProviderId;
  email: string | null;
  login: string | null;
  avatarUrl: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

function toIdentity(row: IdentityRow): Identity {
  return {
    id: row.id,
    provider: row.provider === 'github' ? 'github' : 'oidc',
    email: row.email,
    login: row.login,
    avatarUrl: row.avatar_url,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

/** How a provider is set up, as far as accounts are concerned. */
export interface ProviderRules {
  label: string;
  createAccounts: boolean;
}

export type ExternalSignIn =
  | { kind: 'signedIn'; user: User; sessionToken: string; created: boolean }
  | { kind: 'linked'; user: User };

const rank = (role: Role) => ROLES.length - ROLES.indexOf(role);

async function remember(repos: Repositories, user: UserRow, profile: ExternalProfile, at: string) {
  await repos.identities.insert({
    id: newId(),
    user_id: user.id,
    provider: profile.provider,
    subject: profile.subject,
    email: profile.email,
    email_verified: profile.emailVerified ? 1 : 0,
    login: profile.login,
    avatar_url: profile.avatarUrl,
    created_at: at,
    last_used_at: at,
  });
  await audit(
    repos,
    at,
    actorOf(toUser(user)),
    'identity.link',
    { type: 'user', id: user.id },
    profile.provider,
  );
}

/** A role the provider's groups grant is given; taking one away stays an admin's decision. */
async function raiseRole(
  repos: Repositories,
  user: UserRow,
  role: Role | null,
  at: string,
): Promise<UserRow> {
  const current = toUser(user).role;
  if (role === null || rank(role) <= rank(current)) return user;
  if (!(await repos.users.update(user.id, user.version, { role }, at))) return user;
  // Recorded as the person's own sign-in: the provider's groups, not an admin, decided it.
  const summary = `${role} (groups at the provider)`;
  await audit(repos, at, actorOf(toUser(user)), 'user.changeRole', { type: 'user', id: user.id }, summary);
  return { ...user, role, version: user.version + 1, updated_at: at };
}

/** The account a first sign-in belongs to: the one with the address, or a new one. */
async function firstSignIn(
  kit: AccountKit,
  repos: Repositories,
  profile: ExternalProfile,
  rules: ProviderRules,
  at: string,
): Promise<{ user: UserRow; created: boolean }> {
  const byEmail = profile.email ? await repos.users.findByEmail(profile.email) : undefined;
  if (byEmail) {
    // Both sides must have checked the address: otherwise whoever controls an unchecked
    // address at the provider would take over the account here.
    if (!profile.emailVerified || !(await addressVerified(repos, byEmail))) {
      throw new RuleError('signIn.emailInUse', { email: byEmail.email, provider: rules.label });
    }
    await remember(repos, byEmail, profile, at);
    return { user: byEmail, created: false };
  }
  if (!rules.createAccounts) throw new RuleError('signIn.noAccount', { provider: rules.label });
  if (!profile.email || !profile.emailVerified) {
    throw new RuleError('signIn.noVerifiedEmail', { provider: rules.label });
  }
  const user = await kit.insertUser(
    repos,
    {
      email: profile.email,
      name: profile.name.slice(0, NAME_MAX),
      role: profile.role ?? 'member',
      passwordHash: null,
    },
    at,
  );
  const row = await repos.users.findById(user.id);
  if (!row) throw new NotFoundError('user', user.id);
  await audit(
    repos,
    at,
    actorOf(user),
    'user.register',
    { type: 'user', id: user.id },
    `${user.role} ${user.email} (${profile.provider})`,
  );
  await remember(repos, row, profile, at);
  return { user: row, created: true };
}

async function link(
  repos: Repositories,
  userId: string,
  found: IdentityRow | undefined,
  profile: ExternalProfile,
  at: string,
) {
  if (found && found.user_id !== userId) throw new RuleError('signIn.linkedElsewhere');
  const user = await repos.users.findById(userId);
  if (!user || user.disabled_at !== null) throw new RuleError('error.accountDisabled');
  if (!found) await remember(repos, user, profile, at);
  return user;
}

async function touch(repos: Repositories, found: IdentityRow, profile: ExternalProfile, at: string) {
  await repos.identities.touch(found.id, {
    email: profile.email,
    email_verified: profile.emailVerified ? 1 : 0,
    login: profile.login,
    avatar_url: profile.avatarUrl,
    last_used_at: at,
  });
}

/** The round trip to a provider: what is kept when it starts, and taken when it returns. */
function attemptUseCases({ store, iso, now }: AccountKit) {
  return {
    /** Keeps what the return will be checked against; the state itself stays with the browser. */
    async beginAttempt(provider: ProviderId, started: Started, next: string, linkUserId: string | null) {
      const created = now();
      await store.transaction(async (repos) => {
        await repos.identities.deleteExpiredAttempts(created.toISOString());
        await repos.identities.insertAttempt({
          state_hash: hashSecret(started.state),
          provider,
          code_verifier: started.codeVerifier,
          nonce: started.nonce,
          next,
          link_user_id: linkUserId,
          created_at: created.toISOString(),
          expires_at: new Date(created.getTime() + ATTEMPT_MINUTES * 60_000).toISOString(),
        });
      });
    },

    /** The attempt a return belongs to, used up by this; refused when unknown, used or stale. */
    async takeAttempt(provider: ProviderId, state: string): Promise<SignInAttemptRow> {
      const attempt =
        state === '' ? undefined : await store.read.identities.takeAttempt(hashSecret(state), iso());
      if (!attempt || attempt.provider !== provider) throw new RuleError('signIn.stateInvalid');
      return attempt;
    },
  };
}

/**
 * Signs in the person the provider vouched for, or links the provider to the account that
 * started the attempt. A first sign-in joins the account with the same address only when
 * both the provider and the hub have checked that address; else it makes an account, when
 * the provider is set up to.
 */
async function complete(
  kit: AccountKit,
  profile: ExternalProfile,
  attempt: SignInAttemptRow,
  rules: ProviderRules,
): Promise<ExternalSignIn> {
  const { store, iso } = kit;
  try {
    return await store.transaction(async (repos) => {
      const at = iso();
      const found = await repos.identities.find(profile.provider, profile.subject);
      if (attempt.link_user_id !== null) {
        const user = await link(repos, attempt.link_user_id, found, profile, at);
        if (found) await touch(repos, found, profile, at);
        return { kind: 'linked', user: toUser(user) };
      }
      let signedIn: { user: UserRow; created: boolean };
      if (found) {
        const user = await repos.users.findById(found.user_id);
        if (!user) throw new NotFoundError('user', found.user_id);
        await touch(repos, found, profile, at);
        signedIn = { user, created: false };
      } else {
        signedIn = await firstSignIn(kit, repos, profile, rules, at);
      }
      if (signedIn.user.disabled_at !== null) throw new RuleError('error.accountDisabled');
      const user = toUser(await raiseRole(repos, signedIn.user, profile.role, at));
      return {
        kind: 'signedIn',
        user,
        created: signedIn.created,
        sessionToken: await kit.startSession(repos, user, at),
      };
    });
  } catch (err) {
    // Someone made an account with the address a moment ago: the same answer as before it.
    if (isEmailTaken(err)) {
      throw new RuleError('signIn.emailInUse', { email: profile.email ?? '', provider: rules.label });
    }
    throw err;
  }
}

/** The sign-ins through other sites an account has, as its owner manages them. */
function linkedIdentityUseCases({ store, iso }: AccountKit) {
  return {
    async listIdentities(actor: Actor): Promise<{ identities: Identity[]; hasPassword: boolean }> {
      authorizeUser(actor, 'identity.link');
      const [rows, user] = await Promise.all([
        store.read.identities.listOfUser(actor.userId),
        store.read.users.findById(actor.userId),
      ]);
      return { identities: rows.map(toIdentity), hasPassword: Boolean(user?.password_hash) };
    },

    /** Takes a linked sign-in off the account, unless it is the last way left to sign in. */
    async unlink(actor: Actor, identityId: string): Promise<void> {
      authorizeUser(actor, 'identity.unlink');
      await store.transaction(async (repos) => {
        const [rows, user] = await Promise.all([
          repos.identities.listOfUser(actor.userId),
          repos.users.findById(actor.userId),
        ]);
        const target = rows.find((row) => row.id === identityId);
        if (!target || !user) throw new NotFoundError('identity', identityId);
        const ways = rows.length + (user.password_hash ? 1 : 0);
        if (ways <= 1) throw new RuleError('identity.lastWay');
        await repos.identities.delete(target.id, user.id);
        await audit(repos, iso(), actor, 'identity.unlink', { type: 'user', id: user.id }, target.provider);
      });
    },
  };
}

/** Linking to other sites' accounts, and signing in through them. */
export function identityUseCases(kit: AccountKit) {
  return {
    ...attemptUseCases(kit),
    complete: (profile: ExternalProfile, attempt: SignInAttemptRow, rules: ProviderRules) =>
      complete(kit, profile, attempt, rules),
    ...linkedIdentityUseCases(kit),
  };
}

export type IdentityUseCases = ReturnType<typeof identityUseCases>;
