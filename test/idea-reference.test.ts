import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedTables, snapshotDatabase } from './support/db-snapshot.js';
import { buildUser, planningSeries, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Wherever something links to an idea — a topic, a decision, an action item, a board card — the
 * idea may be named by words of its title in any spelling, not only by its short name; a name
 * that fits several ideas or none is refused with the candidates, and nothing is stored.
 */

const clock = new Date('2026-11-29T10:00:00Z');
const MEETING = '/series/planning-meeting/occurrences/2026-11-30';

describe.each(ENGINES)('naming a linked idea by its title on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let watching: { id: string };
  let boardSlug: string;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    await planningSeries(hub, maintainer);
    // Decisions and action items are written once the meeting has begun.
    await hub.app.minutes.start(maintainer.actor, 'planning-meeting', '2026-11-30');
    const propose = (title: string) => hub.app.ideas.propose(maintainer.actor, { title, status: 'backlog' });
    watching = await propose('Überwachung der Build-Infrastruktur');
    await propose('Build cache for pull requests');
    await propose('Build cache for releases');
    boardSlug = (await hub.app.board.createBoard(maintainer.actor, { title: 'Development' })).slug;
  });
  afterAll(() => hub.close());

  const post = (url: string, json: object) =>
    hub.server.inject({ method: 'POST', url: `/api/v1${url}`, headers: maintainer.auth, payload: json });

  const places = () => [
    { url: `${MEETING}/topics`, body: (idea: string) => ({ title: 'Monitoring', idea }) },
    { url: `${MEETING}/decisions`, body: (idea: string) => ({ text: 'We monitor builds.', ideaId: idea }) },
    { url: `${MEETING}/actions`, body: (idea: string) => ({ text: 'Set up alerts', ideaId: idea }) },
    { url: `/boards/${boardSlug}/items`, body: (idea: string) => ({ title: 'Alerts', idea }) },
  ];

  it('links the idea whose title holds the words, typed with or without accents or spelled out', async () => {
    for (const place of places()) {
      for (const typed of ['Überwachung der Build-Infrastruktur', 'uberwachung build', 'Ueberwachung']) {
        const res = await post(place.url, place.body(typed));
        expect(res.statusCode, `${place.url} ${typed}: ${res.body}`).toBe(201);
        expect(res.body).toContain(watching.id);
      }
    }
  });

  it('shows each topic’s idea on the agenda as a link with its status', async () => {
    const page = await hub.server.inject({ url: '/meetings/planning-meeting/2026-11-30' });
    expect(page.statusCode).toBe(200);
    const slug = (await hub.store.read.ideas.findById(watching.id))?.slug;
    expect(page.body).toMatch(
      new RegExp(
        `<p class="topic-idea small">Idea: <a href="/ideas/${slug}">Überwachung der Build-Infrastruktur</a> <span class="chip[^"]*"[^>]*>backlog`,
        'u',
      ),
    );
  });

  it('refuses a name that fits several ideas with the candidates, and one that fits none, changing nothing', async () => {
    for (const place of places()) {
      const before = await snapshotDatabase(hub.testDb.database, { ignore: ['rate_limits'] });
      const several = await post(place.url, place.body('build cache'));
      expect(several.statusCode, several.body).toBe(400);
      const text = JSON.stringify(several.json());
      expect(text).toContain('Build cache for pull requests (build-cache-for-pull-requests)');
      expect(text).toContain('Build cache for releases (build-cache-for-releases)');
      const none = await post(place.url, place.body('kubernetes operator'));
      expect(none.statusCode).toBe(400);
      expect(JSON.stringify(none.json())).toContain('There is no idea “kubernetes operator”');
      const after = await snapshotDatabase(hub.testDb.database, { ignore: ['rate_limits'] });
      expect(changedTables(before, after)).toEqual([]);
    }
  });

  it('takes more words of the title, or the short name, to tell them apart', async () => {
    const res = await post(`${MEETING}/topics`, { title: 'Caches', idea: 'build cache releases' });
    expect(res.statusCode).toBe(201);
    const bySlug = await post(`${MEETING}/topics`, {
      title: 'Caches',
      idea: 'build-cache-for-pull-requests',
    });
    expect(bySlug.statusCode).toBe(201);
    expect(res.body).not.toContain(JSON.parse(bySlug.body).ideaId ?? 'none');
  });
});
