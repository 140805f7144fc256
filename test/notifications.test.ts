import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdea, buildUser, planningSeries, startMeeting, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * The inbox: an event is written to the inbox of each follower of its subject and each member
 * it names, in the event's own transaction, never to whoever caused it and never twice to one
 * member for one event.
 */

/** Sunday 29 Nov 2026: the reference series meets next on Monday 30 Nov. */
const NOW = new Date('2026-11-29T10:00:00Z');

describe.each(ENGINES)('notifications on %s', (engine) => {
  let hub: Hub;
  let anna: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    [anna, bob, carl, maintainer] = await Promise.all([
      buildUser(hub, { name: 'Anna Berg' }),
      buildUser(hub, { name: 'Bob' }),
      buildUser(hub, { name: 'Carl Do' }),
      buildUser(hub, { role: 'maintainer', name: 'Maya Maintainer' }),
    ]);
  });
  afterAll(() => hub.close());

  const inbox = async (who: TestUser) => (await hub.app.notifications.list(who.actor, { limit: 100 })).items;
  const rows = async () =>
    hub.testDb.database.db.selectFrom('notifications').select(['user_id', 'kind', 'event_key']).execute();

  it('tells the followers of an idea of a comment, never its writer', async () => {
    const idea = await buildIdea(hub, anna, { title: 'Dark mode' });
    await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'Yes please' }, 'test');
    const [entry, ...rest] = await inbox(anna);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      kind: 'comment.created',
      thread: { type: 'idea', id: idea.id, title: 'Dark mode' },
      actor: { id: bob.user.id, name: 'Bob' },
      data: { excerpt: 'Yes please' },
      readAt: null,
    });
    expect(entry?.path).toMatch(new RegExp(`^/ideas/${idea.slug}#comment-`, 'u'));
    expect(await inbox(bob)).toEqual([]);
    expect(await hub.app.notifications.unreadCount(anna.actor)).toBe(1);
    // This hub sends no mail (no SMTP_URL): no mail job waits for a worker that never comes.
    const jobs = await hub.testDb.database.db.selectFrom('outbox').select('payload').execute();
    expect(jobs.filter((j) => j.payload.includes('"notification"'))).toEqual([]);
  });

  it('tells a mentioned follower once, as a mention', async () => {
    const idea = await buildIdea(hub, anna, { title: 'Mentions once' });
    const before = (await rows()).length;
    const comment = await hub.app.comments.create(
      bob.actor,
      'idea',
      idea.id,
      { body: `@${anna.user.handle} and @${carl.user.handle}, what do you think? @${bob.user.handle}` },
      'test',
    );
    const added = (await rows()).slice(before);
    expect(added.map((r) => [r.user_id, r.kind]).sort()).toEqual(
      [
        [anna.user.id, 'comment.mentioned'],
        [carl.user.id, 'comment.mentioned'],
      ].sort(),
    );
    // Editing the text tells nobody again; a member named for the first time hears of it.
    const edited = await hub.app.comments.edit(
      bob.actor,
      comment.id,
      comment.version,
      `@${anna.user.handle} @${carl.user.handle} @${maintainer.user.handle}`,
    );
    expect(edited.editedAt).not.toBeNull();
    const after = (await rows()).slice(before);
    expect(after).toHaveLength(3);
    expect(after.at(-1)).toMatchObject({ user_id: maintainer.user.id, kind: 'comment.mentioned' });
  });

  it('shows a comment’s edit in the inbox, and no words of a hidden or deleted one', async () => {
    const idea = await buildIdea(hub, anna, { title: 'Retold' });
    const excerptOf = async (commentId: string) =>
      (await inbox(anna)).find((n) => n.path.endsWith(`#comment-${commentId}`))?.data.excerpt;
    const edited = await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'First words' }, 'test');
    await hub.app.comments.edit(bob.actor, edited.id, edited.version, 'Better words');
    expect(await excerptOf(edited.id)).toBe('Better words');
    const hidden = await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'Rude words' }, 'test');
    await hub.app.comments.hide(maintainer.actor, hidden.id, hidden.version, 'Be kind');
    expect(await excerptOf(hidden.id)).toBeUndefined();
    const deleted = await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'Taken back' }, 'test');
    await hub.app.comments.remove(bob.actor, deleted.id, deleted.version);
    expect(await excerptOf(deleted.id)).toBeUndefined();
    expect((await inbox(anna)).filter((n) => n.thread.title === 'Retold')).toHaveLength(3);
  });

  it('tells the followers of an idea that its status changed', async () => {
    const idea = await buildIdea(hub, anna, { title: 'Status news' });
    await hub.app.follows.follow(carl.actor, 'idea', idea.slug);
    await hub.app.follows.follow(maintainer.actor, 'idea', idea.slug);
    await hub.app.ideas.changeStatus(maintainer.actor, idea.slug, idea.version, 'backlog', 'Fits');
    for (const who of [anna, carl]) {
      expect((await inbox(who))[0]).toMatchObject({
        kind: 'idea.status_changed',
        thread: { id: idea.id },
        data: { from: 'proposed', to: 'backlog', reason: 'Fits' },
        actor: { name: 'Maya Maintainer' },
      });
    }
    expect((await inbox(maintainer)).some((n) => n.kind === 'idea.status_changed')).toBe(false);
  });

  it('tells the followers of a series of comments on its topics', async () => {
    await planningSeries(hub, maintainer);
    await hub.app.follows.follow(carl.actor, 'series', 'planning-meeting');
    const topic = await hub.app.agenda.propose(maintainer.actor, 'planning-meeting', '2026-11-30', {
      title: 'Release plan',
      minutes: 10,
    });
    await hub.app.comments.create(bob.actor, 'topic', topic.id, { body: 'Next week?' }, 'test');
    expect((await inbox(carl))[0]).toMatchObject({
      kind: 'comment.created',
      thread: { type: 'topic', id: topic.id, title: 'Release plan' },
    });
  });

  it('tells the member an action item is assigned to, once the minutes are out', async () => {
    await startMeeting(hub, maintainer, 'planning-meeting', '2026-11-30');
    const saved = await hub.app.minutes.save(maintainer.actor, 'planning-meeting', '2026-11-30', 0, {
      body: 'Notes',
    });
    await hub.app.minutes.publish(maintainer.actor, 'planning-meeting', '2026-11-30', saved.version);
    await hub.app.minutes.addActionItem(maintainer.actor, 'planning-meeting', '2026-11-30', {
      text: 'Write the release notes',
      assignee: 'Carl Do',
    });
    expect((await inbox(carl))[0]).toMatchObject({
      kind: 'action_item.assigned',
      thread: { type: 'meeting', title: 'Planning meeting' },
      path: '/meetings/planning-meeting/2026-11-30',
      data: { text: 'Write the release notes' },
    });
  });

  it('marks one’s own entries read, and nobody else’s', async () => {
    const mine = await inbox(anna);
    const first = mine[0]?.id as string;
    const others = (await inbox(carl))[0]?.id as string;
    await expect(hub.app.notifications.markRead(anna.actor, { ids: [first, others] })).rejects.toThrow(
      /not found/u,
    );
    expect((await inbox(carl))[0]?.readAt).toBeNull();
    expect((await inbox(anna)).find((n) => n.id === first)?.readAt).toBeNull();
    const one = await hub.app.notifications.markRead(anna.actor, { ids: [first] });
    expect(one.marked).toBe(1);
    expect((await hub.app.notifications.markRead(anna.actor, { ids: [first] })).marked).toBe(0);
    const all = await hub.app.notifications.markRead(anna.actor, { all: true });
    expect(all).toEqual({ marked: mine.length - 1, unread: 0 });
  });

  const api = (method: 'GET' | 'PATCH', url: string, who: TestUser, payload?: object, ifMatch = '*') =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...who.auth, 'if-match': ifMatch },
      ...(payload ? { payload } : {}),
    });

  it('tells of a held comment only once a maintainer approves it', async () => {
    const admin = await buildUser(hub, { role: 'admin', name: 'Ada Admin' });
    const newcomer = await buildUser(hub, { name: 'New Comer' });
    const settings = await api('GET', '/settings', admin);
    await api('PATCH', '/settings', admin, { holdFirstPosts: 1 }, String(settings.headers.etag));
    const idea = await buildIdea(hub, anna, { title: 'Held back' });
    const held = await hub.app.comments.create(
      newcomer.actor,
      'idea',
      idea.id,
      { body: `First post, @${carl.user.handle}` },
      'test',
    );
    const told = async () => (await rows()).filter((r) => r.event_key === `comment:${held.id}`);
    expect(await told()).toEqual([]);
    await hub.app.comments.approve(maintainer.actor, held.id, held.version);
    expect((await told()).map((r) => [r.user_id, r.kind]).sort()).toEqual(
      [
        [anna.user.id, 'comment.created'],
        [carl.user.id, 'comment.mentioned'],
      ].sort(),
    );
    const now = await api('GET', '/settings', admin);
    await api('PATCH', '/settings', admin, { holdFirstPosts: 0 }, String(now.headers.etag));
  });

  it('tells no follower of a decision’s thread who may not read the draft it is in, nor a disabled account', async () => {
    await planningSeries(hub, maintainer, 'Drafting');
    const admin = await buildUser(hub, { role: 'admin', name: 'Ada Two' });
    const gone = await buildUser(hub, { name: 'Gone Member' });
    for (const who of [carl, anna, gone]) await hub.app.follows.follow(who.actor, 'series', 'drafting');
    await hub.app.follows.follow(admin.actor, 'series', 'drafting');
    expect((await api('PATCH', `/users/${gone.user.id}`, admin, { disabled: true })).statusCode).toBe(200);
    await startMeeting(hub, maintainer, 'drafting', '2026-11-30');
    const decision = await hub.app.minutes.decide(maintainer.actor, 'drafting', '2026-11-30', {
      text: 'Secret plan',
    });
    const talk = await hub.app.comments.create(
      maintainer.actor,
      'decision',
      decision.id,
      { body: 'Draft talk' },
      'test',
    );
    const told = (await rows()).filter((r) => r.event_key === `comment:${talk.id}`);
    const readers = new Set(told.map((r) => r.user_id));
    expect(readers.has(admin.user.id)).toBe(true);
    for (const who of [carl, anna, gone]) expect(readers.has(who.user.id)).toBe(false);
  });

  it('forgets who did it when that account is deleted, and hands one’s inbox out with one’s data', async () => {
    const leaving = await buildUser(hub, { name: 'Lea Leaving' });
    const idea = await buildIdea(hub, anna, { title: 'Forgetting' });
    await hub.app.comments.create(leaving.actor, 'idea', idea.id, { body: 'My words' }, 'test');
    const exported = await hub.app.ownData.exportOwnData(anna.actor, false);
    const entries = exported.data.notifications as { threadTitle: string }[];
    expect(entries.some((n) => n.threadTitle === 'Forgetting')).toBe(true);
    await hub.app.ownData.deleteOwnAccount(leaving.actor, {
      currentPassword: 'correct horse battery',
      removeTexts: true,
    });
    const [entry] = await inbox(anna);
    expect(entry?.thread.title).toBe('Forgetting');
    expect(entry?.actor).toBeNull();
    expect(entry?.data).toEqual({});
  });
});
