import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, planningSeries, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A meeting offers its join link only while one can still join: before it and while it runs.
 * Once it is over (minutes being written or published) or called off, the page reads as a
 * record. The clock is moved through Monday 30 Nov 2026, 14:00–14:30 Berlin.
 */

let clock = new Date('2026-11-29T10:00:00Z');
const JOIN = 'https://teams.microsoft.com/l/meetup-join/phases';
const MEETING = '2026-11-30';

describe.each(ENGINES)('the join link by meeting phase on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;

  beforeAll(async () => {
    clock = new Date('2026-11-29T10:00:00Z');
    hub = await startHub(engine, { now: () => clock });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    await planningSeries(hub, maintainer, 'Join phases', { platform: 'Microsoft Teams', joinUrl: JOIN });
  });
  afterAll(() => hub.close());

  const page = async (path: string, lang = 'en') => {
    const res = await hub.server.inject({ method: 'GET', url: path, headers: { 'accept-language': lang } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  const joins = (body: string) => body.includes(`href="${JOIN}"`);

  it('offers "Join on Microsoft Teams" before and during the meeting, in English and German', async () => {
    const before = await page(`/meetings/join-phases/${MEETING}`);
    expect(before).toContain('Join on Microsoft Teams');
    expect(joins(before)).toBe(true);
    expect(await page(`/meetings/join-phases/${MEETING}`, 'de')).toContain('Über Microsoft Teams teilnehmen');
    clock = new Date('2026-11-30T13:10:00Z');
    expect(joins(await page(`/meetings/join-phases/${MEETING}`))).toBe(true);
    expect(joins(await page('/meetings/join-phases'))).toBe(true);
  });

  it('no longer offers it once the meeting is over, its minutes written or published', async () => {
    clock = new Date('2026-11-30T14:00:00Z');
    const after = await page(`/meetings/join-phases/${MEETING}`);
    expect(after).not.toContain('Join on Microsoft Teams');
    expect(joins(after)).toBe(false);
    expect(await page(`/meetings/join-phases/${MEETING}`, 'de')).not.toContain(
      'Über Microsoft Teams teilnehmen',
    );
    // The series page offers the next meeting's link instead.
    const series = await page('/meetings/join-phases');
    expect(series).toContain('Join on Microsoft Teams');

    await hub.app.minutes.save(maintainer.actor, 'join-phases', MEETING, 0, { body: 'We met.' });
    await hub.app.minutes.publish(maintainer.actor, 'join-phases', MEETING, 1);
    expect(joins(await page(`/meetings/join-phases/${MEETING}`))).toBe(false);
  });

  it('does not offer it for a cancelled meeting', async () => {
    await hub.app.meetings.cancel(maintainer.actor, 'join-phases', '2026-12-14', 'Nobody can make it');
    expect(joins(await page('/meetings/join-phases/2026-12-14'))).toBe(false);
    expect(joins(await page('/meetings/join-phases/2026-12-28'))).toBe(true);
  });
});
