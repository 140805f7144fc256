import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, planningSeries, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A live page whose content changes by the clock alone (a meeting begins or ends, and no write
 * says so) tells its script when to fetch itself again: in seconds from the render, within a
 * day. The meeting is on Monday 30 Nov 2026, 14:00–14:30 in Berlin (13:00–13:30 UTC).
 */

let clock = new Date('2026-11-27T10:00:00Z');
const PAGE = '/meetings/planning-meeting/2026-11-30';

/** The seconds the page's live region names, or null when it names none. */
function refreshIn(body: string, region: string): number | null {
  const tag = new RegExp(`<div id="${region}"[^>]*>`, 'u').exec(body)?.[0];
  expect(tag, `region ${region}`).toBeDefined();
  const seconds = /data-live-refresh-in="(\d+)"/u.exec(tag ?? '')?.[1];
  return seconds === undefined ? null : Number(seconds);
}

describe.each(ENGINES)('live regions refreshed by the clock on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    await planningSeries(hub, maintainer);
  });
  afterAll(() => hub.close());

  const page = async (url: string) => {
    const res = await hub.server.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('names the seconds until the meeting begins, and then until it ends', async () => {
    clock = new Date('2026-11-27T10:00:00Z');
    expect(refreshIn(await page(PAGE), 'occurrence-live')).toBeNull();
    clock = new Date('2026-11-29T13:00:00Z');
    expect(refreshIn(await page(PAGE), 'occurrence-live')).toBe(86_400);
    clock = new Date('2026-11-30T09:00:00.400Z');
    expect(refreshIn(await page(PAGE), 'occurrence-live')).toBe(4 * 3600);
    clock = new Date('2026-11-30T13:10:00Z');
    expect(refreshIn(await page(PAGE), 'occurrence-live')).toBe(20 * 60);
  });

  it('names none once the meeting is over, or its minutes published', async () => {
    clock = new Date('2026-11-30T13:30:00Z');
    expect(refreshIn(await page(PAGE), 'occurrence-live')).toBeNull();
    // Started early and published before its time: nothing is left for the clock to change.
    clock = new Date('2026-12-14T12:00:00Z');
    const next = '2026-12-14';
    await hub.app.minutes.start(maintainer.actor, 'planning-meeting', next);
    await hub.app.minutes.save(maintainer.actor, 'planning-meeting', next, 0, { body: 'We met early.' });
    await hub.app.minutes.publish(maintainer.actor, 'planning-meeting', next, 1);
    expect(refreshIn(await page(`/meetings/planning-meeting/${next}`), 'occurrence-live')).toBeNull();
  });

  it('names the first change of the meetings a proposal was brought to, on its page', async () => {
    clock = new Date('2026-12-27T10:00:00Z');
    const proposal = await hub.app.proposals.create(maintainer.actor, { title: 'Boot over HTTP' });
    await hub.app.agenda.nominateProposal(maintainer.actor, proposal.number, 'planning-meeting');
    const path = `/proposals/${proposal.number}`;
    // The next meeting is on Mon 28 Dec, 14:00 Berlin: more than a day ahead, then four hours.
    expect(refreshIn(await page(path), 'proposal')).toBeNull();
    clock = new Date('2026-12-28T09:00:00Z');
    expect(refreshIn(await page(path), 'proposal')).toBe(4 * 3600);
    clock = new Date('2026-12-28T13:15:00Z');
    expect(refreshIn(await page(path), 'proposal')).toBe(15 * 60);
    clock = new Date('2026-12-28T14:00:00Z');
    expect(refreshIn(await page(path), 'proposal')).toBeNull();
  });
});
