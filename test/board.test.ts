import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedTables, snapshotDatabase } from './support/db-snapshot.js';
import { buildIdea, buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

const NOW = () => new Date('2026-11-29T10:00:00Z');

interface ApiItem {
  id: string;
  column: string;
  title: string;
  version: number;
  positionKey: string;
  links: { label: string; url: string; ref: string | null }[];
  idea: { slug: string } | null;
}
interface ApiColumn {
  id: string;
  name: string;
  preset: string | null;
  done: boolean;
  version: number;
  items: ApiItem[];
}

describe.each(ENGINES)('planning board on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
    [maintainer, member] = await Promise.all([buildUser(hub, { role: 'maintainer' }), buildUser(hub)]);
  });
  afterAll(() => hub.close());

  const api = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    who?: TestUser,
    payload?: object,
    version?: number,
  ) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...(who ? who.auth : {}), ...(version !== undefined ? { 'if-match': `"${version}"` } : {}) },
      ...(payload ? { payload } : {}),
    });
  const board = async (ref = 'default') =>
    (await api('GET', `/boards/${ref}`)).json() as { columns: ApiColumn[] };
  const titles = async (ref = 'default') =>
    (await board(ref)).columns.map((c) => c.items.map((i) => i.title));
  const snapshot = () => snapshotDatabase(hub.testDb.database);

  it('shows the default board with Todo, In progress and Done before anything is stored, and writes nothing to read it', async () => {
    const before = await snapshot();
    const view = await board();
    expect(view.columns.map((c) => c.preset)).toEqual(['todo', 'in_progress', 'done']);
    const page = await hub.server.inject({ url: '/board' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('In progress');
    const de = await hub.server.inject({ url: '/board?lang=de' });
    expect(de.body).toContain('Zu erledigen');
    expect(de.body).toContain('In Arbeit');
    expect(de.body).toContain('Erledigt');
    expect(changedTables(before, await snapshot())).toEqual([]);
  });

  it('lets maintainers add items (the first one creates the default board) and refuses members', async () => {
    const idea = await buildIdea(hub, maintainer, { title: 'Dark mode' });
    expect((await api('POST', '/boards/default/items', member, { title: 'Nope' })).statusCode).toBe(403);
    expect((await api('POST', '/boards/default/items', undefined, { title: 'Nope' })).statusCode).toBe(401);
    const first = await api('POST', '/boards/default/items', maintainer, {
      title: 'Theme switcher',
      body: 'Use **CSS** variables',
      links: ['https://github.com/acme/plenum/issues/12', { label: 'Spec', url: 'https://example.org/spec' }],
      assignees: ['Ada Lovelace', 'octocat'],
      labels: ['ui', 'good first issue'],
      idea: idea.slug,
    });
    expect(first.statusCode).toBe(201);
    const item = first.json() as ApiItem;
    expect(item.links[0]).toEqual({
      label: 'acme/plenum#12',
      url: 'https://github.com/acme/plenum/issues/12',
      ref: 'acme/plenum#12',
    });
    expect(item.idea?.slug).toBe(idea.slug);
    for (const title of ['Second', 'Third'])
      expect((await api('POST', '/boards/default/items', maintainer, { title })).statusCode).toBe(201);
    expect(
      (await api('POST', '/boards/default/items', maintainer, { title: 'Started', column: 'in_progress' }))
        .statusCode,
    ).toBe(201);
    expect(await titles()).toEqual([['Theme switcher', 'Second', 'Third'], ['Started'], []]);
    const page = await hub.server.inject({ url: '/board' });
    expect(page.body).toContain('acme/plenum#12');
    expect(page.body).toContain('good first issue');
  });

  it('moves an item between columns and within one, writing only that item', async () => {
    const view = await board();
    const [todo, doing, done] = view.columns as [ApiColumn, ApiColumn, ApiColumn];
    const third = todo.items[2] as ApiItem;
    const started = doing.items[0] as ApiItem;
    const res = await api(
      'POST',
      `/items/${third.id}/move`,
      maintainer,
      { column: doing.id, before: started.id },
      third.version,
    );
    expect(res.statusCode).toBe(200);
    expect(await titles()).toEqual([['Theme switcher', 'Second'], ['Third', 'Started'], []]);
    const first = todo.items[0] as ApiItem;
    expect(
      (await api('POST', `/items/${first.id}/move`, maintainer, { column: done.id }, first.version))
        .statusCode,
    ).toBe(200);
    const second = todo.items[1] as ApiItem;
    expect(
      (
        await api(
          'POST',
          `/items/${second.id}/move`,
          maintainer,
          { column: 'in_progress', position: 1 },
          second.version,
        )
      ).statusCode,
    ).toBe(200);
    expect(await titles()).toEqual([[], ['Third', 'Second', 'Started'], ['Theme switcher']]);
  });

  it('keeps both of two simultaneous moves of different items', async () => {
    const [, doing, done] = (await board()).columns as [ApiColumn, ApiColumn, ApiColumn];
    const [a, b, c] = doing.items as [ApiItem, ApiItem, ApiItem];
    const [r1, r2] = await Promise.all([
      api('POST', `/items/${a.id}/move`, maintainer, { column: done.id, position: 0 }, a.version),
      api('POST', `/items/${c.id}/move`, maintainer, { column: doing.id, position: 0 }, c.version),
    ]);
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
    const after = await board();
    expect(after.columns[1]?.items.map((i) => i.title)).toEqual(['Started', 'Second']);
    expect(after.columns[2]?.items.map((i) => i.title).sort()).toEqual(['Theme switcher', 'Third']);
    expect(b.title).toBe('Second');
  });

  it('refuses a stale move or edit of the same item with 409, and keeps the first', async () => {
    const doing = (await board()).columns[1] as ApiColumn;
    const item = doing.items[0] as ApiItem;
    const [r1, r2] = [
      await api('POST', `/items/${item.id}/move`, maintainer, { position: 5 }, item.version),
      await api('POST', `/items/${item.id}/move`, maintainer, { position: 0 }, item.version),
    ];
    expect(r1.statusCode).toBe(200);
    expect(r2.statusCode).toBe(409);
    expect(r2.headers['content-type']).toContain('application/problem+json');
    const stale = await api('PATCH', `/items/${item.id}`, maintainer, { title: 'Renamed' }, item.version);
    expect(stale.statusCode).toBe(409);
    const fresh = await api('PATCH', `/items/${item.id}`, maintainer, { title: 'Renamed' }, item.version + 1);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().version).toBe(item.version + 2);
    expect((await api('PATCH', `/items/${item.id}`, maintainer, { title: 'x' })).statusCode).toBe(428);
  });

  it('refuses moves to a missing column, to unknown neighbours and to bad positions with a 4xx, changing nothing', async () => {
    const doing = (await board()).columns[1] as ApiColumn;
    const item = doing.items[0] as ApiItem;
    const before = await snapshot();
    for (const body of [
      { column: 'no-such-column' },
      { column: '' },
      { after: 'no-such-item' },
      { before: item.id.replace(/.$/u, '0') },
      { position: -1 },
      { position: 1.5 },
      { position: 'first' },
      { column: 42 },
    ]) {
      const res = await api('POST', `/items/${item.id}/move`, maintainer, body, item.version);
      expect({ body, status: res.statusCode >= 400 && res.statusCode < 500 }).toEqual({ body, status: true });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await api('POST', '/items/nope/move', maintainer, {}, 1)).statusCode).toBe(404);
    expect(changedTables(before, await snapshot())).toEqual([]);
  });

  it('orders items with equal keys by id, and places a card after tied neighbours', async () => {
    const created = await hub.app.board.createBoard(maintainer.actor, { title: 'Ties' });
    const a = await hub.app.board.addItem(maintainer.actor, created.slug, { title: 'A' });
    const b = await hub.app.board.addItem(maintainer.actor, created.slug, { title: 'B' });
    // What two simultaneous inserts can leave behind: the same key twice.
    await hub.testDb.database.db
      .updateTable('board_items')
      .set({ position_key: a.positionKey })
      .where('id', '=', b.id)
      .execute();
    const c = await hub.app.board.addItem(maintainer.actor, created.slug, { title: 'C' });
    expect(await titles(created.slug)).toEqual([['A', 'B', 'C'], [], []]);
    await hub.app.board.moveItem(maintainer.actor, c.id, c.version, { after: a.id });
    const order = (await titles(created.slug))[0];
    expect(order?.indexOf('C')).toBeGreaterThan(0);
    expect(order?.slice().sort()).toEqual(['A', 'B', 'C']);
  });

  it('sorts keys bytewise on both engines (upper case before lower case)', async () => {
    const created = await hub.app.board.createBoard(maintainer.actor, { title: 'Bytes' });
    const x = await hub.app.board.addItem(maintainer.actor, created.slug, { title: 'lower' });
    const y = await hub.app.board.addItem(maintainer.actor, created.slug, { title: 'upper' });
    const db = hub.testDb.database.db;
    await db.updateTable('board_items').set({ position_key: 'a0' }).where('id', '=', x.id).execute();
    await db.updateTable('board_items').set({ position_key: 'Zz' }).where('id', '=', y.id).execute();
    const rows = await db
      .selectFrom('board_items')
      .select('title')
      .where('board_id', '=', x.boardId)
      .orderBy('position_key')
      .execute();
    expect(rows.map((r) => r.title)).toEqual(['upper', 'lower']);
  });
});
