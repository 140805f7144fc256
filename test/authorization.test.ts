import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashPassword } from '../src/app/passwords.js';
import { hashSecret, newSecret } from '../src/app/tokens.js';
import { type Action, can } from '../src/domain/policy.js';
import { type Actor, anonymous, type Role } from '../src/domain/roles.js';
import { newId } from '../src/store/ids.js';
import { buildWorld, marker, NEXT_MEETING, SERIES_FORM, type World } from './support/authorization-world.js';
import { type ChangeLog, installChangeLog } from './support/change-log.js';
import { buildWebhookWithDelivery, linkIdentity, PASSWORD, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { injectStream } from './support/inject-stream.js';
import {
  PRIVATE_DATA,
  type PrivateKey,
  ROLES,
  readingProblems,
  type Visibility,
  type Who,
} from './support/private-data.js';
import { serverRoutes } from './support/routes.js';

// The real scrypt, watched: a refused setup must not spend it (see the last test).
vi.mock('../src/app/passwords.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/app/passwords.js')>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});

/**
 * Who may do what, for every route the server has: a table of route × role with the expected
 * status and, for every request, whether the database changed; for every GET row also what
 * each role reads (private-data.ts says who may read which private data). The route list comes
 * from the server itself, so a route added without a row here fails the suite.
 */

/** Sunday 29 Nov 2026, 11:00 in Berlin: the reference series meets next on Monday 30 Nov. */
const NOW = new Date('2026-11-29T10:00:00Z');

/** `303*`: status 303 and the database changed; `403`: status 403 and nothing changed. */
type Outcome = `${number}` | `${number}*`;
type Expected = Record<Who, Outcome>;

function row(
  anonymous: Outcome,
  member: Outcome,
  other: Outcome,
  maintainer: Outcome,
  admin: Outcome,
): Expected {
  return { anonymous, member, other, maintainer, admin };
}
const everyone = (o: Outcome): Expected => row(o, o, o, o, o);
/** Signed-in people only; anybody signed in. */
const signedIn = (ok: Outcome): Expected => row('401', ok, ok, ok, ok);
/** Maintainers and admins; the `fail` status for members. */
const maintainers = (ok: Outcome, fail: Outcome = '403'): Expected => row('401', fail, fail, ok, ok);
const admins = (ok: Outcome): Expected => row('401', '403', '403', '403', ok);

/** A signed-in browser (session cookie and its CSRF token), an API token, or neither. */
interface Identity {
  who: Who;
  user: TestUser | null;
  cookie: string;
  csrf: string;
  /** The session token in the cookie (none for the anonymous browser). */
  session: string | null;
}

interface Request {
  url: string;
  form?: Record<string, string | string[]>;
  json?: unknown;
  headers?: Record<string, string>;
}

interface Case {
  /** `METHOD /path` as the server's route table names it. */
  route: string;
  /** Distinguishes several rows of one route. */
  variant?: string;
  /** The JSON API (bearer tokens) or a page (session cookie and CSRF token). */
  api?: boolean;
  /** Acts as a new user of the role (for requests that end sessions or change passwords). */
  fresh?: boolean;
  /** An event stream, which never ends by itself: a 200 is judged by its head (the hub's close ends it). */
  stream?: boolean;
  /**
   * Builds what the request needs: a writing row makes its fixtures anew each time, so every role
   * meets the same state; a GET row points into the shared `world`.
   */
  request: (ctx: CaseContext) => Promise<Request> | Request;
  expect: Expected;
  /** The policy's action this route runs; required where the answer depends on who asks. */
  action?: Action;
  /** Roles that the action's subject rule lets in here (the member proposed it, takes the notes …). */
  owner?: Who[];
  /** Roles that the action's subject rule refuses here though their role has the level (someone else's comment). */
  notOwner?: Who[];
}

interface CaseContext {
  hub: Hub;
  as: Identity;
  ids: Record<Who, Identity>;
  /** Fixtures shared by every GET row, which only read them. */
  world: World;
}

let counter = 0;
const unique = (prefix: string) => `${prefix} ${++counter} ${randomBytes(3).toString('hex')}`;
const uniqueEmail = () => `person-${++counter}-${randomBytes(3).toString('hex')}@example.org`;

// Fixtures of the rows that write, made fresh for each request so that every role meets the same state.
async function proposalOf(hub: Hub, ids: Record<Who, Identity>) {
  const owner = ids.member.user as TestUser;
  return hub.app.ideas.propose(owner.actor, { title: unique('Proposal'), tags: ['auth'] });
}
/** An enhancement proposal written down by the maintainer, with the next free number. */
async function mepOf(hub: Hub, ids: Record<Who, Identity>) {
  return hub.app.proposals.create((ids.maintainer.user as TestUser).actor, { title: unique('Proposal') });
}
async function backlogIdeaOfMember(hub: Hub, ids: Record<Who, Identity>) {
  const idea = await proposalOf(hub, ids);
  return hub.app.ideas.changeStatus((ids.maintainer.user as TestUser).actor, idea.id, 1, 'backlog', null);
}

/** A new group led by `other` (a member by role), with the member `member`. */
async function groupLedByOther(hub: Hub, ids: Record<Who, Identity>) {
  const admin = (ids.admin.user as TestUser).actor;
  const other = (ids.other.user as TestUser).user.handle;
  const member = (ids.member.user as TestUser).user.handle;
  return hub.app.groups.create(admin, {
    name: unique('Group'),
    members: [other, member],
    leads: [other],
  });
}
/** A new group nobody of the table leads. */
async function groupOfNobody(hub: Hub, ids: Record<Who, Identity>) {
  return hub.app.groups.create((ids.admin.user as TestUser).actor, { name: unique('Group') });
}
/** An idea in the backlog, in the group given. */
async function groupIdeaOf(hub: Hub, ids: Record<Who, Identity>, group: { slug: string }) {
  const idea = await backlogIdeaOfMember(hub, ids);
  await hub.app.groups.assign((ids.admin.user as TestUser).actor, 'idea', idea.id, group.slug);
  return idea;
}
/** A started series in the group given. */
async function groupSeriesOf(hub: Hub, ids: Record<Who, Identity>, group: { slug: string }) {
  const series = await seriesOf(hub, ids);
  await hub.app.groups.assign((ids.admin.user as TestUser).actor, 'series', series.slug, group.slug);
  return series;
}

/** Where the meeting of a lead's row belongs: the group `other` leads, or one nobody of the table leads. */
type LeadPlace = 'led' | 'elsewhere';

/** A series of a new group of the place given; its next meeting started unless `started` is false. */
async function placedSeriesOf(hub: Hub, ids: Record<Who, Identity>, place: LeadPlace, started = true) {
  const group = place === 'led' ? await groupLedByOther(hub, ids) : await groupOfNobody(hub, ids);
  const series = await seriesOf(hub, ids, false);
  await hub.app.groups.assign((ids.admin.user as TestUser).actor, 'series', series.slug, group.slug);
  if (started)
    await hub.app.minutes.start((ids.maintainer.user as TestUser).actor, series.slug, NEXT_MEETING);
  return series;
}

/** A route a group's lead uses on their group's meetings: what it does, and its request for a series. */
interface LeadRoute {
  route: string;
  action: Action;
  api?: boolean;
  /** What those allowed get. */
  ok: Outcome;
  request: (ctx: CaseContext, series: (started?: boolean) => Promise<{ slug: string }>) => Promise<Request>;
}

/**
 * Two rows of a route a group's lead may use as a maintainer does: on a meeting of the group
 * `other` leads (allowed to them), and on one of a group they do not lead (refused to them).
 */
function leadCases(lead: LeadRoute): Case[] {
  return (['led', 'elsewhere'] as const).map((place) => ({
    route: lead.route,
    action: lead.action,
    ...(lead.api ? { api: true } : {}),
    ...(place === 'led'
      ? { variant: 'a meeting of the group the other member leads', owner: ['other'] as Who[] }
      : { variant: 'a meeting of a group the other member does not lead' }),
    request: (ctx: CaseContext) =>
      lead.request(ctx, (started = true) => placedSeriesOf(ctx.hub, ctx.ids, place, started)),
    expect: place === 'led' ? row('401', '403', lead.ok, lead.ok, lead.ok) : maintainers(lead.ok),
  }));
}

/** Two accepted topics on the next meeting of the series; the second, which can move up. */
async function secondTopicOn(hub: Hub, ids: Record<Who, Identity>, series: { slug: string }) {
  const actor = (ids.maintainer.user as TestUser).actor;
  await hub.app.agenda.propose(actor, series.slug, NEXT_MEETING, { title: unique('Topic') });
  return hub.app.agenda.propose(actor, series.slug, NEXT_MEETING, { title: unique('Topic') });
}

/** Draft notes (version 1) on the next meeting of the series. */
async function draftOn(hub: Hub, ids: Record<Who, Identity>, series: { slug: string }) {
  const actor = (ids.maintainer.user as TestUser).actor;
  await hub.app.minutes.save(actor, series.slug, NEXT_MEETING, 0, { body: 'Draft' });
  return series;
}

const meetingPath = (series: { slug: string }, rest: string) =>
  `/meetings/${series.slug}/${NEXT_MEETING}/${rest}`;
const apiMeetingPath = (series: { slug: string }, rest: string) =>
  `/api/v1/series/${series.slug}/occurrences/${NEXT_MEETING}/${rest}`;

/**
 * A group's lead runs their group's meetings from the pages and the API: start, agenda, changes,
 * topics, notes, decisions, action items; the same routes on another group's meeting refuse them.
 */
const LEAD_ROUTES: LeadRoute[] = [
  {
    route: 'POST /meetings/:series/:date/start',
    action: 'meeting.start',
    ok: '303*',
    request: async (_, series) => ({ url: meetingPath(await series(false), 'start'), form: {} }),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/start',
    action: 'meeting.start',
    api: true,
    ok: '200*',
    request: async (_, series) => ({ url: apiMeetingPath(await series(false), 'start') }),
  },
  {
    route: 'POST /meetings/:series/:date/agenda-ready',
    action: 'agenda.markReady',
    ok: '303*',
    request: async (_, series) => ({ url: meetingPath(await series(false), 'agenda-ready'), form: {} }),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/agenda-ready',
    action: 'agenda.markReady',
    api: true,
    ok: '200*',
    request: async (_, series) => ({ url: apiMeetingPath(await series(false), 'agenda-ready'), json: {} }),
  },
  {
    route: 'POST /meetings/:series/:date/cancel',
    action: 'occurrence.change',
    ok: '303*',
    request: async (_, series) => ({
      url: meetingPath(await series(false), 'cancel'),
      form: { reason: 'Holiday' },
    }),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/cancel',
    action: 'occurrence.change',
    api: true,
    ok: '200*',
    request: async (_, series) => ({
      url: apiMeetingPath(await series(false), 'cancel'),
      json: { reason: 'Holiday' },
    }),
  },
  {
    route: 'POST /topics/:id/move',
    action: 'topic.arrange',
    ok: '303*',
    request: async ({ hub, ids }, series) => {
      const topic = await secondTopicOn(hub, ids, await series(false));
      return { url: `/topics/${topic.id}/move`, form: { direction: 'up', version: String(topic.version) } };
    },
  },
  {
    route: 'POST /api/v1/topics/:id/move',
    action: 'topic.arrange',
    api: true,
    ok: '200*',
    request: async ({ hub, ids }, series) => {
      const topic = await secondTopicOn(hub, ids, await series(false));
      return {
        url: `/api/v1/topics/${topic.id}/move`,
        json: { direction: 'up' },
        headers: { 'if-match': `"${topic.version}"` },
      };
    },
  },
  {
    route: 'POST /meetings/:series/:date/minutes',
    action: 'minutes.write',
    ok: '303*',
    request: async (_, series) => ({
      url: meetingPath(await series(), 'minutes'),
      form: { version: '0', text: 'Notes', attendees: '4', attendeeNames: '' },
    }),
  },
  {
    route: 'PUT /api/v1/series/:slug/occurrences/:date/minutes',
    action: 'minutes.write',
    api: true,
    ok: '201*',
    request: async (_, series) => ({
      url: apiMeetingPath(await series(), 'minutes'),
      json: { text: 'Notes' },
    }),
  },
  {
    route: 'POST /meetings/:series/:date/minutes/publish',
    action: 'minutes.publish',
    ok: '303*',
    request: async ({ hub, ids }, series) => ({
      url: meetingPath(await draftOn(hub, ids, await series()), 'minutes/publish'),
      form: { version: '1' },
    }),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/minutes/publish',
    action: 'minutes.publish',
    api: true,
    ok: '200*',
    request: async ({ hub, ids }, series) => ({
      url: apiMeetingPath(await draftOn(hub, ids, await series()), 'minutes/publish'),
      headers: { 'if-match': '"1"' },
    }),
  },
  {
    route: 'POST /meetings/:series/:date/decisions',
    action: 'decision.record',
    ok: '303*',
    request: async (_, series) => ({
      url: meetingPath(await series(), 'decisions'),
      form: { text: unique('Decision'), ideaId: '', status: '', reason: '' },
    }),
  },
  {
    route: 'POST /actions/:id/done',
    action: 'action.setDone',
    ok: '303*',
    request: async ({ hub, ids }, series) => {
      const action = await actionOf(hub, ids, await series());
      return { url: `/actions/${action.id}/done`, form: { version: String(action.version), done: 'true' } };
    },
  },
  {
    route: 'PATCH /api/v1/actions/:id',
    action: 'action.setDone',
    api: true,
    ok: '200*',
    request: async ({ hub, ids }, series) => ({
      url: `/api/v1/actions/${(await actionOf(hub, ids, await series())).id}`,
      json: { done: true },
      headers: { 'if-match': '"1"' },
    }),
  },
];
const LEAD_CASES: Case[] = LEAD_ROUTES.flatMap(leadCases);
/** A new board, in the group given or in none. */
async function boardOfGroup(hub: Hub, ids: Record<Who, Identity>, group: { slug: string } | null) {
  const admin = (ids.admin.user as TestUser).actor;
  const board = await hub.app.board.createBoard(admin, { title: unique('Board') });
  if (group) await hub.app.groups.assign(admin, 'board', board.id, group.slug);
  return board;
}
/** A webhook endpoint with one logged delivery, registered by the admin. */
async function webhookOf(hub: Hub, ids: Record<Who, Identity>) {
  const { endpointId, deliveryId } = await buildWebhookWithDelivery(hub, (ids.admin.user as TestUser).actor);
  return { id: endpointId, delivery: deliveryId };
}
/** A fresh notification of `owner`: someone else comments on an idea `owner` proposed (and follows). */
async function notificationOf(hub: Hub, ids: Record<Who, Identity>, owner: TestUser): Promise<string> {
  const writer = (owner === ids.admin.user ? ids.member.user : ids.admin.user) as TestUser;
  const idea = await hub.app.ideas.propose(owner.actor, { title: unique('Followed') });
  await hub.app.comments.create(writer.actor, 'idea', idea.id, { body: unique('Comment') }, 'fixture');
  const [entry] = await hub.store.read.notifications.page(owner.user.id, null, 1);
  if (!entry) throw new Error('no notification');
  return entry.id;
}
/** A fresh notification of the member with the token of its mail's unsubscribe link. */
async function unsubscribeLinkOf(hub: Hub, ids: Record<Who, Identity>) {
  const id = await notificationOf(hub, ids, ids.member.user as TestUser);
  return `/notifications/unsubscribe?n=${id}&t=${await hub.app.notificationMail.unsubscribeToken(id)}`;
}
/**
 * A new series; its next meeting started early unless `started` is false, so its record can be
 * written (a meeting that has not begun refuses notes, decisions and action items).
 */
async function seriesOf(hub: Hub, ids: Record<Who, Identity>, started = true) {
  const maintainer = (ids.maintainer.user as TestUser).actor;
  const series = await hub.app.meetings.create(maintainer, { ...SERIES_FORM, title: unique('Series') });
  if (started) await hub.app.minutes.start(maintainer, series.slug, NEXT_MEETING);
  return series;
}
async function cancelledSeries(hub: Hub, ids: Record<Who, Identity>) {
  const series = await seriesOf(hub, ids);
  await hub.app.meetings.cancel(
    (ids.maintainer.user as TestUser).actor,
    series.slug,
    NEXT_MEETING,
    'Holiday',
  );
  return series;
}
/** A topic on the next meeting of a new series, proposed by the member (or accepted, by a maintainer). */
async function topicOf(hub: Hub, ids: Record<Who, Identity>, by: 'member' | 'maintainer' = 'member') {
  const series = await seriesOf(hub, ids);
  const actor = (ids[by].user as TestUser).actor;
  const topic = await hub.app.agenda.propose(actor, series.slug, NEXT_MEETING, { title: unique('Topic') });
  return { series, topic };
}
/** Two accepted topics; the second one is returned, so it can move up. */
async function secondTopicOf(hub: Hub, ids: Record<Who, Identity>) {
  const { series } = await topicOf(hub, ids, 'maintainer');
  const actor = (ids.maintainer.user as TestUser).actor;
  const topic = await hub.app.agenda.propose(actor, series.slug, NEXT_MEETING, { title: unique('Topic') });
  return { series, topic };
}

/** A new series whose next meeting has draft minutes (version 1). */
async function draftMinutesOf(hub: Hub, ids: Record<Who, Identity>) {
  const series = await seriesOf(hub, ids);
  await hub.app.minutes.save((ids.maintainer.user as TestUser).actor, series.slug, NEXT_MEETING, 0, {
    body: 'Draft',
  });
  return series;
}

/** A decision proposed by lazy consensus on published minutes: its objection window is open. */
async function openDecisionOf(hub: Hub, ids: Record<Who, Identity>) {
  const series = await draftMinutesOf(hub, ids);
  const maintainer = (ids.maintainer.user as TestUser).actor;
  await hub.app.minutes.publish(maintainer, series.slug, NEXT_MEETING, 1);
  const decision = await hub.app.minutes.decide(maintainer, series.slug, NEXT_MEETING, {
    text: unique('Proposed'),
    objectionHours: 72,
  });
  return { series, decision };
}

/** A new series whose next meeting has the member as note-taker (and so draft minutes, version 1). */
async function noteTakenBy(hub: Hub, ids: Record<Who, Identity>) {
  const series = await seriesOf(hub, ids, false);
  const maintainer = (ids.maintainer.user as TestUser).actor;
  const email = (ids.member.user as TestUser).user.email;
  await hub.app.minutes.setNoteTaker(maintainer, series.slug, NEXT_MEETING, email);
  await hub.app.minutes.start(maintainer, series.slug, NEXT_MEETING);
  return series;
}

/** An action item (version 1) on the next meeting of `series` (a new one by default). */
async function actionOf(hub: Hub, ids: Record<Who, Identity>, series?: { slug: string }) {
  const maintainer = (ids.maintainer.user as TestUser).actor;
  const slug = (series ?? (await seriesOf(hub, ids))).slug;
  return hub.app.minutes.addActionItem(maintainer, slug, NEXT_MEETING, { text: unique('Action') });
}

/** The first decision of the next meeting of a series of the shared fixtures. */
async function decisionOf(hub: Hub, ids: Record<Who, Identity>, series: { slug: string }) {
  const maintainer = (ids.maintainer.user as TestUser).actor;
  const view = await hub.app.minutes.forOccurrence(maintainer, series.slug, NEXT_MEETING);
  const decision = view.decisions[0];
  if (!decision) throw new Error('no decision');
  return decision;
}

/** A subscriber of a new series and the signed links of their mails. */
async function subscriberOf(hub: Hub, ids: Record<Who, Identity>, confirmed: boolean) {
  const series = await seriesOf(hub, ids);
  const email = uniqueEmail();
  await hub.app.invitations.request(series.slug, email, 'en');
  const row = await hub.store.read.subscribers.find(series.id, email);
  if (!row) throw new Error('no subscriber');
  const context = await hub.app.invitations.jobContext({ type: 'confirm', subscriberId: row.id });
  if (!context) throw new Error('no job context');
  if (confirmed) await hub.app.invitations.confirm(row.id, context.confirmToken);
  return { series, id: row.id, confirm: context.confirmToken, unsubscribe: context.unsubscribeToken };
}

/** A new board of the maintainer's with one item on it (version 1). */
async function boardItemOf(hub: Hub, ids: Record<Who, Identity>) {
  const actor = (ids.maintainer.user as TestUser).actor;
  const board = await hub.app.board.createBoard(actor, { title: unique('Board') });
  const item = await hub.app.board.addItem(actor, board.slug, { title: unique('Item') });
  const column = (await hub.app.board.view(board.slug)).columns[0];
  if (!column) throw new Error('no column');
  return { board, item, column };
}

/** The user of a signed-in identity of the table. */
const userOf = (identity: Identity): TestUser => identity.user as TestUser;

/**
 * The rows of following one kind of thing: the page's button, and PUT and DELETE in the API
 * (DELETE of a follow the role made first). `make` makes a thing nobody of the table follows.
 */
function followCases(
  kind: 'idea' | 'series' | 'board' | 'group' | 'proposal',
  page: string,
  api: string,
  make: (hub: Hub, ids: Record<Who, Identity>) => Promise<{ page: string; api: string; id: string }>,
): Case[] {
  const path = (template: string, ref: string) => template.replace(/:\w+/u, ref);
  return [
    {
      route: `POST ${page}`,
      action: 'follow.manage',
      request: async ({ hub, ids }) => ({
        url: path(page, (await make(hub, ids)).page),
        form: { follow: 'true' },
      }),
      expect: signedIn('303*'),
    },
    {
      route: `PUT ${api}`,
      action: 'follow.manage',
      api: true,
      request: async ({ hub, ids }) => ({ url: path(api, (await make(hub, ids)).api) }),
      expect: signedIn('200*'),
    },
    {
      route: `DELETE ${api}`,
      action: 'follow.manage',
      variant: `one’s own follow of a${kind === 'idea' ? 'n' : ''} ${kind}`,
      api: true,
      request: async ({ hub, ids, as }) => {
        const made = await make(hub, ids);
        if (as.user) await hub.app.follows.follow(as.user.actor, kind, made.api);
        return { url: path(api, made.api) };
      },
      expect: signedIn('200*'),
    },
  ];
}

/** The hash of PASSWORD, computed once: scrypt is slow on purpose, and a table of users needs many. */
let passwordHash: Promise<string> | null = null;

/**
 * A user of the role with an API token, written straight to the store (the tests of accounts
 * test that path); `email` defaults to a unique one.
 */
async function quickUser(hub: Hub, role: Role, name = 'Someone', email = uniqueEmail()): Promise<TestUser> {
  passwordHash ??= hashPassword(PASSWORD);
  const at = NOW.toISOString();
  const id = newId();
  await hub.store.read.users.insert({
    id,
    email,
    name,
    // Every account has a handle, as registering gives it one (groups name people by it).
    handle: `h${id.replaceAll('-', '').slice(-16)}`,
    role,
    password_hash: await passwordHash,
    locale: null,
    time_zone: null,
    created_at: at,
    updated_at: at,
    version: 1,
  });
  const user = await hub.app.accounts.findUserByEmail(email);
  if (!user) throw new Error('user not stored');
  const actor = { kind: 'user' as const, userId: id, role, name };
  const { token } = await hub.app.accounts.createApiToken(actor, 'tests');
  return { user, actor, token, auth: { authorization: `Bearer ${token}` } };
}

/** A sign-in through another site linked to the user, as a finished round trip leaves it. */
function linkedIdentityOf(hub: Hub, who: TestUser): Promise<string> {
  return linkIdentity(hub, who, { at: NOW });
}

/** A further session of the user, as the name its owner's list gives it. */
async function extraSessionOf(hub: Hub, who: TestUser): Promise<string> {
  const before = new Set((await hub.app.sessionList.list(who.actor, null)).map((s) => s.id));
  await hub.store.read.sessions.insert({
    id: hashSecret(newSecret()),
    user_id: who.user.id,
    created_at: NOW.toISOString(),
    expires_at: new Date(NOW.getTime() + 86_400_000).toISOString(),
  });
  const added = (await hub.app.sessionList.list(who.actor, null)).find((s) => !before.has(s.id));
  if (!added) throw new Error('session not stored');
  return added.id;
}

/** The password form's fields, the same at both doors. */
const PASSWORD_CHANGE = { currentPassword: PASSWORD, newPassword: 'another long password' };

const apiSeriesBody = () => ({
  title: unique('API series'),
  weekRule: 'odd',
  weekday: 1,
  startTime: '14:00',
  durationMinutes: 30,
  timeZone: 'Europe/Berlin',
  startDate: '2026-11-29',
});

/** A comment of the member on a new idea of theirs (version 1). */
async function commentOf(hub: Hub, ids: Record<Who, Identity>) {
  const idea = await backlogIdeaOfMember(hub, ids);
  const member = (ids.member.user as TestUser).actor;
  return hub.app.comments.create(member, 'idea', idea.id, { body: unique('Comment') }, 'fixture');
}
/** A comment of the member held for review, as a new member's first posts are when an admin says so. */
async function heldCommentOf(hub: Hub, ids: Record<Who, Identity>) {
  const comment = await commentOf(hub, ids);
  await hub.testDb.database.db
    .updateTable('comments')
    .set({ held_at: comment.createdAt })
    .where('id', '=', comment.id)
    .execute();
  return comment;
}
/** A new proposal of the member, held for review. */
async function heldIdeaOf(hub: Hub, ids: Record<Who, Identity>) {
  const idea = await hub.app.ideas.propose((ids.member.user as TestUser).actor, {
    title: `Held ${randomUUID()}`,
  });
  await hub.testDb.database.db
    .updateTable('ideas')
    .set({ held_at: idea.createdAt })
    .where('id', '=', idea.id)
    .execute();
  return idea;
}
/** A comment of the member that another member reported. */
async function reportedCommentOf(hub: Hub, ids: Record<Who, Identity>) {
  const comment = await commentOf(hub, ids);
  await hub.app.comments.report((ids.other.user as TestUser).actor, comment.id, 'Rude');
  return comment;
}
/** The decision of the published minutes in the shared fixtures. */
async function publishedDecisionOf(hub: Hub, world: World) {
  const [decision] = await hub.store.read.minutes.decisions(world.published.id, NEXT_MEETING);
  if (!decision) throw new Error('no published decision');
  return decision;
}
const NOT_THE_AUTHOR: Who[] = ['other', 'maintainer', 'admin'];

const COMMENT_CASES: Case[] = [
  {
    route: 'GET /topics/:id/comments',
    request: ({ world }) => ({ url: `/topics/${world.topic.id}/comments` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /decisions/:id/comments',
    request: async ({ hub, world }) => ({
      url: `/decisions/${(await publishedDecisionOf(hub, world)).id}/comments`,
    }),
    expect: everyone('200'),
  },
  {
    route: 'GET /ideas/:slug/comments/events',
    stream: true,
    request: ({ world }) => ({ url: `/ideas/${world.triaged.slug}/comments/events` }),
    expect: everyone('200*'),
  },
  {
    route: 'GET /proposals/:number/comments/events',
    stream: true,
    request: async ({ hub, ids }) => ({
      url: `/proposals/${(await mepOf(hub, ids)).number}/comments/events`,
    }),
    expect: everyone('200*'),
  },
  {
    route: 'GET /proposals/:number/events',
    stream: true,
    request: async ({ hub, ids }) => ({ url: `/proposals/${(await mepOf(hub, ids)).number}/events` }),
    expect: everyone('200*'),
  },
  {
    route: 'GET /api/v1/proposals/:number/comments',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/proposals/${(await mepOf(hub, ids)).number}/comments`,
    }),
    expect: everyone('200'),
  },
  {
    route: 'POST /proposals/:number/comments',
    action: 'comment.write',
    request: async ({ hub, ids }) => ({
      url: `/proposals/${(await mepOf(hub, ids)).number}/comments`,
      form: { body: 'A comment' },
    }),
    expect: signedIn('303*'),
  },
  {
    route: 'POST /api/v1/proposals/:number/comments',
    action: 'comment.write',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/proposals/${(await mepOf(hub, ids)).number}/comments`,
      json: { body: 'A comment' },
    }),
    expect: signedIn('201*'),
  },
  {
    route: 'GET /topics/:id/comments/events',
    stream: true,
    request: ({ world }) => ({ url: `/topics/${world.topic.id}/comments/events` }),
    expect: everyone('200*'),
  },
  {
    route: 'GET /decisions/:id/comments/events',
    stream: true,
    request: async ({ hub, world }) => ({
      url: `/decisions/${(await publishedDecisionOf(hub, world)).id}/comments/events`,
    }),
    expect: everyone('200*'),
  },
  {
    route: 'GET /comments/:id/history',
    action: 'comment.readHidden',
    owner: ['member'],
    request: async ({ hub, ids }) => ({ url: `/comments/${(await commentOf(hub, ids)).id}/history` }),
    expect: row('401', '200', '403', '200', '200'),
  },
  {
    route: 'GET /api/v1/ideas/:id/comments',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/ideas/${world.triaged.id}/comments` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/topics/:id/comments',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/topics/${world.topic.id}/comments` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/decisions/:id/comments',
    api: true,
    request: async ({ hub, world }) => ({
      url: `/api/v1/decisions/${(await publishedDecisionOf(hub, world)).id}/comments`,
    }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/comments/:id',
    api: true,
    request: async ({ hub, ids }) => ({ url: `/api/v1/comments/${(await commentOf(hub, ids)).id}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/comments/:id/history',
    action: 'comment.readHidden',
    owner: ['member'],
    api: true,
    request: async ({ hub, ids }) => ({ url: `/api/v1/comments/${(await commentOf(hub, ids)).id}/history` }),
    expect: row('401', '200', '403', '200', '200'),
  },
  {
    route: 'POST /ideas/:slug/comments',
    action: 'comment.write',
    request: async ({ hub, ids }) => ({
      url: `/ideas/${(await backlogIdeaOfMember(hub, ids)).slug}/comments`,
      form: { body: 'A comment' },
    }),
    expect: signedIn('303*'),
  },
  {
    route: 'POST /topics/:id/comments',
    action: 'comment.write',
    request: async ({ hub, ids }) => ({
      url: `/topics/${(await topicOf(hub, ids)).topic.id}/comments`,
      form: { body: 'A comment' },
    }),
    expect: signedIn('303*'),
  },
  {
    route: 'POST /decisions/:id/comments',
    action: 'comment.write',
    request: async ({ hub, ids }) => ({
      url: `/decisions/${(await openDecisionOf(hub, ids)).decision.id}/comments`,
      form: { body: 'A comment' },
    }),
    expect: signedIn('303*'),
  },
  {
    route: 'POST /comments/:id/edit',
    action: 'comment.edit',
    notOwner: NOT_THE_AUTHOR,
    request: async ({ hub, ids }) => ({
      url: `/comments/${(await commentOf(hub, ids)).id}/edit`,
      form: { body: 'Edited', version: '1' },
    }),
    expect: row('401', '303*', '403', '403', '403'),
  },
  {
    route: 'POST /comments/:id/delete',
    action: 'comment.delete',
    notOwner: NOT_THE_AUTHOR,
    request: async ({ hub, ids }) => ({
      url: `/comments/${(await commentOf(hub, ids)).id}/delete`,
      form: { version: '1' },
    }),
    expect: row('401', '303*', '403', '403', '403'),
  },
  {
    route: 'POST /comments/:id/hide',
    action: 'comment.hide',
    request: async ({ hub, ids }) => ({
      url: `/comments/${(await commentOf(hub, ids)).id}/hide`,
      form: { reason: 'Off topic', version: '1' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /comments/:id/report',
    action: 'comment.report',
    request: async ({ hub, ids }) => ({
      url: `/comments/${(await commentOf(hub, ids)).id}/report`,
      form: { reason: 'Rude' },
    }),
    expect: signedIn('303*'),
  },
  {
    route: 'POST /api/v1/ideas/:id/comments',
    action: 'comment.write',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await backlogIdeaOfMember(hub, ids)).id}/comments`,
      json: { body: 'A comment' },
    }),
    expect: signedIn('201*'),
  },
  {
    route: 'POST /api/v1/topics/:id/comments',
    action: 'comment.write',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/topics/${(await topicOf(hub, ids)).topic.id}/comments`,
      json: { body: 'A comment' },
    }),
    expect: signedIn('201*'),
  },
  {
    route: 'POST /api/v1/decisions/:id/comments',
    action: 'comment.write',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/decisions/${(await openDecisionOf(hub, ids)).decision.id}/comments`,
      json: { body: 'A comment' },
    }),
    expect: signedIn('201*'),
  },
  {
    route: 'PATCH /api/v1/comments/:id',
    action: 'comment.edit',
    notOwner: NOT_THE_AUTHOR,
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/comments/${(await commentOf(hub, ids)).id}`,
      json: { body: 'Edited' },
      headers: { 'if-match': '"1"' },
    }),
    expect: row('401', '200*', '403', '403', '403'),
  },
  {
    route: 'DELETE /api/v1/comments/:id',
    action: 'comment.delete',
    notOwner: NOT_THE_AUTHOR,
    api: true,
    request: async ({ hub, ids }) => ({ url: `/api/v1/comments/${(await commentOf(hub, ids)).id}` }),
    expect: row('401', '200*', '403', '403', '403'),
  },
  {
    route: 'POST /api/v1/comments/:id/hide',
    action: 'comment.hide',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/comments/${(await commentOf(hub, ids)).id}/hide`,
      json: { reason: 'Off topic' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /comments/:id/approve',
    action: 'post.review',
    request: async ({ hub, ids }) => ({
      url: `/comments/${(await heldCommentOf(hub, ids)).id}/approve`,
      form: { version: '1' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /comments/:id/reject',
    action: 'post.review',
    request: async ({ hub, ids }) => ({
      url: `/comments/${(await heldCommentOf(hub, ids)).id}/reject`,
      form: { version: '1', reason: 'Off topic' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /comments/:id/reports/dismiss',
    action: 'comment.hide',
    request: async ({ hub, ids }) => ({
      url: `/comments/${(await reportedCommentOf(hub, ids)).id}/reports/dismiss`,
      form: { note: 'Fine' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'GET /api/v1/held-comments',
    action: 'post.review',
    api: true,
    request: () => ({ url: '/api/v1/held-comments' }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /api/v1/comments/:id/approve',
    action: 'post.review',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/comments/${(await heldCommentOf(hub, ids)).id}/approve`,
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/comments/:id/reject',
    action: 'post.review',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/comments/${(await heldCommentOf(hub, ids)).id}/reject`,
      json: { reason: 'Off topic' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/comments/:id/reports/dismiss',
    action: 'comment.hide',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/comments/${(await reportedCommentOf(hub, ids)).id}/reports/dismiss`,
      json: { note: 'Fine' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /ideas/:slug/approve',
    action: 'post.review',
    request: async ({ hub, ids }) => ({
      url: `/ideas/${(await heldIdeaOf(hub, ids)).slug}/approve`,
      form: { version: '1' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /ideas/:slug/reject',
    action: 'post.review',
    request: async ({ hub, ids }) => ({
      url: `/ideas/${(await heldIdeaOf(hub, ids)).slug}/reject`,
      form: { version: '1', reason: 'Spam' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'GET /api/v1/outbox',
    action: 'settings.edit',
    api: true,
    request: () => ({ url: '/api/v1/outbox' }),
    expect: admins('200'),
  },
  {
    route: 'GET /api/v1/held-ideas',
    action: 'post.review',
    api: true,
    request: () => ({ url: '/api/v1/held-ideas' }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /api/v1/ideas/:id/approve',
    action: 'post.review',
    api: true,
    request: async ({ hub, ids }) => ({ url: `/api/v1/ideas/${(await heldIdeaOf(hub, ids)).id}/approve` }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/ideas/:id/reject',
    action: 'post.review',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await heldIdeaOf(hub, ids)).id}/reject`,
      json: { reason: 'Spam' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/comments/:id/report',
    action: 'comment.report',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/comments/${(await commentOf(hub, ids)).id}/report`,
      json: { reason: 'Rude' },
    }),
    expect: signedIn('202*'),
  },
];

const CASES: Case[] = [
  // Public reads.
  { route: 'GET /', request: () => ({ url: '/' }), expect: everyone('200') },
  { route: 'GET /healthz', request: () => ({ url: '/healthz' }), expect: everyone('200') },
  { route: 'GET /readyz', request: () => ({ url: '/readyz' }), expect: everyone('200') },
  {
    route: 'GET /assets/plenum.css',
    request: () => ({ url: '/assets/plenum.css' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /assets/local-time.js',
    request: () => ({ url: '/assets/local-time.js' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /assets/live.js',
    request: () => ({ url: '/assets/live.js' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /assets/inbox.js',
    request: () => ({ url: '/assets/inbox.js' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/openapi.json',
    api: true,
    request: () => ({ url: '/api/openapi.json' }),
    expect: everyone('200'),
  },
  // The API reference (src/http/api-reference.ts): Swagger UI's page, files and the description it reads.
  { route: 'GET /api', request: () => ({ url: '/api' }), expect: everyone('200') },
  ...(
    [
      ['GET /api/json', '/api/json', '200', undefined],
      ['GET /api/yaml', '/api/yaml', '200', undefined],
      ['GET /api*', '/api/static/swagger-ui-bundle.js', '200', undefined],
      ['GET /api*', '/api/static/index.html', '302', 'its index'],
      ['GET /api*', '/api/static/swagger-initializer.js', '200', 'its initializer'],
      ['GET /api*', '/api/static/theme/plenum.css', '200', 'the theme'],
    ] as const
  ).map(
    ([route, url, status, variant]): Case => ({
      route,
      ...(variant ? { variant } : {}),
      api: true,
      request: () => ({ url }),
      expect: everyone(status),
    }),
  ),
  { route: 'GET /backlog', request: () => ({ url: '/backlog?status=proposed' }), expect: everyone('200') },
  { route: 'GET /ideas/new', request: () => ({ url: '/ideas/new' }), expect: everyone('200') },
  {
    route: 'GET /ideas/:slug',
    variant: 'the member’s proposal, decided in published minutes',
    request: ({ world }) => ({ url: `/ideas/${world.proposal.slug}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /ideas/:slug',
    variant: 'an idea a decision of draft minutes moves',
    request: ({ world }) => ({ url: `/ideas/${world.decided.slug}` }),
    expect: everyone('200'),
  },
  { route: 'GET /meetings', request: () => ({ url: '/meetings' }), expect: everyone('200') },
  {
    route: 'GET /meetings/:series',
    variant: 'the series with draft minutes',
    request: ({ world }) => ({ url: `/meetings/${world.draft.slug}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /meetings/:series',
    variant: 'the calendar feed of a series with a cancelled meeting',
    request: ({ world }) => ({ url: `/meetings/${world.cancelled.slug}.ics` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /meetings/:series',
    variant: 'the exact calendar feed',
    request: ({ world }) => ({ url: `/meetings/${world.draft.slug}.ics?rule=byweekno` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /meetings/:series/badge.svg',
    request: ({ world }) => ({ url: `/meetings/${world.draft.slug}/badge.svg` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /meetings/:series/:date',
    variant: 'the meeting with draft minutes',
    request: ({ world }) => ({ url: `/meetings/${world.draft.slug}/${NEXT_MEETING}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /meetings/:series/:date',
    variant: 'the meeting with published minutes',
    request: ({ world }) => ({ url: `/meetings/${world.published.slug}/${NEXT_MEETING}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /meetings/:series/:date',
    variant: 'a cancelled meeting',
    request: ({ world }) => ({ url: `/meetings/${world.cancelled.slug}/${NEXT_MEETING}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /meetings/:series/:date/events',
    stream: true,
    request: ({ world }) => ({ url: `/meetings/${world.draft.slug}/${NEXT_MEETING}/events` }),
    // Opening a stream is counted (connections per client, shared by instances).
    expect: everyone('200*'),
  },
  {
    route: 'GET /meetings/:series/:date',
    variant: 'one meeting as .ics',
    request: ({ world }) => ({ url: `/meetings/${world.draft.slug}/${NEXT_MEETING}.ics` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /meetings/:series/invitations/confirm',
    variant: 'the link only shows the button, so a mail scanner following it confirms nothing',
    request: ({ world }) => ({
      url: `/meetings/${world.draft.slug}/invitations/confirm?s=${world.confirmLink.id}&t=${world.confirmLink.token}`,
    }),
    expect: everyone('200'),
  },
  {
    route: 'POST /meetings/:series/invitations/confirm',
    variant: 'the button confirms a valid link, whoever presses it',
    request: async ({ hub, ids }) => {
      const s = await subscriberOf(hub, ids, false);
      return { url: `/meetings/${s.series.slug}/invitations/confirm?s=${s.id}&t=${s.confirm}`, form: {} };
    },
    expect: everyone('200*'),
  },
  {
    route: 'POST /meetings/:series/invitations/confirm',
    variant: 'a forged link',
    request: async ({ hub, ids }) => {
      const s = await subscriberOf(hub, ids, false);
      return { url: `/meetings/${s.series.slug}/invitations/confirm?s=${s.id}&t=${s.unsubscribe}`, form: {} };
    },
    expect: everyone('400'),
  },
  {
    route: 'GET /meetings/:series/invitations/unsubscribe',
    request: ({ world }) => ({
      url: `/meetings/${world.draft.slug}/invitations/unsubscribe?s=${world.unsubscribeLink.id}&t=${world.unsubscribeLink.token}`,
    }),
    expect: everyone('200'),
  },

  // Accounts.
  { route: 'GET /login', request: () => ({ url: '/login' }), expect: everyone('200') },
  { route: 'GET /register', request: () => ({ url: '/register' }), expect: everyone('200') },
  {
    // Setup is over once an admin exists: the form sends everyone to sign in.
    route: 'POST /setup',
    request: () => ({ url: '/setup', form: { email: uniqueEmail(), name: 'Usurper', password: PASSWORD } }),
    expect: everyone('303'),
  },
  {
    route: 'POST /login',
    request: ({ as, ids }) => ({
      url: '/login',
      form: { email: (as.user ?? ids.member.user)?.user.email ?? '', password: PASSWORD, next: '/' },
    }),
    expect: everyone('303*'),
  },
  {
    route: 'POST /login',
    variant: 'a wrong password',
    request: ({ ids }) => ({
      url: '/login',
      form: { email: ids.member.user?.user.email ?? '', password: 'not the password', next: '/' },
    }),
    // The failed attempt is counted in the database (rate limits across instances).
    expect: everyone('422*'),
  },
  {
    route: 'POST /logout',
    fresh: true,
    request: () => ({ url: '/logout', form: {} }),
    expect: row('303', '303*', '303*', '303*', '303*'),
  },
  {
    route: 'POST /register',
    request: () => ({
      url: '/register',
      form: { email: uniqueEmail(), name: 'New Person', password: PASSWORD, next: '/' },
    }),
    expect: everyone('303*'),
  },
  {
    route: 'GET /profile',
    action: 'account.edit',
    request: () => ({ url: '/profile' }),
    expect: signedIn('200'),
  },
  {
    route: 'POST /profile',
    action: 'account.edit',
    request: async ({ hub, as }) => {
      const user = as.user ? await hub.app.accounts.findUserByEmail(as.user.user.email) : null;
      return {
        url: '/profile',
        form: { name: unique('Renamed'), locale: '', timeZone: '', version: String(user?.version ?? 1) },
      };
    },
    expect: signedIn('303*'),
  },
  {
    route: 'POST /profile/password',
    action: 'account.edit',
    fresh: true,
    request: () => ({ url: '/profile/password', form: PASSWORD_CHANGE }),
    expect: signedIn('303*'),
  },
  {
    route: 'POST /profile/tokens',
    action: 'tokens.manage',
    request: () => ({ url: '/profile/tokens', form: { name: 'script' } }),
    expect: signedIn('201*'),
  },
  {
    route: 'POST /profile/tokens/:id/revoke',
    action: 'tokens.manage',
    variant: 'the member’s own token',
    request: async ({ hub, ids }) => {
      const owner = ids.member.user as TestUser;
      const { id } = await hub.app.accounts.createApiToken(owner.actor, 'to revoke');
      return { url: `/profile/tokens/${id}/revoke`, form: {} };
    },
    expect: row('401', '303*', '404', '404', '404'),
  },
  {
    route: 'GET /password-reset',
    action: 'password.reset',
    request: () => ({ url: '/password-reset' }),
    expect: everyone('200'),
  },
  {
    // Counted per client; an address without an account gets no mail.
    route: 'POST /password-reset',
    action: 'password.reset',
    request: () => ({ url: '/password-reset', form: { email: uniqueEmail() } }),
    expect: everyone('303*'),
  },
  {
    route: 'GET /password-reset/:token',
    variant: 'a forged link',
    request: () => ({ url: '/password-reset/forged-secret' }),
    expect: everyone('404'),
  },
  {
    route: 'POST /password-reset/new',
    action: 'password.reset',
    request: async ({ hub }) => {
      const { user } = await quickUser(hub, 'member');
      const { token } = await hub.app.passwordReset.resetLinkFor(user.email);
      return { url: '/password-reset/new', form: { token, password: 'a brand new passphrase' } };
    },
    expect: everyone('303*'),
  },
  {
    route: 'POST /password-reset/new',
    variant: 'a forged link',
    action: 'password.reset',
    request: () => ({
      url: '/password-reset/new',
      form: { token: 'forged', password: 'a brand new passphrase' },
    }),
    expect: everyone('422'),
  },
  {
    route: 'GET /verify-email/:token',
    request: () => ({ url: '/verify-email/some-secret' }),
    expect: everyone('200'),
  },
  {
    route: 'POST /verify-email',
    action: 'email.verify',
    request: async ({ hub }) => {
      const { user } = await quickUser(hub, 'member');
      const link = await hub.app.emailVerification.linkForMail({
        type: 'email-verification',
        userId: user.id,
        email: user.email,
        locale: 'en',
      });
      return { url: '/verify-email', form: { token: link?.token ?? '' } };
    },
    expect: everyone('303*'),
  },
  {
    route: 'POST /verify-email',
    variant: 'a forged link',
    action: 'email.verify',
    request: () => ({ url: '/verify-email', form: { token: 'forged' } }),
    expect: everyone('422'),
  },
  {
    route: 'POST /profile/verification',
    action: 'account.edit',
    fresh: true,
    request: () => ({ url: '/profile/verification', form: {} }),
    expect: signedIn('303*'),
  },
  {
    route: 'POST /profile/sessions/:id/revoke',
    action: 'sessions.manage',
    variant: 'the member’s own session',
    request: async ({ hub, ids }) => ({
      url: `/profile/sessions/${await extraSessionOf(hub, ids.member.user as TestUser)}/revoke`,
      form: {},
    }),
    expect: row('401', '303*', '404', '404', '404'),
  },
  {
    route: 'POST /profile/sessions/revoke-others',
    action: 'sessions.manage',
    fresh: true,
    request: () => ({ url: '/profile/sessions/revoke-others', form: {} }),
    expect: signedIn('303*'),
  },

  // Sign-in through other sites: this hub has no provider set up, so the round trip is not found.
  { route: 'GET /sign-in/oidc', request: () => ({ url: '/sign-in/oidc' }), expect: everyone('404') },
  {
    route: 'GET /sign-in/oidc/callback',
    request: () => ({ url: '/sign-in/oidc/callback?code=x&state=y' }),
    expect: everyone('404'),
  },
  {
    route: 'POST /sign-in/oidc/link',
    action: 'identity.link',
    request: () => ({ url: '/sign-in/oidc/link', form: {} }),
    expect: signedIn('404'),
  },
  { route: 'GET /sign-in/github', request: () => ({ url: '/sign-in/github' }), expect: everyone('404') },
  {
    route: 'GET /sign-in/github/callback',
    request: () => ({ url: '/sign-in/github/callback?code=x&state=y' }),
    expect: everyone('404'),
  },
  {
    route: 'POST /sign-in/github/link',
    action: 'identity.link',
    request: () => ({ url: '/sign-in/github/link', form: {} }),
    expect: signedIn('404'),
  },
  {
    route: 'POST /profile/identities/:id/unlink',
    action: 'identity.unlink',
    variant: 'the member’s own linked sign-in',
    request: async ({ hub, ids }) => ({
      url: `/profile/identities/${await linkedIdentityOf(hub, ids.member.user as TestUser)}/unlink`,
      form: {},
    }),
    expect: row('401', '303*', '404', '404', '404'),
  },

  // Administration.
  { route: 'GET /admin', action: 'settings.edit', request: () => ({ url: '/admin' }), expect: admins('200') },
  {
    route: 'POST /admin/users',
    action: 'users.create',
    request: () => ({
      url: '/admin/users',
      form: { email: uniqueEmail(), name: 'Created', role: 'member', password: PASSWORD },
    }),
    expect: admins('303*'),
  },
  {
    // The hub here has SMTP_URL: the link is mailed.
    route: 'POST /admin/users/:id/reset-link',
    action: 'users.resetPassword',
    request: async ({ hub }) => ({
      url: `/admin/users/${(await quickUser(hub, 'member')).user.id}/reset-link`,
      form: {},
    }),
    expect: admins('303*'),
  },
  {
    route: 'POST /admin/users/:id/role',
    action: 'users.changeRole',
    request: async ({ hub }) => {
      const { user: target } = await quickUser(hub, 'member');
      return {
        url: `/admin/users/${target.id}/role`,
        form: { role: 'maintainer', version: String(target.version) },
      };
    },
    expect: admins('303*'),
  },
  {
    route: 'GET /admin/webhooks',
    action: 'webhooks.manage',
    request: () => ({ url: '/admin/webhooks' }),
    expect: admins('200'),
  },
  {
    route: 'POST /admin/webhooks',
    action: 'webhooks.manage',
    request: () => ({
      url: '/admin/webhooks',
      form: { url: 'https://hooks.example.org/in', events: ['idea.proposed', 'comment.created'] },
    }),
    expect: admins('201*'),
  },
  {
    route: 'POST /admin/webhooks/:id',
    action: 'webhooks.manage',
    request: async ({ hub, ids }) => ({
      url: `/admin/webhooks/${(await webhookOf(hub, ids)).id}`,
      form: { active: 'false' },
    }),
    expect: admins('303*'),
  },
  {
    route: 'POST /admin/webhooks/:id/delete',
    action: 'webhooks.manage',
    request: async ({ hub, ids }) => ({
      url: `/admin/webhooks/${(await webhookOf(hub, ids)).id}/delete`,
      form: {},
    }),
    expect: admins('303*'),
  },
  {
    route: 'POST /admin/webhooks/:id/deliveries/:deliveryId/redeliver',
    action: 'webhooks.manage',
    request: async ({ hub, ids }) => {
      const { id, delivery } = await webhookOf(hub, ids);
      return { url: `/admin/webhooks/${id}/deliveries/${delivery}/redeliver`, form: {} };
    },
    expect: admins('303*'),
  },
  {
    route: 'POST /admin/registration',
    action: 'settings.edit',
    request: () => ({ url: '/admin/registration', form: { registration: 'open' } }),
    expect: admins('303*'),
  },
  {
    route: 'POST /admin/name',
    action: 'settings.edit',
    request: () => ({ url: '/admin/name', form: { hubName: '' } }),
    expect: admins('303*'),
  },
  {
    route: 'POST /admin/moderation',
    action: 'settings.edit',
    request: () => ({ url: '/admin/moderation', form: { holdFirstPosts: '0' } }),
    expect: admins('303*'),
  },
  {
    route: 'POST /admin/images',
    action: 'settings.edit',
    request: () => ({ url: '/admin/images', form: { remoteImages: '' } }),
    expect: admins('303*'),
  },
  {
    route: 'POST /admin/passwords',
    action: 'settings.edit',
    request: () => ({ url: '/admin/passwords', form: { passwordSignIn: 'on' } }),
    expect: admins('303*'),
  },
  {
    route: 'POST /admin/nominations',
    action: 'settings.edit',
    request: () => ({ url: '/admin/nominations', form: { nominations: 'maintainers' } }),
    expect: admins('303*'),
  },
  {
    route: 'POST /ideas/:slug/nominate',
    action: 'idea.nominate',
    request: async ({ hub, ids }) => {
      const [idea, series] = await Promise.all([backlogIdeaOfMember(hub, ids), seriesOf(hub, ids)]);
      return { url: `/ideas/${idea.slug}/nominate`, form: { series: series.slug } };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'POST /api/v1/ideas/:id/nominations',
    action: 'idea.nominate',
    api: true,
    request: async ({ hub, ids }) => {
      const [idea, series] = await Promise.all([backlogIdeaOfMember(hub, ids), seriesOf(hub, ids)]);
      return { url: `/api/v1/ideas/${idea.slug}/nominations`, json: { series: series.slug } };
    },
    expect: maintainers('201*'),
  },
  {
    route: 'POST /admin/invitations',
    action: 'invitationLink.create',
    request: () => ({ url: '/admin/invitations', form: { role: 'member' } }),
    expect: admins('201*'),
  },

  // Ideas.
  {
    route: 'GET /backlog/texts',
    action: 'backlog.editTexts',
    request: () => ({ url: '/backlog/texts' }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /backlog/texts',
    action: 'backlog.editTexts',
    request: async ({ hub }) => ({
      url: '/backlog/texts',
      form: {
        'intro.en': unique('Intro'),
        'intro.de': '',
        'disclaimer.en': '',
        'disclaimer.de': '',
        version: String((await hub.app.settings.backlogTexts()).version),
      },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /ideas',
    action: 'idea.propose',
    request: () => ({ url: '/ideas', form: { title: unique('Form idea'), description: '', tags: '' } }),
    expect: signedIn('303*'),
  },
  {
    route: 'GET /ideas/:slug/edit',
    action: 'idea.edit',
    owner: ['member'],
    variant: 'the member’s proposal',
    request: ({ world }) => ({ url: `/ideas/${world.proposal.slug}/edit` }),
    expect: row('401', '200', '403', '200', '200'),
  },
  {
    route: 'GET /ideas/:slug/edit',
    action: 'idea.edit',
    variant: 'the member’s idea after triage',
    request: ({ world }) => ({ url: `/ideas/${world.triaged.slug}/edit` }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /ideas/:slug/edit',
    action: 'idea.edit',
    owner: ['member'],
    variant: 'the member’s proposal',
    request: async ({ hub, ids }) => {
      const idea = await proposalOf(hub, ids);
      return { url: `/ideas/${idea.slug}/edit`, form: { title: unique('Edited'), version: '1' } };
    },
    expect: row('401', '303*', '403', '303*', '303*'),
  },
  {
    route: 'POST /ideas/:slug/edit',
    action: 'idea.edit',
    variant: 'the member’s idea after triage',
    request: async ({ hub, ids }) => {
      const idea = await backlogIdeaOfMember(hub, ids);
      return { url: `/ideas/${idea.slug}/edit`, form: { title: unique('Edited'), version: '2' } };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'POST /ideas/:slug/status',
    action: 'idea.changeStatus',
    request: async ({ hub, ids }) => {
      const idea = await proposalOf(hub, ids);
      return { url: `/ideas/${idea.slug}/status`, form: { status: 'backlog', reason: '', version: '1' } };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'GET /triage',
    action: 'idea.triage',
    request: () => ({ url: '/triage' }),
    expect: maintainers('200'),
  },
  // Hub-wide search: it finds drafts only for those who may read them (private-data.ts).
  {
    route: 'GET /search',
    variant: 'words of draft minutes',
    request: () => ({ url: '/search?q=draftnotes' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/search',
    variant: 'words of a draft decision',
    api: true,
    request: () => ({ url: '/api/v1/search?q=draftdecision' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/search',
    variant: 'words of published minutes',
    api: true,
    request: () => ({ url: '/api/v1/search?q=publishednotes&kind=minutes' }),
    expect: everyone('200'),
  },
  // Interest, following and public profiles.
  {
    route: 'GET /people/:id',
    request: ({ ids }) => ({ url: `/people/${userOf(ids.member).user.id}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/people/:id',
    api: true,
    request: ({ ids }) => ({ url: `/api/v1/people/${userOf(ids.member).user.id}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/people',
    action: 'people.search',
    api: true,
    request: () => ({ url: '/api/v1/people?q=m' }),
    expect: signedIn('200'),
  },
  {
    route: 'GET /api/v1/ideas/:id/interest',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/ideas/${world.proposal.id}/interest` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/me/follows',
    action: 'follow.manage',
    api: true,
    request: () => ({ url: '/api/v1/me/follows' }),
    expect: signedIn('200'),
  },
  {
    route: 'GET /notifications',
    action: 'notification.manage',
    request: () => ({ url: '/notifications' }),
    expect: signedIn('200'),
  },
  {
    route: 'GET /notifications/events',
    action: 'notification.manage',
    stream: true,
    request: () => ({ url: '/notifications/events' }),
    // Opening a stream is counted (connections per client, shared by instances).
    expect: signedIn('200*'),
  },
  {
    route: 'POST /notifications/read',
    action: 'notification.manage',
    variant: 'the member’s own notification',
    request: async ({ hub, ids }) => ({
      url: '/notifications/read',
      form: { id: await notificationOf(hub, ids, ids.member.user as TestUser) },
    }),
    expect: row('401', '303*', '404', '404', '404'),
  },
  {
    route: 'POST /notifications/read-all',
    action: 'notification.manage',
    request: async ({ hub, as, ids }) => {
      if (as.user) await notificationOf(hub, ids, as.user);
      return { url: '/notifications/read-all', form: {} };
    },
    expect: signedIn('303*'),
  },
  {
    route: 'GET /notifications/unsubscribe',
    request: async ({ hub, world }) => ({
      url: `/notifications/unsubscribe?n=${world.notification}&t=${await hub.app.notificationMail.unsubscribeToken(world.notification)}`,
    }),
    expect: everyone('200'),
  },
  {
    route: 'POST /notifications/unsubscribe',
    request: async ({ hub, ids }) => ({ url: await unsubscribeLinkOf(hub, ids), form: {} }),
    expect: everyone('200*'),
  },
  {
    route: 'POST /profile/notifications',
    action: 'notification.manage',
    request: () => ({ url: '/profile/notifications', form: { mail: 'never' } }),
    expect: signedIn('303*'),
  },
  {
    route: 'GET /api/v1/me/notifications',
    action: 'notification.manage',
    api: true,
    request: () => ({ url: '/api/v1/me/notifications' }),
    expect: signedIn('200'),
  },
  {
    route: 'GET /api/v1/me/notifications/unread-count',
    action: 'notification.manage',
    api: true,
    request: () => ({ url: '/api/v1/me/notifications/unread-count' }),
    expect: signedIn('200'),
  },
  {
    route: 'POST /api/v1/me/notifications/read',
    action: 'notification.manage',
    variant: 'the member’s own notification',
    api: true,
    request: async ({ hub, ids }) => ({
      url: '/api/v1/me/notifications/read',
      json: { ids: [await notificationOf(hub, ids, ids.member.user as TestUser)] },
    }),
    expect: row('401', '200*', '404', '404', '404'),
  },
  {
    route: 'GET /api/v1/me/notification-settings',
    action: 'notification.manage',
    api: true,
    request: () => ({ url: '/api/v1/me/notification-settings' }),
    expect: signedIn('200'),
  },
  {
    route: 'PUT /api/v1/me/notification-settings',
    action: 'notification.manage',
    api: true,
    request: () => ({ url: '/api/v1/me/notification-settings', json: { mail: 'never' } }),
    expect: signedIn('200*'),
  },
  {
    route: 'POST /ideas/:slug/interest',
    action: 'idea.interest',
    request: async ({ hub, ids }) => ({
      url: `/ideas/${(await proposalOf(hub, ids)).slug}/interest`,
      form: { interested: 'true' },
    }),
    expect: signedIn('303*'),
  },
  {
    route: 'PUT /api/v1/ideas/:id/interest',
    action: 'idea.interest',
    api: true,
    request: async ({ hub, ids }) => ({ url: `/api/v1/ideas/${(await proposalOf(hub, ids)).id}/interest` }),
    expect: signedIn('200*'),
  },
  {
    route: 'DELETE /api/v1/ideas/:id/interest',
    action: 'idea.interest',
    variant: 'one’s own interest',
    api: true,
    request: async ({ hub, ids, as }) => {
      const idea = await proposalOf(hub, ids);
      if (as.user) await hub.app.interest.add(as.user.actor, idea.id);
      return { url: `/api/v1/ideas/${idea.id}/interest` };
    },
    expect: signedIn('200*'),
  },
  ...followCases('idea', '/ideas/:slug/follow', '/api/v1/ideas/:id/follow', async (hub) => {
    // Proposed by someone outside the table, as proposing follows the idea.
    const idea = await hub.app.ideas.propose((await quickUser(hub, 'member')).actor, {
      title: unique('Followed'),
    });
    return { page: idea.slug, api: idea.id, id: idea.id };
  }),
  ...followCases('series', '/meetings/:series/follow', '/api/v1/series/:slug/follow', async (hub, ids) => {
    const series = await seriesOf(hub, ids);
    return { page: series.slug, api: series.slug, id: series.id };
  }),
  ...followCases('board', '/boards/:id/follow', '/api/v1/boards/:id/follow', async (hub, ids) => {
    const { board } = await boardItemOf(hub, ids);
    return { page: board.slug, api: board.slug, id: board.id };
  }),
  ...followCases('group', '/groups/:slug/follow', '/api/v1/groups/:slug/follow', async (hub) => {
    const group = await hub.app.groups.create('system', { name: unique('Followed group') });
    return { page: group.slug, api: group.slug, id: group.id };
  }),
  ...followCases(
    'proposal',
    '/proposals/:number/follow',
    '/api/v1/proposals/:number/follow',
    async (hub, ids) => {
      const proposal = await mepOf(hub, ids);
      return { page: String(proposal.number), api: String(proposal.number), id: proposal.id };
    },
  ),

  // Meetings.
  {
    route: 'GET /meetings/new',
    action: 'series.edit',
    request: () => ({ url: '/meetings/new' }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /meetings/new',
    variant: 'in no group, the other member leading a group',
    action: 'series.edit',
    // A lead makes series in their groups only: no group is a problem of the form's group field.
    owner: ['other'],
    request: async ({ hub, ids }) => {
      await groupLedByOther(hub, ids);
      return { url: '/meetings/new', form: { ...SERIES_FORM, title: unique('Form series') } };
    },
    expect: row('401', '403', '422', '303*', '303*'),
  },
  {
    route: 'GET /meetings/:series/edit',
    action: 'series.edit',
    request: ({ world }) => ({ url: `/meetings/${world.draft.slug}/edit` }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /meetings/:series/edit',
    action: 'series.edit',
    request: async ({ hub, ids }) => {
      const series = await seriesOf(hub, ids);
      return {
        url: `/meetings/${series.slug}/edit`,
        form: { ...SERIES_FORM, title: series.title, languages: 'German', version: String(series.version) },
      };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/extra',
    action: 'occurrence.change',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids)).slug}/extra`,
      form: { date: '2026-12-02', startTime: '10:00', durationMinutes: '30', reason: 'Extra' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/:date/start',
    action: 'meeting.start',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids, false)).slug}/${NEXT_MEETING}/start`,
      form: {},
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/:date/cancel',
    action: 'occurrence.change',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids)).slug}/${NEXT_MEETING}/cancel`,
      form: { reason: 'Holiday' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/:date/move',
    action: 'occurrence.change',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids)).slug}/${NEXT_MEETING}/move`,
      form: { newDate: '2026-12-01', newStartTime: '15:00', newDurationMinutes: '45', reason: 'Clash' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/:date/agenda-ready',
    action: 'agenda.markReady',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids)).slug}/${NEXT_MEETING}/agenda-ready`,
      form: {},
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/:date/restore',
    action: 'occurrence.change',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await cancelledSeries(hub, ids)).slug}/${NEXT_MEETING}/restore`,
      form: {},
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/invitations',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids)).slug}/invitations`,
      form: { email: uniqueEmail() },
    }),
    expect: everyone('303*'),
  },
  {
    route: 'POST /meetings/:series/invitations/unsubscribe',
    request: async ({ hub, ids }) => {
      const s = await subscriberOf(hub, ids, true);
      return {
        url: `/meetings/${s.series.slug}/invitations/unsubscribe?s=${s.id}&t=${s.unsubscribe}`,
        form: {},
      };
    },
    expect: everyone('200*'),
  },

  // The agenda of a meeting.
  {
    route: 'POST /meetings/:series/:date/topics',
    action: 'topic.propose',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids)).slug}/${NEXT_MEETING}/topics`,
      form: { title: unique('Form topic'), description: '', minutes: '10', idea: '' },
    }),
    expect: signedIn('303*'),
  },
  {
    route: 'POST /topics/:id/status',
    action: 'topic.setStatus',
    owner: ['member'],
    variant: 'withdrawing the member’s topic',
    request: async ({ hub, ids }) => {
      const { series, topic } = await topicOf(hub, ids);
      return {
        url: `/topics/${topic.id}/status`,
        form: { status: 'withdrawn', version: String(topic.version), next: `/meetings/${series.slug}` },
      };
    },
    expect: row('401', '303*', '403', '303*', '303*'),
  },
  {
    route: 'POST /topics/:id/status',
    action: 'topic.setStatus',
    variant: 'accepting the member’s topic',
    request: async ({ hub, ids }) => {
      const { series, topic } = await topicOf(hub, ids);
      return {
        url: `/topics/${topic.id}/status`,
        form: { status: 'accepted', version: String(topic.version), next: `/meetings/${series.slug}` },
      };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'POST /topics/:id/move',
    action: 'topic.arrange',
    request: async ({ hub, ids }) => {
      const { series, topic } = await secondTopicOf(hub, ids);
      return {
        url: `/topics/${topic.id}/move`,
        form: { direction: 'up', version: String(topic.version), next: `/meetings/${series.slug}` },
      };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'POST /topics/:id/minutes',
    action: 'topic.arrange',
    request: async ({ hub, ids }) => {
      const { series, topic } = await topicOf(hub, ids, 'maintainer');
      return {
        url: `/topics/${topic.id}/minutes`,
        form: { minutes: '12', version: String(topic.version), next: `/meetings/${series.slug}` },
      };
    },
    expect: maintainers('303*'),
  },
  // Minutes, decisions and action items: written by maintainers, published for everyone.
  {
    route: 'POST /meetings/:series/:date/minutes',
    action: 'minutes.write',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids)).slug}/${NEXT_MEETING}/minutes`,
      form: { version: '0', text: 'Notes', attendees: '4', attendeeNames: '' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/:date/minutes/publish',
    action: 'minutes.publish',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await draftMinutesOf(hub, ids)).slug}/${NEXT_MEETING}/minutes/publish`,
      form: { version: '1' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/:date/decisions',
    action: 'decision.record',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids)).slug}/${NEXT_MEETING}/decisions`,
      form: { text: unique('Decision'), ideaId: '', status: '', reason: '' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/:date/actions',
    action: 'action.write',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids)).slug}/${NEXT_MEETING}/actions`,
      form: { text: unique('Action'), assignee: '', due: '', ideaId: '' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /actions/:id/done',
    action: 'action.setDone',
    request: async ({ hub, ids }) => {
      const series = await seriesOf(hub, ids);
      const action = await hub.app.minutes.addActionItem(
        (ids.maintainer.user as TestUser).actor,
        series.slug,
        NEXT_MEETING,
        {
          text: unique('Action'),
        },
      );
      return {
        url: `/actions/${action.id}/done`,
        form: { version: String(action.version), done: 'true', next: `/meetings/${series.slug}` },
      };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'GET /meetings/:series/:date/minutes.md',
    variant: 'published minutes',
    request: ({ world }) => ({ url: `/meetings/${world.published.slug}/${NEXT_MEETING}/minutes.md` }),
    expect: everyone('200'),
  },
  {
    // The export is what a docs site publishes: drafts are not there for anyone.
    route: 'GET /meetings/:series/:date/minutes.md',
    variant: 'draft minutes',
    request: ({ world }) => ({ url: `/meetings/${world.draft.slug}/${NEXT_MEETING}/minutes.md` }),
    expect: everyone('404'),
  },
  {
    route: 'POST /meetings/:series/:date/note-taker',
    action: 'minutes.nameNoteTaker',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await seriesOf(hub, ids)).slug}/${NEXT_MEETING}/note-taker`,
      form: { email: (ids.member.user as TestUser).user.email },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /meetings/:series/:date/minutes',
    action: 'minutes.write',
    owner: ['member'],
    variant: 'by the note-taker named for that meeting',
    request: async ({ hub, ids }) => {
      const series = await noteTakenBy(hub, ids);
      return {
        url: `/meetings/${series.slug}/${NEXT_MEETING}/minutes`,
        form: { version: '1', text: 'Notes', attendees: '4', attendeeNames: '' },
      };
    },
    expect: row('401', '303*', '403', '303*', '303*'),
  },
  {
    route: 'POST /meetings/:series/:date/decisions/:id/objections',
    action: 'decision.object',
    request: async ({ hub, ids }) => {
      const { series, decision } = await openDecisionOf(hub, ids);
      return {
        url: `/meetings/${series.slug}/${NEXT_MEETING}/decisions/${decision.id}/objections`,
        form: { reason: 'Not yet' },
      };
    },
    expect: signedIn('303*'),
  },
  {
    route: 'GET /api/v1/series/:slug/occurrences/:date/minutes',
    variant: 'draft minutes',
    api: true,
    request: ({ world }) => ({
      url: `/api/v1/series/${world.draft.slug}/occurrences/${NEXT_MEETING}/minutes`,
    }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/series/:slug/occurrences/:date/minutes',
    variant: 'published minutes',
    api: true,
    request: ({ world }) => ({
      url: `/api/v1/series/${world.published.slug}/occurrences/${NEXT_MEETING}/minutes`,
    }),
    expect: everyone('200'),
  },
  {
    route: 'POST /api/v1/decisions/:id/objections',
    action: 'decision.object',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/decisions/${(await openDecisionOf(hub, ids)).decision.id}/objections`,
      json: { reason: 'Not yet' },
    }),
    expect: signedIn('201*'),
  },
  // The meeting record in the API: notes, note-taker, decisions, objections, action items; and
  // withdrawing a topic. Drafts read as on the page: decisions for maintainers, the rest for writers.
  {
    route: 'PUT /api/v1/series/:slug/occurrences/:date/minutes',
    action: 'minutes.write',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids)).slug}/occurrences/${NEXT_MEETING}/minutes`,
      json: { text: 'Notes', attendees: 4 },
    }),
    expect: maintainers('201*'),
  },
  {
    route: 'PUT /api/v1/series/:slug/occurrences/:date/minutes',
    action: 'minutes.write',
    owner: ['member'],
    variant: 'by the note-taker named for that meeting',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await noteTakenBy(hub, ids)).slug}/occurrences/${NEXT_MEETING}/minutes`,
      json: { text: 'Notes' },
      headers: { 'if-match': '"1"' },
    }),
    expect: row('401', '200*', '403', '200*', '200*'),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/minutes/publish',
    action: 'minutes.publish',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await draftMinutesOf(hub, ids)).slug}/occurrences/${NEXT_MEETING}/minutes/publish`,
      headers: { 'if-match': '"1"' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'PUT /api/v1/series/:slug/occurrences/:date/note-taker',
    action: 'minutes.nameNoteTaker',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids)).slug}/occurrences/${NEXT_MEETING}/note-taker`,
      json: { email: (ids.member.user as TestUser).user.email },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'DELETE /api/v1/series/:slug/occurrences/:date/note-taker',
    action: 'minutes.nameNoteTaker',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await noteTakenBy(hub, ids)).slug}/occurrences/${NEXT_MEETING}/note-taker`,
    }),
    expect: maintainers('204*'),
  },
  ...(['draft', 'published'] as const).flatMap((minutes): Case[] => [
    {
      route: 'GET /api/v1/series/:slug/occurrences/:date/decisions',
      variant: `${minutes} minutes`,
      api: true,
      request: ({ world }) => ({
        url: `/api/v1/series/${world[minutes].slug}/occurrences/${NEXT_MEETING}/decisions`,
      }),
      expect: everyone('200'),
    },
    {
      route: 'GET /api/v1/series/:slug/occurrences/:date/actions',
      variant: `${minutes} minutes`,
      api: true,
      request: ({ world }) => ({
        url: `/api/v1/series/${world[minutes].slug}/occurrences/${NEXT_MEETING}/actions`,
      }),
      expect: everyone('200'),
    },
  ]),
  ...(['', '/objections'] as const).flatMap((tail): Case[] => [
    {
      route: `GET /api/v1/decisions/:id${tail}`,
      variant: 'a decision of published minutes',
      api: true,
      request: async ({ hub, ids, world }) => ({
        url: `/api/v1/decisions/${(await decisionOf(hub, ids, world.published)).id}${tail}`,
      }),
      expect: everyone('200'),
    },
    {
      route: `GET /api/v1/decisions/:id${tail}`,
      variant: 'a decision of draft minutes',
      action: 'decision.readDraft',
      api: true,
      request: async ({ hub, ids, world }) => ({
        url: `/api/v1/decisions/${(await decisionOf(hub, ids, world.draft)).id}${tail}`,
      }),
      expect: maintainers('200'),
    },
  ]),
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/decisions',
    action: 'decision.record',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids)).slug}/occurrences/${NEXT_MEETING}/decisions`,
      json: { text: unique('Decision'), ideaId: (await proposalOf(hub, ids)).slug, status: 'backlog' },
    }),
    expect: maintainers('201*'),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/actions',
    action: 'action.write',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids)).slug}/occurrences/${NEXT_MEETING}/actions`,
      json: { text: unique('Action'), assignee: 'Ada', due: '2026-12-14' },
    }),
    expect: maintainers('201*'),
  },
  {
    route: 'GET /api/v1/actions/:id',
    variant: 'an action item of draft minutes',
    action: 'minutes.readDraft',
    owner: ['member'],
    api: true,
    request: async ({ hub, ids, world }) => {
      const maintainer = (ids.maintainer.user as TestUser).actor;
      const view = await hub.app.minutes.forOccurrence(maintainer, world.draft.slug, NEXT_MEETING);
      return { url: `/api/v1/actions/${view.actionItems[0]?.id}` };
    },
    expect: row('401', '200', '403', '200', '200'),
  },
  {
    route: 'PATCH /api/v1/actions/:id',
    action: 'action.setDone',
    variant: 'ticked off',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/actions/${(await actionOf(hub, ids)).id}`,
      json: { done: true },
      headers: { 'if-match': '"1"' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'PATCH /api/v1/actions/:id',
    action: 'action.write',
    owner: ['member'],
    variant: 'its text, by the note-taker named for that meeting',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/actions/${(await actionOf(hub, ids, await noteTakenBy(hub, ids))).id}`,
      json: { text: 'Reworded', due: null },
      headers: { 'if-match': '"1"' },
    }),
    expect: row('401', '200*', '403', '200*', '200*'),
  },
  {
    route: 'DELETE /api/v1/topics/:id',
    action: 'topic.setStatus',
    owner: ['member'],
    variant: 'withdrawing the member’s topic',
    api: true,
    request: async ({ hub, ids }) => ({ url: `/api/v1/topics/${(await topicOf(hub, ids)).topic.id}` }),
    expect: row('401', '204*', '403', '204*', '204*'),
  },
  {
    route: 'GET /meetings/:series/minutes.atom',
    variant: 'a series with published minutes',
    request: ({ world }) => ({ url: `/meetings/${world.published.slug}/minutes.atom` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /meetings/:series/minutes.atom',
    variant: 'a series with draft minutes only',
    request: ({ world }) => ({ url: `/meetings/${world.draft.slug}/minutes.atom` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/series/:slug/occurrences/:date/agenda',
    api: true,
    request: ({ world }) => ({
      url: `/api/v1/series/${world.draft.slug}/occurrences/${NEXT_MEETING}/agenda`,
    }),
    expect: everyone('200'),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/topics',
    action: 'topic.propose',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids)).slug}/occurrences/${NEXT_MEETING}/topics`,
      json: { title: unique('API topic'), minutes: 10 },
    }),
    expect: signedIn('201*'),
  },
  {
    route: 'POST /api/v1/topics/:id/status',
    action: 'topic.setStatus',
    owner: ['member'],
    variant: 'withdrawing the member’s topic',
    api: true,
    request: async ({ hub, ids }) => {
      const { topic } = await topicOf(hub, ids);
      return {
        url: `/api/v1/topics/${topic.id}/status`,
        json: { status: 'withdrawn' },
        headers: { 'if-match': `"${topic.version}"` },
      };
    },
    expect: row('401', '200*', '403', '200*', '200*'),
  },
  {
    route: 'POST /api/v1/topics/:id/move',
    action: 'topic.arrange',
    api: true,
    request: async ({ hub, ids }) => {
      const { topic } = await secondTopicOf(hub, ids);
      return {
        url: `/api/v1/topics/${topic.id}/move`,
        json: { direction: 'up' },
        headers: { 'if-match': `"${topic.version}"` },
      };
    },
    expect: maintainers('200*'),
  },
  {
    route: 'PATCH /api/v1/topics/:id',
    action: 'topic.arrange',
    api: true,
    request: async ({ hub, ids }) => {
      const { topic } = await topicOf(hub, ids, 'maintainer');
      return {
        url: `/api/v1/topics/${topic.id}`,
        json: { minutes: 12 },
        headers: { 'if-match': `"${topic.version}"` },
      };
    },
    expect: maintainers('200*'),
  },

  // The planning board and the roadmap.
  { route: 'GET /board', request: () => ({ url: '/board' }), expect: everyone('200') },
  {
    route: 'GET /board/events',
    stream: true,
    request: () => ({ url: '/board/events' }),
    // Opening a stream is counted (connections per client, shared by instances).
    expect: everyone('200*'),
  },
  {
    route: 'GET /boards/:id/events',
    stream: true,
    request: ({ world }) => ({ url: `/boards/${world.board.slug}/events` }),
    // Opening a stream is counted (connections per client, shared by instances).
    expect: everyone('200*'),
  },
  {
    route: 'GET /boards/:id',
    request: ({ world }) => ({ url: `/boards/${world.board.slug}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /assets/drag.js',
    request: () => ({ url: '/assets/drag.js' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /assets/agenda-drag.js',
    request: () => ({ url: '/assets/agenda-drag.js' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /assets/idea-picker.js',
    request: () => ({ url: '/assets/idea-picker.js' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /assets/favicon.svg',
    request: () => ({ url: '/assets/favicon.svg' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /assets/mentions.js',
    request: () => ({ url: '/assets/mentions.js' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /assets/board-drag.js',
    request: () => ({ url: '/assets/board-drag.js' }),
    expect: everyone('200'),
  },
  {
    route: 'POST /boards/:id/items',
    action: 'board.edit',
    request: async ({ hub, ids }) => ({
      url: `/boards/${(await boardItemOf(hub, ids)).board.slug}/items`,
      form: {
        title: unique('Form item'),
        column: '',
        body: '',
        links: 'https://github.com/acme/plenum/issues/1',
        labels: 'ui',
        assignees: 'Ada',
        idea: '',
      },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /boards/:id/items',
    action: 'board.edit',
    variant: 'the first item creates the default board',
    request: () => ({ url: '/boards/default/items', form: { title: unique('Default item') } }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /boards/:id/columns',
    action: 'board.edit',
    request: async ({ hub, ids }) => ({
      url: `/boards/${(await boardItemOf(hub, ids)).board.slug}/columns`,
      form: { name: unique('Column').slice(0, 40), done: '' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /columns/:id',
    action: 'board.edit',
    request: async ({ hub, ids }) => {
      const { board, column } = await boardItemOf(hub, ids);
      return {
        url: `/columns/${column.id}`,
        form: {
          action: 'save',
          name: 'Later',
          done: '',
          version: String(column.version),
          next: `/boards/${board.slug}`,
        },
      };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'POST /items/:id/move',
    action: 'board.edit',
    request: async ({ hub, ids }) => {
      const { board, item } = await boardItemOf(hub, ids);
      return {
        url: `/items/${item.id}/move`,
        form: { to: 'right', version: '1', next: `/boards/${board.slug}` },
      };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'GET /items/:id/edit',
    action: 'board.edit',
    request: ({ world }) => ({ url: `/items/${world.board.itemId}/edit` }),
    expect: maintainers('200'),
  },
  {
    route: 'GET /items/:id/edit',
    variant: 'a card on a board of the group the other member leads',
    action: 'board.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => {
      const { board, item } = await boardItemOf(hub, ids);
      const group = await groupLedByOther(hub, ids);
      await hub.app.groups.assign(userOf(ids.admin).actor, 'board', board.slug, group.slug);
      return { url: `/items/${item.id}/edit` };
    },
    expect: row('401', '403', '200', '200', '200'),
  },
  {
    route: 'GET /items/:id/edit',
    variant: 'a card on a board of a group the other member does not lead',
    action: 'board.edit',
    request: async ({ hub, ids }) => {
      const { board, item } = await boardItemOf(hub, ids);
      const group = await groupOfNobody(hub, ids);
      await hub.app.groups.assign(userOf(ids.admin).actor, 'board', board.slug, group.slug);
      return { url: `/items/${item.id}/edit` };
    },
    expect: maintainers('200'),
  },
  {
    route: 'POST /items/:id/edit',
    action: 'board.edit',
    request: async ({ hub, ids }) => ({
      url: `/items/${(await boardItemOf(hub, ids)).item.id}/edit`,
      form: { title: 'Edited', body: 'More', links: '', labels: '', assignees: '', idea: '', version: '1' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /items/:id/nominate',
    action: 'item.nominate',
    request: async ({ hub, ids }) => {
      const [{ item }, series] = await Promise.all([boardItemOf(hub, ids), seriesOf(hub, ids)]);
      return { url: `/items/${item.id}/nominate`, form: { series: series.slug } };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'POST /api/v1/items/:id/nominations',
    action: 'item.nominate',
    api: true,
    request: async ({ hub, ids }) => {
      const [{ item }, series] = await Promise.all([boardItemOf(hub, ids), seriesOf(hub, ids)]);
      return { url: `/api/v1/items/${item.id}/nominations`, json: { series: series.slug } };
    },
    expect: maintainers('201*'),
  },
  {
    route: 'GET /boards/:id/import',
    action: 'github.import',
    request: ({ world }) => ({ url: `/boards/${world.board.slug}/import` }),
    expect: maintainers('200'),
  },
  {
    // A form without a file (the matrix sends no multipart) is a readable refusal that stores nothing.
    route: 'POST /boards/:id/import',
    action: 'github.import',
    request: async ({ hub, ids }) => ({
      url: `/boards/${(await boardItemOf(hub, ids)).board.slug}/import`,
      form: { fields: '', dryRun: 'true' },
    }),
    expect: maintainers('422'),
  },
  { route: 'GET /roadmap', request: () => ({ url: '/roadmap' }), expect: everyone('200') },
  {
    route: 'POST /roadmap/:idea',
    action: 'roadmap.edit',
    request: async ({ hub, ids }) => ({
      url: `/roadmap/${(await proposalOf(hub, ids)).slug}`,
      form: { horizon: 'later', version: '0' },
    }),
    expect: maintainers('303*'),
  },
  // Groups: read by everyone, made by admins; `other` leads the groups of the rows that say so.
  { route: 'GET /groups', request: () => ({ url: '/groups' }), expect: everyone('200') },
  {
    route: 'GET /groups/:slug',
    request: async ({ hub, ids }) => ({ url: `/groups/${(await groupLedByOther(hub, ids)).slug}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /groups/new',
    action: 'group.manage',
    request: () => ({ url: '/groups/new' }),
    expect: admins('200'),
  },
  {
    route: 'POST /groups',
    action: 'group.manage',
    request: () => ({ url: '/groups', form: { name: unique('Form group'), description: '', members: '' } }),
    expect: admins('303*'),
  },
  {
    route: 'GET /groups/:slug/edit',
    action: 'group.manage',
    request: async ({ hub, ids }) => ({ url: `/groups/${(await groupOfNobody(hub, ids)).slug}/edit` }),
    expect: admins('200'),
  },
  {
    route: 'POST /groups/:slug/edit',
    action: 'group.manage',
    request: async ({ hub, ids }) => {
      const group = await groupOfNobody(hub, ids);
      return { url: `/groups/${group.slug}/edit`, form: { name: unique('Renamed'), version: '1' } };
    },
    expect: admins('303*'),
  },
  {
    route: 'GET /api/v1/groups',
    api: true,
    request: () => ({ url: '/api/v1/groups' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/groups/:slug',
    api: true,
    request: async ({ hub, ids }) => ({ url: `/api/v1/groups/${(await groupLedByOther(hub, ids)).slug}` }),
    expect: everyone('200'),
  },
  {
    route: 'POST /api/v1/groups',
    action: 'group.manage',
    api: true,
    request: () => ({ url: '/api/v1/groups', json: { name: unique('API group') } }),
    expect: admins('201*'),
  },
  {
    route: 'PATCH /api/v1/groups/:slug',
    action: 'group.manage',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/groups/${(await groupOfNobody(hub, ids)).slug}`,
      json: { description: unique('About') },
      headers: { 'if-match': '"1"' },
    }),
    expect: admins('200*'),
  },
  {
    route: 'PUT /api/v1/groups/:slug/members/:handle',
    variant: 'a member added to the group the other member leads',
    action: 'group.members',
    owner: ['other'],
    api: true,
    request: async ({ hub, ids }) => {
      const group = await groupLedByOther(hub, ids);
      const newcomer = await quickUser(hub, 'member');
      return { url: `/api/v1/groups/${group.slug}/members/${newcomer.user.handle}`, json: {} };
    },
    expect: row('401', '403', '200*', '403', '200*'),
  },
  {
    route: 'PUT /api/v1/groups/:slug/members/:handle',
    variant: 'a member added to a group the other member does not lead',
    action: 'group.members',
    api: true,
    request: async ({ hub, ids }) => {
      const group = await groupOfNobody(hub, ids);
      const newcomer = await quickUser(hub, 'member');
      return { url: `/api/v1/groups/${group.slug}/members/${newcomer.user.handle}`, json: {} };
    },
    expect: admins('200*'),
  },
  {
    route: 'DELETE /api/v1/groups/:slug/members/:handle',
    action: 'group.members',
    owner: ['other'],
    api: true,
    request: async ({ hub, ids }) => {
      const group = await groupLedByOther(hub, ids);
      return { url: `/api/v1/groups/${group.slug}/members/${(ids.member.user as TestUser).user.handle}` };
    },
    expect: row('401', '403', '200*', '403', '200*'),
  },
  {
    route: 'PUT /api/v1/ideas/:id/group',
    variant: 'into the group the other member leads',
    action: 'group.assign',
    owner: ['other'],
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await backlogIdeaOfMember(hub, ids)).id}/group`,
      json: { group: (await groupLedByOther(hub, ids)).slug },
    }),
    expect: row('401', '403', '204*', '204*', '204*'),
  },
  {
    route: 'PUT /api/v1/ideas/:id/group',
    variant: 'from another group into the one the other member leads',
    action: 'group.assign',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await groupIdeaOf(hub, ids, await groupOfNobody(hub, ids))).id}/group`,
      json: { group: (await groupLedByOther(hub, ids)).slug },
    }),
    expect: maintainers('204*'),
  },
  {
    route: 'PUT /api/v1/series/:slug/group',
    action: 'group.assign',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids, false)).slug}/group`,
      json: { group: (await groupOfNobody(hub, ids)).slug },
    }),
    expect: maintainers('204*'),
  },
  {
    route: 'PUT /api/v1/boards/:id/group',
    action: 'group.assign',
    api: true,
    request: async ({ hub, ids }) => {
      const board = await hub.app.board.createBoard((ids.maintainer.user as TestUser).actor, {
        title: unique('Board'),
      });
      return {
        url: `/api/v1/boards/${board.id}/group`,
        json: { group: (await groupOfNobody(hub, ids)).slug },
      };
    },
    expect: maintainers('204*'),
  },
  // Out of every group: a lead would lose what they moved, so only maintainers (group-lead-moves.test.ts).
  {
    route: 'PUT /api/v1/ideas/:id/group',
    variant: 'out of the group the other member leads',
    action: 'group.assign',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await groupIdeaOf(hub, ids, await groupLedByOther(hub, ids))).id}/group`,
      json: { group: null },
    }),
    expect: maintainers('204*'),
  },
  {
    route: 'PUT /api/v1/series/:slug/group',
    variant: 'out of the group the other member leads',
    action: 'group.assign',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await groupSeriesOf(hub, ids, await groupLedByOther(hub, ids))).slug}/group`,
      json: { group: null },
    }),
    expect: maintainers('204*'),
  },
  {
    route: 'PUT /api/v1/boards/:id/group',
    variant: 'out of the group the other member leads',
    action: 'group.assign',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/boards/${(await boardOfGroup(hub, ids, await groupLedByOther(hub, ids))).id}/group`,
      json: { group: '' },
    }),
    expect: maintainers('204*'),
  },
  {
    route: 'POST /boards/:id/edit',
    variant: 'a board of the group the other member leads, taken out of every group',
    action: 'board.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => {
      const board = await boardOfGroup(hub, ids, await groupLedByOther(hub, ids));
      return {
        url: `/boards/${board.slug}/edit`,
        form: { title: board.title, group: '', version: String(board.version) },
      };
    },
    expect: row('401', '403', '422', '303*', '303*'),
  },
  {
    route: 'POST /meetings/:series/edit',
    variant: 'a series of the group the other member leads, taken out of every group',
    action: 'series.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => {
      const series = await groupSeriesOf(hub, ids, await groupLedByOther(hub, ids));
      return {
        url: `/meetings/${series.slug}/edit`,
        form: { ...SERIES_FORM, title: series.title, group: '', version: String(series.version) },
      };
    },
    expect: row('401', '403', '422', '303*', '303*'),
  },
  // The forms of a series and a board are their group's leads' too (the group field: group-forms.test.ts).
  {
    route: 'GET /meetings/new',
    variant: 'the other member leading a group',
    action: 'series.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => {
      await groupLedByOther(hub, ids);
      return { url: '/meetings/new' };
    },
    expect: row('401', '403', '200', '200', '200'),
  },
  {
    route: 'POST /meetings/new',
    variant: 'in the group the other member leads',
    action: 'series.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => ({
      url: '/meetings/new',
      form: { ...SERIES_FORM, title: unique('Lead series'), group: (await groupLedByOther(hub, ids)).slug },
    }),
    expect: row('401', '403', '303*', '303*', '303*'),
  },
  {
    route: 'POST /meetings/new',
    variant: 'in a group the other member does not lead',
    action: 'series.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => {
      await groupLedByOther(hub, ids);
      const group = await groupOfNobody(hub, ids);
      return { url: '/meetings/new', form: { ...SERIES_FORM, title: unique('Foreign'), group: group.slug } };
    },
    expect: row('401', '403', '422', '303*', '303*'),
  },
  {
    route: 'GET /meetings/:series/edit',
    variant: 'a series of the group the other member leads',
    action: 'series.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await groupSeriesOf(hub, ids, await groupLedByOther(hub, ids))).slug}/edit`,
    }),
    expect: row('401', '403', '200', '200', '200'),
  },
  {
    route: 'GET /meetings/:series/edit',
    variant: 'a series of another group',
    action: 'series.edit',
    request: async ({ hub, ids }) => ({
      url: `/meetings/${(await groupSeriesOf(hub, ids, await groupOfNobody(hub, ids))).slug}/edit`,
    }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /meetings/:series/edit',
    variant: 'a series of the group the other member leads',
    action: 'series.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => {
      const series = await groupSeriesOf(hub, ids, await groupLedByOther(hub, ids));
      return {
        url: `/meetings/${series.slug}/edit`,
        form: { ...SERIES_FORM, title: series.title, languages: 'German', version: String(series.version) },
      };
    },
    expect: row('401', '403', '303*', '303*', '303*'),
  },
  {
    route: 'POST /meetings/:series/edit',
    variant: 'a series of another group',
    action: 'series.edit',
    request: async ({ hub, ids }) => {
      const series = await groupSeriesOf(hub, ids, await groupOfNobody(hub, ids));
      return {
        url: `/meetings/${series.slug}/edit`,
        form: { ...SERIES_FORM, title: series.title, languages: 'German', version: String(series.version) },
      };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'GET /boards/:id/edit',
    action: 'board.edit',
    request: async ({ hub, ids }) => ({ url: `/boards/${(await boardOfGroup(hub, ids, null)).slug}/edit` }),
    expect: maintainers('200'),
  },
  {
    route: 'GET /boards/:id/edit',
    variant: 'a board of the group the other member leads',
    action: 'board.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => ({
      url: `/boards/${(await boardOfGroup(hub, ids, await groupLedByOther(hub, ids))).slug}/edit`,
    }),
    expect: row('401', '403', '200', '200', '200'),
  },
  {
    route: 'GET /boards/:id/edit',
    variant: 'the default board, stored or not',
    action: 'board.edit',
    request: () => ({ url: '/boards/default/edit' }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /boards/:id/edit',
    variant: 'the default board, stored by its first save',
    action: 'board.edit',
    request: async ({ hub }) => ({
      url: '/boards/default/edit',
      form: { title: unique('Default'), version: String((await hub.app.board.board('default')).version) },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'POST /boards/:id/edit',
    action: 'board.edit',
    request: async ({ hub, ids }) => {
      const board = await boardOfGroup(hub, ids, null);
      return {
        url: `/boards/${board.slug}/edit`,
        form: { title: unique('Renamed'), version: String(board.version) },
      };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'POST /boards/:id/edit',
    variant: 'a board of the group the other member leads',
    action: 'board.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => {
      const board = await boardOfGroup(hub, ids, await groupLedByOther(hub, ids));
      return {
        url: `/boards/${board.slug}/edit`,
        form: { title: unique('Renamed'), version: String(board.version) },
      };
    },
    expect: row('401', '403', '303*', '303*', '303*'),
  },
  {
    route: 'PATCH /api/v1/boards/:id',
    action: 'board.edit',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/boards/${(await boardOfGroup(hub, ids, null)).id}`,
      json: { title: unique('Renamed') },
      headers: { 'if-match': '*' },
    }),
    expect: maintainers('200*'),
  },
  // A group's lead acts as a maintainer on what belongs to their group, and only there.
  {
    route: 'POST /api/v1/ideas/:id/status',
    variant: 'an idea of the group the other member leads',
    action: 'idea.changeStatus',
    owner: ['other'],
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await groupIdeaOf(hub, ids, await groupLedByOther(hub, ids))).id}/status`,
      json: { status: 'roadmap', reason: 'Agreed' },
      headers: { 'if-match': '*' },
    }),
    expect: row('401', '403', '200*', '200*', '200*'),
  },
  {
    route: 'POST /api/v1/ideas/:id/status',
    variant: 'an idea of another group',
    action: 'idea.changeStatus',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await groupIdeaOf(hub, ids, await groupOfNobody(hub, ids))).id}/status`,
      json: { status: 'roadmap', reason: 'Agreed' },
      headers: { 'if-match': '*' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/decisions',
    variant: 'a meeting of the group the other member leads',
    action: 'decision.record',
    owner: ['other'],
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await groupSeriesOf(hub, ids, await groupLedByOther(hub, ids))).slug}/occurrences/${NEXT_MEETING}/decisions`,
      json: { text: unique('Decided') },
    }),
    expect: row('401', '403', '201*', '201*', '201*'),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/decisions',
    variant: 'a meeting of another group',
    action: 'decision.record',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await groupSeriesOf(hub, ids, await groupOfNobody(hub, ids))).slug}/occurrences/${NEXT_MEETING}/decisions`,
      json: { text: unique('Decided') },
    }),
    expect: maintainers('201*'),
  },
  {
    route: 'POST /ideas/:slug/status',
    variant: 'an idea of the group the other member leads',
    action: 'idea.changeStatus',
    owner: ['other'],
    request: async ({ hub, ids }) => ({
      url: `/ideas/${(await groupIdeaOf(hub, ids, await groupLedByOther(hub, ids))).slug}/status`,
      form: { status: 'roadmap', reason: 'Agreed', version: '2' },
    }),
    expect: row('401', '403', '303*', '303*', '303*'),
  },
  {
    route: 'POST /ideas/:slug/status',
    variant: 'an idea of a group the other member does not lead',
    action: 'idea.changeStatus',
    request: async ({ hub, ids }) => ({
      url: `/ideas/${(await groupIdeaOf(hub, ids, await groupOfNobody(hub, ids))).slug}/status`,
      form: { status: 'roadmap', reason: 'Agreed', version: '2' },
    }),
    expect: maintainers('303*'),
  },
  {
    route: 'GET /ideas/:slug/edit',
    variant: 'an idea of the group the other member leads',
    action: 'idea.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => ({
      url: `/ideas/${(await groupIdeaOf(hub, ids, await groupLedByOther(hub, ids))).slug}/edit`,
    }),
    expect: row('401', '403', '200', '200', '200'),
  },
  {
    route: 'GET /ideas/:slug/edit',
    variant: 'an idea of a group the other member does not lead',
    action: 'idea.edit',
    request: async ({ hub, ids }) => ({
      url: `/ideas/${(await groupIdeaOf(hub, ids, await groupOfNobody(hub, ids))).slug}/edit`,
    }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /ideas/:slug/edit',
    variant: 'an idea of the group the other member leads',
    action: 'idea.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => ({
      url: `/ideas/${(await groupIdeaOf(hub, ids, await groupLedByOther(hub, ids))).slug}/edit`,
      form: { title: unique('Edited by the lead'), version: '2' },
    }),
    expect: row('401', '403', '303*', '303*', '303*'),
  },
  ...LEAD_CASES,
  // Enhancement proposals: read by everyone, written and moved by maintainers.
  { route: 'GET /proposals', request: () => ({ url: '/proposals?state=accepted' }), expect: everyone('200') },
  {
    route: 'GET /proposals/:number',
    request: async ({ hub, ids }) => ({ url: `/proposals/${(await mepOf(hub, ids)).number}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /docs/proposals.md',
    request: () => ({ url: '/docs/proposals.md' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /proposals/new',
    action: 'proposal.create',
    request: () => ({ url: '/proposals/new' }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /proposals',
    action: 'proposal.create',
    request: () => ({ url: '/proposals', form: { title: unique('Form proposal'), text: '', authors: '' } }),
    expect: maintainers('303*'),
  },
  {
    route: 'GET /proposals/:number/edit',
    action: 'proposal.edit',
    request: async ({ hub, ids }) => ({ url: `/proposals/${(await mepOf(hub, ids)).number}/edit` }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /proposals/:number/edit',
    action: 'proposal.edit',
    request: async ({ hub, ids }) => {
      const mep = await mepOf(hub, ids);
      return { url: `/proposals/${mep.number}/edit`, form: { title: unique('Edited'), version: '1' } };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'POST /proposals/:number/state',
    action: 'proposal.changeState',
    request: async ({ hub, ids }) => {
      const mep = await mepOf(hub, ids);
      return {
        url: `/proposals/${mep.number}/state`,
        form: { state: 'accepted', reason: 'Agreed', version: '1' },
      };
    },
    expect: maintainers('303*'),
  },
  {
    route: 'POST /proposals/:number/nominate',
    action: 'proposal.nominate',
    request: async ({ hub, ids }) => {
      const [mep, series] = await Promise.all([mepOf(hub, ids), seriesOf(hub, ids)]);
      return { url: `/proposals/${mep.number}/nominate`, form: { series: series.slug } };
    },
    expect: signedIn('303*'),
  },
  {
    route: 'POST /api/v1/proposals/:number/nominations',
    action: 'proposal.nominate',
    api: true,
    request: async ({ hub, ids }) => {
      const [mep, series] = await Promise.all([mepOf(hub, ids), seriesOf(hub, ids)]);
      return { url: `/api/v1/proposals/${mep.number}/nominations`, json: { series: series.slug } };
    },
    expect: signedIn('201*'),
  },
  {
    route: 'GET /api/v1/proposals',
    api: true,
    request: () => ({ url: '/api/v1/proposals' }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/proposals/:number',
    api: true,
    request: async ({ hub, ids }) => ({ url: `/api/v1/proposals/${(await mepOf(hub, ids)).number}` }),
    expect: everyone('200'),
  },
  {
    route: 'POST /api/v1/proposals',
    action: 'proposal.create',
    api: true,
    request: () => ({ url: '/api/v1/proposals', json: { title: unique('API proposal') } }),
    expect: maintainers('201*'),
  },
  {
    route: 'PATCH /api/v1/proposals/:number',
    action: 'proposal.edit',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/proposals/${(await mepOf(hub, ids)).number}`,
      json: { title: unique('Edited') },
      headers: { 'if-match': '"1"' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/proposals/:number/state',
    action: 'proposal.changeState',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/proposals/${(await mepOf(hub, ids)).number}/state`,
      json: { state: 'accepted', reason: 'Agreed' },
      headers: { 'if-match': '"1"' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'GET /api/v1/boards',
    api: true,
    request: () => ({ url: '/api/v1/boards' }),
    expect: everyone('200'),
  },
  {
    route: 'POST /api/v1/boards',
    action: 'board.edit',
    api: true,
    request: () => ({ url: '/api/v1/boards', json: { title: unique('API board') } }),
    expect: maintainers('201*'),
  },
  {
    route: 'POST /api/v1/boards',
    variant: 'in the group the other member leads',
    action: 'board.edit',
    owner: ['other'],
    api: true,
    request: async ({ hub, ids }) => ({
      url: '/api/v1/boards',
      json: { title: unique('API board'), group: (await groupLedByOther(hub, ids)).slug },
    }),
    expect: row('401', '403', '201*', '201*', '201*'),
  },
  {
    route: 'POST /api/v1/boards',
    variant: 'in a group the other member does not lead',
    action: 'board.edit',
    api: true,
    request: async ({ hub, ids }) => {
      await groupLedByOther(hub, ids);
      return {
        url: '/api/v1/boards',
        json: { title: unique('API board'), group: (await groupOfNobody(hub, ids)).slug },
      };
    },
    expect: maintainers('201*'),
  },
  // A new board from its form: maintainers anywhere, a group's lead in their group (group-boards.test.ts).
  {
    route: 'GET /boards/new',
    variant: 'the other member leading a group',
    action: 'board.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => {
      await groupLedByOther(hub, ids);
      return { url: '/boards/new' };
    },
    expect: row('401', '403', '200', '200', '200'),
  },
  {
    route: 'POST /boards',
    variant: 'in no group, the other member leading a group',
    action: 'board.edit',
    // A lead makes boards in their groups only: no group is a problem of the form's group field.
    owner: ['other'],
    request: async ({ hub, ids }) => {
      await groupLedByOther(hub, ids);
      return { url: '/boards', form: { title: unique('Form board'), group: '' } };
    },
    expect: row('401', '403', '422', '303*', '303*'),
  },
  {
    route: 'POST /boards',
    variant: 'in the group the other member leads',
    action: 'board.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => ({
      url: '/boards',
      form: { title: unique('Form board'), group: (await groupLedByOther(hub, ids)).slug },
    }),
    expect: row('401', '403', '303*', '303*', '303*'),
  },
  {
    route: 'POST /boards',
    variant: 'in a group the other member does not lead',
    action: 'board.edit',
    owner: ['other'],
    request: async ({ hub, ids }) => {
      await groupLedByOther(hub, ids);
      return {
        url: '/boards',
        form: { title: unique('Form board'), group: (await groupOfNobody(hub, ids)).slug },
      };
    },
    expect: row('401', '403', '422', '303*', '303*'),
  },
  {
    route: 'GET /api/v1/boards/:id',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/boards/${world.board.slug}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/boards/:id/items',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/boards/${world.board.slug}/items?limit=10` }),
    expect: everyone('200'),
  },
  {
    route: 'POST /api/v1/boards/:id/items',
    action: 'board.edit',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/boards/${(await boardItemOf(hub, ids)).board.slug}/items`,
      json: { title: unique('API item'), column: 'done', labels: ['api'] },
    }),
    expect: maintainers('201*'),
  },
  {
    route: 'GET /api/v1/items/:id',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/items/${world.board.itemId}` }),
    expect: everyone('200'),
  },
  {
    route: 'PATCH /api/v1/items/:id',
    action: 'board.edit',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/items/${(await boardItemOf(hub, ids)).item.id}`,
      json: { title: 'Patched', assignees: ['Ada'] },
      headers: { 'if-match': '"1"' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/items/:id/move',
    action: 'board.edit',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/items/${(await boardItemOf(hub, ids)).item.id}/move`,
      json: { column: 'in_progress', position: 0 },
      headers: { 'if-match': '"1"' },
    }),
    expect: maintainers('200*'),
  },

  // Board columns, the roadmap and the imports in the JSON API.
  {
    route: 'GET /api/v1/boards/:id/columns',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/boards/${world.board.slug}/columns?limit=10` }),
    expect: everyone('200'),
  },
  {
    route: 'POST /api/v1/boards/:id/columns',
    action: 'board.edit',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/boards/${(await boardItemOf(hub, ids)).board.slug}/columns`,
      json: { name: 'API column', done: true },
    }),
    expect: maintainers('201*'),
  },
  {
    route: 'GET /api/v1/columns/:id',
    api: true,
    request: async ({ hub, world }) => {
      const column = (await hub.app.board.view(world.board.slug)).columns[0];
      return { url: `/api/v1/columns/${column?.id}` };
    },
    expect: everyone('200'),
  },
  {
    route: 'PATCH /api/v1/columns/:id',
    action: 'board.edit',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/columns/${(await boardItemOf(hub, ids)).column.id}`,
      json: { name: 'Patched column', done: true },
      headers: { 'if-match': '"1"' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/columns/:id/move',
    action: 'board.edit',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/columns/${(await boardItemOf(hub, ids)).column.id}/move`,
      json: { position: 2 },
      headers: { 'if-match': '*' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'GET /api/v1/roadmap',
    api: true,
    request: () => ({ url: '/api/v1/roadmap' }),
    expect: everyone('200'),
  },
  {
    route: 'PUT /api/v1/ideas/:id/horizon',
    action: 'roadmap.edit',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await proposalOf(hub, ids)).slug}/horizon`,
      json: { horizon: 'later' },
      headers: { 'if-match': '"0"' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/boards/:id/import',
    action: 'github.import',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/boards/${(await boardItemOf(hub, ids)).board.slug}/import`,
      json: {
        items: [{ id: unique('PVTI'), content: { title: 'Imported' }, status: 'Done' }],
        totalCount: 1,
      },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/boards/:id/import',
    action: 'github.import',
    variant: 'a dry run, which stores nothing',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/boards/${(await boardItemOf(hub, ids)).board.slug}/import?dryRun=true`,
      json: { items: [{ id: 'PVTI_dry', content: { title: 'Dry' }, status: 'Todo' }] },
    }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /api/v1/imports/planning-page',
    action: 'page.import',
    variant: 'a dry run, which stores nothing',
    api: true,
    request: async ({ hub }) => {
      const page = await hub.server.inject({ method: 'GET', url: '/api/v1/planning-page' });
      return { url: '/api/v1/imports/planning-page?dryRun=true', json: { markdown: page.body, lang: 'en' } };
    },
    expect: maintainers('200'),
  },
  {
    route: 'POST /api/v1/imports/planning-page',
    action: 'page.import',
    api: true,
    request: async ({ hub }) => {
      // The page as exported, with one more idea in its backlog: what a script imports back.
      const page = await hub.server.inject({ method: 'GET', url: '/api/v1/planning-page' });
      return {
        url: '/api/v1/imports/planning-page',
        json: { markdown: `${page.body.trimEnd()}\n- ${unique('Imported idea')}\n`, lang: 'en' },
      };
    },
    expect: maintainers('200*'),
  },
  {
    route: 'GET /api/v1/planning-page',
    api: true,
    request: () => ({ url: '/api/v1/planning-page?include=roadmap' }),
    expect: everyone('200'),
  },

  // The planning page for docs sites, and its import.
  { route: 'GET /docs/planning.md', request: () => ({ url: '/docs/planning.md' }), expect: everyone('200') },
  {
    route: 'GET /docs/import',
    action: 'page.import',
    request: () => ({ url: '/docs/import' }),
    expect: maintainers('200'),
  },
  {
    route: 'POST /docs/import',
    action: 'page.import',
    variant: 'a preview, which stores nothing',
    request: async ({ hub, ids }) => {
      // The page as exported, with one more idea: what a maintainer edits and imports back.
      await proposalOf(hub, ids);
      const page = await hub.server.inject({ method: 'GET', url: '/docs/planning.md' });
      return { url: '/docs/import', form: { text: page.body, lang: 'en', action: 'preview' } };
    },
    expect: maintainers('200'),
  },

  // The JSON API.
  {
    route: 'GET /api/v1/me',
    action: 'account.edit',
    api: true,
    request: () => ({ url: '/api/v1/me' }),
    expect: signedIn('200'),
  },
  {
    route: 'GET /api/v1/ideas',
    api: true,
    request: () => ({ url: '/api/v1/ideas' }),
    expect: everyone('200'),
  },
  // Accounts, tokens, users and settings in the JSON API.
  {
    route: 'PATCH /api/v1/me',
    action: 'account.edit',
    api: true,
    request: () => ({ url: '/api/v1/me', json: { name: unique('Renamed') }, headers: { 'if-match': '*' } }),
    expect: signedIn('200*'),
  },
  {
    route: 'POST /api/v1/me/password',
    action: 'account.edit',
    api: true,
    fresh: true,
    request: () => ({ url: '/api/v1/me/password', json: PASSWORD_CHANGE }),
    expect: signedIn('200*'),
  },
  {
    route: 'GET /api/v1/tokens',
    action: 'tokens.manage',
    api: true,
    request: () => ({ url: '/api/v1/tokens' }),
    expect: signedIn('200'),
  },
  {
    route: 'POST /api/v1/tokens',
    action: 'tokens.manage',
    api: true,
    request: () => ({ url: '/api/v1/tokens', json: { name: 'script', expiresInDays: 30 } }),
    expect: signedIn('201*'),
  },
  {
    route: 'DELETE /api/v1/tokens/:id',
    action: 'tokens.manage',
    variant: 'the member’s own token',
    api: true,
    request: async ({ hub, ids }) => {
      const { id } = await hub.app.accounts.createApiToken((ids.member.user as TestUser).actor, 'to revoke');
      return { url: `/api/v1/tokens/${id}` };
    },
    expect: row('401', '204*', '404', '404', '404'),
  },
  {
    route: 'GET /api/v1/me/sessions',
    action: 'sessions.manage',
    api: true,
    request: () => ({ url: '/api/v1/me/sessions' }),
    expect: signedIn('200'),
  },
  {
    route: 'DELETE /api/v1/me/sessions/:id',
    action: 'sessions.manage',
    variant: 'the member’s own session',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/me/sessions/${await extraSessionOf(hub, ids.member.user as TestUser)}`,
    }),
    expect: row('401', '204*', '404', '404', '404'),
  },
  {
    route: 'GET /api/v1/me/identities',
    action: 'identity.unlink',
    api: true,
    request: () => ({ url: '/api/v1/me/identities' }),
    expect: signedIn('200'),
  },
  {
    route: 'DELETE /api/v1/me/identities/:id',
    action: 'identity.unlink',
    variant: 'the member’s own linked sign-in',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/me/identities/${await linkedIdentityOf(hub, ids.member.user as TestUser)}`,
    }),
    expect: row('401', '204*', '404', '404', '404'),
  },
  {
    route: 'DELETE /api/v1/me/sessions',
    action: 'sessions.manage',
    api: true,
    fresh: true,
    request: () => ({ url: '/api/v1/me/sessions' }),
    expect: signedIn('204*'),
  },
  {
    route: 'POST /api/v1/me/password-reset',
    action: 'password.reset',
    api: true,
    request: () => ({ url: '/api/v1/me/password-reset', json: { email: uniqueEmail() } }),
    expect: everyone('202*'),
  },
  {
    route: 'POST /api/v1/password-reset',
    action: 'password.reset',
    api: true,
    request: async ({ hub }) => {
      const { user } = await quickUser(hub, 'member');
      const { token } = await hub.app.passwordReset.resetLinkFor(user.email);
      return { url: '/api/v1/password-reset', json: { token, password: 'a brand new passphrase' } };
    },
    expect: everyone('200*'),
  },
  {
    route: 'POST /api/v1/password-reset',
    variant: 'a forged link',
    action: 'password.reset',
    api: true,
    request: () => ({
      url: '/api/v1/password-reset',
      json: { token: 'forged', password: 'a brand new passphrase' },
    }),
    expect: everyone('400'),
  },
  {
    route: 'POST /api/v1/me/verification',
    action: 'account.edit',
    api: true,
    fresh: true,
    request: () => ({ url: '/api/v1/me/verification' }),
    expect: signedIn('202*'),
  },
  {
    route: 'POST /api/v1/email-verification',
    variant: 'a forged link',
    action: 'email.verify',
    api: true,
    request: () => ({ url: '/api/v1/email-verification', json: { token: 'forged' } }),
    expect: everyone('400'),
  },
  {
    route: 'POST /api/v1/users/:id/reset-link',
    action: 'users.resetPassword',
    api: true,
    request: async ({ hub }) => ({
      url: `/api/v1/users/${(await quickUser(hub, 'member')).user.id}/reset-link`,
    }),
    expect: admins('200*'),
  },
  {
    route: 'GET /api/v1/users',
    action: 'users.read',
    api: true,
    request: () => ({ url: '/api/v1/users' }),
    expect: admins('200'),
  },
  {
    route: 'POST /api/v1/users',
    action: 'users.create',
    api: true,
    request: () => ({
      url: '/api/v1/users',
      json: { email: uniqueEmail(), name: 'Created', role: 'member', password: PASSWORD },
    }),
    expect: admins('201*'),
  },
  {
    route: 'GET /api/v1/users/:id',
    action: 'users.read',
    api: true,
    request: async ({ hub }) => ({ url: `/api/v1/users/${(await quickUser(hub, 'member')).user.id}` }),
    expect: admins('200'),
  },
  {
    route: 'PATCH /api/v1/users/:id',
    action: 'users.changeRole',
    variant: 'a new role',
    api: true,
    request: async ({ hub }) => ({
      url: `/api/v1/users/${(await quickUser(hub, 'member')).user.id}`,
      json: { role: 'maintainer' },
      headers: { 'if-match': '"1"' },
    }),
    expect: admins('200*'),
  },
  {
    route: 'PATCH /api/v1/users/:id',
    action: 'users.disable',
    variant: 'disabled',
    api: true,
    request: async ({ hub }) => ({
      url: `/api/v1/users/${(await quickUser(hub, 'member')).user.id}`,
      json: { disabled: true },
      headers: { 'if-match': '*' },
    }),
    expect: admins('200*'),
  },
  {
    route: 'POST /admin/users/:id/disabled',
    action: 'users.disable',
    request: async ({ hub }) => ({
      url: `/admin/users/${(await quickUser(hub, 'member')).user.id}/disabled`,
      form: { disabled: 'true', version: '1' },
    }),
    expect: admins('303*'),
  },
  // One's own data, and (for admins) anyone's: the download and the deletion.
  {
    route: 'GET /api/v1/me/export',
    action: 'account.export',
    api: true,
    request: () => ({ url: '/api/v1/me/export' }),
    expect: signedIn('200*'),
  },
  {
    route: 'GET /profile/export',
    action: 'account.export',
    request: () => ({ url: '/profile/export' }),
    expect: signedIn('200*'),
  },
  {
    route: 'DELETE /api/v1/me',
    action: 'account.delete',
    api: true,
    fresh: true,
    request: () => ({ url: '/api/v1/me', json: { currentPassword: PASSWORD } }),
    expect: signedIn('204*'),
  },
  {
    route: 'POST /profile/delete',
    action: 'account.delete',
    fresh: true,
    request: () => ({ url: '/profile/delete', form: { currentPassword: PASSWORD } }),
    expect: signedIn('303*'),
  },
  {
    route: 'GET /api/v1/users/:id/export',
    action: 'users.export',
    api: true,
    request: async ({ hub }) => ({ url: `/api/v1/users/${(await quickUser(hub, 'member')).user.id}/export` }),
    expect: admins('200*'),
  },
  {
    route: 'GET /admin/users/:id/export',
    action: 'users.export',
    request: async ({ hub }) => ({ url: `/admin/users/${(await quickUser(hub, 'member')).user.id}/export` }),
    expect: admins('200*'),
  },
  {
    route: 'DELETE /api/v1/users/:id',
    action: 'users.delete',
    api: true,
    request: async ({ hub }) => ({ url: `/api/v1/users/${(await quickUser(hub, 'member')).user.id}` }),
    expect: admins('204*'),
  },
  {
    route: 'POST /admin/users/:id/delete',
    action: 'users.delete',
    request: async ({ hub }) => {
      const { user } = await quickUser(hub, 'member');
      return { url: `/admin/users/${user.id}/delete`, form: { confirmEmail: user.email } };
    },
    expect: admins('303*'),
  },
  {
    route: 'GET /api/v1/settings',
    action: 'settings.edit',
    api: true,
    request: () => ({ url: '/api/v1/settings' }),
    expect: admins('200'),
  },
  {
    route: 'PATCH /api/v1/settings',
    action: 'settings.edit',
    api: true,
    request: () => ({
      url: '/api/v1/settings',
      json: { registration: 'open' },
      headers: { 'if-match': '*' },
    }),
    expect: admins('200*'),
  },
  {
    route: 'GET /api/v1/webhooks',
    action: 'webhooks.manage',
    api: true,
    request: () => ({ url: '/api/v1/webhooks' }),
    expect: admins('200'),
  },
  {
    route: 'POST /api/v1/webhooks',
    action: 'webhooks.manage',
    api: true,
    request: () => ({
      url: '/api/v1/webhooks',
      json: { url: 'https://hooks.example.org/in', events: ['idea.proposed', 'minutes.published'] },
    }),
    expect: admins('201*'),
  },
  {
    route: 'GET /api/v1/webhooks/:id',
    action: 'webhooks.manage',
    api: true,
    request: async ({ hub, ids }) => ({ url: `/api/v1/webhooks/${(await webhookOf(hub, ids)).id}` }),
    expect: admins('200'),
  },
  {
    route: 'PATCH /api/v1/webhooks/:id',
    action: 'webhooks.manage',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/webhooks/${(await webhookOf(hub, ids)).id}`,
      json: { active: false },
      headers: { 'if-match': '*' },
    }),
    expect: admins('200*'),
  },
  {
    route: 'DELETE /api/v1/webhooks/:id',
    action: 'webhooks.manage',
    api: true,
    request: async ({ hub, ids }) => ({ url: `/api/v1/webhooks/${(await webhookOf(hub, ids)).id}` }),
    expect: admins('204*'),
  },
  {
    route: 'GET /api/v1/webhooks/:id/deliveries',
    action: 'webhooks.manage',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/webhooks/${(await webhookOf(hub, ids)).id}/deliveries`,
    }),
    expect: admins('200'),
  },
  {
    route: 'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    action: 'webhooks.manage',
    api: true,
    request: async ({ hub, ids }) => {
      const { id, delivery } = await webhookOf(hub, ids);
      return { url: `/api/v1/webhooks/${id}/deliveries/${delivery}/redeliver` };
    },
    expect: admins('202*'),
  },
  {
    route: 'GET /api/v1/backlog/texts',
    api: true,
    request: () => ({ url: '/api/v1/backlog/texts' }),
    expect: everyone('200'),
  },
  {
    route: 'PUT /api/v1/backlog/texts',
    action: 'backlog.editTexts',
    api: true,
    request: () => ({
      url: '/api/v1/backlog/texts',
      json: { intro: { en: unique('Intro'), de: null }, disclaimer: { en: null, de: null } },
      headers: { 'if-match': '*' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/invitations',
    action: 'invitationLink.create',
    api: true,
    request: () => ({ url: '/api/v1/invitations', json: { role: 'member' } }),
    expect: admins('201*'),
  },
  {
    route: 'POST /api/v1/ideas',
    action: 'idea.propose',
    api: true,
    request: () => ({ url: '/api/v1/ideas', json: { title: unique('API idea') } }),
    expect: signedIn('201*'),
  },
  {
    route: 'POST /api/v1/ideas',
    action: 'idea.proposeTriaged',
    variant: 'straight into the backlog',
    api: true,
    request: () => ({ url: '/api/v1/ideas', json: { title: unique('API idea'), status: 'backlog' } }),
    expect: maintainers('201*'),
  },
  {
    route: 'GET /api/v1/ideas/:id',
    variant: 'the member’s proposal',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/ideas/${world.proposal.id}` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/ideas/:id',
    variant: 'an idea a decision of draft minutes moves',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/ideas/${world.decided.id}` }),
    expect: everyone('200'),
  },
  {
    route: 'PATCH /api/v1/ideas/:id',
    action: 'idea.edit',
    owner: ['member'],
    variant: 'the member’s proposal',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await proposalOf(hub, ids)).id}`,
      json: { description: 'More detail' },
      headers: { 'if-match': '"1"' },
    }),
    expect: row('401', '200*', '403', '200*', '200*'),
  },
  {
    route: 'PATCH /api/v1/ideas/:id',
    action: 'idea.edit',
    variant: 'the member’s idea after triage',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await backlogIdeaOfMember(hub, ids)).id}`,
      json: { description: 'More detail' },
      headers: { 'if-match': '"2"' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/ideas/:id/status',
    action: 'idea.changeStatus',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/ideas/${(await proposalOf(hub, ids)).id}/status`,
      json: { status: 'declined', reason: 'Out of scope' },
      headers: { 'if-match': '"1"' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'GET /api/v1/series',
    api: true,
    request: () => ({ url: '/api/v1/series' }),
    expect: everyone('200'),
  },
  {
    route: 'POST /api/v1/series',
    action: 'series.edit',
    api: true,
    request: () => ({ url: '/api/v1/series', json: apiSeriesBody() }),
    expect: maintainers('201*'),
  },
  {
    route: 'GET /api/v1/series/:slug',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/series/${world.draft.slug}` }),
    expect: everyone('200'),
  },
  {
    route: 'PATCH /api/v1/series/:slug',
    action: 'series.edit',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids)).slug}`,
      json: { languages: 'German' },
      headers: { 'if-match': '"1"' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'GET /api/v1/series/:slug/next',
    api: true,
    request: ({ world }) => ({ url: `/api/v1/series/${world.draft.slug}/next` }),
    expect: everyone('200'),
  },
  {
    route: 'GET /api/v1/series/:slug/occurrences',
    api: true,
    request: ({ world }) => ({
      url: `/api/v1/series/${world.draft.slug}/occurrences?from=2026-11-29&to=2027-03-01`,
    }),
    expect: everyone('200'),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/start',
    action: 'meeting.start',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids, false)).slug}/occurrences/${NEXT_MEETING}/start`,
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/cancel',
    action: 'occurrence.change',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids)).slug}/occurrences/${NEXT_MEETING}/cancel`,
      json: { reason: 'Holiday' },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/move',
    action: 'occurrence.change',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids)).slug}/occurrences/${NEXT_MEETING}/move`,
      json: { date: '2026-12-01', startTime: '15:00', durationMinutes: 45 },
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/agenda-ready',
    action: 'agenda.markReady',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids)).slug}/occurrences/${NEXT_MEETING}/agenda-ready`,
      json: {},
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/series/:slug/occurrences/:date/restore',
    action: 'occurrence.change',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await cancelledSeries(hub, ids)).slug}/occurrences/${NEXT_MEETING}/restore`,
      json: {},
    }),
    expect: maintainers('200*'),
  },
  {
    route: 'POST /api/v1/series/:slug/extra',
    action: 'occurrence.change',
    api: true,
    request: async ({ hub, ids }) => ({
      url: `/api/v1/series/${(await seriesOf(hub, ids)).slug}/extra`,
      json: { date: '2026-12-02', startTime: '10:00', durationMinutes: 30 },
    }),
    expect: maintainers('201*'),
  },
  ...COMMENT_CASES,
];

const caseName = (c: Case) => (c.variant ? `${c.route} (${c.variant})` : c.route);
const methodOf = (c: Case) => c.route.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** Rows whose body is checked for what it shows: every GET but the event streams (cut off at their head). */
const reads = (c: Case) => methodOf(c) === 'GET' && !c.stream;

/** Reads first: they meet the shared fixtures before the writing rows fill the database. */
const ORDERED = [
  ...CASES.filter((c) => methodOf(c) === 'GET'),
  ...CASES.filter((c) => methodOf(c) !== 'GET'),
];

function cookiesOf(res: LightMyRequestResponse): string[] {
  return res.cookies.filter((c) => c.maxAge !== 0).map((c) => `${c.name}=${c.value}`);
}

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]*)"/u.exec(html);
  if (!m?.[1]) throw new Error(`no CSRF token on the page: ${html.slice(0, 300)}`);
  return m[1];
}

/** The actor each column of the table stands for, as the policy sees them. */
const POLICY_ACTOR: Record<Who, Actor> = {
  anonymous,
  member: { kind: 'user', userId: 'member', role: 'member', name: 'Member' },
  other: { kind: 'user', userId: 'other', role: 'member', name: 'Other' },
  maintainer: { kind: 'user', userId: 'maintainer', role: 'maintainer', name: 'Maintainer' },
  admin: { kind: 'user', userId: 'admin', role: 'admin', name: 'Admin' },
};
const statusOf = (o: Outcome) => Number(o.replace('*', ''));

describe('the matrix and the policy', () => {
  it('names the policy action of every route whose answer depends on who asks', () => {
    const unnamed = CASES.filter(
      (c) => !c.action && new Set(ROLES.map((who) => statusOf(c.expect[who]))).size > 1,
    ).map((c) => `${c.route}${c.variant ? ` (${c.variant})` : ''}`);
    expect(unnamed).toEqual([]);
  });

  it('expects a refusal exactly where the policy refuses, 401 to visitors and 403 to the signed-in', () => {
    const disagreements: string[] = [];
    for (const c of CASES) {
      if (!c.action) continue;
      for (const who of ROLES) {
        const allowed =
          (can(POLICY_ACTOR[who], c.action) || (c.owner ?? []).includes(who)) &&
          !(c.notOwner ?? []).includes(who);
        const status = statusOf(c.expect[who]);
        const refusal = who === 'anonymous' ? 401 : 403;
        const ok = allowed ? status !== 401 && status !== 403 : status === refusal;
        if (!ok)
          disagreements.push(
            `${c.route}${c.variant ? ` (${c.variant})` : ''} as ${who}: the table expects ${c.expect[who]}, the policy ${allowed ? 'allows' : `refuses (${refusal})`} ${c.action}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe.each(ENGINES)('authorization matrix on %s', (engine) => {
  let hub: Hub;
  let ids: Record<Who, Identity>;
  let world: World;
  let changes: ChangeLog;
  let clients = 0;

  /** A browser of the user (a session, as signing in makes one) with the CSRF token of its pages. */
  async function browserOf(who: Who, user: TestUser | null): Promise<Identity> {
    if (!user) {
      const res = await hub.server.inject({ method: 'GET', url: '/login' });
      return { who, user, cookie: cookiesOf(res).join('; '), csrf: csrfOf(res.body), session: null };
    }
    const sessionToken = newSecret();
    await hub.store.read.sessions.insert({
      id: hashSecret(sessionToken),
      user_id: user.user.id,
      created_at: NOW.toISOString(),
      expires_at: new Date(NOW.getTime() + 86_400_000).toISOString(),
    });
    const cookie = `plenum_session=${sessionToken}`;
    const page = await hub.server.inject({ method: 'GET', url: '/profile', headers: { cookie } });
    return { who, user, cookie, csrf: csrfOf(page.body), session: sessionToken };
  }

  async function freshIdentity(who: Who): Promise<Identity> {
    if (who === 'anonymous') return ids.anonymous;
    const role: Role = who === 'other' ? 'member' : who;
    return browserOf(who, await quickUser(hub, role));
  }

  function send(
    c: Case,
    as: Identity,
    req: Request,
    options: { method?: 'HEAD'; csrf?: boolean; viaSession?: boolean } = {},
  ) {
    const method = options.method ?? methodOf(c);
    const headers: Record<string, string> = { ...req.headers };
    const useSession = !c.api || options.viaSession;
    if (useSession && as.cookie) headers.cookie = as.cookie;
    if (c.api && !options.viaSession && as.user) headers.authorization = as.user.auth.authorization;
    if (c.api && options.viaSession && options.csrf !== false) headers['x-csrf-token'] = as.csrf;
    let payload: string | undefined;
    if (req.form !== undefined) {
      const body = new URLSearchParams();
      if (options.csrf !== false && !('_csrf' in req.form)) body.append('_csrf', as.csrf);
      for (const [k, v] of Object.entries(req.form))
        for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
      payload = body.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (req.json !== undefined) {
      payload = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    }
    // Each request from an address of its own: limits per client address (sign-in, and any the
    // hub adds) count what one client does, and the matrix is many clients, not one.
    clients++;
    const remoteAddress = `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
    const request = {
      method,
      url: req.url,
      headers,
      remoteAddress,
      ...(payload !== undefined ? { payload } : {}),
    };
    return c.stream ? injectStream(hub.server, request) : hub.server.inject(request);
  }

  /** Runs one row for one role: the status, and which tables the request wrote. */
  async function attempt(c: Case, who: Who, options: { csrf?: boolean; viaSession?: boolean } = {}) {
    const as = c.fresh ? await freshIdentity(who) : ids[who];
    const req = await c.request({ hub, as, ids, world });
    const mark = await changes.mark();
    const res = await send(c, as, req, options);
    const changed = await changes.since(mark);
    return { res, changed, outcome: `${res.statusCode}${changed.length > 0 ? '*' : ''}` as Outcome };
  }

  /** HEAD answers like GET, without a body and without writing (anonymous and admin). */
  async function headProblems(c: Case): Promise<string[]> {
    const problems: string[] = [];
    for (const who of ['anonymous', 'admin'] as const) {
      const req = await c.request({ hub, as: ids[who], ids, world });
      const mark = await changes.mark();
      const res = await send(c, ids[who], req, { method: 'HEAD' });
      const changed = await changes.since(mark);
      const wanted = Number.parseInt(c.expect[who], 10);
      if (res.statusCode !== wanted || res.body !== '' || changed.length > 0)
        problems.push(`HEAD as ${who}: ${res.statusCode} (GET ${wanted}), changed ${changed.join(', ')}`);
    }
    return problems;
  }

  /** A form post without the CSRF token of the session is refused and changes nothing. */
  async function formTokenProblems(c: Case): Promise<string[]> {
    // The role the table lets through (or, for a public form, a signed-in member).
    const who = ROLES.filter((r) => r !== 'anonymous').find((r) => c.expect[r].endsWith('*')) ?? 'member';
    const { outcome } = await attempt(c, who, { csrf: false });
    // RFC 8058 one-click unsubscribe comes from mail providers, without cookies, and the confirm
    // button from someone who may never have visited before: the signed link is the proof.
    const signedLink = [
      'POST /meetings/:series/invitations/unsubscribe',
      'POST /meetings/:series/invitations/confirm',
      'POST /notifications/unsubscribe',
    ].includes(c.route);
    const wanted = signedLink ? c.expect[who] : '403';
    return outcome === wanted ? [] : [`without the form’s token as ${who}: ${outcome}, not ${wanted}`];
  }

  /** An API write from a browser session is refused without its CSRF header and accepted with it. */
  async function sessionTokenProblems(c: Case): Promise<string[]> {
    const who = ROLES.find((r) => c.expect[r].endsWith('*')) ?? 'admin';
    const problems: string[] = [];
    const without = await attempt(c, who, { viaSession: true, csrf: false });
    if (without.outcome !== '403') problems.push(`session without CSRF header: ${without.outcome}`);
    const withToken = await attempt(c, who, { viaSession: true });
    if (withToken.outcome !== c.expect[who])
      problems.push(`session with CSRF header: ${withToken.outcome}, not ${c.expect[who]}`);
    return problems;
  }

  // A test that timed out leaves its requests running; the next one starts only once they have
  // ended, so their writes cannot show up as the next test's.
  let inFlight: Promise<unknown> = Promise.resolve();
  const settled = (work: () => Promise<void>) => () => {
    const run = work();
    inFlight = run.catch(() => undefined);
    return run;
  };
  afterEach(() => inFlight);

  beforeAll(async () => {
    hub = await startHub(engine, {
      now: () => NOW,
      // Invitations are on when mail is configured; nothing is sent in these tests.
      env: { SMTP_URL: 'smtp://127.0.0.1:9' },
      // Every role writes comments in many rows, from one address.
      limits: { commentsPerAccount: { max: 10_000 }, commentsPerClient: { max: 10_000 } },
    });
    changes = await installChangeLog(hub.testDb.database);
    const users = {
      member: await quickUser(hub, 'member', 'Mia Member', `${marker('mailmember')}@example.org`),
      other: await quickUser(hub, 'member', 'Otto Other', `${marker('mailother')}@example.org`),
      maintainer: await quickUser(hub, 'maintainer', 'Maya Maintainer', `${marker('mailmaint')}@example.org`),
      admin: await quickUser(hub, 'admin', 'Ada Admin', `${marker('mailadmin')}@example.org`),
    };
    ids = {
      anonymous: await browserOf('anonymous', null),
      member: await browserOf('member', users.member),
      other: await browserOf('other', users.other),
      maintainer: await browserOf('maintainer', users.maintainer),
      admin: await browserOf('admin', users.admin),
    };
    const sessions = Object.values(ids).flatMap((i) => (i.session ? [i.session] : []));
    world = await buildWorld(hub, users, sessions);
  });
  afterAll(() => hub.close());

  it('has a row for every route of the server, and no row for a route it does not have', () => {
    const routes = serverRoutes(hub.server);
    expect(routes.length).toBeGreaterThan(50);
    const inTable = [...new Set(CASES.map((c) => c.route))].sort();
    expect(
      routes.filter((r) => !inTable.includes(r)),
      'routes without a row in the table',
    ).toEqual([]);
    expect(
      inTable.filter((r) => !routes.includes(r)),
      'rows for routes the server lacks',
    ).toEqual([]);
    const names = CASES.map(caseName);
    expect(
      names.filter((n, i) => names.indexOf(n) !== i),
      'rows named alike',
    ).toEqual([]);
  });

  it('plants every kind of private data, and names only rows it has where it must show', () => {
    const rows = CASES.filter(reads).map(caseName);
    for (const [key, rule] of Object.entries(PRIVATE_DATA) as [PrivateKey, Visibility][]) {
      const planted = world.markers[key];
      expect(planted.length, key).toBeGreaterThan(0);
      expect(
        planted.filter((m) => m.length < 12),
        `${key}: markers short enough to turn up by chance`,
      ).toEqual([]);
      const shownOn = Object.keys(rule.shownOn ?? {});
      expect(
        shownOn.filter((r) => !rows.includes(r)),
        `${key} must show on rows the table lacks`,
      ).toEqual([]);
    }
  });

  for (const c of ORDERED) {
    const name = caseName(c);
    it(
      name,
      settled(async () => {
        const problems: string[] = [];
        for (const who of ROLES) {
          const { res, outcome, changed } = await attempt(c, who);
          if (outcome !== c.expect[who]) {
            problems.push(
              `as ${who}: ${outcome}, not ${c.expect[who]} (changed ${changed.join(', ') || 'nothing'}) ${res.body.slice(0, 200)}`,
            );
          }
          // Refusals are said in the form of the route: problem+json for the API, a page otherwise.
          const type = String(res.headers['content-type'] ?? '');
          const form = c.api ? 'application/problem+json' : 'text/html';
          if (res.statusCode >= 400 && !type.includes(form))
            problems.push(`as ${who}: a ${res.statusCode} as ${type}, not ${form}`);
          if (reads(c)) problems.push(...readingProblems(name, who, res.body, world.markers));
        }
        if (methodOf(c) === 'GET') problems.push(...(await headProblems(c)));
        else if (c.api) problems.push(...(await sessionTokenProblems(c)));
        else problems.push(...(await formTokenProblems(c)));
        expect(problems).toEqual([]);
      }),
    );
  }

  it('refuses the setup form once an admin exists before hashing its password (anyone may post it)', async () => {
    const setup = CASES.find((c) => c.route === 'POST /setup') as Case;
    vi.mocked(hashPassword).mockClear();
    const { outcome, res } = await attempt(setup, 'anonymous');
    expect(outcome).toBe('303');
    expect(res.headers.location).toBe('/login');
    expect(vi.mocked(hashPassword)).not.toHaveBeenCalled();
  });
});
