import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relativeTime } from '../src/web/relative-time.js';
import { PageClient } from './support/client.js';
import { buildIdea, buildUser, planningSeries } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Times on pages say how far away they are, counted from the hub's clock, in the page's language. */
describe('relative time hints', () => {
  const now = new Date('2026-11-27T10:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const HOUR = 3_600_000;

  it('picks the unit a reader would say, in English and German', () => {
    expect(relativeTime(at(-2 * HOUR), now, 'en')).toBe('2 hours ago');
    expect(relativeTime(at(3 * 24 * HOUR), now, 'en')).toBe('in 3 days');
    expect(relativeTime(at(12 * 24 * HOUR), now, 'en')).toBe('in 12 days');
    expect(relativeTime(at(-24 * HOUR), now, 'en')).toBe('yesterday');
    expect(relativeTime(at(-10 * 60_000), now, 'en')).toBe('10 minutes ago');
    expect(relativeTime(at(90 * 24 * HOUR), now, 'en')).toBe('in 3 months');
    expect(relativeTime(at(-2 * HOUR), now, 'de')).toBe('vor 2 Stunden');
    expect(relativeTime(at(3 * 24 * HOUR), now, 'de')).toBe('in 3 Tagen');
    expect(relativeTime(at(24 * HOUR), now, 'de')).toBe('morgen');
  });

  describe.each(ENGINES)('on pages (%s)', (engine) => {
    let hub: Hub;
    let clock = new Date('2026-11-24T10:00:00Z');
    beforeAll(async () => {
      hub = await startHub(engine, { now: () => clock });
    });
    afterAll(async () => {
      await hub?.close();
    });

    it('puts the hint beside the time element, from the hub clock, on ideas and meetings', async () => {
      const maintainer = await buildUser(hub, { role: 'maintainer' });
      const idea = await buildIdea(hub, maintainer, { title: 'Offline maps', status: 'backlog' });
      await planningSeries(hub, maintainer);
      clock = now;
      const en = (await new PageClient(hub).get(`/ideas/${idea.slug}`)).body;
      expect(en).toContain(`<time datetime="${idea.createdAt}"`);
      expect(en).toMatch(
        /<\/time><span class="relative-time" data-relative="[^"]+" data-now="[^"]+"> \(3 days ago\)</u,
      );
      const de = (await new PageClient(hub).get(`/ideas/${idea.slug}?lang=de`)).body;
      expect(de).toContain('(vor 3 Tagen)');
      // The next meeting (Mon 30 Nov, 14:00 Berlin) seen on Fri 27 Nov, 10:00 UTC.
      const home = (await new PageClient(hub).get('/meetings')).body;
      expect(home).toContain('(in 3 days)');
    });
  });
});
