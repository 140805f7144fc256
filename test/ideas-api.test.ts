import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdea, buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

describe.each(ENGINES)('ideas API on %s', (engine) => {
  let hub: Hub;
  let member: TestUser;
  let other: TestUser;
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine);
    [member, other, maintainer] = await Promise.all([
      buildUser(hub),
      buildUser(hub),
      buildUser(hub, { role: 'maintainer' }),
    ]);
  });
  afterAll(() => hub.close());

  const api = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    options: { payload?: unknown; headers?: Record<string, string> } = {},
  ) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: options.headers ?? {},
      ...(options.payload !== undefined ? { payload: options.payload as object } : {}),
    });

  /** Everything a refused request must leave untouched. */
  const snapshot = async () => ({
    ideas: await hub.app.ideas.list({
      locale: 'en',
      statuses: ['proposed', 'backlog', 'roadmap', 'in_progress', 'done', 'declined', 'removed'],
      limit: 500,
    }),
    audit: await hub.store.read.audit.latest(1000),
  });

  it('lists ideas alphabetically: case-, accent-insensitive and numeric, never by creation', async () => {
    const titles = [
      'Offer our metal-stack extensions as enterprise products',
      'metal-stack dashboard (UI)',
      'Machine internet without firewalls',
      'Äpfel und Birnen',
      'apples and pears',
      'Item 10',
      'Item 9',
      'zebra crossing',
    ];
    for (const title of titles) await buildIdea(hub, maintainer, { title, status: 'backlog' });
    const res = await api('GET', '/ideas?status=backlog');
    expect(res.statusCode).toBe(200);
    const listed = res.json().items.map((i: { title: string }) => i.title);
    expect(listed).toEqual([
      'Äpfel und Birnen',
      'apples and pears',
      'Item 9',
      'Item 10',
      'Machine internet without firewalls',
      'metal-stack dashboard (UI)',
      'Offer our metal-stack extensions as enterprise products',
      'zebra crossing',
    ]);
    expect(res.json().total).toBe(titles.length);
  });

  it('pages through the list with a cursor without losing or repeating an idea', async () => {
    const all = (await api('GET', '/ideas?status=backlog')).json().items.map((i: { id: string }) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api('GET', `/ideas?status=backlog&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((i: { id: string }) => i.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('filters by status, tag and words in title or description (accent-insensitive)', async () => {
    await buildIdea(hub, member, {
      title: 'Café finder',
      description: 'Find the nearest café',
      tags: ['ui', 'Maps'],
    });
    await buildIdea(hub, member, {
      title: 'Route planner',
      description: 'Plan 100% of routes_fast',
      tags: ['maps'],
    });
    const byTag = await api('GET', '/ideas?tag=maps');
    expect(byTag.json().items.map((i: { title: string }) => i.title)).toEqual([
      'Café finder',
      'Route planner',
    ]);
    const byWord = await api('GET', `/ideas?q=${encodeURIComponent('CAFE nearest')}`);
    expect(byWord.json().items.map((i: { title: string }) => i.title)).toEqual(['Café finder']);
    // % and _ are literal characters in a search, not wildcards.
    expect((await api('GET', `/ideas?q=${encodeURIComponent('100%')}`)).json().total).toBe(1);
    expect((await api('GET', `/ideas?q=${encodeURIComponent('s_f')}`)).json().total).toBe(1);
    expect((await api('GET', `/ideas?q=${encodeURIComponent('0%r')}`)).json().total).toBe(0);
    const proposed = await api('GET', '/ideas?status=proposed');
    expect(proposed.json().items.every((i: { status: string }) => i.status === 'proposed')).toBe(true);
    const both = await api('GET', '/ideas?status=proposed,backlog');
    expect(both.json().total).toBe(proposed.json().total + 8);
  });

  it('lets a member propose, and keeps the proposal for triage', async () => {
    const res = await api('POST', '/ideas', {
      headers: member.auth,
      payload: {
        title: '  Public   demo playground ',
        description: 'A **sandbox** anyone can try.',
        tags: ['Demo', 'demo', 'onboarding'],
        links: [{ label: 'metal-stack.io', url: 'https://metal-stack.io' }],
      },
    });
    expect(res.statusCode).toBe(201);
    const idea = res.json();
    expect(idea).toMatchObject({
      title: 'Public demo playground',
      status: 'proposed',
      tags: ['demo', 'onboarding'],
      proposerId: member.user.id,
      proposerName: member.user.name,
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/ideas/${idea.id}`);
    const queue = await hub.app.ideas.triageQueue(maintainer.actor);
    expect(queue.map((i) => i.id)).toContain(idea.id);
  });

  it('refuses proposals from anonymous visitors with 401 and a problem document', async () => {
    const before = await snapshot();
    const res = await api('POST', '/ideas', { payload: { title: 'Anonymous idea' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 401, title: expect.any(String) });
    expect(await snapshot()).toEqual(before);
  });

  it('answers an unknown or revoked token with 401', async () => {
    const res = await api('GET', '/ideas', { headers: { authorization: 'Bearer plm_nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/token/iu);
    const temp = await buildUser(hub);
    const tokens = await hub.app.accounts.listApiTokens(temp.actor);
    await hub.app.accounts.revokeApiToken(temp.actor, tokens[0]?.id ?? '');
    expect((await api('GET', '/me', { headers: temp.auth })).statusCode).toBe(401);
  });

  it('gets one idea with its history and answers If-None-Match with 304', async () => {
    const idea = await buildIdea(hub, member, { title: 'History please' });
    const res = await api('GET', `/ideas/${idea.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().history).toMatchObject([
      { action: 'proposed', toStatus: 'proposed', actorName: member.user.name },
    ]);
    const again = await api('GET', `/ideas/${idea.id}`, {
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect((await api('GET', '/ideas/no-such-idea')).statusCode).toBe(404);
  });

  it('updates with If-Match, and answers a stale version with 409 and the current idea', async () => {
    const idea = await buildIdea(hub, member, { title: 'Editable', description: 'first' });
    const missing = await api('PATCH', `/ideas/${idea.id}`, {
      headers: member.auth,
      payload: { description: 'x' },
    });
    expect(missing.statusCode).toBe(428);
    const ok = await api('PATCH', `/ideas/${idea.id}`, {
      headers: { ...member.auth, 'if-match': '"1"' },
      payload: { description: 'second' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ description: 'second', version: 2, title: 'Editable' });
    const before = await snapshot();
    const stale = await api('PATCH', `/ideas/${idea.id}`, {
      headers: { ...maintainer.auth, 'if-match': '"1"' },
      payload: { description: 'lost update?' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ description: 'second', version: 2 });
    expect(await snapshot()).toEqual(before);
  });

  it('lets only the proposer (until triage) and maintainers edit', async () => {
    const idea = await buildIdea(hub, member, { title: 'Mine' });
    const byOther = await api('PATCH', `/ideas/${idea.id}`, {
      headers: { ...other.auth, 'if-match': '"1"' },
      payload: { title: 'Theirs' },
    });
    expect(byOther.statusCode).toBe(403);
    const accepted = await api('POST', `/ideas/${idea.id}/status`, {
      headers: { ...maintainer.auth, 'if-match': '"1"' },
      payload: { status: 'backlog' },
    });
    expect(accepted.statusCode).toBe(200);
    const afterTriage = await api('PATCH', `/ideas/${idea.id}`, {
      headers: { ...member.auth, 'if-match': '"2"' },
      payload: { title: 'Mine, renamed' },
    });
    expect(afterTriage.statusCode).toBe(403);
    const byMaintainer = await api('PATCH', `/ideas/${idea.id}`, {
      headers: { ...maintainer.auth, 'if-match': '"2"' },
      payload: { title: 'Mine, renamed' },
    });
    expect(byMaintainer.statusCode).toBe(200);
    expect(byMaintainer.json().slug).toBe(idea.slug);
  });

  it('moves an idea through its life, refusing invalid transitions with a clear message', async () => {
    const idea = await buildIdea(hub, member, { title: 'Lifecycle' });
    const post = (status: string, version: number, reason?: string, who: TestUser = maintainer) =>
      api('POST', `/ideas/${idea.id}/status`, {
        headers: { ...who.auth, 'if-match': `"${version}"` },
        payload: reason === undefined ? { status } : { status, reason },
      });
    expect((await post('backlog', 1, undefined, member)).statusCode).toBe(403);
    const skip = await post('done', 1);
    expect(skip.statusCode).toBe(422);
    expect(skip.json().detail).toContain('“proposed” to “done”');
    expect((await post('backlog', 1)).statusCode).toBe(200);
    expect((await post('roadmap', 2)).statusCode).toBe(200);
    expect((await post('in_progress', 3)).statusCode).toBe(200);
    const noReason = await post('removed', 4, '   ');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([{ field: 'reason', message: expect.stringContaining('reason') }]);
    const removed = await post('removed', 4, 'Superseded by the new installer');
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({
      status: 'removed',
      statusReason: 'Superseded by the new installer',
    });
    const history = (await api('GET', `/ideas/${idea.id}`)).json().history;
    expect(history.map((h: { toStatus: string | null }) => h.toStatus)).toEqual([
      'proposed',
      'backlog',
      'roadmap',
      'in_progress',
      'removed',
    ]);
    expect(history.at(-1)).toMatchObject({
      fromStatus: 'in_progress',
      reason: 'Superseded by the new installer',
    });
  });

  describe('bad input gets a 4xx with a clear message and changes nothing', () => {
    const cases: [
      string,
      () => Promise<{ statusCode: number; json: () => { detail: string } }>,
      number,
      RegExp,
    ][] = [
      [
        'empty title',
        () => api('POST', '/ideas', { headers: member.auth, payload: { title: '   ' } }),
        400,
        /required/u,
      ],
      [
        '10 MB title',
        () =>
          api('POST', '/ideas', { headers: member.auth, payload: { title: 'x'.repeat(10 * 1024 * 1024) } }),
        413,
        /too large/u,
      ],
      [
        '201-character title',
        () => api('POST', '/ideas', { headers: member.auth, payload: { title: 'x'.repeat(201) } }),
        400,
        /200/u,
      ],
      [
        'title of the wrong type',
        () => api('POST', '/ideas', { headers: member.auth, payload: { title: 42 } }),
        400,
        /text/u,
      ],
      [
        'javascript: link',
        () =>
          api('POST', '/ideas', {
            headers: member.auth,
            payload: { title: 'Links', links: [{ label: 'x', url: 'javascript:alert(1)' }] },
          }),
        400,
        /http and https/u,
      ],
      [
        'data: link',
        () =>
          api('POST', '/ideas', {
            headers: member.auth,
            payload: { title: 'Links', links: [{ label: 'x', url: 'data:text/html,hi' }] },
          }),
        400,
        /http and https/u,
      ],
      [
        'control characters',
        () => api('POST', '/ideas', { headers: member.auth, payload: { title: 'Bell\u0007' } }),
        400,
        /control/u,
      ],
      ['unknown status filter', () => api('GET', '/ideas?status=someday'), 400, /someday/u],
      ['garbage cursor', () => api('GET', '/ideas?cursor=%%%'), 400, /cursor/u],
      [
        'malformed JSON',
        () =>
          hub.server.inject({
            method: 'POST',
            url: '/api/v1/ideas',
            headers: { ...member.auth, 'content-type': 'application/json' },
            payload: '{"title": "x",',
          }),
        400,
        /JSON/u,
      ],
      ['limit out of range', () => api('GET', '/ideas?limit=100000'), 400, /limit/u],
    ];
    for (const [name, send, status, message] of cases) {
      it(name, async () => {
        const before = await snapshot();
        const res = await send();
        expect(res.statusCode).toBe(status);
        expect(res.json().detail).toMatch(message);
        expect(await snapshot()).toEqual(before);
      });
    }

    it('unknown status on an existing idea', async () => {
      const idea = await buildIdea(hub, member, { title: 'Status target' });
      const before = await snapshot();
      const res = await api('POST', `/ideas/${idea.id}/status`, {
        headers: { ...maintainer.auth, 'if-match': '"1"' },
        payload: { status: 'someday' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toMatch(/Unknown status “someday”/u);
      expect(await snapshot()).toEqual(before);
    });

    it('stale version on a status change', async () => {
      const idea = await buildIdea(hub, member, { title: 'Stale status' });
      await hub.app.ideas.update(maintainer.actor, idea.id, 1, {
        title: 'Stale status',
        description: 'changed',
      });
      const before = await snapshot();
      const res = await api('POST', `/ideas/${idea.id}/status`, {
        headers: { ...maintainer.auth, 'if-match': '"1"' },
        payload: { status: 'backlog' },
      });
      expect(res.statusCode).toBe(409);
      expect(await snapshot()).toEqual(before);
    });

    it('a malformed If-Match', async () => {
      const idea = await buildIdea(hub, member, { title: 'Bad etag' });
      const res = await api('PATCH', `/ideas/${idea.id}`, {
        headers: { ...member.auth, 'if-match': 'yesterday' },
        payload: { title: 'x' },
      });
      expect(res.statusCode).toBe(400);
    });
  });

  it('describes every route in an OpenAPI 3.1 document', async () => {
    const res = await hub.server.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/ideas',
        '/api/v1/ideas/{id}',
        '/api/v1/ideas/{id}/status',
        '/api/v1/me',
      ]),
    );
    expect(doc.paths['/api/v1/ideas'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'tag', 'q', 'limit', 'cursor']),
    );
  });
});
