import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIdeaRow } from '../src/app/idea-steps.js';
import { SERIES_FORM } from './support/authorization-world.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { groupOptions } from './support/group-select.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday 29 Nov 2026, 11:00 in Berlin. */
const NOW = new Date('2026-11-29T10:00:00Z');

describe.each(ENGINES)('the group field of the idea, series and board forms on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let lead: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
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

  const groupIdOf = async (slug: string) => (await hub.store.read.groups.findBySlug(slug))?.id;

  it('offers a lead only their groups on the new-series form, and makes the series there', async () => {
    const client = await signedInClient(hub, lead);
    const form = await client.get('/meetings/new');
    expect(form.statusCode).toBe(200);
    expect(groupOptions(form.body)).toEqual({ 'sig-docs': 'SIG Docs' });
    const res = await client.post('/meetings/new', { ...SERIES_FORM, title: 'Docs sync', group: 'sig-docs' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const row = (await hub.store.read.series.list()).find((s) => s.title === 'Docs sync');
    expect(row?.group_id).toBe(await groupIdOf('sig-docs'));
    // Their group's page lists it, and offers them a new series there.
    const page = await client.get('/groups/sig-docs');
    expect(page.body).toContain('Docs sync');
    expect(page.body).toContain('/meetings/new?group=sig-docs');
    expect((await client.get('/meetings')).body).toContain('href="/meetings/new"');
  });

  it('refuses a lead another group or none, beside the field, and stores nothing', async () => {
    const client = await signedInClient(hub, lead);
    await client.get('/meetings/new');
    const before = (await hub.store.read.series.list()).length;
    for (const [group, en] of [
      ['sig-net', 'You may not put this into the group “SIG Network”'],
      ['', 'Choose the group this belongs to'],
    ] as const) {
      const res = await client.post('/meetings/new', { ...SERIES_FORM, title: 'Not mine', group });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="field-group-error"');
      expect(res.body).toContain(en);
      // What was typed stays in the form.
      expect(res.body).toContain('value="Not mine"');
    }
    expect((await hub.store.read.series.list()).length).toBe(before);
    // A member who leads nothing gets no form at all.
    const stranger = await signedInClient(hub, member);
    expect((await stranger.get('/meetings/new')).statusCode).toBe(403);
    expect((await stranger.post('/meetings/new', { ...SERIES_FORM, group: 'sig-docs' })).statusCode).toBe(
      403,
    );
  });

  it('lets a lead edit their group’s series, and not another group’s', async () => {
    const mine = await hub.app.meetings.create(maintainer.actor, {
      ...SERIES_FORM,
      title: 'Docs weekly',
      group: 'sig-docs',
    });
    const theirs = await hub.app.meetings.create(maintainer.actor, {
      ...SERIES_FORM,
      title: 'Net weekly',
      group: 'sig-net',
    });
    const client = await signedInClient(hub, lead);
    const form = await client.get(`/meetings/${mine.slug}/edit`);
    expect(form.statusCode).toBe(200);
    // Staying is their one choice (neither out of every group nor into one they do not lead): no field.
    expect(groupOptions(form.body)).toEqual({});
    expect((await client.get(`/meetings/${mine.slug}`)).body).toContain(`/meetings/${mine.slug}/edit`);
    const saved = await client.post(`/meetings/${mine.slug}/edit`, {
      ...SERIES_FORM,
      title: 'Docs weekly sync',
      group: 'sig-docs',
      version: String(mine.version),
    });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    const refused = await client.post(`/meetings/${mine.slug}/edit`, {
      ...SERIES_FORM,
      title: 'Moved away',
      group: 'sig-net',
      version: String(mine.version + 1),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('id="field-group-error"');
    const row = await hub.store.read.series.findBySlug(mine.slug);
    expect(row?.title).toBe('Docs weekly sync');
    expect(row?.group_id).toBe(await groupIdOf('sig-docs'));
    // A stale version is a conflict, with what was typed kept.
    const stale = await client.post(`/meetings/${mine.slug}/edit`, {
      ...SERIES_FORM,
      title: 'Stale edit',
      version: String(mine.version),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('value="Stale edit"');
    expect((await client.get(`/meetings/${theirs.slug}/edit`)).statusCode).toBe(403);
    const other = await client.post(`/meetings/${theirs.slug}/edit`, {
      ...SERIES_FORM,
      version: String(theirs.version),
    });
    expect(other.statusCode).toBe(403);
    expect((await hub.store.read.series.findBySlug(theirs.slug))?.title).toBe('Net weekly');
  });

  it('lets a maintainer move an idea into a group from its edit form; the group’s backlog lists it', async () => {
    const idea = await hub.app.ideas.propose(member.actor, { title: 'Better search docs' });
    const client = await signedInClient(hub, maintainer);
    const form = await client.get(`/ideas/${idea.slug}/edit`);
    expect(groupOptions(form.body)).toEqual({
      '': 'No group',
      'sig-docs': 'SIG Docs',
      'sig-net': 'SIG Network',
    });
    const res = await client.post(`/ideas/${idea.slug}/edit`, {
      title: idea.title,
      description: '',
      tags: '',
      group: 'sig-net',
      version: String(idea.version),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const stored = (await hub.app.ideas.get(idea.id, 'system')).idea;
    expect(stored.groupId).toBe(await groupIdOf('sig-net'));
    expect((await client.get('/backlog?group=sig-net&status=proposed')).body).toContain('Better search docs');
    expect((await client.get('/groups/sig-net')).body).toContain('Better search docs');
    // The member who proposed it may still edit it, but has no group to choose.
    const own = await signedInClient(hub, member);
    expect((await own.get(`/ideas/${idea.slug}/edit`)).body).not.toContain('name="group"');
  });

  it('refuses a member’s own choice of group on a proposal, and stores nothing', async () => {
    const client = await signedInClient(hub, member);
    await client.get('/ideas/new');
    const res = await client.post('/ideas', {
      title: 'Sneaked in',
      description: '',
      tags: '',
      group: 'sig-docs',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="field-group-error"');
    expect(await findIdeaRow(hub.store.read, 'sneaked-in')).toBeUndefined();
  });

  it('lets a maintainer move a board into a group from its settings form; the group page lists it', async () => {
    const board = await hub.app.board.createBoard(maintainer.actor, { title: 'Docs board' });
    const client = await signedInClient(hub, maintainer);
    expect((await client.get(`/boards/${board.slug}`)).body).toContain(`/boards/${board.slug}/edit`);
    const form = await client.get(`/boards/${board.slug}/edit`);
    expect(form.statusCode).toBe(200);
    expect(groupOptions(form.body)).toEqual({
      '': 'No group',
      'sig-docs': 'SIG Docs',
      'sig-net': 'SIG Network',
    });
    const res = await client.post(`/boards/${board.slug}/edit`, {
      title: 'Docs board',
      group: 'sig-docs',
      version: String(board.version),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect((await hub.store.read.board.findBoard(board.id))?.group_id).toBe(await groupIdOf('sig-docs'));
    expect((await client.get('/groups/sig-docs')).body).toContain('Docs board');
    // The lead of the group edits it now; a stale version is a conflict.
    const lead2 = await signedInClient(hub, lead);
    expect((await lead2.get(`/boards/${board.slug}/edit`)).statusCode).toBe(200);
    const stale = await lead2.post(`/boards/${board.slug}/edit`, {
      title: 'Renamed',
      group: 'sig-docs',
      version: String(board.version),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('value="Renamed"');
    expect((await hub.store.read.board.findBoard(board.id))?.title).toBe('Docs board');
  });
});
