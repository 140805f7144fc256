import { type FieldProblem, ValidationError } from '../domain/errors.js';
import type { Locale } from '../domain/locale.js';
import { authorize, authorizeUser } from '../domain/policy.js';
import { type Actor, anonymous, isRole, type Role } from '../domain/roles.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import type { User, UserRow } from '../store/users.repository.js';
import { checkRole, fail, isEmailTaken, newAccountFields } from './account-input.js';
import { type AccountKit, actorOf } from './account-kit.js';
import { enqueueLinkMail } from './account-links.js';
import { queueMail } from './mail-queue.js';
import { hashSecret, newSecret } from './tokens.js';

const INVITATION_DAYS = 14;
/** Settings row written by every first-run setup, so concurrent setups cannot both succeed. */
const SETUP_CLAIM = 'setup.claim';

/**
 * The outbox job of a mail to the owner of an address that someone tried to register again:
 * registration answers alike either way, so only the owner learns the account exists.
 */
export interface AccountExistsMail {
  type: 'account-exists';
  email: string;
  locale: Locale;
}

/** The role an invitation link grants, marked used by `userId` afterwards (see `register`). */
async function openInvitation(
  repos: Repositories,
  invite: string,
  at: string,
): Promise<{ id: string; role: Role }> {
  const invitation = await repos.invitations.findOpenByHash(hashSecret(invite), at);
  if (!invitation) throw new ValidationError([{ field: 'invite', key: 'error.inviteInvalid' }]);
  return { id: invitation.id, role: isRole(invitation.role) ? invitation.role : 'member' };
}

/** Creates the account unless the address has one, which it answers instead. */
async function registerOnce(
  kit: AccountKit,
  fields: {
    email: string;
    name: string;
    passwordHash: string;
    invite: string;
    mail: { mail: boolean; locale: Locale };
  },
): Promise<UserRow | undefined> {
  const { email, invite } = fields;
  // Nobody is signed in yet: the entry names the account the write made.
  return kit.write('system', async ({ repos, at, audit }) => {
    const invitation = invite !== '' ? await openInvitation(repos, invite, at) : null;
    const role: Role = invitation?.role ?? 'member';
    const found = await repos.users.findByEmail(email);
    if (found) return found;
    const user = await kit.insertUser(repos, { ...fields, role }, at);
    if (invitation && !(await repos.invitations.markUsed(invitation.id, user.id, at))) {
      throw new ValidationError([{ field: 'invite', key: 'error.inviteInvalid' }]);
    }
    await audit('user.register', { type: 'user', id: user.id }, `${role} ${email}`, actorOf(user));
    // The address is checked by a link mailed to it; the account works meanwhile.
    if (fields.mail.mail) await enqueueLinkMail(repos, 'email-verification', user, fields.mail.locale, at);
    return undefined;
  });
}

/** Tells the owner of an address that someone tried to register it again, now and then. */
async function mailOwner({ limits, write }: AccountKit, existing: UserRow, locale: Locale): Promise<void> {
  if (!(await limits.allow('registrationMailsPerAddress', existing.email))) return;
  const job: AccountExistsMail = {
    type: 'account-exists',
    email: existing.email,
    locale: existing.locale === 'de' || existing.locale === 'en' ? existing.locale : locale,
  };
  await write('system', ({ repos, at }) => queueMail(repos, job, at));
}

/** How accounts come to be: the first admin, self-registration and invitation links. */
export function registrationUseCases(kit: AccountKit) {
  return { ...firstAdmin(kit), ...selfRegistration(kit), ...invitationLinks(kit) };
}

function firstAdmin(kit: AccountKit) {
  const { store, write } = kit;
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
      const { email, name, password } = newAccountFields(input, problems);
      fail(problems);
      const passwordHash = await kit.hash(password);
      return write('system', async ({ repos, at, audit }) => {
        // Counting admins alone does not stop a race: under PostgreSQL's read committed two
        // setups both count none and both insert. Writing one settings row serialises them;
        // the second waits for the first and then finds the row changed.
        const claim = await repos.settings.get(SETUP_CLAIM);
        const claimed = await repos.settings.put(SETUP_CLAIM, at, claim?.version ?? 0, at);
        authorize(anonymous, 'setup.firstAdmin', {
          adminExists: !claimed || (await repos.users.countByRole('admin')) > 0,
        });
        const user = await kit.insertUser(repos, { email, name, role: 'admin', passwordHash }, at);
        await audit('user.setup', { type: 'user', id: user.id }, 'first admin', actorOf(user));
        return { user, sessionToken: await kit.startSession(repos, user, at) };
      });
    },
  };
}

function selfRegistration(kit: AccountKit) {
  const { store } = kit;
  return {
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
      const { email, name, password } = newAccountFields(input, problems);
      const invite = typeof input.invite === 'string' ? input.invite : '';
      if (mode === 'invite' && invite === '') problems.push({ field: 'invite', key: 'error.inviteRequired' });
      fail(problems);
      // Hashed on both paths, so the time of the answer does not tell them apart either.
      const passwordHash = await kit.hash(password);
      let existing: UserRow | undefined;
      try {
        existing = await registerOnce(kit, { email, name, passwordHash, invite, mail: options });
      } catch (err) {
        // Registered by someone else a moment ago: answered as any existing address.
        if (!isEmailTaken(err)) throw err;
        existing = await store.read.users.findByEmail(email);
      }
      if (existing && options.mail) await mailOwner(kit, existing, options.locale);
    },
  };
}

function invitationLinks({ store, iso, write }: AccountKit) {
  return {
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
      const id = newId();
      return write(actor, async ({ repos, at, audit }) => {
        const expiresAt = new Date(Date.parse(at) + INVITATION_DAYS * 86_400_000).toISOString();
        await repos.invitations.insert({
          id,
          token_hash: hashSecret(token),
          role,
          created_by: actor.userId,
          created_at: at,
          expires_at: expiresAt,
          used_at: null,
          used_by: null,
        });
        await audit('invitation.create', { type: 'invitation', id }, role);
        return { token, role, expiresAt };
      });
    },

    async isInvitationValid(token: string): Promise<boolean> {
      return (await store.read.invitations.findOpenByHash(hashSecret(token), iso())) !== undefined;
    },
  };
}
