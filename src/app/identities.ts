import { NotFoundError, RuleError } from '../domain/errors.js';
import { authorizeUser } from '../domain/policy.js';
import { type Actor, ROLES, type Role } from '../domain/roles.js';
import type { IdentityRow, SignInAttemptRow } from '../store/identities.repository.js';
import { newId } from '../store/ids.js';
import { toUser, type User, type UserRow } from '../store/users.repository.js';
import { isEmailTaken } from './account-input.js';
import { type AccountKit, actorOf, addressVerified } from './account-kit.js';
import type { ExternalProfile, ProviderId, Started } from './external-sign-in.js';
import { hashSecret } from './tokens.js';
import type { WriteStep } from './write.js';

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

async function remember({ repos, at, audit }: WriteStep, user: UserRow, profile: ExternalProfile) {
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
  await audit('identity.link', { type: 'user', id: user.id }, profile.provider, actorOf(toUser(user)));
}

/** A role the provider's groups grant is given; taking one away stays an admin's decision. */
async function raiseRole(
  { repos, at, audit }: WriteStep,
  user: UserRow,
  role: Role | null,
): Promise<UserRow> {
  const current = toUser(user).role;
  if (role === null || rank(role) <= rank(current)) return user;
  if (!(await repos.users.update(user.id, user.version, { role }, at))) return user;
  // Recorded as the person's own sign-in: the provider's groups, not an admin, decided it.
  const summary = `${role} (groups at the provider)`;
  await audit('user.changeRole', { type: 'user', id: user.id }, summary, actorOf(toUser(user)));
  return { ...user, role, version: user.version + 1, updated_at: at };
}

/** The account a first sign-in belongs to: the one with the address, or a new one. */
async function firstSignIn(
  kit: AccountKit,
  step: WriteStep,
  profile: ExternalProfile,
  rules: ProviderRules,
): Promise<{ user: UserRow; created: boolean }> {
  const { repos, at } = step;
  const byEmail = profile.email ? await repos.users.findByEmail(profile.email) : undefined;
  if (byEmail) {
    // Both sides must have checked the address: otherwise whoever controls an unchecked
    // address at the provider would take over the account here.
    if (!profile.emailVerified || !(await addressVerified(repos, byEmail))) {
      throw new RuleError('signIn.emailInUse', { email: byEmail.email, provider: rules.label });
    }
    await remember(step, byEmail, profile);
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
  const summary = `${user.role} ${user.email} (${profile.provider})`;
  await step.audit('user.register', { type: 'user', id: user.id }, summary, actorOf(user));
  await remember(step, row, profile);
  return { user: row, created: true };
}

async function link(
  step: WriteStep,
  userId: string,
  found: IdentityRow | undefined,
  profile: ExternalProfile,
) {
  if (found && found.user_id !== userId) throw new RuleError('signIn.linkedElsewhere');
  const user = await step.repos.users.findById(userId);
  if (!user || user.disabled_at !== null) throw new RuleError('error.accountDisabled');
  if (!found) await remember(step, user, profile);
  return user;
}

async function touch({ repos, at }: WriteStep, found: IdentityRow, profile: ExternalProfile) {
  await repos.identities.touch(found.id, {
    email: profile.email,
    email_verified: profile.emailVerified ? 1 : 0,
    login: profile.login,
    avatar_url: profile.avatarUrl,
    last_used_at: at,
  });
}

/** The round trip to a provider: what is kept when it starts, and taken when it returns. */
function attemptUseCases({ write }: AccountKit) {
  return {
    /** Keeps what the return will be checked against; the state itself stays with the browser. */
    async beginAttempt(provider: ProviderId, started: Started, next: string, linkUserId: string | null) {
      await write('system', async ({ repos, at }) => {
        await repos.identities.deleteExpiredAttempts(at);
        await repos.identities.insertAttempt({
          state_hash: hashSecret(started.state),
          provider,
          code_verifier: started.codeVerifier,
          nonce: started.nonce,
          next,
          link_user_id: linkUserId,
          created_at: at,
          expires_at: new Date(Date.parse(at) + ATTEMPT_MINUTES * 60_000).toISOString(),
        });
      });
    },

    /** The attempt a return belongs to, used up by this; refused when unknown, used or stale. */
    async takeAttempt(provider: ProviderId, state: string): Promise<SignInAttemptRow> {
      const attempt =
        state === ''
          ? undefined
          : await write('system', ({ repos, at }) => repos.identities.takeAttempt(hashSecret(state), at));
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
  try {
    // Who acts is known only inside: each entry names the account it was written for.
    return await kit.write('system', async (step) => {
      const { repos, at } = step;
      const found = await repos.identities.find(profile.provider, profile.subject);
      if (attempt.link_user_id !== null) {
        const user = await link(step, attempt.link_user_id, found, profile);
        if (found) await touch(step, found, profile);
        return { kind: 'linked', user: toUser(user) };
      }
      let signedIn: { user: UserRow; created: boolean };
      if (found) {
        const user = await repos.users.findById(found.user_id);
        if (!user) throw new NotFoundError('user', found.user_id);
        await touch(step, found, profile);
        signedIn = { user, created: false };
      } else {
        signedIn = await firstSignIn(kit, step, profile, rules);
      }
      if (signedIn.user.disabled_at !== null) throw new RuleError('error.accountDisabled');
      const user = toUser(await raiseRole(step, signedIn.user, profile.role));
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
function linkedIdentityUseCases({ store, write }: AccountKit) {
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
      await write(actor, async ({ repos, audit }) => {
        const [rows, user] = await Promise.all([
          repos.identities.listOfUser(actor.userId),
          repos.users.findById(actor.userId),
        ]);
        const target = rows.find((row) => row.id === identityId);
        if (!target || !user) throw new NotFoundError('identity', identityId);
        const ways = rows.length + (user.password_hash ? 1 : 0);
        if (ways <= 1) throw new RuleError('identity.lastWay');
        await repos.identities.delete(target.id, user.id);
        await audit('identity.unlink', { type: 'user', id: user.id }, target.provider);
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
