import { describe, expect, it } from 'vitest';
import { apiHubFor } from './support/api-hub.js';
import { buildIdea, type TestUser } from './support/factories.js';
import { ENGINES } from './support/hub.js';

/** Columns and the roadmap in the JSON API: what the board's and the roadmap's pages can do. */
describe.each(ENGINES)('board columns and roadmap API on %s', (engine) => {
  const w = apiHubFor(engine);

  const api = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options: { as?: TestUser | null; payload?: unknown; ifMatch?: string } = {},
  ) =>
    w.hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: {
        ...(options.as === null ? {} : (options.as ?? w.maintainer).auth),
        ...(options.ifMatch !== undefined ? { 'if-match': options.ifMatch } : {}),
      },
      ...(options.payload !== undefined ? { payload: options.payload as object } : {}),
    });

  /** A fresh board; its three starting columns. */
  async function newBoard() {
    const board = await w.hub.app.board.createBoard(w.maintainer.actor, { title: `Board ${Math.random()}` });
    const res = await api('GET', `/boards/${board.slug}/columns`);
    expect(res.statusCode).toBe(200);
    return { board, columns: res.json().items as { id: string; version: number; name: string }[] };
  }

  it('lists a board’s columns in order, a page at a time, the unstored default board too', async () => {
    const { board, columns } = await newBoard();
    expect(columns.map((c: { id: string; preset?: string }) => c.preset)).toEqual([
      'todo',
      'in_progress',
      'done',
    ]);
    const first = await api('GET', `/boards/${board.slug}/columns?limit=2`, { as: null });
    expect(first.json().items).toHaveLength(2);
    expect(first.json().nextCursor).toBe(columns[1]?.id);
    const rest = await api('GET', `/boards/${board.slug}/columns?limit=2&cursor=${first.json().nextCursor}`);
    expect(rest.json()).toEqual({ items: [columns[2]], nextCursor: null });
    const unstored = await api('GET', '/boards/default/columns', { as: null });
    expect(unstored.json().items.map((c: { id: string }) => c.id)).toEqual(['todo', 'in_progress', 'done']);
    expect((await api('GET', '/boards/nope/columns')).statusCode).toBe(404);
    expect((await api('GET', `/boards/${board.slug}/columns?limit=0`)).statusCode).toBe(400);
    expect((await api('GET', `/boards/${board.slug}/columns?cursor=unknown`)).statusCode).toBe(400);
  });

  it('adds a column (201, Location, ETag), which the board then shows at its right end', async () => {
    const { board } = await newBoard();
    const res = await api('POST', `/boards/${board.slug}/columns`, {
      payload: { name: 'Review', done: true },
    });
    expect(res.statusCode).toBe(201);
    const column = res.json();
    expect(column).toMatchObject({ name: 'Review', done: true, archived: false, preset: null, version: 1 });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/columns/${column.id}`);
    expect((await api('GET', `/columns/${column.id}`, { as: null })).json()).toEqual(column);
    const view = await w.hub.app.board.view(board.slug);
    expect(view.columns.map((c) => c.id).at(-1)).toBe(column.id);
  });

  it('refuses bad column input with 400/422 problem+json and stores nothing', async () => {
    const { board } = await newBoard();
    const before = await w.snapshot();
    for (const payload of [
      { name: 42 },
      { name: 'X', done: 'yes' },
      {},
      { name: '' },
      { name: 'x'.repeat(61) },
    ]) {
      const res = await api('POST', `/boards/${board.slug}/columns`, { payload });
      expect([400, 422]).toContain(res.statusCode);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await w.snapshot()).toEqual(before);
    // A field the schema does not know is refused by its name (as everywhere in the API).
    const extra = await api('POST', `/boards/${board.slug}/columns`, {
      payload: { name: 'Y', colour: 'red' },
    });
    expect(extra.statusCode).toBe(400);
    expect(JSON.stringify(extra.json())).toContain('colour');
    expect(await w.snapshot()).toEqual(before);
  });

  it('renames, flags done, archives and restores a column with If-Match; stale versions get 409', async () => {
    const { columns } = await newBoard();
    const column = columns[1] as { id: string; version: number };
    const renamed = await api('PATCH', `/columns/${column.id}`, {
      payload: { name: 'Doing', done: true },
      ifMatch: `"${column.version}"`,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Doing', done: true, version: 2 });
    expect(renamed.headers.etag).toBe('"2"');

    const before = await w.snapshot();
    const stale = await api('PATCH', `/columns/${column.id}`, { payload: { name: 'Late' }, ifMatch: '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ name: 'Doing', version: 2 });
    expect((await api('PATCH', `/columns/${column.id}`, { payload: { name: 'No header' } })).statusCode).toBe(
      428,
    );
    expect((await api('PATCH', `/columns/${column.id}`, { payload: {}, ifMatch: '"2"' })).statusCode).toBe(
      400,
    );
    expect(
      (await api('PATCH', `/columns/${column.id}`, { payload: { archived: 'yes' }, ifMatch: '"2"' }))
        .statusCode,
    ).toBe(400);
    expect((await api('PATCH', '/columns/nope', { payload: { name: 'X' }, ifMatch: '*' })).statusCode).toBe(
      404,
    );
    expect(await w.snapshot()).toEqual(before);

    const archived = await api('PATCH', `/columns/${column.id}`, {
      payload: { archived: true },
      ifMatch: '*',
    });
    expect(archived.json()).toMatchObject({ archived: true, version: 3 });
    const restored = await api('PATCH', `/columns/${column.id}`, {
      payload: { archived: false },
      ifMatch: '"3"',
    });
    expect(restored.json()).toMatchObject({ archived: false, version: 4 });
  });

  it('does not archive a column that still holds cards (422), and changes nothing then', async () => {
    const { board, columns } = await newBoard();
    await w.hub.app.board.addItem(w.maintainer.actor, board.slug, { title: 'Card', column: columns[0]?.id });
    const before = await w.snapshot();
    const res = await api('PATCH', `/columns/${columns[0]?.id}`, {
      payload: { archived: true },
      ifMatch: '*',
    });
    expect(res.statusCode).toBe(422);
    expect(await w.snapshot()).toEqual(before);
  });

  it('moves a column after, before or to an index among the open ones', async () => {
    const { board, columns } = await newBoard();
    const [todo, doing, done] = columns as unknown as [{ id: string }, { id: string }, { id: string }];
    const order = async () => (await w.hub.app.board.view(board.slug)).columns.map((c) => c.id);
    const moved = await api('POST', `/columns/${todo.id}/move`, {
      payload: { after: done.id },
      ifMatch: '"1"',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.headers.etag).toBe('"2"');
    expect(await order()).toEqual([doing.id, done.id, todo.id]);
    await api('POST', `/columns/${todo.id}/move`, { payload: { before: doing.id }, ifMatch: '"2"' });
    expect(await order()).toEqual([todo.id, doing.id, done.id]);
    await api('POST', `/columns/${done.id}/move`, { payload: { position: 0 }, ifMatch: '*' });
    expect(await order()).toEqual([done.id, todo.id, doing.id]);

    const before = await w.snapshot();
    const refusals = [
      [{ after: 'unknown' }, '*', 400],
      [{ position: -1 }, '*', 400],
      [{ position: 'first' }, '*', 400],
      [{ after: doing.id }, '"1"', 409],
      [{ after: doing.id }, undefined, 428],
    ] as const;
    for (const [payload, ifMatch, status] of refusals) {
      const res = await api('POST', `/columns/${todo.id}/move`, {
        payload,
        ...(ifMatch ? { ifMatch } : {}),
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
    }
    expect((await api('POST', '/columns/nope/move', { payload: {}, ifMatch: '*' })).statusCode).toBe(404);
    expect(await w.snapshot()).toEqual(before);
  });

  it('lets only maintainers write columns: 401 to visitors, 403 to members, nothing stored', async () => {
    const { board, columns } = await newBoard();
    const column = columns[0] as { id: string };
    const idea = await buildIdea(w.hub, w.maintainer, { title: 'Placed by maintainers', status: 'backlog' });
    const before = await w.snapshot();
    for (const [as, status] of [
      [null, 401],
      [w.member, 403],
    ] as const) {
      expect(
        (await api('POST', `/boards/${board.slug}/columns`, { as, payload: { name: 'X' } })).statusCode,
      ).toBe(status);
      expect(
        (await api('PATCH', `/columns/${column.id}`, { as, payload: { name: 'X' }, ifMatch: '*' }))
          .statusCode,
      ).toBe(status);
      expect(
        (await api('POST', `/columns/${column.id}/move`, { as, payload: { position: 2 }, ifMatch: '*' }))
          .statusCode,
      ).toBe(status);
      expect(
        (await api('PUT', `/ideas/${idea.slug}/horizon`, { as, payload: { horizon: 'now' }, ifMatch: '*' }))
          .statusCode,
      ).toBe(status);
    }
    expect(await w.snapshot()).toEqual(before);
  });

  it('shows the roadmap grouped now / next / later with the progress of linked cards', async () => {
    const roadmapIdea = await buildIdea(w.hub, w.maintainer, { title: 'Roadmap idea', status: 'backlog' });
    await w.hub.app.ideas.changeStatus(
      w.maintainer.actor,
      roadmapIdea.id,
      roadmapIdea.version,
      'roadmap',
      null,
    );
    const { board } = await newBoard();
    await w.hub.app.board.addItem(w.maintainer.actor, board.slug, {
      title: 'Linked',
      column: 'done',
      idea: roadmapIdea.slug,
      links: ['https://github.com/acme/plenum/issues/7'],
    });
    await w.hub.app.board.addItem(w.maintainer.actor, board.slug, { title: 'Open', idea: roadmapIdea.slug });
    const res = await api('GET', '/roadmap', { as: null });
    expect(res.statusCode).toBe(200);
    const groups = res.json().groups as { horizon: string; entries: { idea: { slug: string } }[] }[];
    expect(groups.map((g) => g.horizon)).toEqual(['now', 'next', 'later']);
    const entry = groups[1]?.entries.find((e) => e.idea.slug === roadmapIdea.slug);
    expect(entry).toMatchObject({
      horizon: 'next',
      horizonVersion: 0,
      progress: { done: 1, total: 2 },
      idea: { status: 'roadmap', title: 'Roadmap idea' },
    });
    expect(entry).toHaveProperty('items.0.ref', 'acme/plenum#7');
  });

  it('sets an idea’s horizon with If-Match, and null gives it back its default', async () => {
    const idea = await buildIdea(w.hub, w.maintainer, { title: 'Horizon idea', status: 'backlog' });
    await w.hub.app.ideas.changeStatus(w.maintainer.actor, idea.id, idea.version, 'roadmap', null);
    const later = await api('PUT', `/ideas/${idea.slug}/horizon`, {
      payload: { horizon: 'later' },
      ifMatch: '"0"',
    });
    expect(later.statusCode).toBe(200);
    expect(later.json()).toEqual({ idea: idea.slug, horizon: 'later', version: 1 });
    expect(later.headers.etag).toBe('"1"');
    const entryOf = async () =>
      (
        (await api('GET', '/roadmap')).json().groups as {
          horizon: string;
          entries: { idea: { id: string } }[];
        }[]
      )
        .flatMap((g) => g.entries.map((e) => ({ ...e, group: g.horizon })))
        .find((e) => e.idea.id === idea.id);
    expect(await entryOf()).toMatchObject({ group: 'later', horizonVersion: 1 });

    const before = await w.snapshot();
    const stale = await api('PUT', `/ideas/${idea.slug}/horizon`, {
      payload: { horizon: 'now' },
      ifMatch: '"0"',
    });
    expect(stale.statusCode).toBe(409);
    expect(
      (await api('PUT', `/ideas/${idea.slug}/horizon`, { payload: { horizon: 'now' } })).statusCode,
    ).toBe(428);
    for (const payload of [{ horizon: 'soon' }, { horizon: 1 }, {}, { horizon: ['now'] }])
      expect(
        (await api('PUT', `/ideas/${idea.slug}/horizon`, { payload, ifMatch: '*' })).statusCode,
        JSON.stringify(payload),
      ).toBe(400);
    expect(
      (await api('PUT', '/ideas/no-such-idea/horizon', { payload: { horizon: 'now' }, ifMatch: '*' }))
        .statusCode,
    ).toBe(404);
    expect(await w.snapshot()).toEqual(before);

    const cleared = await api('PUT', `/ideas/${idea.id}/horizon`, {
      payload: { horizon: null },
      ifMatch: '*',
    });
    expect(cleared.json()).toMatchObject({ horizon: 'next', version: 0 });
    expect(await entryOf()).toMatchObject({ group: 'next', horizonVersion: 0 });
  });

  it('describes every new operation in the OpenAPI document', async () => {
    const doc = (await w.hub.server.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const [path, method] of [
      ['/api/v1/boards/{id}/columns', 'get'],
      ['/api/v1/boards/{id}/columns', 'post'],
      ['/api/v1/columns/{id}', 'patch'],
      ['/api/v1/columns/{id}/move', 'post'],
      ['/api/v1/roadmap', 'get'],
      ['/api/v1/ideas/{id}/horizon', 'put'],
    ] as const) {
      const operation = doc.paths[path]?.[method];
      expect(operation?.summary, `${method} ${path}`).toBeTruthy();
      expect(operation?.tags).toHaveLength(1);
    }
  });
});
