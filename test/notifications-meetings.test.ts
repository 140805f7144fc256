import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildUser,
  planningSeries,
  signedInClient,
  startMeeting,
  type TestUser,
} from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * What the followers of a meeting series and of a board hear of: topics proposed, accepted and
 * deferred (the proposer first), minutes published, a meeting called off or moved, a card done.
 */

/** Sunday 29 Nov 2026: the reference series meets on Mondays of odd ISO weeks (30 Nov, 14 Dec …). */
const NOW = new Date('2026-11-29T10:00:00Z');

describe.each(ENGINES)('meeting and board notifications on %s', (engine) => {
  let hub: Hub;
  let anna: TestUser;
  let carl: TestUser;
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    [anna, carl, maintainer] = await Promise.all([
      buildUser(hub, { name: 'Anna Berg' }),
      buildUser(hub, { name: 'Carl Do' }),
      buildUser(hub, { role: 'maintainer', name: 'Maya Maintainer' }),
    ]);
    await planningSeries(hub, maintainer);
    await hub.app.follows.follow(carl.actor, 'series', 'planning-meeting');
  });
  afterAll(() => hub.close());

  const newest = async (who: TestUser) =>
    (await hub.app.notifications.list(who.actor, { limit: 1 })).items[0];
  const count = async (who: TestUser) =>
    (await hub.app.notifications.list(who.actor, { limit: 100 })).items.length;

  it('tells of topics proposed to followers, and of their acceptance or deferral to the proposer too', async () => {
    const topic = await hub.app.agenda.propose(anna.actor, 'planning-meeting', '2026-11-30', {
      title: 'Release',
    });
    expect(await newest(carl)).toMatchObject({
      kind: 'topic.proposed',
      thread: { type: 'meeting', title: 'Planning meeting' },
      path: '/meetings/planning-meeting/2026-11-30',
      data: { topic: 'Release', date: '2026-11-30' },
      actor: { name: 'Anna Berg' },
    });
    expect(await count(anna)).toBe(0);
    await hub.app.agenda.setStatus(maintainer.actor, topic.id, topic.version, 'accepted');
    for (const who of [anna, carl]) expect((await newest(who))?.kind).toBe('topic.accepted');
    expect((await newest(anna))?.actor?.name).toBe('Maya Maintainer');
    const later = await hub.app.agenda.propose(anna.actor, 'planning-meeting', '2026-11-30', {
      title: 'Mascot',
    });
    await hub.app.agenda.setStatus(maintainer.actor, later.id, later.version, 'deferred');
    expect((await newest(anna))?.kind).toBe('topic.deferred');
    const page = await (await signedInClient(hub, anna)).get('/notifications');
    expect(page.body).toContain(
      'Maya Maintainer deferred the topic “Mascot” of “Planning meeting” on 30 Nov 2026',
    );
  });

  it('tells of published minutes and of a meeting called off or moved', async () => {
    await startMeeting(hub, maintainer, 'planning-meeting', '2026-11-30');
    const saved = await hub.app.minutes.save(maintainer.actor, 'planning-meeting', '2026-11-30', 0, {
      body: 'N',
    });
    await hub.app.minutes.publish(maintainer.actor, 'planning-meeting', '2026-11-30', saved.version);
    expect((await newest(carl))?.kind).toBe('minutes.published');
    await hub.app.meetings.cancel(maintainer.actor, 'planning-meeting', '2026-12-14', 'Holiday');
    expect(await newest(carl)).toMatchObject({ kind: 'meeting.cancelled', data: { reason: 'Holiday' } });
    await hub.app.meetings.move(maintainer.actor, 'planning-meeting', '2026-12-28', {
      date: '2026-12-29',
      startTime: '15:00',
      durationMinutes: '30',
      reason: 'Clash',
    });
    expect(await newest(carl)).toMatchObject({
      kind: 'meeting.moved',
      data: { date: '2026-12-28', movedTo: '2026-12-29', start: '15:00', reason: 'Clash' },
    });
    const page = await (await signedInClient(hub, carl)).get('/notifications?lang=de');
    expect(page.body).toContain(
      'Maya Maintainer hat „Planning meeting“ vom 28. Dez. 2026 auf 29. Dez. 2026, 15:00 verschoben',
    );
    expect(await count(maintainer)).toBe(0);
  });

  it('tells the followers of a board when a card reaches a done column, once', async () => {
    await hub.app.follows.follow(carl.actor, 'board', 'default');
    const card = await hub.app.board.addItem(maintainer.actor, 'default', {
      title: 'Faster CI',
      column: 'todo',
    });
    const before = await count(carl);
    const moved = await hub.app.board.moveItem(maintainer.actor, card.id, card.version, {
      column: 'in_progress',
    });
    expect(await count(carl)).toBe(before);
    const done = await hub.app.board.moveItem(maintainer.actor, card.id, moved.version, { column: 'done' });
    expect(await newest(carl)).toMatchObject({
      kind: 'board.card_done',
      thread: { type: 'board' },
      path: '/boards/default',
      data: { card: 'Faster CI' },
    });
    await hub.app.board.moveItem(maintainer.actor, card.id, done.version, { column: 'done', position: 0 });
    expect(await count(carl)).toBe(before + 1);
  });

  it('tells of a decision once, also when it moves a followed idea, and of its objection window and objections', async () => {
    const idea = await hub.app.ideas.propose(anna.actor, { title: 'Decided idea' });
    const both = await buildUser(hub, { name: 'Bo Both' });
    await hub.app.follows.follow(both.actor, 'idea', idea.slug);
    await hub.app.follows.follow(both.actor, 'series', 'planning-meeting');
    await hub.app.accounts.updateProfile(carl.actor, carl.user.version, {
      name: 'Carl Do',
      timeZone: 'America/New_York',
    });
    await startMeeting(hub, maintainer, 'planning-meeting', '2027-01-04');
    await hub.app.minutes.decide(maintainer.actor, 'planning-meeting', '2027-01-04', {
      text: 'Put it on the roadmap',
      idea: idea.slug,
      status: 'backlog',
    });
    const lazy = await hub.app.minutes.decide(maintainer.actor, 'planning-meeting', '2027-01-04', {
      text: 'Move to Thursdays',
      objectionHours: 72,
    });
    const saved = await hub.app.minutes.save(maintainer.actor, 'planning-meeting', '2027-01-04', 0, {
      body: 'N',
    });
    await hub.app.minutes.publish(maintainer.actor, 'planning-meeting', '2027-01-04', saved.version);
    // The decision that moves the idea: Anna follows the idea only, Carl the series only, Bo both.
    const told = async (who: TestUser) =>
      (await hub.app.notifications.list(who.actor, { limit: 100 })).items
        .filter((n) => ['Decided idea', 'Put it on the roadmap'].includes(n.thread.title))
        .map((n) => n.kind);
    expect(await told(anna)).toEqual(['idea.status_changed']);
    expect(await told(carl)).toEqual(['decision.final']);
    expect(await told(both)).toEqual(['idea.status_changed']);
    const page = await (await signedInClient(hub, carl)).get('/notifications');
    // 72 hours after 10:00 UTC on 29 Nov is 2 Dec, 05:00 in New York.
    expect(page.body).toContain(
      'Maya Maintainer proposed “Move to Thursdays” (meeting of 4 Jan 2027); object by Dec 2, 2026, 05:00 AM EST',
    );
    await hub.app.minutes.object(anna.actor, lazy.id, { reason: 'Thursdays clash' });
    expect(await newest(carl)).toMatchObject({
      kind: 'decision.objected',
      actor: { name: 'Anna Berg' },
      data: { reason: 'Thursdays clash' },
    });
    expect((await newest(anna))?.kind).not.toBe('decision.objected');
  });
});
