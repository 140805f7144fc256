import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import { NEXT_MEETING, SERIES_FORM } from './support/authorization-world.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday 29 Nov 2026, 11:00 in Berlin: the series of SERIES_FORM meets next on Monday 30 Nov. */
const NOW = new Date('2026-11-29T10:00:00Z');

describe.each(ENGINES)('groups on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let maintainer: TestUser;
  let leadA: TestUser;
  let leadB: TestUser;
  let member: TestUser;
  let api: ReturnType<typeof apiAs>;
  /** Per group: its series' slug, its board's id and an idea of it. */
  const made: Record<'a' | 'b', { series: string; board: string; idea: string }> = {
    a: { series: '', board: '', idea: '' },
    b: { series: '', board: '', idea: '' },
  };

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    api = apiAs(hub);
    [admin, maintainer, leadA, leadB, member] = await Promise.all([
      buildUser(hub, { role: 'admin' }),
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub, { name: 'Lea Lead' }),
      buildUser(hub, { name: 'Bo Lead' }),
      buildUser(hub),
    ]);
  });
  afterAll(() => hub.close());

  const snapshot = async () => ({
    groups: (await api('GET', '/groups', null)).json(),
    audit: await hub.store.read.audit.latest(1000),
  });

  it('lets admins make groups with leads among the members, each with its own series, board and ideas', async () => {
    const a = await api('POST', '/groups', admin, {
      slug: 'sig-network',
      name: 'SIG Network',
      description: 'Networking: *Services*, Ingress.',
      members: [leadA.user.handle, member.user.handle],
      leads: [leadA.user.handle],
    });
    expect(a.statusCode).toBe(201);
    expect(a.headers.etag).toBe('"1"');
    expect(a.json().people).toEqual([
      { name: 'Lea Lead', handle: leadA.user.handle, role: 'lead' },
      { name: member.user.name, handle: member.user.handle, role: 'member' },
    ]);
    const b = await api('POST', '/groups', admin, {
      name: 'SIG Storage',
      members: [`@${leadB.user.handle}`],
      leads: [leadB.user.handle],
    });
    expect(b.json().slug).toBe('sig-storage');
    for (const [key, slug] of [
      ['a', 'sig-network'],
      ['b', 'sig-storage'],
    ] as const) {
      const series = await hub.app.meetings.create(maintainer.actor, {
        ...SERIES_FORM,
        title: `${slug} weekly`,
      });
      const board = await hub.app.board.createBoard(maintainer.actor, { title: `${slug} board` });
      const idea = await buildIdea(hub, maintainer, { title: `Zebra of ${slug}`, status: 'backlog' });
      for (const [path, ref] of [
        [`/series/${series.slug}/group`, series.slug],
        [`/boards/${board.id}/group`, board.id],
        [`/ideas/${idea.id}/group`, idea.id],
      ] as const) {
        expect((await api('PUT', path, maintainer, { group: slug })).statusCode, ref).toBe(204);
      }
      made[key] = { series: series.slug, board: board.id, idea: idea.id };
    }
    const list = (await api('GET', '/groups', null)).json().items;
    expect(list.map((g: { slug: string }) => g.slug)).toEqual(['sig-network', 'sig-storage']);
    expect(list[0].leads).toEqual([{ name: 'Lea Lead', handle: leadA.user.handle, role: 'lead' }]);
  });

  it('filters the backlog by group and keeps it alphabetical', async () => {
    for (const title of ['Ärger mit DNS', 'apple', 'Banana']) {
      const idea = await buildIdea(hub, maintainer, { title, status: 'backlog' });
      await hub.app.groups.assign(maintainer.actor, 'idea', idea.id, 'sig-network');
    }
    await buildIdea(hub, maintainer, { title: 'Aardvark elsewhere', status: 'backlog' });
    const res = await api('GET', '/ideas?group=sig-network', null);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { title: string }) => i.title)).toEqual([
      'apple',
      'Ärger mit DNS',
      'Banana',
      'Zebra of sig-network',
    ]);
    const series = (await api('GET', '/series?group=sig-storage', null)).json().items;
    expect(series.map((i: { series: { slug: string } }) => i.series.slug)).toEqual([made.b.series]);
    const boards = (await api('GET', '/boards?group=sig-network', null)).json().items;
    expect(boards.map((b: { id: string }) => b.id)).toEqual([made.a.board]);
    const meetings = (await hub.server.inject({ method: 'GET', url: '/meetings?group=sig-network' })).body;
    expect(meetings).toContain(made.a.series);
    expect(meetings).not.toContain(made.b.series);
    const unknown = await api('GET', '/ideas?group=sig-nothing', null);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().detail).toContain('sig-nothing');
  });

  it('lets a lead triage and decide inside their group only', async () => {
    const status = (who: TestUser, idea: string, to: string) =>
      api('POST', `/ideas/${idea}/status`, who, { status: to, reason: 'Agreed' }, { 'if-match': '*' });
    expect((await status(leadA, made.a.idea, 'roadmap')).statusCode).toBe(200);
    expect((await status(leadA, made.b.idea, 'roadmap')).statusCode).toBe(403);
    const ungrouped = await buildIdea(hub, maintainer, { title: 'No group at all', status: 'backlog' });
    expect((await status(leadA, ungrouped.id, 'roadmap')).statusCode).toBe(403);
    expect((await status(member, made.a.idea, 'in_progress')).statusCode).toBe(403);
    expect((await status(maintainer, made.b.idea, 'roadmap')).statusCode).toBe(200);

    for (const key of ['a', 'b'] as const)
      await hub.app.minutes.start(maintainer.actor, made[key].series, NEXT_MEETING);
    const decide = (who: TestUser, series: string, body: Record<string, unknown>) =>
      api('POST', `/series/${series}/occurrences/${NEXT_MEETING}/decisions`, who, body);
    expect((await decide(leadA, made.a.series, { text: 'We meet weekly' })).statusCode).toBe(201);
    expect((await decide(leadA, made.b.series, { text: 'Not ours' })).statusCode).toBe(403);
    // Inside their meeting, but about another group's idea.
    const other = await decide(leadA, made.a.series, {
      text: 'Theirs',
      ideaId: made.b.idea,
      status: 'in_progress',
    });
    expect(other.statusCode, other.body).toBe(403);
    expect((await decide(leadB, made.b.series, { text: 'Storage decides' })).statusCode).toBe(201);
  });

  it('lets a lead move their own board’s cards and edit their own series only', async () => {
    const card = async (board: string) => hub.app.board.addItem(maintainer.actor, board, { title: 'Card' });
    const move = async (who: TestUser, board: string) => {
      const item = await card(board);
      return api('POST', `/items/${item.id}/move`, who, { to: 'right' }, { 'if-match': `"${item.version}"` });
    };
    expect((await move(leadA, made.a.board)).statusCode).toBe(200);
    expect((await move(leadA, made.b.board)).statusCode).toBe(403);
    const edit = (who: TestUser, series: string) =>
      api('PATCH', `/series/${series}`, who, { title: 'Renamed' }, { 'if-match': '*' });
    expect((await edit(leadA, made.b.series)).statusCode).toBe(403);
    expect((await edit(leadA, made.a.series)).statusCode).toBe(200);
  });

  it('lets leads add members to their group, and only admins name leads', async () => {
    const newcomer = await buildUser(hub, { name: 'Nia Newcomer' });
    const put = (who: TestUser, group: string, role?: string) =>
      api('PUT', `/groups/${group}/members/${newcomer.user.handle}`, who, role ? { role } : {});
    expect((await put(leadA, 'sig-storage')).statusCode).toBe(403);
    expect((await put(member, 'sig-network')).statusCode).toBe(403);
    expect((await put(leadA, 'sig-network', 'lead')).statusCode).toBe(403);
    const added = await put(leadA, 'sig-network');
    expect(added.statusCode).toBe(200);
    expect(added.json().people.map((p: { name: string }) => p.name)).toContain('Nia Newcomer');
    expect((await put(admin, 'sig-network', 'lead')).json().people).toContainEqual({
      name: 'Nia Newcomer',
      handle: newcomer.user.handle,
      role: 'lead',
    });
    // Now a lead: only an admin takes them out.
    const del = (who: TestUser) => api('DELETE', `/groups/sig-network/members/${newcomer.user.handle}`, who);
    expect((await del(leadA)).statusCode).toBe(403);
    expect((await del(admin)).statusCode).toBe(200);
  });

  it('refuses bad input with a clear message and stores nothing of it', async () => {
    const lead = await buildUser(hub);
    const before = await snapshot();
    const taken = await api('POST', '/groups', admin, { slug: 'sig-network', name: 'Another' });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().detail).toContain('sig-network');
    const stranger = await api('POST', '/groups', admin, {
      name: 'SIG Docs',
      members: [member.user.handle],
      leads: [leadB.user.handle],
    });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().detail).toContain(leadB.user.handle);
    const nobody = await api('POST', '/groups', admin, { name: 'SIG Apps', members: ['no-such-person'] });
    expect(nobody.statusCode).toBe(400);
    expect(JSON.stringify(nobody.json())).toContain('no-such-person');
    const badSlug = await api('POST', '/groups', admin, { slug: 'SIG Docs!', name: 'Docs' });
    expect(badSlug.statusCode).toBe(400);
    const notAdmin = await api('POST', '/groups', maintainer, { name: 'SIG Apps' });
    expect(notAdmin.statusCode).toBe(403);
    const leadFirst = await api('PUT', `/groups/sig-storage/members/${lead.user.handle}`, admin, {
      role: 'lead',
    });
    expect(leadFirst.statusCode).toBe(422);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a stale edit with 409 and the current group', async () => {
    const first = await api(
      'PATCH',
      '/groups/sig-storage',
      admin,
      { description: 'Volumes' },
      { 'if-match': '"1"' },
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await api('PATCH', '/groups/sig-storage', admin, { name: 'Stale' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    const renamed = await api(
      'PATCH',
      '/groups/sig-storage',
      admin,
      { slug: 'sig-network' },
      { 'if-match': '"2"' },
    );
    expect(renamed.statusCode).toBe(422);
    expect((await api('GET', '/groups/sig-storage', null)).json()).toMatchObject({
      name: 'SIG Storage',
      description: 'Volumes',
    });
  });

  it('upserts a group with its series, and a second run changes nothing', async () => {
    const input = {
      slug: 'wg-batch',
      name: 'WG Batch',
      description: 'Batch workloads.',
      members: [leadB.user.handle, 'unknown-github-person'],
      leads: [leadB.user.handle],
      series: [{ ...SERIES_FORM, title: 'WG Batch weekly' }],
    };
    const first = await hub.app.groups.upsert('system', input);
    expect(first).toMatchObject({ created: true, changed: true, unknownPeople: ['unknown-github-person'] });
    expect(first.seriesCreated).toEqual(['wg-batch-weekly']);
    const audit = await hub.store.read.audit.latest(1000);
    const again = await hub.app.groups.upsert('system', input);
    expect(again).toMatchObject({ created: false, changed: false, seriesCreated: [], seriesUpdated: [] });
    expect(await hub.store.read.audit.latest(1000)).toEqual(audit);
    const moved = await hub.app.groups.upsert('system', {
      ...input,
      series: [{ ...SERIES_FORM, title: 'WG Batch weekly', startTime: '16:00' }],
    });
    expect(moved.seriesUpdated).toEqual(['wg-batch-weekly']);
    const home = await hub.app.groups.home('wg-batch', 'en');
    expect(home.series.map((s) => [s.series.title, s.next?.key])).toEqual([
      ['WG Batch weekly', NEXT_MEETING],
    ]);
    expect(home.people.map((p) => p.role)).toEqual(['lead']);
  });

  it('shows a member the next meeting of their groups on the home page, and visitors every group’s', async () => {
    const section = (html: string) =>
      /aria-labelledby="group-meetings-heading"[\s\S]*?<\/section>/u.exec(html)?.[0] ?? '';
    const mine = section((await (await signedInClient(hub, member)).get('/')).body);
    expect(mine).toContain('SIG Network');
    // Its meeting of 30 November was started early above: the next one is two weeks later.
    expect(mine).toContain(`/meetings/${made.a.series}/2026-12-14`);
    expect(mine).not.toContain('SIG Storage');
    const visitor = section((await hub.server.inject({ method: 'GET', url: '/' })).body);
    expect(visitor).toContain('SIG Network');
    expect(visitor).toContain('SIG Storage');
    const outsider = await buildUser(hub);
    expect(section((await (await signedInClient(hub, outsider)).get('/')).body)).toBe('');
  });

  it('shows a group’s home with its people, meetings, boards and ideas alphabetically, in English and German', async () => {
    const en = (await hub.server.inject({ method: 'GET', url: '/groups/sig-network' })).body;
    expect(en).toContain('Lea Lead');
    expect(en).toContain('<em>Services</em>');
    expect(en).toContain(`/meetings/${made.a.series}`);
    expect(en).toContain('sig-network board');
    const order = ['apple', 'Ärger mit DNS', 'Banana'].map((title) => en.indexOf(`>${title}<`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
    const de = (
      await hub.server.inject({
        method: 'GET',
        url: '/groups/sig-network',
        headers: { 'accept-language': 'de' },
      })
    ).body;
    expect(de).toContain('Leitung');
    expect(de).toContain('Planungsboards');
    const filtered = (await hub.server.inject({ method: 'GET', url: '/backlog?group=sig-storage' })).body;
    expect(filtered).toContain('Zebra of sig-storage');
    expect(filtered).not.toContain('Zebra of sig-network');
  });
});
