import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEntities } from './support/client.js';
import { changedTables, snapshotDatabase } from './support/db-snapshot.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
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
    // A maintainer gets the add forms; column settings wait until the board is stored.
    const maintainerView = await hub.server.inject({ url: '/board', headers: maintainer.auth });
    expect(maintainerView.statusCode).toBe(200);
    expect(maintainerView.body).toContain('Add an item');
    expect(maintainerView.body).not.toContain('action="/columns/');
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
    // `to` alone, as the board's menu sends it: a step, or the end of a named column (and back,
    // for the tests below).
    const moveTo = async (item: ApiItem, to: string, moves: number) =>
      (await api('POST', `/items/${item.id}/move`, maintainer, { to }, item.version + moves)).statusCode;
    expect(await moveTo(second, 'up', 1)).toBe(200);
    expect(await titles()).toEqual([[], ['Second', 'Third', 'Started'], ['Theme switcher']]);
    expect(await moveTo(second, 'down', 2)).toBe(200);
    expect(await moveTo(third, 'right', 1)).toBe(200);
    expect(await titles()).toEqual([[], ['Second', 'Started'], ['Theme switcher', 'Third']]);
    expect(await moveTo(third, 'todo', 2)).toBe(200);
    expect(await titles()).toEqual([['Third'], ['Second', 'Started'], ['Theme switcher']]);
    const home = { column: 'in_progress', position: 0 };
    expect(
      (await api('POST', `/items/${third.id}/move`, maintainer, home, third.version + 3)).statusCode,
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
      { to: 'sideways' },
      { to: '' },
      { to: 'up', column: 'done' },
      { to: 'left', position: 0 },
      { to: 42 },
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
    if (engine === 'postgres') {
      // This database's default collation may already sort by code point; the columns must not
      // depend on that.
      const { rows: collations } = await sql<{ table_name: string; collation_name: string | null }>`
        select table_name, collation_name from information_schema.columns
        where column_name = 'position_key' order by table_name`.execute(db);
      expect(collations).toEqual([
        { table_name: 'board_columns', collation_name: 'C' },
        { table_name: 'board_items', collation_name: 'C' },
      ]);
    }
  });
  it('keeps every one of many simultaneous inserts, in one order for the API and the database', async () => {
    const created = await hub.app.board.createBoard(maintainer.actor, { title: 'Rush' });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api('POST', `/boards/${created.slug}/items`, maintainer, { title: `Rush ${i}` }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    const shown = (await board(created.slug)).columns[0]?.items.map((i) => i.id);
    const stored = await hub.testDb.database.db
      .selectFrom('board_items')
      .select('id')
      .where('board_id', '=', created.id)
      .orderBy('position_key')
      .orderBy('id')
      .execute();
    expect(shown).toHaveLength(6);
    expect(shown).toEqual(stored.map((r) => r.id));
  });

  it('writes the moved item alone (and an audit entry)', async () => {
    const created = await hub.app.board.createBoard(maintainer.actor, { title: 'One row' });
    for (const title of ['A', 'B', 'C'])
      await hub.app.board.addItem(maintainer.actor, created.slug, { title });
    const rows = () =>
      hub.testDb.database.db
        .selectFrom('board_items')
        .selectAll()
        .where('board_id', '=', created.id)
        .orderBy('id')
        .execute();
    const before = await rows();
    const snap = await snapshot();
    const c = before[2];
    if (!c) throw new Error('no item');
    expect(
      (await api('POST', `/items/${c.id}/move`, maintainer, { position: 0 }, c.version)).statusCode,
    ).toBe(200);
    expect(changedTables(snap, await snapshot()).sort()).toEqual(['audit_log', 'board_items']);
    const after = await rows();
    expect(
      after.filter((r, i) => JSON.stringify(r) !== JSON.stringify(before[i])).map((r) => r.title),
    ).toEqual(['C']);
    expect(await titles(created.slug)).toEqual([['C', 'A', 'B'], [], []]);
  });

  it('lets a maintainer work the board with forms only: add, move with the arrows and the menu, edit, and change columns', async () => {
    const created = await hub.app.board.createBoard(maintainer.actor, { title: 'Release 2.0' });
    const path = `/boards/${created.slug}`;
    const browser = await signedInClient(hub, maintainer);
    const page = await browser.get(path);
    expect(page.body).toContain('Add an item');
    const add = async (title: string, column = '') =>
      browser.follow(
        await browser.post(`${path}/items`, {
          title,
          column,
          body: '',
          links: '',
          labels: 'docs, ui',
          assignees: 'Ada Lovelace',
          idea: '',
        }),
      );
    await add('Write docs');
    const after = await add('Fix login');
    expect(after.body).toContain('Item added to the board.');
    expect(after.body).toContain('<abbr title="Ada Lovelace" class="avatar">AL</abbr>');
    // A typo keeps what was typed and says what is wrong next to the field.
    const bad = await browser.post(`${path}/items`, {
      title: '',
      column: '',
      body: 'Kept text',
      links: 'javascript:alert(1)',
      labels: '',
      assignees: '',
      idea: 'no-such-idea',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Kept text');
    expect(decodeEntities(bad.body)).toContain('This field is required.');
    expect(decodeEntities(bad.body)).toContain('Only http and https addresses are allowed');
    const noIdea = await browser.post(`${path}/items`, {
      title: 'Linked',
      column: '',
      body: '',
      links: '',
      labels: '',
      assignees: '',
      idea: 'no-such-idea',
    });
    expect(noIdea.statusCode).toBe(422);
    expect(decodeEntities(noIdea.body)).toContain('There is no idea “no-such-idea”.');

    const view = await hub.app.board.view(created.slug);
    const [todo, doing] = view.columns as [(typeof view.columns)[0], (typeof view.columns)[0]];
    const fix = todo.items[1];
    if (!fix) throw new Error('no item');
    await browser.get(path);
    const up = await browser.post(`/items/${fix.id}/move`, {
      to: 'up',
      version: String(fix.version),
      next: path,
    });
    expect(String(up.headers.location)).toBe(`${path}?notice=board.itemMoved#item-${fix.id}`);
    expect(await titles(created.slug)).toEqual([['Fix login', 'Write docs'], [], []]);
    await browser.post(`/items/${fix.id}/move`, {
      direction: 'right',
      version: String(fix.version + 1),
      next: path,
    });
    expect(await titles(created.slug)).toEqual([['Write docs'], ['Fix login'], []]);
    const docs = todo.items[0];
    if (!docs) throw new Error('no item');
    await browser.post(`/items/${docs.id}/move`, {
      to: doing.id,
      version: String(docs.version),
      next: path,
    });
    expect(await titles(created.slug)).toEqual([[], ['Fix login', 'Write docs'], []]);
    // A stale form is refused and changes nothing.
    const stale = await browser.post(`/items/${docs.id}/move`, {
      direction: 'up',
      version: String(docs.version),
      next: path,
    });
    expect(stale.statusCode).toBe(409);

    // Editing: a conflict keeps the typed text and offers to overwrite.
    const edit = await browser.get(`/items/${docs.id}/edit`);
    expect(edit.body).toContain('Write docs');
    await hub.app.board.updateItem(maintainer.actor, docs.id, docs.version + 1, { body: 'Theirs' });
    const conflict = await browser.post(`/items/${docs.id}/edit`, {
      title: 'Write the docs',
      body: 'Mine',
      links: '',
      labels: '',
      assignees: '',
      idea: '',
      version: String(docs.version + 1),
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Mine');
    const saved = await browser.post(`/items/${docs.id}/edit`, {
      title: 'Write the docs',
      body: 'Mine',
      links: '',
      labels: '',
      assignees: '',
      idea: '',
      version: String(docs.version + 2),
    });
    expect(saved.statusCode).toBe(303);
    expect((await hub.app.board.item(docs.id)).body).toBe('Mine');

    // Columns: add one, rename a starting one, move it left, refuse archiving a full one.
    await browser.post(`${path}/columns`, { name: 'Review', done: '' });
    let columns = (await hub.app.board.view(created.slug)).columns;
    expect(columns.map((c) => c.name || c.preset)).toEqual(['todo', 'in_progress', 'done', 'Review']);
    const review = columns[3];
    if (!review) throw new Error('no column');
    await browser.post(`/columns/${review.id}`, {
      action: 'left',
      version: String(review.version),
      next: path,
    });
    columns = (await hub.app.board.view(created.slug)).columns;
    expect(columns.map((c) => c.name || c.preset)).toEqual(['todo', 'in_progress', 'Review', 'done']);
    const inProgress = columns[1];
    if (!inProgress) throw new Error('no column');
    const full = await browser.post(`/columns/${inProgress.id}`, {
      action: 'archive',
      version: String(inProgress.version),
      next: path,
    });
    expect(full.statusCode).toBe(422);
    await browser.post(`/columns/${inProgress.id}`, {
      action: 'save',
      name: 'Doing',
      done: '',
      version: String(inProgress.version),
      next: path,
    });
    const todoColumn = columns[0];
    if (!todoColumn) throw new Error('no column');
    await browser.post(`/columns/${todoColumn.id}`, {
      action: 'archive',
      version: String(todoColumn.version),
      next: path,
    });
    const final = await hub.app.board.view(created.slug);
    expect(final.columns.map((c) => c.name || c.preset)).toEqual(['Doing', 'Review', 'done']);
    expect(final.archived.map((c) => c.preset)).toEqual(['todo']);
    // Moving into an archived column is refused.
    const item = final.columns[0]?.items[0];
    if (!item) throw new Error('no item');
    const res = await api(
      'POST',
      `/items/${item.id}/move`,
      maintainer,
      { column: todoColumn.id },
      item.version,
    );
    expect(res.statusCode).toBe(400);
  });

  it('shows members and visitors the board read-only', async () => {
    const visitor = await hub.server.inject({ url: '/board' });
    expect(visitor.body).not.toContain('Add an item');
    expect(visitor.body).not.toContain('/move"');
    expect(visitor.body).not.toContain('board-drag.js');
    const browser = await signedInClient(hub, member);
    const page = await browser.get('/board');
    expect(page.body).not.toContain('Add an item');
    expect(page.body).toContain('href="/board" aria-current="page"');
    expect((await hub.server.inject({ url: '/boards/nope' })).statusCode).toBe(404);
  });

  it('groups the roadmap now / next / later with the progress of the linked items', async () => {
    const roadmap = await buildIdea(hub, maintainer, { title: 'Plugin API', status: 'backlog' });
    await hub.app.ideas.changeStatus(maintainer.actor, roadmap.id, roadmap.version, 'roadmap', null);
    const started = await buildIdea(hub, maintainer, { title: 'Search', status: 'backlog' });
    await hub.app.ideas.changeStatus(maintainer.actor, started.id, started.version, 'roadmap', null);
    await hub.app.ideas.changeStatus(maintainer.actor, started.id, started.version + 1, 'in_progress', null);
    const board2 = await hub.app.board.createBoard(maintainer.actor, { title: 'Roadmap work' });
    const add = (title: string, idea: string, column: string) =>
      hub.app.board.addItem(maintainer.actor, board2.slug, { title, idea, column });
    await add('Search index', started.slug, 'done');
    await add('Search UI', started.slug, 'in_progress');
    await add('Search docs', started.slug, 'done');
    await add('Plugin loader', roadmap.slug, 'todo');

    let groups = await hub.app.roadmap.view('en');
    const summary = () =>
      groups.map((g) => [g.horizon, g.entries.map((e) => [e.idea.title, e.progress.done, e.progress.total])]);
    expect(summary()).toEqual([
      ['now', [['Search', 2, 3]]],
      ['next', [['Plugin API', 0, 1]]],
      ['later', []],
    ]);
    const page = await hub.server.inject({ url: '/roadmap' });
    expect(page.body).toContain('2 of 3 items done');
    const de = await hub.server.inject({ url: '/roadmap?lang=de' });
    expect(de.body).toContain('Als Nächstes');
    expect(de.body).toContain('2 von 3 Einträgen erledigt');

    // A maintainer moves the plugin API to later; a stale horizon form gets 409.
    const browser = await signedInClient(hub, maintainer);
    await browser.get('/roadmap');
    const set = await browser.post(`/roadmap/${roadmap.slug}`, { horizon: 'later', version: '0' });
    expect(set.statusCode).toBe(303);
    expect(
      (await browser.post(`/roadmap/${roadmap.slug}`, { horizon: 'now', version: '0' })).statusCode,
    ).toBe(409);
    groups = await hub.app.roadmap.view('en');
    expect(summary()[2]).toEqual(['later', [['Plugin API', 0, 1]]]);
    // Flagging another column as done counts its items instead of the last column's.
    const view = await hub.app.board.view(board2.slug);
    const doing = view.columns[1];
    if (!doing) throw new Error('no column');
    await hub.app.board.updateColumn(maintainer.actor, doing.id, doing.version, { done: true });
    groups = await hub.app.roadmap.view('en');
    expect(summary()[0]).toEqual(['now', [['Search', 3, 3]]]);
    const members = await signedInClient(hub, member);
    await members.get('/roadmap');
    expect(
      (await members.post(`/roadmap/${roadmap.slug}`, { horizon: 'now', version: '1' })).statusCode,
    ).toBe(403);
  });

  it('lists boards and pages through a board’s items in the API', async () => {
    const list = await api('GET', '/boards');
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0].slug).toBe('default');
    const created = await api('POST', '/boards', maintainer, { title: 'Pages' });
    expect(created.statusCode).toBe(201);
    const slug = created.json().slug;
    for (let i = 0; i < 5; i++) await api('POST', `/boards/${slug}/items`, maintainer, { title: `P${i}` });
    const first = (await api('GET', `/boards/${slug}/items?limit=3`)).json();
    expect(first.items).toHaveLength(3);
    const second = (await api('GET', `/boards/${slug}/items?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((i: ApiItem) => i.title)).toEqual(['P3', 'P4']);
    expect(second.nextCursor).toBeNull();
    expect((await api('GET', `/boards/${slug}/items?column=nope`)).statusCode).toBe(400);
    const openapi = (await hub.server.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/v1/boards', '/api/v1/boards/{id}', '/api/v1/items/{id}/move']),
    );
  });
});
