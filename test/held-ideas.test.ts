import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ideaByReference } from '../src/app/idea-reference.js';
import { apiAs } from './support/api-as.js';
import { snapshotDatabase } from './support/db-snapshot.js';
import {
  buildIdea,
  buildModerationCast,
  buildUser,
  signedInClient,
  type TestUser,
} from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A new member's first proposals wait for review while an admin holds first posts: until a
 * maintainer publishes one, nobody but its proposer and the maintainers finds it anywhere.
 */
describe.each(ENGINES)('proposals held for review on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let maintainer: TestUser;
  let newcomer: TestUser;
  let reader: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine);
    ({ admin, maintainer, newcomer, reader } = await buildModerationCast(hub));
    await hub.app.webhooks.create(admin.actor, {
      url: 'https://hooks.example.org/plenum',
      events: ['idea.proposed'],
    });
    await hub.app.settings.setHoldFirstPosts(admin.actor, 1);
  });
  afterAll(() => hub.close());

  const api = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(hub)(...args);
  const webhooksQueued = async () =>
    (await hub.app.outbox.backlog()).find((r) => r.kind === 'webhook')?.pending ?? 0;
  const propose = (who: TestUser, title: string) =>
    api('POST', '/ideas', who, { title, description: `About ${title}`, tags: [tagOf(title)] });
  // Each proposal's own tag, to see whether the tag menu counts it.
  const tagOf = (title: string) => `t-${title.split(' ').at(-1)?.toLowerCase()}`;

  /** Everywhere a published idea is found, as someone who is neither proposer nor maintainer. */
  async function foundByOthers(slug: string, title: string, word: string): Promise<string[]> {
    const seen: string[] = [];
    const page = (await hub.server.inject({ url: '/backlog' })).body;
    if (page.includes(title)) seen.push('backlog page');
    const list = (await api('GET', '/ideas?status=proposed', reader)).json().items as { slug: string }[];
    if (list.some((i) => i.slug === slug)) seen.push('api list');
    const picked = (await api('GET', `/ideas?q=${word}`, reader)).json().items as { slug: string }[];
    if (picked.some((i) => i.slug === slug)) seen.push('picker');
    if ((await api('GET', `/ideas/${slug}`, reader)).statusCode !== 404) seen.push('api get');
    if ((await hub.server.inject({ url: `/ideas/${slug}` })).statusCode !== 404) seen.push('page');
    const hits = (await api('GET', `/search?q=${word}`, reader)).json().items as { title: string }[];
    if (hits.some((h) => h.title === title)) seen.push('search');
    if ((await hub.server.inject({ url: '/docs/planning.md' })).body.includes(title)) seen.push('export');
    if ((await hub.server.inject({ url: '/' })).body.includes(title)) seen.push('home');
    if ((await hub.server.inject({ url: `/people/${newcomer.user.id}` })).body.includes(title))
      seen.push('profile');
    if ((await hub.app.ideas.tagCounts()).some((t) => t.tag === tagOf(title))) seen.push('tags');
    if ((await api('POST', `/ideas/${slug}/comments`, reader, { body: 'Hi' })).statusCode !== 404)
      seen.push('comment');
    if ((await api('POST', `/ideas/${slug}/interest`, reader)).statusCode !== 404) seen.push('interest');
    if ((await api('POST', `/ideas/${slug}/follow`, reader)).statusCode !== 404) seen.push('follow');
    if (await ideaByReference(hub.store.read, slug).catch(() => null)) seen.push('link by slug');
    if (await ideaByReference(hub.store.read, title).catch(() => null)) seen.push('link by title');
    return seen;
  }

  it('keeps a first proposal to its proposer and maintainers until published', async () => {
    // The form says so before anything is sent; a maintainer's form does not.
    const newcomerForm = (await (await signedInClient(hub, newcomer)).get('/ideas/new')).body;
    expect(newcomerForm).toContain('your proposal first waits for a maintainer’s review');
    const teamForm = (await (await signedInClient(hub, maintainer)).get('/ideas/new')).body;
    expect(teamForm).toContain('Your proposal is visible right away');
    const res = await propose(newcomer, 'Quarantined quokka');
    expect(res.statusCode, res.body).toBe(201);
    const idea = res.json();
    expect(idea.held).toMatchObject({ since: idea.createdAt, rejectedReason: null });
    expect(await webhooksQueued()).toBe(0);

    expect(await foundByOthers(idea.slug, idea.title, 'quokka')).toEqual([]);
    // Its proposer and maintainers read it, held; maintainers find it in search too.
    expect((await api('GET', `/ideas/${idea.slug}`, newcomer)).json().held.rejectedReason).toBeNull();
    expect((await api('GET', `/ideas/${idea.slug}`, maintainer)).statusCode).toBe(200);
    const own = await signedInClient(hub, newcomer);
    const ownPage = await own.get(`/ideas/${idea.slug}`);
    expect(ownPage.body).toContain('Only its proposer and the maintainers see this proposal');
    expect(ownPage.body).not.toContain(`/ideas/${idea.slug}/approve`);
    const hits = (await api('GET', '/search?q=quokka', maintainer)).json().items as { title: string }[];
    expect(hits.map((h) => h.title)).toContain('Quarantined quokka');

    // Its proposer may still edit it; triage waits until it is published.
    const edited = await api(
      'PATCH',
      `/ideas/${idea.slug}`,
      newcomer,
      { description: 'Better words' },
      { 'if-match': '"1"' },
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().held).toBeDefined();
    const early = await api(
      'POST',
      `/ideas/${idea.slug}/status`,
      maintainer,
      { status: 'backlog' },
      { 'if-match': '"2"' },
    );
    expect(early.statusCode).toBe(422);
    expect(early.json().detail).toContain('publish it first');

    // The queue lists it for maintainers only.
    expect((await api('GET', '/held-ideas', newcomer)).statusCode).toBe(403);
    expect((await api('GET', '/held-ideas', null)).statusCode).toBe(401);
    expect((await api('POST', `/ideas/${idea.slug}/approve`, newcomer)).statusCode).toBe(403);
    expect(
      (await api('GET', '/held-ideas', maintainer)).json().items.map((i: { slug: string }) => i.slug),
    ).toEqual([idea.slug]);
    const mod = await signedInClient(hub, maintainer);
    const queue = await mod.get('/triage');
    expect(queue.body).toContain('Proposals awaiting review');
    expect(queue.body).toContain(`/ideas/${idea.slug}/approve`);
    const stale = await mod.post(`/ideas/${idea.slug}/approve`, { version: '1' });
    expect(stale.statusCode).toBe(409);

    const approved = await mod.post(`/ideas/${idea.slug}/approve`, { version: '2' });
    expect(approved.statusCode, approved.body).toBe(303);
    expect(approved.headers.location).toContain('/triage');
    expect(await webhooksQueued()).toBe(1);
    const after = await api('GET', `/ideas/${idea.slug}`, reader);
    expect(after.statusCode).toBe(200);
    expect(after.json().held).toBeUndefined();
    expect(await foundByOthers(idea.slug, idea.title, 'quokka')).toEqual(
      expect.arrayContaining(['backlog page', 'api list', 'picker', 'api get', 'page', 'search', 'profile']),
    );
    expect((await hub.app.ideas.triageQueue(maintainer.actor)).map((i) => i.slug)).toContain(idea.slug);
    const again = await api('POST', `/ideas/${idea.slug}/approve`, maintainer);
    expect(again.statusCode).toBe(422);
    expect(again.json().detail).toContain('no longer awaiting review');

    // One published post: the next proposal goes out at once.
    const second = await propose(newcomer, 'Second thought');
    expect(second.json().held).toBeUndefined();
    expect(await webhooksQueued()).toBe(2);
  });

  it('turns a proposal down with a reason its proposer reads, and nobody else ever sees it', async () => {
    const other = await buildUser(hub, { name: 'Otto' });
    const idea = (await propose(other, 'Spammy sprocket')).json();
    expect(idea.held).toBeDefined();
    const before = await snapshotDatabase(hub.testDb.database);
    for (const reason of [' ', 'x'.repeat(5000)]) {
      const refused = await api('POST', `/ideas/${idea.id}/reject`, maintainer, { reason });
      expect(refused.statusCode, reason.slice(0, 5)).toBe(400);
    }
    expect((await api('POST', `/ideas/${idea.id}/reject`, reader, { reason: 'no' })).statusCode).toBe(403);
    expect(await snapshotDatabase(hub.testDb.database)).toEqual(before);

    const rejected = await api('POST', `/ideas/${idea.id}/reject`, maintainer, { reason: 'Advertising' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().held.rejectedReason).toBe('Advertising');
    expect((await api('GET', '/held-ideas', maintainer)).json().items).toEqual([]);
    const own = await signedInClient(hub, other);
    expect((await own.get(`/ideas/${idea.slug}`)).body).toContain('Advertising');
    expect((await api('POST', `/ideas/${idea.id}/approve`, maintainer)).statusCode).toBe(422);
    expect(await foundByOthers(idea.slug, idea.title, 'sprocket')).toEqual([]);
    expect(await webhooksQueued()).toBe(2);
    // A turned-down proposal does not count as published: the next one waits too.
    expect((await propose(other, 'Honest hinge')).json().held).toBeDefined();
  });

  it('never holds maintainers, nor anyone when the setting is 0, and keeps held ideas in a backup', async () => {
    expect((await propose(maintainer, 'Team tool')).json().held).toBeUndefined();
    const backup = await hub.app.backup.create({ includeSecrets: false });
    const rows = backup.tables.ideas ?? [];
    expect(rows.find((r) => r.title === 'Honest hinge')).toMatchObject({ rejected_reason: null });
    expect(rows.find((r) => r.title === 'Honest hinge')?.held_at).not.toBeNull();
    expect(rows.find((r) => r.title === 'Spammy sprocket')).toMatchObject({ rejected_reason: 'Advertising' });
    await hub.app.settings.setHoldFirstPosts(admin.actor, 0);
    const fresh = await buildUser(hub, { name: 'Fay' });
    expect((await buildIdea(hub, fresh, { title: 'Free flow' })).held).toBeUndefined();
  });
});
