import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposalFiles } from '../src/cli/commands/proposals.js';
import { apiAs } from './support/api-as.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

describe.each(ENGINES)('enhancement proposals on %s', (engine) => {
  let hub: Hub;
  let member: TestUser;
  let maintainer: TestUser;
  let api: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    hub = await startHub(engine);
    api = apiAs(hub);
    [member, maintainer] = await Promise.all([buildUser(hub), buildUser(hub, { role: 'maintainer' })]);
  });
  afterAll(() => hub.close());

  /** Everything a refused request must leave untouched. */
  const snapshot = async () => ({
    list: (await api('GET', '/proposals', null)).json(),
    audit: await hub.store.read.audit.latest(1000),
  });

  it('writes a proposal with the next free number, links ideas and reads it publicly', async () => {
    const idea = await buildIdea(hub, maintainer, { title: 'Faster machine boot', status: 'backlog' });
    const res = await api('POST', '/proposals', maintainer, {
      title: 'Boot over HTTP',
      text: '# Motivation\n\nPXE is *slow*.',
      authors: ['Ada', 'Grace Hopper'],
      ideas: [idea.slug],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ number: 1, state: 'in_discussion', ideas: [idea.slug] });
    const chosen = await api('POST', '/proposals', maintainer, { number: 12, title: 'Twelve' });
    expect(chosen.json().number).toBe(12);
    const next = await api('POST', '/proposals', maintainer, { title: 'Next' });
    expect(next.json().number).toBe(13);
    const read = await api('GET', '/proposals/1', null);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ title: 'Boot over HTTP', authors: ['Ada', 'Grace Hopper'] });
    expect(read.json().history).toMatchObject([{ fromState: null, toState: 'in_discussion' }]);
    const list = (await api('GET', '/proposals', null)).json().items;
    expect(list.map((p: { number: number }) => p.number)).toEqual([1, 12, 13]);
  });

  it('moves along the allowed transitions with a reason and keeps each in the history', async () => {
    const move = (to: string, version: number, reason = 'Decided in the planning meeting') =>
      api('POST', '/proposals/12/state', maintainer, { state: to, reason }, { 'if-match': `"${version}"` });
    expect((await move('accepted', 1)).statusCode).toBe(200);
    expect((await move('in_progress', 2)).statusCode).toBe(200);
    const before = await snapshot();
    const skipped = await move('in_discussion', 3);
    expect(skipped.statusCode).toBe(422);
    expect(skipped.json().detail).toContain('completed, aborted');
    expect((await move('completed', 3, '   ')).statusCode).toBe(400);
    expect((await move('completed', 1)).statusCode).toBe(409);
    expect(await snapshot()).toEqual(before);
    expect((await move('completed', 3)).statusCode).toBe(200);
    const final = await move('aborted', 4);
    expect(final.statusCode).toBe(422);
    const { history } = (await api('GET', '/proposals/12', null)).json();
    expect(history.map((h: { toState: string }) => h.toState)).toEqual([
      'in_discussion',
      'accepted',
      'in_progress',
      'completed',
    ]);
    expect(history[1]).toMatchObject({
      fromState: 'in_discussion',
      reason: 'Decided in the planning meeting',
    });
  });

  it('lets maintainers reopen a declined proposal, and filters the list by state', async () => {
    const h = (v: number) => ({ 'if-match': `"${v}"` });
    expect(
      (await api('POST', '/proposals/13/state', maintainer, { state: 'declined', reason: 'No' }, h(1)))
        .statusCode,
    ).toBe(200);
    expect(
      (await api('GET', '/proposals?state=declined', null))
        .json()
        .items.map((p: { number: number }) => p.number),
    ).toEqual([13]);
    expect(
      (
        await api(
          'POST',
          '/proposals/13/state',
          maintainer,
          { state: 'in_discussion', reason: 'New facts' },
          h(2),
        )
      ).statusCode,
    ).toBe(200);
    expect((await api('GET', '/proposals?state=bogus', null)).statusCode).toBe(400);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const before = await snapshot();
    const taken = await api('POST', '/proposals', maintainer, { number: 12, title: 'Again twelve' });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().detail ?? JSON.stringify(taken.json())).toMatch(/12/u);
    expect((await api('POST', '/proposals', maintainer, { title: '   ' })).statusCode).toBe(400);
    expect((await api('POST', '/proposals', maintainer, { number: -3, title: 'Negative' })).statusCode).toBe(
      400,
    );
    const huge = await api('POST', '/proposals', maintainer, { title: 'Huge', text: 'x'.repeat(20_001) });
    expect(huge.statusCode).toBe(400);
    const unknownIdea = await api('POST', '/proposals', maintainer, {
      title: 'Links',
      ideas: ['no-such-idea-here'],
    });
    expect(unknownIdea.statusCode).toBe(400);
    expect((await api('POST', '/proposals', member, { title: 'By a member' })).statusCode).toBe(403);
    expect((await api('POST', '/proposals', null, { title: 'By a visitor' })).statusCode).toBe(401);
    const renumber = await api('PATCH', '/proposals/1', maintainer, { number: 12 }, { 'if-match': '"1"' });
    expect(renumber.statusCode).toBe(400);
    expect((await api('GET', '/proposals/0', null)).statusCode).toBe(404);
    expect((await api('GET', '/proposals/abc', null)).statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('detects a stale edit instead of overwriting it', async () => {
    const first = await api(
      'PATCH',
      '/proposals/1',
      maintainer,
      { title: 'Boot over HTTPS' },
      { 'if-match': '"1"' },
    );
    expect(first.statusCode).toBe(200);
    const stale = await api(
      'PATCH',
      '/proposals/1',
      maintainer,
      { title: 'Boot over FTP' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect((await api('GET', '/proposals/1', null)).json().title).toBe('Boot over HTTPS');
  });

  const fixtures = (name: string) => new URL(`./fixtures/proposals/${name}`, import.meta.url).pathname;

  it('imports a folder of front matter and first-line table files; importing again changes nothing', async () => {
    const files = await proposalFiles(fixtures('good'));
    expect(files.map((f) => f.name)).toEqual(['MEP-1-boot-over-http.md', 'MEP-2-firewalls.md', 'MEP-3.md']);
    // Number 1 exists already (written above): the file brings it to what it says.
    const first = await hub.app.proposals.importFiles('system', files);
    expect(first).toEqual({ created: [2, 3], updated: [1], unchanged: [] });
    const again = await hub.app.proposals.importFiles('system', await proposalFiles(fixtures('good')));
    expect(again).toEqual({ created: [], updated: [], unchanged: [1, 2, 3] });
    const one = (await api('GET', '/proposals/1', null)).json();
    expect(one).toMatchObject({
      title: 'Boot machines over HTTP',
      state: 'completed',
      authors: ['Ada Lovelace', 'Grace Hopper'],
    });
    expect(one.history.at(-1)).toMatchObject({
      toState: 'completed',
      reason: 'Imported from MEP-1-boot-over-http.md',
    });
    expect((await api('GET', '/proposals/2', null)).json()).toMatchObject({
      state: 'in_discussion',
      authors: ['Linus', 'Margaret Hamilton'],
    });
    expect((await api('GET', '/proposals/3', null)).json()).toMatchObject({
      title: 'Dashboard: one | pipe',
      state: 'accepted',
    });
  });

  it.each([
    ['bad-state', /MEP-7\.md.*Maybe Later/u],
    ['twice', /b\.md.*number 1.*a\.md/u],
    ['no-number', /x\.md.*no number/u],
  ])('refuses the folder %s as a whole, naming the file', async (dir, message) => {
    const before = await snapshot();
    const files = await proposalFiles(fixtures(dir));
    const err = await hub.app.proposals.importFiles('system', files).catch((e: unknown) => e);
    const { fieldErrors } = await import('../src/http/problem.js');
    const { translator } = await import('../src/web/i18n/index.js');
    expect(JSON.stringify(fieldErrors(err as never, translator('en')))).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('exports the index as a Markdown table, pipes in titles kept as text', async () => {
    const res = await hub.server.inject({ method: 'GET', url: '/docs/proposals.md' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/markdown');
    expect(res.body).toContain('| Number | Title | State | Authors |');
    expect(res.body).toMatch(
      /\| \[3\]\(http[^)]*\/proposals\/3\) \| Dashboard: one \\\| pipe \| Accepted \| Katherine Johnson \|/u,
    );
  });

  it("shows the list and page, renders hostile Markdown safely, and runs the maintainers' forms", async () => {
    const list = await hub.server.inject({ method: 'GET', url: '/proposals?state=completed' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Boot machines over HTTP');
    expect(list.body).not.toContain('Dashboard: one');
    const page = await hub.server.inject({
      method: 'GET',
      url: '/proposals/1',
      headers: { 'accept-language': 'de' },
    });
    expect(page.body).toContain('Abgeschlossen');
    expect(page.body).not.toContain('<script>alert');
    const client = await signedInClient(hub, maintainer);
    const form = await client.get('/proposals/new');
    expect(form.statusCode).toBe(200);
    const once = /name="_once" value="([^"]+)"/u.exec(form.body)?.[1] ?? '';
    const made = await client.post('/proposals', {
      _once: once,
      number: '',
      title: 'From the form',
      text: 'Hi',
      authors: 'Ada, Bob',
      ideas: '',
    });
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toContain('/proposals/14');
    await client.get('/proposals/14');
    const stale = await client.post('/proposals/14/edit', {
      version: '0',
      number: '14',
      title: 'Stale',
      text: '',
      authors: '',
      ideas: '',
    });
    expect(stale.statusCode).toBe(409);
    const bad = await client.post('/proposals/14/state', {
      version: '1',
      state: 'completed',
      reason: 'Done',
    });
    expect(bad.statusCode).toBe(422);
    const ok = await client.post('/proposals/14/state', {
      version: '1',
      state: 'accepted',
      reason: 'Agreed',
    });
    expect(ok.statusCode).toBe(303);
    const memberClient = await signedInClient(hub, member);
    expect((await memberClient.get('/proposals/new')).statusCode).toBe(403);
    expect(
      (await memberClient.post('/proposals/14/state', { version: '2', state: 'in_progress', reason: 'x' }))
        .statusCode,
    ).toBe(403);
    expect((await api('GET', '/proposals/14', null)).json().title).toBe('From the form');
  });
});
