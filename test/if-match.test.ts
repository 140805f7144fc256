import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, planningSeries, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * `If-Match: *` means "whatever version is current" (RFC 9110 §13.1.1): the update goes ahead
 * when the resource exists and is 404 when it does not. A named version works as before.
 */

const NEXT = '2026-11-30';

interface Target {
  route: string;
  method: 'PATCH' | 'POST';
  /** A fresh resource of this kind; its URL. */
  make: () => Promise<string>;
  /** The URL of one that does not exist. */
  missing: string;
  /** The body of the `i`th request to it (a status cannot be set to itself twice). */
  body: object | ((i: number) => object);
}

describe.each(ENGINES)('If-Match on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let n = 0;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => new Date('2026-11-29T10:00:00Z') });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    await planningSeries(hub, maintainer);
  });
  afterAll(() => hub.close());

  const idea = async () =>
    (await hub.app.ideas.propose(maintainer.actor, { title: `Idea ${++n}`, status: 'backlog' })).slug;
  const topic = async () =>
    (await hub.app.agenda.propose(maintainer.actor, 'planning-meeting', NEXT, { title: `Topic ${++n}` })).id;
  const item = async () =>
    (await hub.app.board.addItem(maintainer.actor, 'default', { title: `Card ${++n}` })).id;

  const targets: Target[] = [
    {
      route: 'PATCH /api/v1/ideas/:id',
      method: 'PATCH',
      make: async () => `/api/v1/ideas/${await idea()}`,
      missing: '/api/v1/ideas/no-such-idea',
      body: { description: 'Changed' },
    },
    {
      route: 'POST /api/v1/ideas/:id/status',
      method: 'POST',
      make: async () => `/api/v1/ideas/${await idea()}/status`,
      missing: '/api/v1/ideas/no-such-idea/status',
      body: (i: number) => ({ status: i % 2 === 0 ? 'roadmap' : 'backlog' }),
    },
    {
      route: 'PATCH /api/v1/series/:slug',
      method: 'PATCH',
      make: async () => '/api/v1/series/planning-meeting',
      missing: '/api/v1/series/no-such-series',
      body: { purpose: `We plan ${++n}` },
    },
    {
      route: 'POST /api/v1/topics/:id/status',
      method: 'POST',
      make: async () => `/api/v1/topics/${await topic()}/status`,
      missing: '/api/v1/topics/no-such-topic/status',
      body: { status: 'deferred' },
    },
    {
      route: 'POST /api/v1/topics/:id/move',
      method: 'POST',
      make: async () => `/api/v1/topics/${await topic()}/move`,
      missing: '/api/v1/topics/no-such-topic/move',
      body: { position: 0 },
    },
    {
      route: 'PATCH /api/v1/topics/:id',
      method: 'PATCH',
      make: async () => `/api/v1/topics/${await topic()}`,
      missing: '/api/v1/topics/no-such-topic',
      body: { minutes: 10 },
    },
    {
      route: 'PATCH /api/v1/items/:id',
      method: 'PATCH',
      make: async () => `/api/v1/items/${await item()}`,
      missing: '/api/v1/items/no-such-item',
      body: { title: 'Renamed' },
    },
    {
      route: 'POST /api/v1/items/:id/move',
      method: 'POST',
      make: async () => `/api/v1/items/${await item()}/move`,
      missing: '/api/v1/items/no-such-item/move',
      body: { column: 'done' },
    },
  ];

  let sent = 0;
  const send = (target: Target, url: string, ifMatch: string | undefined) =>
    hub.server.inject({
      method: target.method,
      url,
      headers: { ...maintainer.auth, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) },
      payload: typeof target.body === 'function' ? target.body(sent++) : target.body,
    });

  it.each(targets.map((t) => [t.route, t] as const))(
    '%s: * updates the current version, 404 when missing',
    async (_route, target) => {
      const url = await target.make();
      const res = await send(target, url, '*');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers.etag).toMatch(/^"\d+"$/u);
      // Again with * after the change: still the current version, whatever it is now.
      expect((await send(target, url, ' * ')).statusCode).toBe(200);
      const missing = await send(target, target.missing, '*');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
    },
  );

  it.each(targets.map((t) => [t.route, t] as const))(
    '%s: a named version, a stale one, a list, none',
    async (_route, target) => {
      const url = await target.make();
      expect((await send(target, url, '"999"')).statusCode).toBe(409);
      expect((await send(target, url, 'nonsense')).statusCode).toBe(400);
      expect((await send(target, url, undefined)).statusCode).toBe(428);
      // A list of ETags matches when one of them is current.
      const current = String((await send(target, url, '*')).headers.etag);
      expect((await send(target, url, `"998", ${current}`)).statusCode).toBe(200);
    },
  );
});
