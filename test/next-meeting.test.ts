import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, planningSeries, startMeeting, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * "The next meeting" is one rule wherever the hub puts a topic by itself (nominations, objected
 * decisions, carried-over topics): not cancelled, not begun, minutes not published. The series
 * meets on Mondays of odd ISO weeks, 14:00–14:30 Berlin: 30 Nov, 14 Dec, 28 Dec 2026 (week 53),
 * then 4 Jan 2027 (week 1), 18 Jan, 1 Feb, 15 Feb.
 */
describe.each(ENGINES)('the next meeting on %s', (engine) => {
  let clock = new Date('2026-11-29T10:00:00Z');
  let hub: Hub;
  let maintainer: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    [maintainer, member] = await Promise.all([buildUser(hub, { role: 'maintainer' }), buildUser(hub)]);
    await planningSeries(hub, maintainer);
  });
  afterAll(() => hub.close());

  const SERIES = 'planning-meeting';
  const publish = async (key: string) => {
    await startMeeting(hub, maintainer, SERIES, key);
    await hub.app.minutes.save(maintainer.actor, SERIES, key, 0, { body: `Minutes of ${key}` });
    await hub.app.minutes.publish(maintainer.actor, SERIES, key, 1);
  };
  const nominate = async (title: string) => {
    const idea = await hub.app.ideas.propose(maintainer.actor, { title, status: 'backlog' });
    return (await hub.app.agenda.nominate(maintainer.actor, idea.slug, SERIES)).occurrence;
  };

  it('skips a meeting whose minutes are out already, even before it took place', async () => {
    expect(await nominate('Before anything')).toBe('2026-11-30');
    await publish('2026-11-30');
    expect(await nominate('After early minutes')).toBe('2026-12-14');
  });

  it('skips a meeting in progress, and takes an objection to the meeting after', async () => {
    clock = new Date('2026-12-14T13:10:00Z'); // 14:10 in Berlin: the meeting of 14 Dec runs
    expect(await nominate('During the meeting')).toBe('2026-12-28');
    await hub.app.minutes.save(maintainer.actor, SERIES, '2026-12-14', 0, { body: 'Held' });
    await hub.app.minutes.publish(maintainer.actor, SERIES, '2026-12-14', 1);
    const decision = await hub.app.minutes.decide(maintainer.actor, SERIES, '2026-12-14', {
      text: 'Adopt the new release cadence',
      objectionHours: 72,
    });
    // The minutes of 28 Dec are published early; the objection goes to 4 Jan.
    await publish('2026-12-28');
    await hub.app.minutes.object(member.actor, decision.id, { reason: 'Too soon' });
    const onJan = (await hub.app.agenda.forOccurrence(SERIES, '2027-01-04')).topics;
    expect(onJan.map((t) => t.title)).toContain('Adopt the new release cadence');
    const onDec = (await hub.app.agenda.forOccurrence(SERIES, '2026-12-28')).topics;
    expect(onDec.map((t) => t.title)).not.toContain('Adopt the new release cadence');
  });

  it('carries undiscussed topics past a meeting already written up', async () => {
    clock = new Date('2027-01-10T10:00:00Z');
    await publish('2027-02-01');
    const topic = await hub.app.agenda.propose(maintainer.actor, SERIES, '2027-01-18', {
      title: 'Left over',
    });
    await hub.app.agenda.setStatus(maintainer.actor, topic.id, topic.version, 'accepted');
    await hub.app.meetings.cancel(maintainer.actor, SERIES, '2027-01-18', 'Snow');
    const where = async (key: string) =>
      (await hub.app.agenda.forOccurrence(SERIES, key)).topics.filter((t) => t.title === 'Left over');
    expect(await where('2027-02-01')).toEqual([]);
    expect(await where('2027-02-15')).toMatchObject([{ status: 'accepted', carriedFrom: '2027-01-18' }]);
  });
});
