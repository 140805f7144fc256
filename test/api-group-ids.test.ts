import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdea, buildUser, planningSeries, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * What the API answers about an idea, a series or a board says which group it belongs to, by
 * the group's id as `GET /groups` lists it; and says it anew when the thing moves.
 */
describe.each(ENGINES)('the group of ideas, series and boards in API answers (%s)', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let groupId: string;
  beforeAll(async () => {
    hub = await startHub(engine);
    maintainer = await buildUser(hub, { role: 'maintainer' });
    groupId = (await hub.app.groups.create('system', { name: 'SIG Docs', slug: 'sig-docs' })).id;
  });
  afterAll(async () => {
    await hub?.close();
  });

  const get = async (url: string) => {
    const res = await hub.server.inject({ method: 'GET', url, headers: maintainer.auth });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res.json();
  };

  it('gives the group of an idea in the list and on its own, null for none, and follows a move', async () => {
    const inGroup = await hub.app.ideas.propose(maintainer.actor, {
      title: 'Docs search',
      status: 'backlog',
      group: 'sig-docs',
    });
    const loose = await buildIdea(hub, maintainer, { title: 'Loose idea', status: 'backlog' });
    const groups = (await get('/api/v1/groups')).items.map((g: { id: string }) => g.id);
    expect(groups).toContain(groupId);
    const listed = new Map(
      (await get('/api/v1/ideas')).items.map((i: { slug: string; groupId: string | null }) => [
        i.slug,
        i.groupId,
      ]),
    );
    expect(listed.get(inGroup.slug)).toBe(groupId);
    expect(listed.get(loose.slug)).toBeNull();
    expect((await get(`/api/v1/ideas/${inGroup.slug}`)).groupId).toBe(groupId);
    const moved = await hub.server.inject({
      method: 'PATCH',
      url: `/api/v1/ideas/${loose.slug}`,
      headers: { ...maintainer.auth, 'if-match': `"${loose.version}"` },
      payload: { group: 'sig-docs' },
    });
    expect(moved.statusCode, moved.body.slice(0, 300)).toBe(200);
    const after = (await get('/api/v1/ideas')).items.find((i: { slug: string }) => i.slug === loose.slug);
    expect(after.groupId).toBe(groupId);
  });

  it('gives the group of a series and of a board', async () => {
    const series = await hub.app.meetings.create(maintainer.actor, {
      title: 'Docs meeting',
      weekday: 2,
      startTime: '16:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: 'every',
      startDate: '2026-11-03',
      group: 'sig-docs',
    });
    const loose = await planningSeries(hub, maintainer, 'Loose meeting');
    expect((await get(`/api/v1/series/${series.slug}`)).series.groupId).toBe(groupId);
    expect((await get(`/api/v1/series/${loose.slug}`)).series.groupId).toBeNull();
    const listed = (await get('/api/v1/series')).items.map(
      (e: { series: { slug: string; groupId: string | null } }) => [e.series.slug, e.series.groupId],
    );
    expect(listed).toContainEqual([series.slug, groupId]);
    const board = await hub.app.board.createBoard(maintainer.actor, {
      title: 'Docs board',
      group: 'sig-docs',
    });
    const boards = (await get('/api/v1/boards')).items;
    expect(boards.find((b: { id: string }) => b.id === board.id).groupId).toBe(groupId);
    expect(boards.find((b: { slug: string }) => b.slug === 'default').groupId).toBeNull();
  });
});
