import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/app.js';
import { coalescedReader } from '../src/app/changes.js';
import { buildServer, type Server } from '../src/http/server.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/store.js';
import { PageClient, textsOf } from './support/client.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * The idea list and the anonymous backlog are served from in-memory caches. A write through
 * any instance on the same database must show on the very next request everywhere: at once for
 * signed-in readers; for visitors on PostgreSQL once the database's announcement of it has
 * reached the instance (a millisecond or so; see test/visitor-stamp.test.ts), on SQLite within
 * VISITOR_OTHERS_MS (10 ms; see test/write-mark.test.ts).
 */

interface Instance {
  server: Server;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

/** Another hub process on the same database: its own connections, use-cases, caches and server. */
async function secondInstance(hub: Hub): Promise<Instance> {
  const database = openDatabase({
    databaseUrl: hub.testDb.url,
    sqliteFile: join(hub.testDb.dir, 'plenum.sqlite'),
    poolSize: 3,
  });
  const app = createApp(createStore(database));
  const server = await buildServer({ app, config: hub.config });
  await server.ready();
  return {
    server,
    app,
    close: async () => {
      await server.close();
      await database.close();
    },
  };
}

const titlesOf = (res: LightMyRequestResponse): string[] =>
  res.json().items.map((i: { title: string }) => i.title);
const pageTitles = (res: LightMyRequestResponse): string[] => textsOf(res.body, 'idea-title');

describe('coalescedReader', () => {
  it('shares a read only with callers that asked before it started', async () => {
    const pending: ((value: string) => void)[] = [];
    let started = 0;
    const read = coalescedReader(
      () =>
        new Promise<string>((resolve) => {
          started++;
          pending.push(resolve);
        }),
    );
    const first = read();
    // Asked while the first read runs: it may have started before a write this caller saw.
    const second = read();
    const third = read();
    expect(started).toBe(1);
    pending[0]?.('before');
    expect(await first).toBe('before');
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(2);
    pending[1]?.('after');
    expect(await second).toBe('after');
    expect(await third).toBe('after');
    const fourth = read();
    expect(started).toBe(3);
    pending[2]?.('later');
    expect(await fourth).toBe('later');
  });

  it('lets a failed read fail only its own callers', async () => {
    let n = 0;
    const read = coalescedReader(async () => {
      n++;
      if (n === 1) throw new Error('database away');
      return `stamp ${n}`;
    });
    await expect(read()).rejects.toThrow('database away');
    expect(await read()).toBe('stamp 2');
  });
});

describe.each(ENGINES)('caching on %s', (engine) => {
  let hub: Hub;
  let other: Instance;
  let maintainer: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine);
    other = await secondInstance(hub);
    [maintainer, member] = await Promise.all([
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub, { name: 'Mia Member' }),
    ]);
    for (const title of ['Zebra crossing', 'äpfel', 'Apfel 10', 'Apfel 9', 'apfel 2']) {
      await buildIdea(hub, maintainer, { title, tags: ['fruit'], status: 'backlog' });
    }
  });
  afterAll(async () => {
    await other?.close();
    await hub?.close();
  });

  const getOn = (server: Server, url: string, headers: Record<string, string> = {}) =>
    server.inject({ method: 'GET', url, headers });
  const get = (url: string, headers: Record<string, string> = {}) => getOn(hub.server, url, headers);
  /** Until this instance's visitors are served the other's last write (see the comment above). */
  const announced = async () => {
    const deadline = Date.now() + 5000;
    while ((await hub.app.changes.visitorStamp()) !== (await hub.app.changes.stamp())) {
      if (Date.now() > deadline) throw new Error('the write was not announced in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it('answers the list from the cache with an ETag, and 304 to If-None-Match', async () => {
    const first = await get('/api/v1/ideas');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{20,}"$/u);
    expect(titlesOf(first)).toEqual(['äpfel', 'apfel 2', 'Apfel 9', 'Apfel 10', 'Zebra crossing']);

    const again = await get('/api/v1/ideas');
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(etag);

    const notModified = await get('/api/v1/ideas', { 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    expect((await get('/api/v1/ideas', { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    expect((await get('/api/v1/ideas', { 'if-none-match': '*' })).statusCode).toBe(304);
    expect((await get('/api/v1/ideas', { 'if-none-match': '"other"' })).statusCode).toBe(200);
    // The same list from another instance has the same tag: it is made from the bytes.
    expect((await getOn(other.server, '/api/v1/ideas', { 'if-none-match': etag })).statusCode).toBe(304);
  });

  it('shows a write on this instance at once, with a new ETag', async () => {
    const before = await get('/api/v1/ideas');
    const created = await hub.server.inject({
      method: 'POST',
      url: '/api/v1/ideas',
      headers: maintainer.auth,
      payload: { title: 'Banana bread', tags: ['fruit'], status: 'backlog' },
    });
    expect(created.statusCode).toBe(201);
    const after = await get('/api/v1/ideas', { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(titlesOf(after)).toEqual([
      'äpfel',
      'apfel 2',
      'Apfel 9',
      'Apfel 10',
      'Banana bread',
      'Zebra crossing',
    ]);
    expect(after.json().total).toBe(6);
  });

  it('shows writes through a second instance on the same database at once', async () => {
    // Both instances have the list, a filtered list and the page cached.
    await get('/api/v1/ideas');
    await get('/api/v1/ideas?tag=fruit&q=apfel');
    const page = await new PageClient(hub).get('/backlog');
    expect(pageTitles(page)).toContain('Banana bread');
    await getOn(other.server, '/api/v1/ideas');

    const created = await other.server.inject({
      method: 'POST',
      url: '/api/v1/ideas',
      headers: maintainer.auth,
      payload: { title: 'Apfel 1', tags: ['fruit', 'orchard'], status: 'backlog' },
    });
    expect(created.statusCode).toBe(201);
    await announced();
    const idea = created.json();
    expect(titlesOf(await get('/api/v1/ideas'))).toEqual([
      'äpfel',
      'Apfel 1',
      'apfel 2',
      'Apfel 9',
      'Apfel 10',
      'Banana bread',
      'Zebra crossing',
    ]);
    expect(titlesOf(await get('/api/v1/ideas?tag=fruit&q=apfel'))).toContain('Apfel 1');
    expect(pageTitles(await new PageClient(hub).get('/backlog'))).toContain('Apfel 1');
    expect(await new PageClient(hub).get('/backlog').then((r) => r.body)).toContain('orchard (1)');

    // A new title moves the idea in the order, on the other instance too.
    const renamed = await other.server.inject({
      method: 'PATCH',
      url: `/api/v1/ideas/${idea.id}`,
      headers: { ...maintainer.auth, 'if-match': '"1"' },
      payload: { title: 'Zucchini' },
    });
    expect(renamed.statusCode).toBe(200);
    await announced();
    const list = titlesOf(await get('/api/v1/ideas'));
    expect(list.at(-1)).toBe('Zucchini');
    expect(list).not.toContain('Apfel 1');
    expect(pageTitles(await new PageClient(hub).get('/backlog')).at(-1)).toBe('Zucchini');
    expect(titlesOf(await get('/api/v1/ideas?tag=fruit&q=apfel'))).not.toContain('Zucchini');

    // A status change moves it out of the default (open) list and into its own filter.
    const done = await other.app.ideas.changeStatus(maintainer.actor, idea.id, 2, 'in_progress', undefined);
    await other.app.ideas.changeStatus(maintainer.actor, idea.id, done.version, 'done', undefined);
    await announced();
    expect(titlesOf(await get('/api/v1/ideas'))).not.toContain('Zucchini');
    expect(titlesOf(await get('/api/v1/ideas?status=done'))).toEqual(['Zucchini']);
    expect(pageTitles(await new PageClient(hub).get('/backlog'))).not.toContain('Zucchini');
    expect(pageTitles(await new PageClient(hub).get('/backlog?status=done'))).toEqual(['Zucchini']);
  });

  it('shows new backlog texts and a proposer’s new name from another instance at once', async () => {
    const page = await new PageClient(hub).get('/backlog');
    expect(page.body).not.toContain('Our own words above the list.');
    const texts = await other.app.settings.backlogTexts();
    await other.app.settings.setBacklogTexts(maintainer.actor, texts.version, {
      'intro.en': 'Our own words above the list.',
    });
    await announced();
    expect((await new PageClient(hub).get('/backlog')).body).toContain('Our own words above the list.');

    await buildIdea(hub, member, { title: 'Member’s wish' });
    const named = (res: LightMyRequestResponse) =>
      res.json().items.find((i: { title: string }) => i.title === 'Member’s wish')?.proposerName;
    expect(named(await get('/api/v1/ideas'))).toBe('Mia Member');
    await other.app.accounts.updateProfile(member.actor, member.user.version, { name: 'Mia Renamed' });
    await announced();
    expect(named(await get('/api/v1/ideas'))).toBe('Mia Renamed');
  });

  it('keeps pages through the cursor complete and in order', async () => {
    const all = titlesOf(await get('/api/v1/ideas?status=backlog&limit=500'));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: LightMyRequestResponse = await get(
        `/api/v1/ideas?status=backlog&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      seen.push(...titlesOf(res));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThan(4);

    // A cursor taken before a write goes on after it, with the new idea in its place.
    const firstPage = (await get('/api/v1/ideas?status=backlog&limit=2')).json();
    await buildIdea(hub, maintainer, { title: 'Apfelstrudel', status: 'backlog' });
    const rest = titlesOf(await get(`/api/v1/ideas?status=backlog&limit=500&cursor=${firstPage.nextCursor}`));
    const firstTitles = firstPage.items.map((i: { title: string }) => i.title);
    expect([...firstTitles, ...rest]).toEqual(titlesOf(await get('/api/v1/ideas?status=backlog&limit=500')));
    expect(rest).toContain('Apfelstrudel');
  });

  it('keeps languages apart, and bad queries out of the cache', async () => {
    const en = await new PageClient(hub).get('/backlog');
    const de = await new PageClient(hub, { 'accept-language': 'de' }).get('/backlog');
    expect(en.body).toContain('<h1>Idea backlog</h1>');
    expect(de.body).toContain('<html lang="de">');
    expect(de.headers.etag).not.toBe(en.headers.etag);
    expect((await get('/api/v1/ideas?status=nonsense')).statusCode).toBe(400);
    expect((await get('/api/v1/ideas?status=nonsense')).statusCode).toBe(400);
    expect((await get('/api/v1/ideas?cursor=broken')).statusCode).toBe(400);
  });

  it('gives every anonymous reader the same backlog without a cookie, with an ETag', async () => {
    const first = await new PageClient(hub).get('/backlog');
    expect(first.statusCode).toBe(200);
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(first.body).not.toContain('name="_csrf"');
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers.vary).toBe('accept-language, cookie, accept-encoding');
    expect(first.headers['content-security-policy']).toContain("default-src 'self'");
    const etag = String(first.headers.etag);
    const second = await new PageClient(hub).get('/backlog');
    expect(second.body).toBe(first.body);
    const revalidated = await new PageClient(hub).get('/backlog', { 'if-none-match': etag });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');

    await buildIdea(hub, maintainer, { title: 'Cherry pie', status: 'backlog' });
    const changed = await new PageClient(hub).get('/backlog', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(pageTitles(changed)).toContain('Cherry pie');

    // ?lang= is still remembered, from the cache too.
    await new PageClient(hub).get('/backlog?lang=de');
    const remembered = await new PageClient(hub).get('/backlog?lang=de');
    expect(remembered.headers['set-cookie']).toEqual(expect.stringContaining('plenum_lang=de'));
  });

  it('renders the backlog per request for signed-in readers, and forms still get their token', async () => {
    const client = await signedInClient(hub, maintainer);
    const page = await client.get('/backlog');
    expect(page.statusCode).toBe(200);
    expect(page.headers.etag).toBeUndefined();
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('href="/backlog/texts"');
    expect(page.body).toContain('name="_csrf"');

    const login = await new PageClient(hub).get('/login');
    expect(String(login.headers['set-cookie'])).toContain('plenum_browser=');
    expect(login.body).toMatch(/name="_csrf" value="[^"]+"/u);
    const proposal = await new PageClient(hub).get('/ideas/new');
    expect(proposal.statusCode).toBe(200);
  });

  it('answers many readers of a cold cache with one and the same list', async () => {
    await buildIdea(hub, maintainer, { title: 'Damson jam', status: 'backlog' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => get('/api/v1/ideas?limit=3')));
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(new Set(answers.map((a) => a.headers.etag)).size).toBe(1);
  });
});
