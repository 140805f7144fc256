import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageClient } from './support/client.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * The inbox's page and API: grouped by thread, unread marked, marked read one by one or all at
 * once by plain forms, the unread count in the header; only one's own entries, ever.
 */

const NOW = new Date('2026-11-29T10:00:00Z');

describe.each(ENGINES)('the inbox page and API on %s', (engine) => {
  let hub: Hub;
  let anna: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    [anna, bob] = await Promise.all([buildUser(hub, { name: 'Anna Berg' }), buildUser(hub, { name: 'Bob' })]);
  });
  afterAll(() => hub.close());

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, who: TestUser | null, payload?: object) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: who ? who.auth : {},
      ...(payload !== undefined ? { payload } : {}),
    });
  const unread = async (who: TestUser) =>
    (await api('GET', '/me/notifications/unread-count', who)).json().unread;
  const commentOn = async (owner: TestUser, writer: TestUser, title: string, body: string) => {
    const idea = await buildIdea(hub, owner, { title });
    await hub.app.comments.create(writer.actor, 'idea', idea.id, { body }, 'test');
    return idea;
  };

  it('keeps visitors out of the page and the API', async () => {
    expect((await new PageClient(hub).get('/notifications')).statusCode).toBe(401);
    for (const [method, url] of [
      ['GET', '/me/notifications'],
      ['GET', '/me/notifications/unread-count'],
      ['POST', '/me/notifications/read'],
      ['GET', '/me/notification-settings'],
    ] as const)
      expect((await api(method, url, null, method === 'POST' ? { all: true } : undefined)).statusCode).toBe(
        401,
      );
  });

  it('lists entries by thread, newest first, with the unread count in the header', async () => {
    const dark = await commentOn(anna, bob, 'Dark mode', 'First <b>comment</b>');
    await commentOn(anna, bob, 'Offline mode', 'Another thread');
    await hub.app.comments.create(bob.actor, 'idea', dark.id, { body: 'Second comment' }, 'test');
    const client = await signedInClient(hub, anna);
    const page = await client.get('/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-testid="unread-count"[^>]*>3</u);
    const titles = [
      ...page.body.matchAll(/<h2><span class="muted thread-kind">Idea<\/span> <a [^>]*>([^<]+)</gu),
    ].map((m) => m[1]);
    expect(titles).toEqual(['Dark mode', 'Offline mode']);
    expect(page.body).toContain('Bob commented on “Dark mode”');
    expect(page.body).toContain('First &lt;b>comment&lt;/b>');
    expect(page.body.indexOf('Second comment')).toBeLessThan(page.body.indexOf('First &lt;b>'));
    const german = await client.get('/notifications?lang=de');
    expect(german.body).toContain('Bob hat „Dark mode“ kommentiert');
    expect(german.body).toContain('Alle als gelesen markieren');
  });

  it('marks one read by its form, all by the other, and refuses someone else’s entry', async () => {
    const client = await signedInClient(hub, anna);
    const [first] = (await api('GET', '/me/notifications', anna)).json().items;
    const before = await unread(anna);
    await client.get('/notifications');
    const one = await client.post('/notifications/read', { id: first.id });
    expect(one.statusCode).toBe(303);
    expect(one.headers.location).toContain('/notifications?notice=notifications.marked');
    expect(await unread(anna)).toBe(before - 1);

    await commentOn(bob, anna, 'Bob’s idea', 'For Bob');
    const [bobs] = (await api('GET', '/me/notifications', bob)).json().items;
    const refused = await client.post('/notifications/read', { id: bobs.id });
    expect(refused.statusCode).toBe(404);
    expect((await api('GET', '/me/notifications', bob)).json().items[0].readAt).toBeNull();

    const all = await client.post('/notifications/read-all', {});
    expect(all.statusCode).toBe(303);
    expect(await unread(anna)).toBe(0);
    const page = await client.get('/notifications');
    expect(page.body).not.toContain('data-testid="unread-count"');
    expect(page.body).not.toContain('Mark all read');
  });

  it('marks read by the API: own ids, all, never another’s or an unknown id', async () => {
    await commentOn(anna, bob, 'API idea', 'By the API');
    const [entry] = (await api('GET', '/me/notifications?limit=1', anna)).json().items;
    const bobsEntry = (await api('GET', '/me/notifications', bob)).json().items[0];
    for (const ids of [[bobsEntry.id], [entry.id, bobsEntry.id], ['no-such-id']]) {
      const res = await api('POST', '/me/notifications/read', anna, { ids });
      expect(res.statusCode).toBe(404);
    }
    expect(await unread(anna)).toBe(1);
    expect((await api('POST', '/me/notifications/read', anna, {})).statusCode).toBe(400);
    expect((await api('POST', '/me/notifications/read', anna, { ids: 'x' })).statusCode).toBe(400);
    const res = await api('POST', '/me/notifications/read', anna, { ids: [entry.id] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ marked: 1, unread: 0 });
    expect((await api('POST', '/me/notifications/read', anna, { all: true })).json()).toEqual({
      marked: 0,
      unread: 0,
    });
  });

  it('pages the list like other lists', async () => {
    const first = (await api('GET', '/me/notifications?limit=2', anna)).json();
    expect(first.items).toHaveLength(2);
    const second = (await api('GET', `/me/notifications?limit=2&cursor=${first.nextCursor}`, anna)).json();
    expect(second.items[0].id < first.items[1].id).toBe(true);
  });

  it('chooses mail by the API and the profile form', async () => {
    expect((await api('GET', '/me/notification-settings', anna)).json()).toEqual({
      mail: 'each',
      digestHour: 8,
      muted: [],
    });
    const put = await api('PUT', '/me/notification-settings', anna, { mail: 'never' });
    expect(put.json()).toEqual({ mail: 'never', digestHour: 8, muted: [] });
    expect((await api('PUT', '/me/notification-settings', anna, { mail: 'daily' })).statusCode).toBe(400);
    const client = await signedInClient(hub, anna);
    expect((await client.get('/profile')).body).toMatch(/name="mail" value="never" checked/u);
    const saved = await client.post('/profile/notifications', { mail: 'each' });
    expect(saved.statusCode).toBe(303);
    expect((await api('GET', '/me/notification-settings', anna)).json().mail).toBe('each');
  });
});
