import { randomBytes } from 'node:crypto';
import type { Topic } from '../../src/domain/agenda.js';
import type { Idea } from '../../src/domain/idea.js';
import type { Series } from '../../src/domain/series.js';
import type { TestUser } from './factories.js';
import type { Hub } from './hub.js';
import type { Markers, Who } from './private-data.js';

/**
 * What the authorization matrix reads: one set of fixtures, made once and only read (every GET
 * row points into it), with private data of each kind planted under a unique marker string
 * (see private-data.ts for who may read which).
 */

export const NEXT_MEETING = '2026-11-30';

export const SERIES_FORM = {
  title: 'Planning meeting',
  purpose: 'We decide together.',
  weekRule: 'odd',
  weekday: '1',
  startTime: '14:00',
  durationMinutes: '30',
  timeZone: 'Europe/Berlin',
  startDate: '2026-11-29',
  endDate: '',
  platform: 'Microsoft Teams',
  joinUrl: 'https://teams.example.org/planning',
  languages: 'English',
  invitationInfo: '',
  contributeNote: '',
};

/** A marker: letters and digits only, so no escaping (HTML, JSON, XML, Markdown, iCalendar) changes it. */
export const marker = (label: string) => `${label}${randomBytes(6).toString('hex')}`;

/** The part of an address that identifies it whatever encodes the `@`. */
export const localPart = (email: string) => email.slice(0, email.indexOf('@'));

export interface SignedLink {
  id: string;
  token: string;
}

export interface World {
  /** The member's proposal, decided on in the published minutes. */
  proposal: Idea;
  /** The member's idea after triage (in the backlog). */
  triaged: Idea;
  /** An idea a decision of the draft minutes moves to the roadmap. */
  decided: Idea;
  /** A series whose next meeting has draft minutes full of private data; the member takes its notes. */
  draft: Series;
  topic: Topic;
  /** A series whose next meeting has published minutes. */
  published: Series;
  /** A series whose next meeting is cancelled. */
  cancelled: Series;
  /** Signed links of subscribers of the draft series: one waiting for confirmation, one confirmed. */
  confirmLink: SignedLink;
  unsubscribeLink: SignedLink;
  board: { slug: string; itemId: string };
  /** A notification of the member's (the triage of their idea), for its mail's unsubscribe link. */
  notification: string;
  markers: Markers;
}

/** Subscribes an address to a series; returns its id and its signed links. */
async function subscribe(hub: Hub, series: Series, email: string, confirmed: boolean) {
  await hub.app.invitations.request(series.slug, email, 'en');
  const row = await hub.store.read.subscribers.find(series.id, email);
  if (!row) throw new Error('no subscriber');
  const context = await hub.app.invitations.jobContext({ type: 'confirm', subscriberId: row.id });
  if (!context) throw new Error('no job context');
  if (confirmed) await hub.app.invitations.confirm(row.id, context.confirmToken);
  return { id: row.id, confirm: context.confirmToken, unsubscribe: context.unsubscribeToken };
}

export async function buildWorld(
  hub: Hub,
  users: Record<Exclude<Who, 'anonymous'>, TestUser>,
  sessionTokens: string[],
): Promise<World> {
  const maintainer = users.maintainer.actor;
  const member = users.member.actor;
  const m = {
    draftNotes: marker('draftnotes'),
    draftAttendees: marker('draftattendee'),
    draftActionItem: marker('draftaction'),
    draftActionAssignee: marker('draftassignee'),
    draftDecision: marker('draftdecision'),
    draftDecisionReason: marker('draftreason'),
    publishedNotes: marker('publishednotes'),
    publishedDecision: marker('publisheddecision'),
    tokenName: marker('tokenname'),
    subscriber: marker('subscriber'),
    interested: marker('interested'),
  };

  const proposal = await hub.app.ideas.propose(member, { title: 'The member’s proposal', tags: ['auth'] });
  const proposed = await hub.app.ideas.propose(member, { title: 'The member’s triaged idea' });
  const triaged = await hub.app.ideas.changeStatus(maintainer, proposed.id, 1, 'backlog', null);
  const interested = await hub.app.accounts.createUser('system', {
    email: `interested-${randomBytes(4).toString('hex')}@example.org`,
    name: m.interested,
    role: 'member',
    password: 'correct horse battery',
  });
  await hub.app.interest.add(
    { kind: 'user', userId: interested.id, role: 'member', name: interested.name },
    proposal.id,
  );
  const decided = await hub.app.ideas.propose(maintainer, { title: 'Decided in a draft', status: 'backlog' });
  const series = (title: string) => hub.app.meetings.create(maintainer, { ...SERIES_FORM, title });

  const draft = await series('Drafts');
  await hub.app.minutes.setNoteTaker(maintainer, draft.slug, NEXT_MEETING, users.member.user.email);
  // Recorded ahead of the meeting's time: started early, as a maintainer does.
  await hub.app.minutes.start(maintainer, draft.slug, NEXT_MEETING);
  await hub.app.minutes.save(member, draft.slug, NEXT_MEETING, 1, {
    body: `${m.draftNotes} said in the meeting`,
    attendeeCount: '3',
    attendeeNames: `${m.draftAttendees}, Ada`,
  });
  await hub.app.minutes.addActionItem(member, draft.slug, NEXT_MEETING, {
    text: `${m.draftActionItem} to do`,
    assignee: m.draftActionAssignee,
  });
  await hub.app.minutes.decide(maintainer, draft.slug, NEXT_MEETING, { text: `${m.draftDecision} agreed` });
  await hub.app.minutes.decide(maintainer, draft.slug, NEXT_MEETING, {
    text: 'Onto the roadmap',
    idea: decided.slug,
    status: 'roadmap',
    reason: `${m.draftDecisionReason} is why`,
  });
  const topic = await hub.app.agenda.propose(maintainer, draft.slug, NEXT_MEETING, { title: 'A topic' });
  const confirm = await subscribe(hub, draft, 'waiting@example.org', false);
  const unsubscribe = await subscribe(hub, draft, 'reader@example.org', true);
  const secret = await subscribe(hub, draft, `${m.subscriber}@example.org`, true);

  const published = await series('Published');
  await hub.app.minutes.start(maintainer, published.slug, NEXT_MEETING);
  const minutes = await hub.app.minutes.save(maintainer, published.slug, NEXT_MEETING, 0, {
    body: `${m.publishedNotes} said in public`,
  });
  await hub.app.minutes.decide(maintainer, published.slug, NEXT_MEETING, {
    text: `${m.publishedDecision} agreed`,
    idea: proposal.slug,
  });
  await hub.app.minutes.publish(maintainer, published.slug, NEXT_MEETING, minutes.version);

  const cancelled = await series('Cancelled');
  await hub.app.meetings.cancel(maintainer, cancelled.slug, NEXT_MEETING, 'Holiday');

  const board = await hub.app.board.createBoard(maintainer, { title: 'Board' });
  const item = await hub.app.board.addItem(maintainer, board.slug, { title: 'Item' });

  await hub.app.accounts.createApiToken(member, m.tokenName);
  const invitation = await hub.app.accounts.createInvitation(users.admin.actor, 'member');
  const hashes = await Promise.all(
    Object.values(users).map(async (u) => (await hub.store.read.users.findById(u.user.id))?.password_hash),
  );

  const [notification] = await hub.store.read.notifications.page(users.member.user.id, null, 1);
  if (!notification) throw new Error('the member was told nothing');

  return {
    notification: notification.id,
    proposal,
    triaged,
    decided,
    draft,
    topic,
    published,
    cancelled,
    confirmLink: { id: confirm.id, token: confirm.confirm },
    unsubscribeLink: { id: unsubscribe.id, token: unsubscribe.unsubscribe },
    board: { slug: board.slug, itemId: item.id },
    markers: {
      draftNotes: [m.draftNotes],
      draftAttendees: [m.draftAttendees],
      draftActionItem: [m.draftActionItem],
      draftActionAssignee: [m.draftActionAssignee],
      draftDecision: [m.draftDecision],
      draftDecisionReason: [m.draftDecisionReason],
      publishedNotes: [m.publishedNotes],
      publishedDecision: [m.publishedDecision],
      emailMember: [localPart(users.member.user.email)],
      emailOther: [localPart(users.other.user.email)],
      emailMaintainer: [localPart(users.maintainer.user.email)],
      emailAdmin: [localPart(users.admin.user.email)],
      tokenName: [m.tokenName],
      apiTokens: Object.values(users).map((u) => u.token),
      sessionTokens,
      // The derived key of each hash: the part no two accounts share.
      passwordHashes: hashes.map((h) => h?.split('$').at(-1) ?? '').filter((h) => h !== ''),
      cookieSecret: [await hub.app.settings.cookieSecret()],
      registrationInvitation: [invitation.token],
      subscriberEmail: [m.subscriber],
      subscriberLinks: [secret.confirm, secret.unsubscribe],
      interestedName: [m.interested],
    },
  };
}
