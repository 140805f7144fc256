import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import { SERIES_FORM } from './support/authorization-world.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { groupOptions } from './support/group-select.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday 29 Nov 2026, 11:00 in Berlin. */
const NOW = new Date('2026-11-29T10:00:00Z');

const OUT_EN = 'Only a maintainer may take this out of every group';
const OUT_DE = 'Nur Maintainer können dies aus jeder Gruppe herausnehmen';

/**
 * A group's lead moves what their group holds only between groups they lead: taking a series,
 * idea or board out of every group would leave them unable to edit it, so that is a maintainer's.
 */
describe.each(ENGINES)('a lead keeps their group’s things in a group they lead on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let lead: TestUser;
  let twoGroups: TestUser;
  let api: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    api = apiAs(hub);
    const admin = await buildUser(hub, { role: 'admin' });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    lead = await buildUser(hub, { name: 'Lea Lead' });
    twoGroups = await buildUser(hub, { name: 'Tom Two' });
    const handles = [lead.user.handle, twoGroups.user.handle];
    await hub.app.groups.create(admin.actor, {
      slug: 'sig-docs',
      name: 'SIG Docs',
      members: handles,
      leads: handles,
    });
    await hub.app.groups.create(admin.actor, {
      slug: 'sig-web',
      name: 'SIG Web',
      members: [twoGroups.user.handle],
      leads: [twoGroups.user.handle],
    });
  });
  afterAll(() => hub.close());

  const groupId = async (slug: string) => (await hub.store.read.groups.findBySlug(slug))?.id;
  const docsSeries = (title: string) =>
    hub.app.meetings.create(maintainer.actor, { ...SERIES_FORM, title, group: 'sig-docs' });
  const docsBoard = async (title: string) => {
    const board = await hub.app.board.createBoard(maintainer.actor, { title });
    await hub.app.groups.assign(maintainer.actor, 'board', board.id, 'sig-docs');
    return hub.app.board.board(board.id);
  };
  const docsIdea = async (title: string) => {
    const idea = await hub.app.ideas.propose(maintainer.actor, { title });
    await hub.app.groups.assign(maintainer.actor, 'idea', idea.id, 'sig-docs');
    return (await hub.app.ideas.get(idea.id, 'system')).idea;
  };

  it('offers the lead no “No group” on the series, board and idea forms', async () => {
    const series = await docsSeries('Docs form series');
    const board = await docsBoard('Docs form board');
    const idea = await docsIdea('Docs form idea');
    const client = await signedInClient(hub, lead);
    for (const url of [
      `/meetings/${series.slug}/edit`,
      `/boards/${board.slug}/edit`,
      `/ideas/${idea.slug}/edit`,
    ]) {
      const form = await client.get(url);
      expect(form.statusCode, url).toBe(200);
      // One group led: nothing to choose, so the field is left out and the group stays.
      expect(groupOptions(form.body), url).toEqual({});
    }
    // Leading two groups: both are offered, and still no way out of every group.
    const two = await signedInClient(hub, twoGroups);
    for (const url of [`/meetings/${series.slug}/edit`, `/boards/${board.slug}/edit`]) {
      expect(groupOptions((await two.get(url)).body), url).toEqual({
        'sig-docs': 'SIG Docs',
        'sig-web': 'SIG Web',
      });
    }
    // A maintainer may still take them out of every group.
    const maint = await signedInClient(hub, maintainer);
    expect(groupOptions((await maint.get(`/boards/${board.slug}/edit`)).body)).toHaveProperty('', 'No group');
  });

  it('refuses the forms’ “no group” from a lead beside the field, and stores nothing', async () => {
    const series = await docsSeries('Docs kept series');
    const board = await docsBoard('Docs kept board');
    const idea = await docsIdea('Docs kept idea');
    const client = await signedInClient(hub, lead);
    const posts: [string, Record<string, string>][] = [
      [
        `/meetings/${series.slug}/edit`,
        { ...SERIES_FORM, title: 'Renamed series', group: '', version: String(series.version) },
      ],
      [`/boards/${board.slug}/edit`, { title: 'Renamed board', group: '', version: String(board.version) }],
      [
        `/ideas/${idea.slug}/edit`,
        { title: 'Renamed idea', description: '', tags: '', group: '', version: String(idea.version) },
      ],
    ];
    for (const [url, form] of posts) {
      await client.get(url);
      const res = await client.post(url, form);
      expect(res.statusCode, url).toBe(422);
      expect(res.body).toContain('id="field-group-error"');
      expect(res.body).toContain(OUT_EN);
      expect(res.body).toContain('value="Renamed');
    }
    const docs = await groupId('sig-docs');
    expect(await hub.store.read.series.findBySlug(series.slug)).toMatchObject({
      title: 'Docs kept series',
      group_id: docs,
    });
    expect(await hub.store.read.board.findBoard(board.id)).toMatchObject({
      title: 'Docs kept board',
      group_id: docs,
    });
    expect((await hub.app.ideas.get(idea.id, 'system')).idea).toMatchObject({
      title: 'Docs kept idea',
      groupId: docs,
    });
  });

  it('refuses it through the API with a clear message in English and German', async () => {
    const series = await docsSeries('Docs API series');
    const board = await docsBoard('Docs API board');
    const idea = await docsIdea('Docs API idea');
    const patch = await api(
      'PATCH',
      `/series/${series.slug}`,
      lead,
      { title: 'Out', group: null },
      { 'if-match': '*' },
    );
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors).toEqual([{ field: 'group', message: expect.stringContaining(OUT_EN) }]);
    const boardPatch = await api(
      'PATCH',
      `/boards/${board.id}`,
      lead,
      { group: null },
      { 'if-match': '*', 'accept-language': 'de' },
    );
    expect(boardPatch.statusCode).toBe(400);
    expect(boardPatch.json().detail).toContain(OUT_DE);
    for (const [kind, ref] of [
      ['series', series.slug],
      ['boards', board.id],
      ['ideas', idea.id],
    ]) {
      const put = await api('PUT', `/${kind}/${ref}/group`, lead, { group: null });
      expect(put.statusCode, kind).toBe(403);
      expect(put.json().detail).toContain(OUT_EN);
      const de = await api('PUT', `/${kind}/${ref}/group`, lead, { group: '' }, { 'accept-language': 'de' });
      expect(de.statusCode, kind).toBe(403);
      expect(de.json().detail).toContain(OUT_DE);
    }
    const docs = await groupId('sig-docs');
    expect((await hub.store.read.series.findBySlug(series.slug))?.group_id).toBe(docs);
    expect((await hub.store.read.board.findBoard(board.id))?.group_id).toBe(docs);
    expect((await hub.app.ideas.get(idea.id, 'system')).idea.groupId).toBe(docs);
    // Into a group they do not lead: refused, naming it.
    const foreign = await api('PUT', `/series/${series.slug}/group`, lead, { group: 'sig-web' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().detail).toContain('SIG Web');
  });

  it('lets a lead of both groups move between them, and a maintainer take it out of every group', async () => {
    const series = await docsSeries('Docs moving series');
    expect(
      (await api('PUT', `/series/${series.slug}/group`, twoGroups, { group: 'sig-web' })).statusCode,
    ).toBe(204);
    expect((await hub.store.read.series.findBySlug(series.slug))?.group_id).toBe(await groupId('sig-web'));
    expect((await api('PUT', `/series/${series.slug}/group`, maintainer, { group: null })).statusCode).toBe(
      204,
    );
    expect((await hub.store.read.series.findBySlug(series.slug))?.group_id).toBeNull();
  });
});
