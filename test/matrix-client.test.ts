import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookTransport } from '../src/mail/webhook-transport.js';
import { type OutboxWorker, startOutboxWorker } from '../src/mail/worker.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { startMatrixHomeserver } from './support/matrix-homeserver.js';

/**
 * A Matrix room through the client-server API: a homeserver URL, a room id and an access token.
 * The stand-in homeserver checks what a real one does (path, PUT, Bearer token, the event's
 * JSON) and de-duplicates by transaction id.
 */

const ROOM = '!plenumRoom:matrix.example.org';
const TOKEN = 'syt_cGxlbnVt_secretsecretsecret_1a2B3c';

describe.each(ENGINES)('Matrix through the client-server API on %s', (engine) => {
  let clock = new Date('2026-12-04T10:00:00Z');
  let hub: Hub;
  let admin: TestUser;
  let member: TestUser;
  let worker: OutboxWorker;
  let homeserver: Awaited<ReturnType<typeof startMatrixHomeserver>>;
  let n = 0;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock, webhookAllowPrivate: () => true });
    [admin, member] = await Promise.all([buildUser(hub, { role: 'admin' }), buildUser(hub)]);
    homeserver = await startMatrixHomeserver(ROOM, TOKEN);
    const transport = webhookTransport({ timeoutMs: 2000 });
    worker = startOutboxWorker(hub.app, hub.config, null, { autoStart: false, webhooks: transport });
  });
  afterAll(async () => {
    await worker.stop();
    await homeserver.close();
    await hub.close();
  });
  beforeEach(() => {
    homeserver.failWith(null);
    homeserver.loseNextAnswers(0);
  });

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, json?: object) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...admin.auth, ...(method === 'PATCH' ? { 'if-match': '*' } : {}) },
      ...(json ? { payload: json } : {}),
    });
  const register = async (extra: object = {}) => {
    const res = await api('POST', '/webhooks', {
      url: homeserver.url,
      events: ['idea.proposed'],
      format: 'matrix',
      matrixRoom: ROOM,
      accessToken: TOKEN,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; tokenEnd: string; matrixRoom: string };
  };
  const propose = () => buildIdea(hub, member, { title: `Matrix idea <b>${++n}</b>` });
  const later = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };

  it('posts m.notice with HTML by PUT with the token, and shows only the token’s last four characters', async () => {
    const endpoint = await register();
    expect(endpoint).toMatchObject({ matrixRoom: ROOM, tokenEnd: '2B3c' });
    const shown = JSON.stringify((await api('GET', `/webhooks/${endpoint.id}`)).json());
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain('secretsecret');
    await propose();
    expect(await worker.runOnce()).toBeGreaterThanOrEqual(1);
    const sent = homeserver.requests.at(-1);
    expect(sent?.method).toBe('PUT');
    expect(sent?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent?.path).toMatch(
      new RegExp(`^/_matrix/client/v3/rooms/${encodeURIComponent(ROOM)}/send/m\\.room\\.message/[^/]+$`, 'u'),
    );
    const event = homeserver.events.at(-1);
    expect(event?.content).toMatchObject({ msgtype: 'm.notice', format: 'org.matrix.custom.html' });
    expect(event?.content.body).toMatch(/New idea proposed: Matrix idea <b>1<\/b>/u);
    expect(event?.content.formatted_body).toContain('Matrix idea &lt;b&gt;1&lt;/b&gt;');
    expect(event?.content.formatted_body).toMatch(/<a href="http:\/\/127\.0\.0\.1:8080\/ideas\/[^"]+">/u);
    const log = (await api('GET', `/webhooks/${endpoint.id}/deliveries`)).json().items;
    expect(log[0]).toMatchObject({ responseStatus: 200, messageStatus: 'delivered' });

    const admins = await signedInClient(hub, admin);
    const page = await admins.get('/admin/webhooks');
    expect(page.body).toContain(`Room ${ROOM} · token ending in …2B3c`);
    expect(page.body).not.toContain(TOKEN);
    expect((await admins.get('/admin/webhooks?lang=de')).body).toContain('Token endet auf …2B3c');
    await api('PATCH', `/webhooks/${endpoint.id}`, { active: false });
  });

  it('keeps the transaction id across retries, so a message whose answer was lost is posted once', async () => {
    const endpoint = await register();
    homeserver.loseNextAnswers(1);
    const before = homeserver.events.length;
    await propose();
    expect(await worker.runOnce()).toBeGreaterThanOrEqual(1);
    later(6);
    expect(await worker.runOnce()).toBeGreaterThanOrEqual(1);
    const puts = homeserver.requests.slice(-2).map((r) => r.path);
    expect(puts[0]).toBe(puts[1]);
    expect(homeserver.events.length - before).toBe(1);
    const log = (await api('GET', `/webhooks/${endpoint.id}/deliveries`)).json().items;
    expect(log.map((d: { responseStatus: number }) => d.responseStatus).sort()).toEqual([200, 502]);
    await api('PATCH', `/webhooks/${endpoint.id}`, { active: false });
  });

  it('masks the token in the delivery log when a receiver says it back', async () => {
    const endpoint = await register();
    homeserver.failWith({
      status: 403,
      body: { errcode: 'M_FORBIDDEN', error: `token ${TOKEN} is not in room` },
    });
    await propose();
    expect(await worker.runOnce()).toBeGreaterThanOrEqual(1);
    const [attempt] = (await api('GET', `/webhooks/${endpoint.id}/deliveries`)).json().items;
    expect(attempt.responseStatus).toBe(403);
    expect(attempt.responseBody).toContain('token …2B3c is not in room');
    expect(JSON.stringify(attempt)).not.toContain(TOKEN);
    await api('PATCH', `/webhooks/${endpoint.id}`, { active: false });
  });

  it('refuses a bad room id, a missing token, a token without a room and an http homeserver with a 4xx, storing nothing', async () => {
    const before = await hub.store.read.webhooks.listEndpoints();
    const base = { url: homeserver.url, events: ['idea.proposed'], format: 'matrix' };
    const cases: [object, RegExp][] = [
      [{ ...base, matrixRoom: '#alias:example.org', accessToken: TOKEN }, /room id looks like/u],
      [{ ...base, matrixRoom: 'plenumRoom', accessToken: TOKEN }, /room id looks like/u],
      [{ ...base, matrixRoom: ROOM }, /access token the hub posts/u],
      [{ ...base, matrixRoom: ROOM, accessToken: 'has space in it' }, /access token the hub posts/u],
      [
        { ...base, url: `${homeserver.url}/webhook/abc`, accessToken: TOKEN },
        /goes with a Matrix room id only/u,
      ],
      [{ ...base, format: 'slack', matrixRoom: ROOM, accessToken: TOKEN }, /room id looks like/u],
      [
        { ...base, url: `${homeserver.url}/_matrix/client/v3`, matrixRoom: ROOM, accessToken: TOKEN },
        /homeserver/u,
      ],
    ];
    for (const [input, said] of cases) {
      const res = await api('POST', '/webhooks', input);
      expect(res.statusCode, JSON.stringify(input)).toBe(400);
      expect(JSON.stringify(res.json().errors), JSON.stringify(input)).toMatch(said);
      expect(res.body).not.toContain(TOKEN);
    }
    const privateOff = await startHub(engine);
    try {
      const refused = await privateOff.server.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: (await buildUser(privateOff, { role: 'admin' })).auth,
        payload: { ...base, url: 'http://matrix.example.org', matrixRoom: ROOM, accessToken: TOKEN },
      });
      expect(refused.statusCode).toBe(400);
      expect(JSON.stringify(refused.json().errors)).toMatch(/https/u);
    } finally {
      await privateOff.close();
    }
    expect(await hub.store.read.webhooks.listEndpoints()).toEqual(before);
  });

  it('takes the same fields on the admin page, and never puts a refused token back into the form', async () => {
    const admins = await signedInClient(hub, admin);
    const page = await admins.get('/admin/webhooks?lang=de');
    expect(page.body).toContain('Matrix-Raum-ID');
    const once = /name="_once" value="([^"]+)"/u.exec(page.body)?.[1] ?? '';
    const before = await hub.store.read.webhooks.listEndpoints();
    const refused = await admins.post('/admin/webhooks?lang=de', {
      _once: once,
      url: homeserver.url,
      format: 'matrix',
      locale: 'de',
      matrixRoom: 'no-room',
      accessToken: TOKEN,
      events: ['idea.proposed'],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Eine Matrix-Raum-ID sieht aus wie');
    expect(refused.body).toContain('value="no-room"');
    expect(refused.body).not.toContain(TOKEN);
    expect(await hub.store.read.webhooks.listEndpoints()).toEqual(before);
  });

  it('changes the token alone through the API, and drops room and token when the format changes', async () => {
    const endpoint = await register();
    const changed = await api('PATCH', `/webhooks/${endpoint.id}`, { accessToken: 'syt_new_token_wxyz' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ matrixRoom: ROOM, tokenEnd: 'wxyz' });
    const hookshot = await api('PATCH', `/webhooks/${endpoint.id}`, {
      matrixRoom: '',
      url: `${homeserver.url}/webhook/abc`,
    });
    expect(hookshot.statusCode, hookshot.body).toBe(200);
    expect(hookshot.json()).toMatchObject({ matrixRoom: null, tokenEnd: null });
    const row = await hub.store.read.webhooks.findEndpoint(endpoint.id);
    expect(row?.access_token).toBe('');
  });
});
