import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anonymous } from '../src/domain/roles.js';
import { KEPT_FOR_VISITORS, registerCompression, sendCached } from '../src/http/compression.js';
import { type CachedBody, cachedBody } from '../src/http/response-cache.js';
import { visitorAnswers } from '../src/http/visitor-answers.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * The kept answers on a server of their own, wired as src/http/server.ts wires them (security
 * headers first, the cookie plugin's onSend before the keeping), with routes that count how
 * often they really run.
 */
describe('a visitor answer kept whole', () => {
  let server: FastifyInstance;
  let stamp = 's1';
  let runs = 0;
  const bodies = new Map<string, CachedBody>();
  const bodyAt = (at: string, locale: string, url: string): CachedBody => {
    const key = `${at} ${locale} ${url}`;
    let body = bodies.get(key);
    if (!body) {
      body = cachedBody(`${key} `.repeat(200));
      bodies.set(key, body);
    }
    return body;
  };

  beforeAll(async () => {
    server = Fastify();
    for (const name of ['auth', 'changeStamp', 'answerStamp']) server.decorateRequest(name, null);
    server.decorateRequest('locale', 'en');
    server.addHook('onRequest', (_request, reply, done) => {
      reply.header('x-frame-options', 'DENY');
      done();
    });
    const visitors = visitorAnswers(async () => stamp);
    visitors.installGiving(server);
    await registerCompression(server);
    await server.register(cookie);
    visitors.installKeeping(server);
    server.addHook('onRequest', (request, _reply, done) => {
      request.auth ??= {
        actor: anonymous,
        user: null,
        via: request.headers.authorization ? 'token' : 'none',
        sessionToken: null,
      };
      request.locale = request.headers['accept-language'] === 'de' ? 'de' : 'en';
      done();
    });
    const route = async (
      request: import('fastify').FastifyRequest,
      reply: import('fastify').FastifyReply,
    ) => {
      runs++;
      request.changeStamp ??= Promise.resolve(stamp);
      const query = request.query as Record<string, string>;
      if (query.remember) reply.setCookie('lang', 'de');
      if (query.status) reply.code(Number(query.status));
      const body = bodyAt(await request.changeStamp, request.locale, request.url);
      return sendCached(request, reply.type('text/plain; charset=utf-8'), body, 'accept-language');
    };
    server.get('/kept', { config: KEPT_FOR_VISITORS }, route);
    server.get('/not-kept', route);
    await server.ready();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    stamp = `s${Math.random()}`;
    runs = 0;
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    server.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br', ...headers } });

  it('gives the next cookieless visitor the same answer without running the route', async () => {
    const first = await get('/kept');
    const second = await get('/kept');
    expect(runs).toBe(1);
    expect(second.statusCode).toBe(200);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    const { date: _d1, ...firstHeaders } = first.headers;
    const { date: _d2, ...secondHeaders } = second.headers;
    expect(secondHeaders).toEqual(firstHeaders);
    expect(second.headers['content-encoding']).toBe('br');
    expect(second.headers['x-frame-options']).toBe('DENY');
    expect(brotliDecompressSync(second.rawPayload).toString()).toContain(`${stamp} en /kept`);
  });

  it('answers 304 from the kept answer when the reader has it', async () => {
    const first = await get('/kept');
    const again = await get('/kept', { 'if-none-match': String(first.headers.etag) });
    expect(runs).toBe(1);
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers['content-encoding']).toBeUndefined();
    expect(again.headers.etag).toBe(first.headers.etag);
    // A tag the reader does not have gets the whole answer.
    expect((await get('/kept', { 'if-none-match': '"other"' })).statusCode).toBe(200);
  });

  it('keeps one answer per coding and language, each right for its reader', async () => {
    const gzip = await get('/kept', { 'accept-encoding': 'gzip' });
    const plain = await get('/kept', { 'accept-encoding': 'identity' });
    const german = await get('/kept', { 'accept-language': 'de' });
    expect(runs).toBe(3);
    const [gzip2, plain2, german2] = await Promise.all([
      get('/kept', { 'accept-encoding': 'gzip;q=1' }),
      get('/kept', { 'accept-encoding': '' }),
      get('/kept', { 'accept-language': 'de' }),
    ]);
    expect(runs).toBe(3);
    expect(gunzipSync(gzip2.rawPayload).toString()).toBe(gunzipSync(gzip.rawPayload).toString());
    expect(plain2.headers['content-encoding']).toBeUndefined();
    expect(plain2.body).toBe(plain.body);
    expect(brotliDecompressSync(german2.rawPayload).toString()).toContain(`${stamp} de /kept`);
    expect(german2.rawPayload.equals(german.rawPayload)).toBe(true);
  });

  it('runs the route again after a change', async () => {
    await get('/kept');
    stamp = `${stamp}-changed`;
    const after = await get('/kept');
    expect(runs).toBe(2);
    expect(brotliDecompressSync(after.rawPayload).toString()).toContain(`${stamp} en /kept`);
  });

  it('gives nothing kept to a reader with a cookie or credentials, nor keeps their answer', async () => {
    await get('/kept', { cookie: 'session=abc' });
    await get('/kept', { authorization: 'Bearer abc' });
    await get('/kept', { authorization: 'Basic YTpi' });
    expect(runs).toBe(3);
    await get('/kept');
    await get('/kept', { cookie: 'session=abc' });
    await get('/kept', { authorization: 'Bearer abc' });
    expect(runs).toBe(6);
  });

  it('keeps no answer that sets a cookie, fails, or comes from a route not kept for visitors', async () => {
    for (const url of ['/kept?remember=1', '/kept?status=404', '/not-kept']) {
      const first = await get(url);
      const second = await get(url);
      expect(second.statusCode).toBe(first.statusCode);
      if (url.includes('remember')) expect(second.headers['set-cookie']).toContain('lang=de');
    }
    expect(runs).toBe(6);
  });

  it('keeps nothing for HEAD, which Fastify answers from the GET route each time', async () => {
    const head = () => server.inject({ method: 'HEAD', url: '/kept' });
    await get('/kept');
    expect((await head()).statusCode).toBe(200);
    expect((await head()).statusCode).toBe(200);
    expect(runs).toBe(3);
  });

  it('keeps a bounded number of answers for headers an attacker varies', async () => {
    for (let i = 0; i < 50; i++) {
      await get('/kept', {
        'accept-encoding': `gzip;q=0.${(i % 9) + 1}, x-${i}`,
        'accept-language': `xx-${i}`,
      });
    }
    // All of these negotiate gzip and English: one answer, made once.
    expect(runs).toBe(1);
  });
});

describe.each(ENGINES)('visitor answers in the hub on %s', (engine) => {
  let hub: Hub;
  let member: TestUser;
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine);
    member = await buildUser(hub, { name: 'Vera Visible' });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    await buildIdea(hub, maintainer, { title: 'Quiet reading room', status: 'backlog' });
  });
  afterAll(() => hub?.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    hub.server.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br', ...headers } });
  const decoded = (res: LightMyRequestResponse) =>
    (res.headers['content-encoding'] === 'br'
      ? brotliDecompressSync(res.rawPayload)
      : res.rawPayload
    ).toString();

  it('gives the signed-in reader their own backlog after a visitor’s was kept', async () => {
    const visitor = decoded(await get('/backlog'));
    expect(decoded(await get('/backlog'))).toBe(visitor);
    expect(visitor).not.toContain('Vera Visible');
    const reader = await signedInClient(hub, member);
    const own = await reader.get('/backlog');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Vera Visible');
    expect(decoded(await get('/backlog'))).toBe(visitor);
  });

  it('keeps each language apart and still remembers ?lang= every time', async () => {
    const german = decoded(await get('/backlog', { 'accept-language': 'de-DE,de;q=0.9' }));
    const english = decoded(await get('/backlog', { 'accept-language': 'en' }));
    expect(german).toContain('<html lang="de"');
    expect(english).toContain('<html lang="en"');
    expect(decoded(await get('/backlog', { 'accept-language': 'de' }))).toBe(german);
    for (let i = 0; i < 2; i++) {
      const chosen = await get('/backlog?lang=de');
      expect(String(chosen.headers['set-cookie'])).toContain('plenum_lang=de');
      expect(decoded(chosen)).toContain('<html lang="de"');
    }
  });

  it('refuses a bad token although a visitor’s list was kept', async () => {
    expect((await get('/api/v1/ideas')).statusCode).toBe(200);
    expect((await get('/api/v1/ideas')).statusCode).toBe(200);
    const refused = await get('/api/v1/ideas', { authorization: 'Bearer not-a-token' });
    expect(refused.statusCode).toBe(401);
    const tokenReader = await get('/api/v1/ideas', member.auth);
    expect(tokenReader.statusCode).toBe(200);
  });

  it('shows the next visitor a new idea, and refuses a bad query as before', async () => {
    await get('/api/v1/ideas?limit=5');
    await buildIdea(hub, maintainer, { title: 'Another quiet room', status: 'backlog' });
    const deadline = Date.now() + 5000;
    let titles: string[] = [];
    while (!titles.includes('Another quiet room') && Date.now() < deadline) {
      const res = await get('/api/v1/ideas?limit=5');
      titles = JSON.parse(decoded(res)).items.map((i: { title: string }) => i.title);
    }
    expect(titles).toContain('Another quiet room');
    expect((await get('/api/v1/ideas?limit=nope')).statusCode).toBe(400);
    expect((await get('/api/v1/ideas?q=%00')).statusCode).toBe(400);
  });
});
