import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

const XSS = '<img src=x onerror=alert(1)>';

describe.each(ENGINES)('mentions on %s', (engine) => {
  let hub: Hub;
  let anna: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  let mara: TestUser;
  let dora: TestUser;
  let sly: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, {
      limits: {
        commentsPerAccount: { max: 1000 },
        commentsPerClient: { max: 1000 },
        peopleSearchesPerAccount: { max: 12 },
      },
    });
    anna = await buildUser(hub, { name: 'Anna Berg' });
    bob = await buildUser(hub, { name: 'Bob' });
    carl = await buildUser(hub, { name: 'Carl Dö' });
    mara = await buildUser(hub, { role: 'maintainer', name: 'Mara' });
    dora = await buildUser(hub, { name: 'Dora' });
    sly = await buildUser(hub, { name: XSS });
  });
  afterAll(() => hub.close());

  const api = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    who: TestUser | null,
    payload?: object,
    etag?: string,
  ) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...(who ? who.auth : {}), ...(etag ? { 'if-match': etag } : {}) },
      ...(payload ? { payload } : {}),
    });
  const mentionRows = (commentId: string) =>
    hub.testDb.database.db
      .selectFrom('mentions')
      .select(['user_id', 'handle'])
      .where('comment_id', '=', commentId)
      .orderBy('handle')
      .execute();
  const mentionAudits = async (userId: string) =>
    (await hub.store.read.audit.listForEntity('user', userId)).filter((a) => a.action === 'comment.mention');

  it('gives every member a handle made from their name, unique whatever the case', async () => {
    expect([anna.user.handle, bob.user.handle, carl.user.handle]).toEqual(['anna-berg', 'bob', 'carl-do']);
    expect(sly.user.handle).toBe('img-src-x-onerror-alert-1');
    const twin = await buildUser(hub, { name: 'ANNA berg' });
    expect(twin.user.handle).toBe('anna-berg-2');

    const me = await api('GET', '/me', twin);
    const taken = await api('PATCH', '/me', twin, { handle: '@Anna-Berg' }, me.headers.etag as string);
    expect(taken.statusCode, taken.body).toBe(400);
    expect(taken.body).toContain('handle');
    for (const bad of ['-anna', 'a b', XSS, 'x'.repeat(40), '']) {
      const res = await api('PATCH', '/me', twin, { handle: bad }, me.headers.etag as string);
      expect(res.statusCode, bad).toBe(400);
    }
    const saved = await api('PATCH', '/me', twin, { handle: 'Anna_Two' }, me.headers.etag as string);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ handle: 'anna_two', name: 'ANNA berg' });

    // The profile form edits it too, and the person's page shows it.
    const client = await signedInClient(hub, twin);
    const form = await client.get('/profile');
    expect(form.body).toContain('value="anna_two"');
    const version = /name="version" value="(\d+)"/u.exec(form.body)?.[1] ?? '';
    const refused = await client.post('/profile', {
      name: 'ANNA berg',
      handle: 'anna-berg',
      locale: '',
      timeZone: '',
      version,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('value="anna-berg"');
    const ok = await client.post('/profile', {
      name: 'ANNA berg',
      handle: 'annatwo',
      locale: '',
      timeZone: '',
      version,
    });
    expect(ok.statusCode).toBe(303);
    expect((await api('GET', `/people/${twin.user.id}`, null)).json()).toMatchObject({ handle: 'annatwo' });
    const page = await client.get(`/people/${twin.user.id}`);
    expect(page.body).toContain('@annatwo');
    expect(page.body).not.toContain(twin.user.email);
  });

  it('records a mention, links it to the profile, leaves an unknown name as text, and the member follows', async () => {
    const idea = await buildIdea(hub, dora, { title: 'Mentions first' });
    const res = await api('POST', `/ideas/${idea.id}/comments`, bob, {
      body: 'Thanks @Anna-Berg and @nobody, also `@carl-do` in code and @bob myself',
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c.mentions).toEqual([{ handle: 'anna-berg', id: anna.user.id, name: 'Anna Berg' }]);
    expect(await mentionRows(c.id)).toEqual([{ user_id: anna.user.id, handle: 'anna-berg' }]);
    expect(await hub.app.follows.isFollowing(anna.actor, { kind: 'idea', id: idea.id })).toBe(true);
    expect(await hub.app.follows.isFollowing(carl.actor, { kind: 'idea', id: idea.id })).toBe(false);
    expect(await mentionAudits(anna.user.id)).toHaveLength(1);
    expect((await hub.app.mentions.mine(anna.actor)).map((m) => m.comment_id)).toContain(c.id);

    const html = (await hub.server.inject({ url: `/ideas/${idea.slug}` })).body;
    expect(html).toContain(`<a href="/people/${anna.user.id}" class="mention" title="@anna-berg"`);
    expect(html).toMatch(/class="mention"[^>]*>@Anna Berg<\/a>/u);
    expect(html).toContain('@nobody');
    expect(html).not.toMatch(/>@nobody<\/a>/u);
    expect(html).not.toContain(anna.user.email);
  });

  it('records only new mentions on an edit, once each', async () => {
    const idea = await buildIdea(hub, dora, { title: 'Mentions edited' });
    const first = (await api('POST', `/ideas/${idea.id}/comments`, bob, { body: 'Hi @anna-berg' })).json();
    const edit = (body: string, version: number) =>
      api('PATCH', `/comments/${first.id}`, bob, { body }, `"${version}"`);
    expect((await edit('Hi @anna-berg and @carl-do', 1)).statusCode).toBe(200);
    expect((await edit('Only @carl-do', 2)).statusCode).toBe(200);
    const last = await edit('Both @carl-do @anna-berg @Anna-berg', 3);
    expect(
      last
        .json()
        .mentions.map((m: { handle: string }) => m.handle)
        .sort(),
    ).toEqual(['anna-berg', 'carl-do']);
    expect((await mentionRows(first.id)).map((r) => r.user_id).sort()).toEqual(
      [anna.user.id, carl.user.id].sort(),
    );
    const audits = (await hub.store.read.audit.latest(200)).filter(
      (a) => a.action === 'comment.mention' && a.summary === first.id,
    );
    expect(audits).toHaveLength(2);
    expect(await hub.app.follows.isFollowing(carl.actor, { kind: 'idea', id: idea.id })).toBe(true);
  });

  it('shows a mention in a hidden comment to no one who may not read it, and leaves it out of the inbox', async () => {
    const idea = await buildIdea(hub, dora, { title: 'Mentions hidden' });
    const c = (await api('POST', `/ideas/${idea.id}/comments`, bob, { body: 'Look @carl-do' })).json();
    const hidden = await api('POST', `/comments/${c.id}/hide`, mara, { reason: 'Off topic' }, '"1"');
    expect(hidden.statusCode).toBe(200);
    const seen = (await api('GET', `/comments/${c.id}`, dora)).json();
    expect(seen).toMatchObject({ state: 'hidden', body: null, mentions: [] });
    expect((await api('GET', `/comments/${c.id}`, mara)).json().mentions).toHaveLength(1);
    const html = (await hub.server.inject({ url: `/ideas/${idea.slug}` })).body;
    expect(html).not.toContain(`/people/${carl.user.id}`);
    expect((await hub.app.mentions.mine(carl.actor)).map((m) => m.comment_id)).not.toContain(c.id);
    // Hidden, it cannot be edited into new mentions either.
    const edit = await api('PATCH', `/comments/${c.id}`, bob, { body: 'Look @anna-berg' }, '"2"');
    expect(edit.statusCode).toBe(422);
    expect(await mentionRows(c.id)).toHaveLength(1);
  });

  it('escapes payloads in names, handles and mention text', async () => {
    const idea = await buildIdea(hub, dora, { title: 'Mentions escaped' });
    const res = await api('POST', `/ideas/${idea.id}/comments`, bob, {
      body: `Hey @${sly.user.handle} and @<img src=x onerror=alert(1)> and @"><script>alert(1)</script>`,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().mentions).toHaveLength(1);
    const html = (await hub.server.inject({ url: `/ideas/${idea.slug}` })).body;
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('>@&lt;img src=x onerror=alert(1)&gt;</a>');
    expect(html).toContain('@&lt;img src=x onerror=alert(1)&gt; and');
  });

  it('suggests members by handle or name to members only, without addresses', async () => {
    expect((await api('GET', '/people?q=an', null)).statusCode).toBe(401);
    const found = await api('GET', '/people?q=an', bob);
    expect(found.statusCode).toBe(200);
    const items = found.json().items as { id: string; handle: string; name: string; avatar: string }[];
    expect(items.map((p) => p.handle)).toContain('anna-berg');
    expect(items[0]).toEqual({
      id: expect.any(String),
      handle: expect.any(String),
      name: expect.any(String),
      avatar: expect.any(String),
    });
    expect(found.body).not.toContain('@example.org');
    expect((await api('GET', '/people?q=berg', bob)).json().items.map((p: { id: string }) => p.id)).toContain(
      anna.user.id,
    );
    expect((await api('GET', '/people?q=%25', bob)).json().items).toEqual([]);
    expect((await api('GET', '/people?q=a&limit=1', bob)).json().items).toHaveLength(1);
    expect((await api('GET', '/people?q=a&limit=21', bob)).statusCode).toBe(400);
    expect((await api('GET', `/people?q=${'a'.repeat(51)}`, bob)).statusCode).toBe(400);
  });

  it('limits how often one account asks, without writing anything', async () => {
    for (let i = 0; i < 12; i++) expect((await api('GET', '/people?q=d', dora)).statusCode).toBe(200);
    const refused = await api('GET', '/people?q=d', dora);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await api('GET', '/people?q=d', carl)).statusCode).toBe(200);
  });
});
