import { NotFoundError, RuleError, ValidationError } from '../domain/errors.js';
import { ideaSearchText } from '../domain/idea.js';
import { withoutAttendee } from '../domain/own-data.js';
import { authorize, authorizeUser } from '../domain/policy.js';
import { type Actor, anonymous } from '../domain/roles.js';
import type { Repositories } from '../store/store.js';
import type { UserRow } from '../store/users.repository.js';
import { typedPassword } from './account-input.js';
import type { AccountKit } from './account-kit.js';
import { keepAnAdmin } from './admin-lock.js';

/** The version of the export's shape, so a reader can tell later ones apart. */
const FORMAT = 'plenum-own-data/1';

/** What a person asks for when deleting an account. */
export interface AccountDeletion {
  /** Proves it is the owner, where the account has a password. */
  currentPassword?: unknown;
  /** The account's address typed again: the proof without a password, and an admin's confirmation. */
  confirmEmail?: unknown;
  /** Also replace the descriptions the person wrote alone with a note that they were removed. */
  removeTexts?: unknown;
}

/** A downloadable export: the file name the browser saves it under, and its content. */
export interface OwnDataExport {
  fileName: string;
  data: Record<string, unknown>;
}

/** The person's inbox and their choice of mail, as their download holds them. */
async function inboxOf(repos: Repositories, userId: string) {
  const { notifications, settings } = await repos.notifications.inbox(userId);
  return { notifications: notifications.map(camel), notificationSettings: settings.map(camel)[0] ?? null };
}

/** `snake_case` keys of a row as the API spells them (`camelCase`). */
function camel(row: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/gu, (_m, c: string) => c.toUpperCase()), v]),
  );
}

/** `plenum-<name>-<date>.json`, the name cut down to letters, digits and dashes. */
function exportFileName(name: string, at: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/[^a-zA-Z0-9-]/gu, '')
    .replace(/^-+|-+$/gu, '')
    .toLowerCase()
    .slice(0, 60);
  return `plenum-${slug || 'account'}-${at.slice(0, 10)}.json`;
}

/** Everything the hub holds about `user`, without secrets (no hashes, no session or token ids). */
async function collect(repos: Repositories, user: UserRow, at: string): Promise<Record<string, unknown>> {
  const r = repos.ownData;
  const attended = (await r.minutesNaming(user.name)).filter(
    (m) => withoutAttendee(m.attendee_names, m.attendee_count, user.name) !== null,
  );
  const ideas = await r.ideas(user.id);
  const topics = await r.topics(user.id);
  return {
    format: FORMAT,
    exportedAt: at,
    account: {
      id: user.id,
      email: user.email,
      emailVerifiedAt: user.email_verified_at,
      name: user.name,
      handle: user.handle,
      role: user.role,
      locale: user.locale,
      timeZone: user.time_zone,
      hasPassword: user.password_hash !== null,
      createdAt: user.created_at,
      updatedAt: user.updated_at,
      disabledAt: user.disabled_at,
    },
    identities: (await r.identities(user.id)).map(camel),
    sessions: (await r.sessions(user.id)).map(camel),
    apiTokens: (await r.tokens(user.id)).map(camel),
    ideas: ideas.map(({ search_text: _search, proposer_id: _by, links, ...idea }) =>
      camel({ ...idea, links: JSON.parse(links) as unknown }),
    ),
    ideaHistory: (await r.ideaHistory(user.id)).map(camel),
    topics: topics.map(({ proposer_id: _by, series_id: _s, links, ...topic }) =>
      camel({ ...topic, links: JSON.parse(links) as unknown }),
    ),
    decisions: (await r.decisions(user.id)).map(camel),
    objections: (await r.objections(user.id)).map(camel),
    comments: (await r.comments(user.id)).map(camel),
    commentHistory: (await r.commentHistory(user.id)).map(camel),
    actionItems: (await r.actionItems(user.name)).map(camel),
    minutesAsNoteTaker: (await r.minutesNoted(user.id)).map(camel),
    minutesAttended: attended.map((m) => ({ series: m.series, occurrence: m.occurrence })),
    interest: (await r.interest(user.id)).map(camel),
    follows: (await r.follows(user.id)).map(camel),
    groups: (await r.groups(user.id)).map(camel),
    ...(await inboxOf(repos, user.id)),
    invitationSubscriptions: (await r.subscriptions(user.email)).map(camel),
    auditEntries: (await r.audit(user.id)).map(camel),
  };
}

/** Takes the person out of what stays: their proposals are marked, their name leaves attendee lists. */
async function forget(repos: Repositories, user: UserRow, removeTexts: boolean, at: string): Promise<void> {
  const r = repos.ownData;
  await r.markProposals(user.id, at);
  if (removeTexts) {
    for (const idea of await r.ideasWrittenAlone(user.id)) {
      await r.removeIdeaText(idea.id, ideaSearchText({ title: idea.title, description: '' }), at);
    }
    await r.removeTopicTexts(user.id, at);
    await r.removeCommentTexts(user.id, at);
  }
  for (const minutes of await r.minutesNaming(user.name)) {
    const kept = withoutAttendee(minutes.attendee_names, minutes.attendee_count, user.name);
    if (kept) await r.setAttendees(minutes.id, kept.names, kept.count);
  }
  await r.deleteAccount(user.id, user.email);
}

/** Downloading and deleting an account's data: one's own, or any account for admins. */
export function ownDataUseCases(kit: AccountKit) {
  const { store, write } = kit;

  async function load(userId: string): Promise<UserRow> {
    const row = await store.read.users.findById(userId);
    if (!row) throw new NotFoundError('user', userId);
    return row;
  }

  /** The owner proves it: with the password where there is one, else by typing the address. */
  async function checkOwner(row: UserRow, input: AccountDeletion): Promise<void> {
    if (row.password_hash !== null) {
      if (!(await kit.isCurrentPassword(row.id, row.password_hash, typedPassword(input.currentPassword)))) {
        throw new ValidationError([{ field: 'currentPassword', key: 'error.wrongPassword' }]);
      }
    } else checkTypedEmail(row, input.confirmEmail);
  }

  async function exportOf(actor: Actor, row: UserRow, audited: boolean): Promise<OwnDataExport> {
    // A HEAD request answers like the download without making one: nothing to record.
    if (!audited) {
      const at = kit.iso();
      return { fileName: exportFileName(row.name, at), data: await collect(store.read, row, at) };
    }
    return write(actor, async ({ repos, at, audit }) => {
      const data = await collect(repos, row, at);
      await audit('user.export', { type: 'user', id: row.id }, 'data exported');
      return { fileName: exportFileName(row.name, at), data };
    });
  }

  async function remove(actor: Actor, row: UserRow, removeTexts: boolean): Promise<void> {
    const self = actor.kind === 'user' && actor.userId === row.id;
    await write(actor, async ({ repos, at, audit }) => {
      const current = await repos.users.findById(row.id);
      if (!current) throw new NotFoundError('user', row.id);
      if (current.role === 'admin' && current.disabled_at === null) {
        await keepAnAdmin(repos, at, current, () => new RuleError('error.lastAdminDelete'));
      }
      await forget(repos, current, removeTexts, at);
      // The entry names the account by its id alone; who deleted their own account is gone too.
      const summary = removeTexts ? 'account deleted, texts removed' : 'account deleted';
      await audit('user.delete', { type: 'user', id: row.id }, summary, self ? anonymous : undefined);
    });
  }

  return {
    /** Everything about oneself; each download (`audited`) leaves an audit entry. */
    async exportOwnData(actor: Actor, audited = true): Promise<OwnDataExport> {
      authorizeUser(actor, 'account.export');
      return exportOf(actor, await load(actor.userId), audited);
    },

    async exportUserData(actor: Actor, userId: string, audited = true): Promise<OwnDataExport> {
      authorize(actor, 'users.export');
      return exportOf(actor, await load(userId), audited);
    },

    async deleteOwnAccount(actor: Actor, input: AccountDeletion): Promise<void> {
      authorizeUser(actor, 'account.delete');
      const row = await load(actor.userId);
      await checkOwner(row, input);
      await remove(actor, row, input.removeTexts === true);
    },

    /** An admin deletes an account; their own one only as its owner would (with the password). */
    async deleteUser(actor: Actor, userId: string, input: AccountDeletion): Promise<void> {
      authorize(actor, 'users.delete');
      const row = await load(userId);
      if (actor.kind === 'user' && actor.userId === userId) await checkOwner(row, input);
      else if (input.confirmEmail !== undefined) checkTypedEmail(row, input.confirmEmail);
      await remove(actor, row, input.removeTexts === true);
    },
  };
}

function checkTypedEmail(row: UserRow, typed: unknown): void {
  if (typeof typed !== 'string' || typed.trim().toLowerCase() !== row.email.toLowerCase()) {
    throw new ValidationError([{ field: 'confirmEmail', key: 'error.confirmEmail' }]);
  }
}

export type OwnDataUseCases = ReturnType<typeof ownDataUseCases>;
