import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { groupOptions } from './support/group-select.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday 29 Nov 2026, 11:00 in Berlin. */
const NOW = new Date('2026-11-29T10:00:00Z');

/**
 * Boards are made from a form as series are, in a group or none: maintainers anywhere, a group's
 * lead in a group they lead; the API's `POST /boards` takes the same `group`. The default board
 * is edited as any other, stored by its first save.
 */
describe.each(ENGINES)('making boards in groups, and the default board’s settings, on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let lead: TestUser;
  let member: TestUser;
  let api: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    api = apiAs(hub);
    const admin = await buildUser(hub, { role: 'admin' });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    lead = await buildUser(hub, { name: 'Lea Lead' });
    member = await buildUser(hub);
    await hub.app.groups.create(admin.actor, {
      slug: 'sig-docs',
      name: 'SIG Docs',
      members: [lead.user.handle],
      leads: [lead.user.handle],
    });
    await hub.app.groups.create(admin.actor, { slug: 'sig-net', name: 'SIG Network' });
  });
  afterAll(() => hub.close());

  const groupId = async (slug: string) => (await hub.store.read.groups.findBySlug(slug))?.id;
  const boardTitled = async (title: string) =>
    (await hub.store.read.board.boards()).find((b) => b.title === title);

  it('lets the default board be edited before its first write, storing it with its columns', async () => {
    const client = await signedInClient(hub, maintainer);
    expect(await hub.store.read.board.findBoard('default')).toBeUndefined();
    expect((await client.get('/board')).body).toContain('href="/boards/default/edit"');
    const form = await client.get('/boards/default/edit');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="version" value="0"');
    const saved = await client.post('/boards/default/edit', {
      title: 'Community board',
      group: 'sig-net',
      version: '0',
    });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect(saved.headers.location).toBe('/boards/default?notice=board.saved');
    const row = await hub.store.read.board.findBoard('default');
    expect(row).toMatchObject({ title: 'Community board', group_id: await groupId('sig-net') });
    expect((await hub.store.read.board.columns(row?.id ?? '')).map((c) => c.preset)).toEqual([
      'todo',
      'in_progress',
      'done',
    ]);
    // The form read before that save is now stale.
    const stale = await client.post('/boards/default/edit', { title: 'Stale', version: '0' });
    expect(stale.statusCode).toBe(409);
    expect((await hub.store.read.board.findBoard('default'))?.title).toBe('Community board');
    // Its API twin moves it with the title left as it is.
    const moved = await api('PATCH', '/boards/default', maintainer, { group: null }, { 'if-match': '*' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await hub.store.read.board.findBoard('default')).toMatchObject({
      title: 'Community board',
      group_id: null,
    });
  });

  it('offers a maintainer the new-board form from the board page, in any group or none', async () => {
    const client = await signedInClient(hub, maintainer);
    expect((await client.get('/board')).body).toContain('href="/boards/new"');
    const form = await client.get('/boards/new');
    expect(form.statusCode).toBe(200);
    expect(groupOptions(form.body)).toEqual({
      '': 'No group',
      'sig-docs': 'SIG Docs',
      'sig-net': 'SIG Network',
    });
    const made = await client.post('/boards', { title: 'Release board', group: 'sig-net' });
    expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
    const row = await boardTitled('Release board');
    expect(made.headers.location).toBe(`/boards/${row?.slug}?notice=board.created`);
    expect(row?.group_id).toBe(await groupId('sig-net'));
    expect((await client.get('/groups/sig-net')).body).toContain('Release board');
    // A title the form's own path would shadow gets a number.
    const shadowed = await client.post('/boards', { title: 'New', group: '' });
    expect(shadowed.headers.location).toBe('/boards/new-2?notice=board.created');
  });

  it('offers a lead the form from their group’s page, for their group only', async () => {
    const client = await signedInClient(hub, lead);
    expect((await client.get('/groups/sig-docs')).body).toContain('href="/boards/new?group=sig-docs"');
    expect((await client.get('/groups/sig-net')).body).not.toContain('/boards/new');
    expect((await client.get('/board')).body).toContain('href="/boards/new"');
    const form = await client.get('/boards/new?group=sig-docs');
    expect(form.statusCode).toBe(200);
    expect(groupOptions(form.body)).toEqual({ 'sig-docs': 'SIG Docs' });
    const before = (await hub.store.read.board.boards()).length;
    for (const [group, said] of [
      ['sig-net', 'You may not put this into the group “SIG Network”'],
      ['', 'Choose the group this belongs to'],
    ] as const) {
      await client.get('/boards/new');
      const res = await client.post('/boards', { title: 'Not here', group });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="field-group-error"');
      expect(res.body).toContain(said);
      expect(res.body).toContain('value="Not here"');
    }
    expect((await hub.store.read.board.boards()).length).toBe(before);
    await client.get('/boards/new');
    const made = await client.post('/boards', { title: 'Docs board', group: 'sig-docs' });
    expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
    expect((await boardTitled('Docs board'))?.group_id).toBe(await groupId('sig-docs'));
    // The lead now edits it as their group's.
    expect((await client.get(made.headers.location as string)).body).toContain('/edit"');
  });

  it('gives a member neither the link nor the form', async () => {
    const client = await signedInClient(hub, member);
    expect((await client.get('/board')).body).not.toContain('/boards/new');
    expect((await client.get('/groups/sig-docs')).body).not.toContain('/boards/new');
    expect((await client.get('/boards/new')).statusCode).toBe(403);
    expect((await client.post('/boards', { title: 'Mine', group: '' })).statusCode).toBe(403);
    expect(await boardTitled('Mine')).toBeUndefined();
  });

  it('takes the group in POST /api/v1/boards, checked as the board’s PATCH checks it', async () => {
    const create = (who: TestUser, title: string, group?: string | null) =>
      api('POST', '/boards', who, group === undefined ? { title } : { title, group });
    const made = await create(maintainer, 'API board', 'sig-docs');
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ title: 'API board', version: 1 });
    expect((await boardTitled('API board'))?.group_id).toBe(await groupId('sig-docs'));
    expect((await create(maintainer, 'API none', null)).statusCode).toBe(201);
    expect((await boardTitled('API none'))?.group_id).toBeNull();
    const unknown = await create(maintainer, 'API unknown', 'sig-nothing');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'group', message: 'There is no group “sig-nothing”.' }]);
    for (const group of ['sig-net', null, undefined]) {
      expect((await create(lead, 'API lead elsewhere', group)).statusCode, String(group)).toBe(403);
    }
    expect((await create(member, 'API member', 'sig-docs')).statusCode).toBe(403);
    expect((await create(lead, 'API lead board', 'sig-docs')).statusCode).toBe(201);
    const titles = (await hub.store.read.board.boards()).map((b) => b.title);
    expect(titles).toContain('API lead board');
    expect(
      titles.filter((t) => t.startsWith('API ') && !['API board', 'API none', 'API lead board'].includes(t)),
    ).toEqual([]);
  });
});
