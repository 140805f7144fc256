import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import { NEXT_MEETING, SERIES_FORM } from './support/authorization-world.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday 29 Nov 2026, 11:00 in Berlin: the series of SERIES_FORM meets next on Monday 30 Nov. */
const NOW = new Date('2026-11-29T10:00:00Z');

/** The series form's fields as the API takes them (numbers as numbers). */
const SERIES_BODY = { ...SERIES_FORM, weekday: 1, durationMinutes: 30 };

describe.each(ENGINES)('a group’s leads run its meetings on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let leadA: TestUser;
  let leadB: TestUser;
  let member: TestUser;
  let api: ReturnType<typeof apiAs>;
  /** Series of group A, of group B and of no group; boards of A and B (slugs). */
  const made = { a: '', b: '', none: '', boardA: '', boardB: '' };

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    api = apiAs(hub);
    const admin = await buildUser(hub, { role: 'admin' });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    leadA = await buildUser(hub, { name: 'Lea Lead' });
    leadB = await buildUser(hub, { name: 'Bo Lead' });
    member = await buildUser(hub);
    for (const [slug, lead] of [
      ['sig-a', leadA],
      ['sig-b', leadB],
    ] as const) {
      const res = await api('POST', '/groups', admin, {
        slug,
        name: slug.toUpperCase(),
        members: [lead.user.handle],
        leads: [lead.user.handle],
      });
      expect(res.statusCode).toBe(201);
    }
    const series = async (title: string, group: string | null) => {
      const made = await hub.app.meetings.create(maintainer.actor, { ...SERIES_FORM, title, group });
      return made.slug;
    };
    made.a = await series('A weekly', 'sig-a');
    made.b = await series('B weekly', 'sig-b');
    made.none = await series('Everyone', null);
    for (const [key, group] of [
      ['boardA', 'sig-a'],
      ['boardB', 'sig-b'],
    ] as const) {
      const board = await hub.app.board.createBoard(maintainer.actor, { title: `${group} board` });
      await hub.app.groups.assign(maintainer.actor, 'board', board.id, group);
      expect(board.slug).toBeTruthy();
      made[key] = board.slug;
    }
  });
  afterAll(() => hub.close());

  const meeting = (slug: string) => `/series/${slug}/occurrences/${NEXT_MEETING}`;
  const minutesOf = async (slug: string) => {
    const row = await hub.store.read.series.findBySlug(slug);
    return hub.store.read.minutes.find(row?.id ?? '', NEXT_MEETING);
  };

  it('starts a meeting of their group, and is refused with nothing stored for another’s or one of no group', async () => {
    for (const slug of [made.b, made.none]) {
      const refused = await api('POST', `${meeting(slug)}/start`, leadA);
      expect(refused.statusCode, slug).toBe(403);
      expect(await minutesOf(slug)).toBeUndefined();
    }
    const started = await api('POST', `${meeting(made.a)}/start`, leadA);
    expect(started.statusCode, started.body).toBe(200);
    expect((await minutesOf(made.a))?.started_at).not.toBeNull();
    expect((await api('POST', `${meeting(made.a)}/agenda-ready`, leadA, {})).statusCode).toBe(200);
    expect((await api('POST', `${meeting(made.b)}/agenda-ready`, leadA, {})).statusCode).toBe(403);
  });

  it('accepts a topic on their group’s agenda only, and puts their own there accepted', async () => {
    const propose = (slug: string, who: TestUser) =>
      hub.app.agenda.propose(who.actor, slug, NEXT_MEETING, { title: `Topic of ${slug}` });
    const own = await propose(made.a, leadA);
    expect(own.status).toBe('accepted');
    expect((await propose(made.b, leadA)).status).toBe('proposed');
    const accept = (id: string) =>
      api('POST', `/topics/${id}/status`, leadA, { status: 'accepted' }, { 'if-match': '*' });
    const ours = await propose(made.a, member);
    expect((await accept(ours.id)).statusCode).toBe(200);
    for (const slug of [made.b, made.none]) {
      const theirs = await propose(slug, member);
      expect((await accept(theirs.id)).statusCode, slug).toBe(403);
      expect((await hub.app.agenda.topic(theirs.id)).status).toBe('proposed');
    }
  });

  it('publishes their group’s minutes and names its note-taker, not another group’s', async () => {
    await hub.app.minutes.start(maintainer.actor, made.b, NEXT_MEETING);
    const publish = (slug: string) =>
      api('POST', `${meeting(slug)}/minutes/publish`, leadA, undefined, { 'if-match': '*' });
    expect((await publish(made.b)).statusCode).toBe(403);
    expect((await minutesOf(made.b))?.status).toBe('draft');
    const noteTaker = (slug: string) =>
      api('PUT', `${meeting(slug)}/note-taker`, leadA, { email: member.user.email });
    expect((await noteTaker(made.b)).statusCode).toBe(403);
    expect((await noteTaker(made.a)).statusCode).toBe(200);
    const published = await publish(made.a);
    expect(published.statusCode, published.body).toBe(200);
    expect((await minutesOf(made.a))?.status).toBe('published');
  });

  it('cancels a meeting of their group only', async () => {
    const cancel = (slug: string) =>
      api('POST', `/series/${slug}/occurrences/2026-12-14/cancel`, leadA, { reason: 'Holidays' });
    expect((await cancel(made.b)).statusCode).toBe(403);
    expect((await cancel(made.none)).statusCode).toBe(403);
    expect((await cancel(made.a)).statusCode).toBeLessThan(300);
  });

  it('creates a series in a group they lead, and nowhere else', async () => {
    const before = (await hub.store.read.series.list()).length;
    const create = (group?: string | null) =>
      api('POST', '/series', leadA, { ...SERIES_BODY, title: `Lead’s ${group}`, group });
    for (const group of ['sig-b', null, undefined]) {
      expect((await create(group)).statusCode, String(group)).toBe(403);
    }
    expect((await hub.store.read.series.list()).length).toBe(before);
    const created = await create('sig-a');
    expect(created.statusCode, created.body).toBe(201);
    const row = await hub.store.read.series.findBySlug(created.json().slug);
    const group = await hub.store.read.groups.findBySlug('sig-a');
    expect(row?.group_id).toBe(group?.id);
    expect((await create('sig-nothing')).statusCode).toBe(400);
    expect((await api('POST', '/series', member, { ...SERIES_BODY, group: 'sig-a' })).statusCode).toBe(403);
  });

  it('hears of comments on their group’s draft decisions, as those who read drafts do', async () => {
    const follower = await buildUser(hub, { name: 'Fio Follower' });
    const drafts: Record<'a' | 'b', string> = { a: '', b: '' };
    for (const key of ['a', 'b'] as const) {
      const slug = (
        await hub.app.meetings.create(maintainer.actor, {
          ...SERIES_FORM,
          title: `Draft ${key}`,
          group: `sig-${key}`,
        })
      ).slug;
      for (const who of [leadA, follower]) await hub.app.follows.follow(who.actor, 'series', slug);
      await hub.app.minutes.start(maintainer.actor, slug, NEXT_MEETING);
      const decision = await hub.app.minutes.decide(maintainer.actor, slug, NEXT_MEETING, {
        text: `Decided ${key}`,
      });
      await hub.app.comments.create(
        maintainer.actor,
        'decision',
        decision.id,
        { body: `On ${key}` },
        'fixture',
      );
      drafts[key] = decision.id;
    }
    const threads = async (who: TestUser) =>
      (await hub.store.read.notifications.page(who.user.id, null, 50))
        .filter((n) => n.kind === 'comment.created')
        .map((n) => n.thread_id)
        .filter((id) => id === drafts.a || id === drafts.b);
    expect(await threads(leadA)).toEqual([drafts.a]);
    expect(await threads(follower)).toEqual([]);
  });

  it('shows a lead the edit forms of their group’s board and not of another', async () => {
    const client = await signedInClient(hub, leadA);
    const mine = (await client.get(`/boards/${made.boardA}`)).body;
    const theirs = (await client.get(`/boards/${made.boardB}`)).body;
    expect(mine).toContain(`action="/boards/${made.boardA}/columns"`);
    expect(theirs).not.toContain(`action="/boards/${made.boardB}/columns"`);
  });
});
