import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageClient } from './support/client.js';
import { changedTables, snapshotDatabase } from './support/db-snapshot.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ghExport, ghFields, ghItem, STATUS_OPTIONS } from './support/github-export.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

const NOW = () => new Date('2026-11-29T10:00:00Z');

describe.each(ENGINES)('GitHub Projects import on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
    [maintainer, member] = await Promise.all([buildUser(hub, { role: 'maintainer' }), buildUser(hub)]);
  });
  afterAll(() => hub.close());

  const columnsOf = async (slug: string) =>
    (await hub.app.board.view(slug)).columns.map((c) => ({
      name: c.name || c.preset,
      items: c.items.map((i) => i.title),
    }));
  const snapshot = () => snapshotDatabase(hub.testDb.database);

  it('maps Status to columns (new ones in the order of the field options) and keeps title, body, links, people, labels and repository', async () => {
    const board = await hub.app.board.createBoard(maintainer.actor, { title: 'Widgets' });
    const report = await hub.app.githubImport.importItems(maintainer.actor, board.slug, ghExport(14), {
      fields: ghFields(),
    });
    expect(report).toEqual({
      board: board.slug,
      columnsCreated: ['In Review'],
      created: 14,
      updated: 0,
      unchanged: 0,
      total: 14,
    });
    const columns = await columnsOf(board.slug);
    expect(columns.map((c) => c.name)).toEqual(['todo', 'in_progress', 'done', 'In Review']);
    // No status (items 6 and 13) goes to the first column; a column keeps the file's order.
    expect(columns[0]?.items).toEqual(['Item 0', 'Item 4', 'Item 6', 'Item 8', 'Item 12', 'Item 13']);
    expect(columns[1]?.items).toEqual(['Item 1', 'Item 5', 'Item 9']);
    const view = await hub.app.board.view(board.slug);
    const all = view.columns.flatMap((c) => c.items);
    const issue = all.find((i) => i.title === 'Item 0');
    expect(issue).toMatchObject({
      body: 'Body of Item 0\n\n- [ ] task',
      links: [
        { label: 'acme/widgets#1000', url: 'https://github.com/acme/widgets/issues/1000' },
        { label: 'acme/widgets#5000', url: 'https://github.com/acme/widgets/pull/5000' },
      ],
      assignees: ['octocat', 'hubot'],
      labels: ['bug', 'good first issue'],
      repository: 'acme/widgets',
      externalId: 'PVTI_lADOBn1x00000000',
    });
    const draft = all.find((i) => i.title === 'Item 4');
    expect(draft).toMatchObject({ links: [], repository: null, body: 'Draft body 4' });
    expect(all.find((i) => i.title === 'Item 2')?.links[0]?.label).toBe('acme/widgets#1002');
  });

  it('changes nothing when the same file is imported again, and updates in place what changed', async () => {
    const board = await hub.app.board.createBoard(maintainer.actor, { title: 'Again' });
    const file = ghExport(30);
    await hub.app.githubImport.importItems(maintainer.actor, board.slug, file);
    const before = await snapshot();
    const again = await hub.app.githubImport.importItems(maintainer.actor, board.slug, file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 30, columnsCreated: [] });
    // Only the audit entry of the run is new.
    expect(changedTables(before, await snapshot())).toEqual(['audit_log']);

    const changed = ghExport(31, {
      title: (i) => (i === 3 ? 'Item 3 renamed' : `Item ${i}`),
      status: (i) =>
        i === 0 ? 'Done' : i % 7 === 6 ? null : (['Todo', 'In Progress', 'In Review', 'Done'][i % 4] ?? null),
    });
    const third = await hub.app.githubImport.importItems(maintainer.actor, board.slug, changed);
    expect(third).toMatchObject({ created: 1, updated: 2, unchanged: 28 });
    const columns = await columnsOf(board.slug);
    expect(columns.flatMap((c) => c.items)).toHaveLength(31);
    expect(columns.find((c) => c.name === 'done')?.items.at(-1)).toBe('Item 0');
    expect(columns.flatMap((c) => c.items)).toContain('Item 3 renamed');
  });

  it('reports a dry run without storing anything', async () => {
    const before = await snapshot();
    const report = await hub.app.githubImport.importItems(maintainer.actor, 'default', ghExport(5), {
      dryRun: true,
      fields: ghFields(),
    });
    expect(report).toMatchObject({ created: 5, columnsCreated: ['In Review'] });
    expect(changedTables(before, await snapshot())).toEqual([]);
  });

  it('refuses foreign or broken files with a message naming the problem, importing nothing', async () => {
    const board = await hub.app.board.createBoard(maintainer.actor, { title: 'Refusals' });
    const good = JSON.parse(ghExport(3)) as { items: Record<string, unknown>[] };
    const cases: [string, string][] = [
      ['not json at all', 'error.ghNotJson'],
      ['[]', 'error.ghShape'],
      ['{"projects":[],"totalCount":0}', 'error.ghShape'],
      ['{"items":{"id":"x"}}', 'error.ghShape'],
      [JSON.stringify({ items: [...good.items, { content: { title: 'No id' } }] }), 'error.ghItemId'],
      [JSON.stringify({ items: [good.items[0], 'text'] }), 'error.ghItemShape'],
      [JSON.stringify({ items: [good.items[0], good.items[0]] }), 'error.ghItemDuplicate'],
      [JSON.stringify({ items: [{ id: 'PVTI_x', content: null }] }), 'error.ghItemTitle'],
      [`{"items":[],"pad":"${'x'.repeat(50 * 1024 * 1024)}"}`, 'error.ghTooLarge'],
    ];
    const before = await snapshot();
    for (const [text, key] of cases) {
      await expect(
        hub.app.githubImport.importItems(maintainer.actor, board.slug, text),
        text.slice(0, 60),
      ).rejects.toMatchObject({ key });
    }
    await expect(
      hub.app.githubImport.importItems(maintainer.actor, board.slug, ghExport(2), { fields: '{"items":[]}' }),
    ).rejects.toMatchObject({ key: 'error.ghFieldsShape' });
    await expect(
      hub.app.githubImport.importItems(member.actor, board.slug, ghExport(2)),
    ).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
    expect(changedTables(before, await snapshot())).toEqual([]);
    // The message says what is wrong, in the reader's language.
    const page = await signedInClient(hub, maintainer);
    await page.get(`/boards/${board.slug}/import`);
    const form = new FormData();
    form.append('_csrf', page.csrf);
    form.append('file', new Blob([JSON.stringify({ items: [ghItem(1), { title: 'x' }] })]), 'items.json');
    const res = await page.postMultipart(`/boards/${board.slug}/import`, form);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Item 2 has no “id”.');
  });

  it('imports an upload from the maintainers’ form, with a dry run first', async () => {
    const board = await hub.app.board.createBoard(maintainer.actor, { title: 'Uploads' });
    const page = await signedInClient(hub, maintainer);
    expect((await page.get(`/boards/${board.slug}/import`)).statusCode).toBe(200);
    const send = async (dryRun: boolean) => {
      const form = new FormData();
      form.append('_csrf', page.csrf);
      form.append('file', new Blob([ghExport(6)], { type: 'application/json' }), 'items.json');
      form.append('fields', ghFields());
      if (dryRun) form.append('dryRun', 'true');
      return page.postMultipart(`/boards/${board.slug}/import`, form);
    };
    const preview = await send(true);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('New items: 6');
    expect((await columnsOf(board.slug)).flatMap((c) => c.items)).toEqual([]);
    const done = await send(false);
    expect(done.body).toContain('New items: 6');
    expect((await columnsOf(board.slug)).flatMap((c) => c.items)).toHaveLength(6);
    expect((await send(false)).body).toContain('Unchanged items: 6');
    const anonymous = new PageClient(hub);
    expect((await anonymous.get(`/boards/${board.slug}/import`)).statusCode).toBe(401);

    // A 50 MB upload is refused beside the file field with the rest of the form kept (the limit
    // is the API's 20 MB), and the board stays as it was.
    const before = await snapshot();
    const huge = new FormData();
    huge.append('_csrf', page.csrf);
    huge.append('file', new Blob([`{"items":[],"pad":"${'x'.repeat(50 * 1024 * 1024)}"}`]), 'huge.json');
    huge.append('fields', '{"fields":"kept"}');
    const tooLarge = await page.postMultipart(`/boards/${board.slug}/import`, huge);
    expect(tooLarge.statusCode).toBe(422);
    expect(tooLarge.headers['content-type']).toContain('text/html');
    expect(tooLarge.body).toMatch(/class="field-error"[^>]*>[^<]*larger than 20 MB/u);
    expect(tooLarge.body).toContain('{&quot;fields&quot;:&quot;kept&quot;}');
    expect(changedTables(before, await snapshot())).toEqual([]);
    // A form from elsewhere, and one without the file, change nothing either.
    const foreign = new FormData();
    foreign.append('_csrf', 'forged');
    foreign.append('file', new Blob([ghExport(1)]), 'items.json');
    expect((await page.postMultipart(`/boards/${board.slug}/import`, foreign)).statusCode).toBe(403);
    const empty = new FormData();
    empty.append('_csrf', page.csrf);
    empty.append('fields', '');
    const missing = await page.postMultipart(`/boards/${board.slug}/import`, empty);
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Choose the file with the items.');
    expect(changedTables(before, await snapshot())).toEqual([]);
  });

  it('imports 2 000 items in one transaction (time printed, not asserted)', async () => {
    const board = await hub.app.board.createBoard(maintainer.actor, { title: 'Large' });
    const file = ghExport(2000);
    const started = performance.now();
    const report = await hub.app.githubImport.importItems(maintainer.actor, board.slug, file, {
      fields: ghFields(),
    });
    const first = performance.now() - started;
    const again = performance.now();
    const second = await hub.app.githubImport.importItems(maintainer.actor, board.slug, file, {
      fields: ghFields(),
    });
    const rerun = performance.now() - again;
    console.log(
      `GitHub import on ${engine}: 2 000 items (${(file.length / 1024 / 1024).toFixed(1)} MB) in ${Math.round(first)} ms; re-import in ${Math.round(rerun)} ms`,
    );
    expect(report.created).toBe(2000);
    expect(second.unchanged).toBe(2000);
  });
});

describe.each(ENGINES)('a GitHub Projects re-import that moves every card, on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
    maintainer = await buildUser(hub, { role: 'maintainer' });
  });
  afterAll(() => hub.close());

  it('moves 20 000 cards to the end of their new columns, in the order of the file', async () => {
    const board = await hub.app.board.createBoard(maintainer.actor, { title: 'Moving' });
    const statusOf = (shift: number) => (i: number) =>
      STATUS_OPTIONS[(i + shift) % STATUS_OPTIONS.length] ?? null;
    const first = await hub.app.githubImport.importItems(
      'system',
      board.slug,
      ghExport(20_000, { status: statusOf(0) }),
      {
        fields: ghFields(),
      },
    );
    expect(first.created).toBe(20_000);
    const moved = await hub.app.githubImport.importItems(
      'system',
      board.slug,
      ghExport(20_000, { status: statusOf(1) }),
      {
        fields: ghFields(),
      },
    );
    expect(moved).toMatchObject({ created: 0, updated: 20_000, unchanged: 0 });
    const columns = (await hub.app.board.view(board.slug)).columns;
    // Todo now holds the cards that were Done (3, 7, 11, …), in file order.
    const todo = columns.find((c) => c.name === 'Todo' || c.preset === 'todo');
    expect(todo?.items).toHaveLength(5_000);
    expect(todo?.items.slice(0, 3).map((i) => i.title)).toEqual(['Item 3', 'Item 7', 'Item 11']);
    expect(todo?.items.at(-1)?.title).toBe('Item 19999');
    // Seconds in linear time even on a busy machine; the quadratic way took minutes.
  }, 180_000);
});

describe('plenum import github-project', () => {
  const ROOT = fileURLToPath(new URL('../', import.meta.url));
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'plenum-gh-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plenum = (args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env))
      if (name.startsWith('PLENUM_') || name === 'DATABASE_URL') delete env[name];
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'plenum.js'), ...args], {
      cwd: ROOT,
      env: { ...env, PLENUM_DATA_DIR: dir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('imports, reports counts and progress, re-imports without change, and refuses broken files', () => {
    const items = join(dir, 'items.json');
    const fields = join(dir, 'fields.json');
    writeFileSync(items, ghExport(1200));
    writeFileSync(fields, ghFields());
    const dry = plenum(['import', 'github-project', items, '--fields', fields, '--dry-run']);
    expect(dry.stdout).toContain('Dry run: nothing is stored.');
    expect(dry.stdout).toContain('Items: 1200 created, 0 updated, 0 unchanged');
    const first = plenum(['import', 'github-project', items, '--fields', fields]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('New columns: In Review');
    expect(first.stdout).toContain('Items: 1200 created, 0 updated, 0 unchanged');
    expect(first.stderr).toContain('items: 1200/1200');
    const second = plenum(['import', 'github-project', items, '--fields', fields]);
    expect(second.stdout).toContain('Items: 0 created, 0 updated, 1200 unchanged');

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ items: [ghItem(0), { content: { title: 'x' } }] }));
    const refused = plenum(['import', 'github-project', broken]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Item 2 has no “id”.');
    writeFileSync(broken, '{"fields":[]}');
    expect(plenum(['import', 'github-project', broken]).stderr).toContain(
      'This is not an export of gh project item-list',
    );
    expect(plenum(['import', 'github-project', items, '--board', 'nope']).status).toBe(1);
    // A 50 MB file is refused before it is read.
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, `{"items":[],"pad":"${'x'.repeat(50 * 1024 * 1024)}"}`);
    const tooLarge = plenum(['import', 'github-project', huge]);
    expect(tooLarge.status).toBe(1);
    expect(tooLarge.stderr).toContain('50.0 MB; an export holds at most 20 MB');
  }, 180_000);
});
