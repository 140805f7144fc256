import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDatabase } from './support/db-snapshot.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Bad input to comments, interest and follows: each is refused with a clear 4xx (a problem
 * document on the API, the form again on a page) and leaves the database as it was.
 */
describe.each(ENGINES)('bad participation input on %s', (engine) => {
  let hub: Hub;
  let member: TestUser;
  let maintainer: TestUser;
  let ideaId: string;
  let slug: string;

  beforeAll(async () => {
    hub = await startHub(engine, {
      limits: { commentsPerAccount: { max: 1000 }, commentsPerClient: { max: 1000 } },
    });
    [member, maintainer] = await Promise.all([buildUser(hub), buildUser(hub, { role: 'maintainer' })]);
    const idea = await buildIdea(hub, maintainer, { title: 'Input checks', status: 'backlog' });
    ideaId = idea.id;
    slug = idea.slug;
  });
  afterAll(() => hub.close());

  const api = (method: 'POST' | 'PUT', url: string, who: TestUser | null, payload?: object) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: who ? who.auth : {},
      ...(payload !== undefined ? { payload } : {}),
    });
  const snapshot = () => snapshotDatabase(hub.testDb.database, { ignore: ['rate_limits'] });
  /** The request is answered with `status` as a problem document, and nothing is stored. */
  const refused = async (status: number, send: () => ReturnType<typeof api>) => {
    const before = await snapshot();
    const res = await send();
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await snapshot()).toEqual(before);
    return res;
  };

  it('takes an empty parentId as no reply (a blank form field), not as a reply to nothing', async () => {
    const res = await api('POST', `/ideas/${ideaId}/comments`, member, { body: 'Top level', parentId: '' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().parentId).toBeNull();
  });

  it('refuses an empty, a blank and a 100 KB comment on both doors', async () => {
    await refused(400, () => api('POST', `/ideas/${ideaId}/comments`, member, { body: '' }));
    await refused(400, () => api('POST', `/ideas/${ideaId}/comments`, member, { body: ' \n\t ' }));
    const huge = 'x'.repeat(100 * 1024);
    const big = await refused(400, () => api('POST', `/ideas/${ideaId}/comments`, member, { body: huge }));
    expect(big.json().errors[0].field).toMatch(/body$/u);

    const browser = await signedInClient(hub, member);
    await browser.get(`/ideas/${slug}`);
    const before = await snapshot();
    const blank = await browser.post(`/ideas/${slug}/comments`, { body: '   ' });
    expect(blank.statusCode).toBe(422);
    const long = await browser.post(`/ideas/${slug}/comments`, { body: `Kept ${'y'.repeat(10_001)}` });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('Kept yyyy');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses replies to hidden and deleted comments', async () => {
    const hidden = await hub.app.comments.create(
      maintainer.actor,
      'idea',
      ideaId,
      { body: 'To hide' },
      'test',
    );
    await hub.app.comments.hide(maintainer.actor, hidden.id, hidden.version, 'Rude');
    const deleted = await hub.app.comments.create(
      member.actor,
      'idea',
      ideaId,
      { body: 'To delete' },
      'test',
    );
    await hub.app.comments.remove(member.actor, deleted.id, deleted.version);
    for (const parentId of [hidden.id, deleted.id]) {
      const res = await refused(422, () =>
        api('POST', `/ideas/${ideaId}/comments`, member, { body: 'A reply', parentId }),
      );
      expect(res.json().detail).toMatch(/no replies/u);
    }
    await refused(404, () =>
      api('POST', `/ideas/${ideaId}/comments`, member, { body: 'A reply', parentId: 'no-such-comment' }),
    );
  });

  it('changes nothing when interest is said twice, and answers 404 for following what is missing', async () => {
    expect((await api('PUT', `/ideas/${slug}/interest`, member)).json().changed).toBe(true);
    const before = await snapshot();
    const twice = await api('PUT', `/ideas/${slug}/interest`, member);
    expect(twice.statusCode).toBe(200);
    expect(twice.json()).toMatchObject({ interested: true, changed: false, count: 1 });
    expect(await snapshot()).toEqual(before);
    for (const url of [
      '/ideas/no-such-idea/follow',
      '/series/no-such-series/follow',
      '/boards/nothing/follow',
    ])
      await refused(404, () => api('PUT', url, member));
    await refused(404, () => api('PUT', '/ideas/no-such-idea/interest', member));
  });

  it('refuses a comment on a removed idea: to a visitor 401, to a member 404', async () => {
    const idea = await buildIdea(hub, maintainer, { title: 'Soon removed', status: 'backlog' });
    await hub.app.ideas.changeStatus(maintainer.actor, idea.id, idea.version, 'removed', 'Spam');
    await refused(401, () => api('POST', `/ideas/${idea.id}/comments`, null, { body: 'Hello' }));
    await refused(404, () => api('POST', `/ideas/${idea.id}/comments`, member, { body: 'Hello' }));
    const visitor = await hub.server.inject({
      method: 'POST',
      url: `/ideas/${idea.slug}/comments`,
      payload: { body: 'Hello' },
    });
    expect(visitor.statusCode).toBeGreaterThanOrEqual(400);
    expect(visitor.statusCode).toBeLessThan(500);
  });
});
