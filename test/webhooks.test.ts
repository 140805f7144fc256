import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RETRY_DELAYS_SECONDS } from '../src/app/webhook-delivery.js';
import { WEBHOOK_EVENTS } from '../src/domain/webhook-events.js';
import { webhookTransport } from '../src/mail/webhook-transport.js';
import { type OutboxWorker, startOutboxWorker } from '../src/mail/worker.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { startReceiver, verifies } from './support/webhook-receiver.js';

describe.each(ENGINES)('signed webhooks on %s', (engine) => {
  let clock = new Date('2026-12-02T10:00:00Z');
  let allowPrivate = true;
  let hub: Hub;
  let admin: TestUser;
  let member: TestUser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: OutboxWorker;
  let n = 0;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock, webhookAllowPrivate: () => allowPrivate });
    [admin, member] = await Promise.all([buildUser(hub, { role: 'admin' }), buildUser(hub)]);
    receiver = await startReceiver();
    const transport = webhookTransport({
      timeoutMs: 300,
      // A public-looking name that resolves into this machine, as a rebinding attacker's would.
      resolve: async (host) =>
        host === 'hooks.example.test'
          ? [{ address: '127.0.0.1', family: 4 }]
          : [{ address: '192.0.2.1', family: 4 }],
    });
    worker = startOutboxWorker(hub.app, hub.config, null, { autoStart: false, webhooks: transport });
  });
  afterAll(async () => {
    await worker.stop();
    await receiver.close();
    await hub.close();
  });
  beforeEach(() => {
    allowPrivate = true;
    receiver.received.length = 0;
    receiver.answer((_req, res) => res.end('ok'));
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, json?: object, as = admin) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...as.auth, ...(method === 'PATCH' ? { 'if-match': '*' } : {}) },
      ...(json ? { payload: json } : {}),
    });
  const register = async (events: string[], url = receiver.url) => {
    const res = await api('POST', '/webhooks', { url, events, description: 'test' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string };
  };
  const propose = () => buildIdea(hub, member, { title: `Webhook idea ${++n}` });
  const later = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };
  const deliveries = async (id: string) =>
    (await api('GET', `/webhooks/${id}/deliveries`)).json().items as {
      id: string;
      messageId: string;
      responseStatus: number | null;
      responseBody: string | null;
      error: string | null;
      messageStatus: string;
    }[];

  it('signs what it sends as Standard Webhooks says, with the event as versioned JSON', async () => {
    const endpoint = await register(['idea.proposed']);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/u);
    expect((await api('GET', `/webhooks/${endpoint.id}`)).json()).not.toHaveProperty('secret');
    const idea = await propose();
    await hub.app.interest.add(member.actor, idea.slug);
    expect(await worker.runOnce()).toBe(1);
    const [got] = receiver.received;
    if (!got) throw new Error('nothing received');
    expect(await verifies(endpoint.secret, got)).toBe(true);
    expect(await verifies(endpoint.secret, { ...got, body: `${got.body} ` })).toBe(false);
    expect(got.headers['webhook-timestamp']).toBe(String(Math.floor(clock.getTime() / 1000)));
    expect(got.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got.body)).toEqual({
      type: 'idea.proposed',
      version: 1,
      timestamp: clock.toISOString(),
      data: expect.objectContaining({
        id: idea.id,
        title: idea.title,
        url: `http://127.0.0.1:8080/ideas/${idea.slug}`,
      }),
    });
    const [logged] = await deliveries(endpoint.id);
    expect(logged).toMatchObject({
      responseStatus: 200,
      responseBody: 'ok',
      error: null,
      messageStatus: 'delivered',
    });

    // Redelivered: the same message id and body, signed anew.
    const again = await api('POST', `/webhooks/${endpoint.id}/deliveries/${logged?.id}/redeliver`);
    expect(again.statusCode).toBe(202);
    await worker.runOnce();
    expect(receiver.received[1]?.headers['webhook-id']).toBe(got.headers['webhook-id']);
    expect(receiver.received[1]?.body).toBe(got.body);
    expect(await api('DELETE', `/webhooks/${endpoint.id}`)).toHaveProperty('statusCode', 204);
  });

  it('tries again with back-off: a receiver answering 500 three times gets the fourth try', async () => {
    const endpoint = await register(['idea.proposed']);
    receiver.answer((_req, res, i) => {
      res.statusCode = i <= 3 ? 500 : 200;
      res.end(i <= 3 ? 'down' : 'ok');
    });
    await propose();
    expect(await worker.runOnce()).toBe(1);
    for (const delay of RETRY_DELAYS_SECONDS.slice(0, 3)) {
      later(delay - 1);
      expect(await worker.runOnce()).toBe(0); // not due yet
      later(1);
      expect(await worker.runOnce()).toBe(1);
    }
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const log = await deliveries(endpoint.id);
    expect(log.map((d) => d.responseStatus)).toEqual([200, 500, 500, 500]);
    expect(log[0]?.messageStatus).toBe('delivered');
    expect(RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0) / 3600).toBeGreaterThan(24);
    await api('DELETE', `/webhooks/${endpoint.id}`);
  });

  it('tells of status changes and comments through the same hook, only to endpoints that asked', async () => {
    const endpoint = await register(['idea.status_changed', 'comment.created']);
    const idea = await propose();
    const maintainer = await buildUser(hub, { role: 'maintainer' });
    await hub.app.ideas.changeStatus(maintainer.actor, idea.id, idea.version, 'backlog', null);
    await hub.app.comments.create(member.actor, 'idea', idea.id, { body: 'Yes please' }, 'c');
    expect(await worker.runOnce()).toBe(2);
    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.type).sort()).toEqual(['comment.created', 'idea.status_changed']);
    const status = bodies.find((b) => b.type === 'idea.status_changed');
    expect(status.data).toMatchObject({ from: 'proposed', to: 'backlog' });
    const comment = bodies.find((b) => b.type === 'comment.created');
    expect(comment.data.url).toMatch(new RegExp(`/ideas/${idea.slug}#comment-`, 'u'));
    await api('DELETE', `/webhooks/${endpoint.id}`);
  });

  it('cuts a 10 MB answer at 1 KB without reading the rest', async () => {
    const endpoint = await register(['idea.proposed']);
    receiver.answer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const block = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const more = () => {
        while (sent < 10 * 1024 * 1024) {
          sent += block.length;
          if (!res.write(block)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('error', () => undefined);
      more();
    });
    await propose();
    await worker.runOnce();
    const [logged] = await deliveries(endpoint.id);
    expect(logged?.responseStatus).toBe(200);
    expect(logged?.responseBody).toHaveLength(1024);
    await api('DELETE', `/webhooks/${endpoint.id}`);
  });

  it('pauses an endpoint that never answers once every attempt of three messages timed out, and says so', async () => {
    const endpoint = await register(['idea.proposed']);
    receiver.answer(() => undefined); // holds the request open
    await Promise.all([propose(), propose(), propose()]);
    expect(await worker.runOnce()).toBe(3);
    for (const delay of RETRY_DELAYS_SECONDS) {
      later(delay);
      expect(await worker.runOnce()).toBe(3);
    }
    const paused = (await api('GET', `/webhooks/${endpoint.id}`)).json();
    expect(paused).toMatchObject({ status: 'paused', failedMessages: 3 });
    const log = await deliveries(endpoint.id);
    expect(log).toHaveLength(3 * (RETRY_DELAYS_SECONDS.length + 1));
    expect(log.every((d) => d.responseStatus === null && /timed out/u.test(d.error ?? ''))).toBe(true);
    const told = await hub.store.read.audit.listForEntity('webhook', endpoint.id);
    expect(told.map((e) => e.action)).toContain('webhook.paused');
    // The admin page says so, in English and German.
    const browser = await signedInClient(hub, admin);
    const en = await browser.get('/admin/webhooks');
    expect(en.body).toContain('Paused: 3 messages in a row failed on every attempt');
    expect((await browser.get('/admin/webhooks?lang=de')).body).toContain('pausiert');
    // A paused endpoint is sent nothing new until an admin resumes it.
    await propose();
    expect(await worker.runOnce()).toBe(0);
    const resumed = await api('PATCH', `/webhooks/${endpoint.id}`, { active: true });
    expect(resumed.json()).toMatchObject({ status: 'active', failedMessages: 0 });
    await api('DELETE', `/webhooks/${endpoint.id}`);
  });

  it('refuses private targets while they are not allowed: at registration and after resolving at delivery', async () => {
    allowPrivate = false;
    const before = (await api('GET', '/webhooks')).json();
    for (const [url, field] of [
      [receiver.url, 'https'],
      [receiver.url.replace('http:', 'https:'), 'private'],
      ['https://[::ffff:127.0.0.1]/in', 'private'],
      ['https://localhost/in', 'private'],
    ] as const) {
      const res = await api('POST', '/webhooks', { url, events: ['idea.proposed'] });
      // The API answers refused input as 400 with the field named, as everywhere (forms: 422).
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/u);
      expect(JSON.stringify(res.json().errors), url).toMatch(field === 'https' ? /https/u : /private/u);
    }
    expect((await api('GET', '/webhooks')).json()).toEqual(before);

    // A name that looks public is taken, but resolves to 127.0.0.1 when the message goes out.
    const named = await register(['idea.proposed'], 'https://hooks.example.test/in');
    await propose();
    await worker.runOnce();
    const [refused] = await deliveries(named.id);
    expect(refused).toMatchObject({ responseStatus: null });
    expect(refused?.error).toMatch(/private address 127\.0\.0\.1/u);
    await api('DELETE', `/webhooks/${named.id}`);

    // Registered while allowed, sent while not: refused before connecting.
    allowPrivate = true;
    const direct = await register(['idea.proposed']);
    allowPrivate = false;
    await propose();
    await worker.runOnce();
    expect(receiver.received).toHaveLength(0);
    expect((await deliveries(direct.id))[0]?.error).toMatch(/refused/u);
    await api('DELETE', `/webhooks/${direct.id}`);
  });

  it('answers bad input with a clear 4xx and changes nothing', async () => {
    const before = await hub.store.read.webhooks.listEndpoints();
    const cases: [object, number, RegExp][] = [
      [{ url: 'http://hooks.example.org/in', events: ['idea.proposed'] }, 400, /https/u],
      [{ url: 'https://hooks.example.org/in', events: ['idea.nonsense'] }, 400, /idea\.nonsense/u],
      [{ url: 'https://hooks.example.org/in', events: [] }, 400, /event/u],
      [{ url: 'not a url', events: ['idea.proposed'] }, 400, /URL/u],
      [{ url: 'https://hooks.example.org/in', events: ['idea.proposed'], extra: 1 }, 400, /./u],
      [{ events: ['idea.proposed'] }, 400, /./u],
    ];
    allowPrivate = false;
    for (const [body, status, says] of cases) {
      const res = await api('POST', '/webhooks', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.body).toMatch(says);
    }
    expect(await hub.store.read.webhooks.listEndpoints()).toEqual(before);
    expect((await api('GET', '/webhooks', undefined, member)).statusCode).toBe(403);
    expect((await api('GET', '/webhooks/nope')).statusCode).toBe(404);
  });
});

describe('the event list', () => {
  it('is the one docs/webhooks.md describes', () => {
    const doc = readFileSync(new URL('../docs/webhooks.md', import.meta.url), 'utf8');
    const table = doc.split('## Events')[1]?.split('## ')[0] ?? '';
    const named = [...table.matchAll(/^\| `([a-z_.]+)` +\|/gmu)].map((m) => m[1]);
    expect(named).toEqual([...WEBHOOK_EVENTS]);
  });
});
