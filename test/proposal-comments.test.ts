import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { liveChannel } from '../src/app/live-channels.js';
import { apiAs } from './support/api-as.js';
import { type EventStream, openEventStream } from './support/event-stream.js';
import { buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Enhancement proposals as a place of discussion: comments on a proposal by both doors, its
 * followers told of them, proposals and their comments found by search, and the proposal's
 * page told live of a change.
 */
describe.each(ENGINES)('comments, search and live updates of proposals on %s', (engine) => {
  let hub: Hub;
  let api: ReturnType<typeof apiAs>;
  let member: TestUser;
  let reader: TestUser;
  let maintainer: TestUser;
  let origin: string;
  const opened: EventStream[] = [];

  beforeAll(async () => {
    hub = await startHub(engine);
    api = apiAs(hub);
    [member, reader, maintainer] = await Promise.all([
      buildUser(hub),
      buildUser(hub),
      buildUser(hub, { role: 'maintainer' }),
    ]);
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });
  afterAll(() => hub.close());

  it('takes comments by number through the API and the form, shown on the proposal page', async () => {
    const made = await api('POST', '/proposals', maintainer, { number: 7, title: 'Signed artefacts' });
    expect(made.statusCode).toBe(201);
    const viaApi = await api('POST', '/proposals/7/comments', member, { body: 'What about *cosign*?' });
    expect(viaApi.statusCode, viaApi.body).toBe(201);
    const listed = await api('GET', '/proposals/7/comments', null);
    expect(listed.json().items).toMatchObject([{ body: 'What about *cosign*?', targetType: 'proposal' }]);
    const page = await hub.server.inject({ url: '/proposals/7' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('What about <em>cosign</em>?');
    expect(page.body).toMatch(/data-live="\/proposals\/7\/comments\/events\?since=/u);
    expect(page.body).toMatch(/data-live="\/proposals\/7\/events\?since=/u);
    expect((await api('GET', '/proposals/99/comments', null)).statusCode).toBe(404);
    expect((await api('POST', '/proposals/7/comments', null, { body: 'Anonymous' })).statusCode).toBe(401);
  });

  it('tells the followers of a proposal of a comment, the commenter following it from then on', async () => {
    expect((await api('PUT', '/proposals/7/follow', reader)).json()).toMatchObject({ following: true });
    await api('POST', '/proposals/7/comments', maintainer, { body: 'Sigstore would do' });
    const inbox = await api('GET', '/me/notifications', reader);
    expect(JSON.stringify(inbox.json())).toContain('Sigstore would do');
    const follows = (await api('GET', '/me/follows', member)).json().items;
    expect(follows).toMatchObject([{ kind: 'proposal', slug: '7', title: 'Signed artefacts' }]);
  });

  it('finds proposals by title, text and number, and comments on them, linked to the proposal', async () => {
    await api('POST', '/proposals', maintainer, {
      number: 31,
      title: 'Reproducible wombat builds',
      text: 'Bit-for-bit',
    });
    await api('POST', '/proposals/31/comments', member, { body: 'The platypus toolchain helps' });
    const search = async (q: string) =>
      (await api('GET', `/search?q=${encodeURIComponent(q)}`, null)).json().items as {
        kind: string;
        title: string;
        path: string;
      }[];
    expect(await search('wombat')).toMatchObject([
      { kind: 'proposal', title: '31. Reproducible wombat builds', path: '/proposals/31' },
    ]);
    expect((await search('bit for bit')).map((h) => h.kind)).toContain('proposal');
    expect((await search('31')).map((h) => h.path)).toContain('/proposals/31');
    const [hit] = await search('platypus');
    expect(hit).toMatchObject({ kind: 'comment', title: 'Reproducible wombat builds' });
    expect(hit?.path).toMatch(/^\/proposals\/31#comment-/u);
    expect(await hub.store.read.search.rebuild()).toBeGreaterThan(0);
    expect((await search('wombat')).map((h) => h.kind)).toEqual(['proposal']);
  });

  it('tells the proposal page live of a new comment and of a change of state', async () => {
    const { proposal } = await hub.app.proposals.get(7);
    const since = (channel: string) => encodeURIComponent(hub.app.live.cursor(channel));
    const comments = liveChannel.comments('proposal', proposal.id);
    const own = liveChannel.proposal(proposal.id);
    const thread = await openEventStream(`${origin}/proposals/7/comments/events?since=${since(comments)}`);
    const page = await openEventStream(`${origin}/proposals/7/events?since=${since(own)}`);
    opened.push(thread, page);
    expect([thread.status, page.status]).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 300));
    const [t0, p0] = [thread.events.length, page.events.length];
    await api('POST', '/proposals/7/comments', reader, { body: 'Live one' });
    await thread.waitFor(t0 + 1);
    const moved = await api(
      'POST',
      '/proposals/7/state',
      maintainer,
      { state: 'accepted', reason: 'Agreed' },
      { 'if-match': `"${proposal.version}"` },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    await page.waitFor(p0 + 1);
    expect(page.events.at(-1)).toMatchObject({ event: 'change' });
  });
});
