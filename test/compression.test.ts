import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetPath } from '../src/web/asset-files.js';
import { buildIdea, buildUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Pages, JSON and assets go out compressed when the reader accepts it, and plain when not. */
describe.each(ENGINES)('compression (%s)', (engine) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub(engine);
    const admin = await buildUser(hub, { role: 'maintainer' });
    for (let i = 0; i < 40; i++) {
      await buildIdea(hub, admin, {
        title: `Idea number ${i} about build infrastructure`,
        description: 'A description long enough to make the page worth compressing. '.repeat(3),
        status: 'backlog',
      });
    }
  });
  afterAll(() => hub.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    hub.server.inject({ method: 'GET', url, headers });

  it('serves the cached backlog in brotli or gzip, each with its own tag, and plain without', async () => {
    const plain = await get('/backlog');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get('/backlog', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toContain('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    const gz = await get('/backlog', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
    const tags = new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]);
    expect(tags.size).toBe(3);
    const again = await get('/backlog', {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    expect(again.statusCode).toBe(304);
    // A tag of another coding is not this representation.
    const other = await get('/backlog', {
      'accept-encoding': 'br',
      'if-none-match': String(gz.headers.etag),
    });
    expect(other.statusCode).toBe(200);
  });

  it('takes a compressed request body where a body is taken, and reads a GET the same with or without a coding header', async () => {
    const member = await buildUser(hub);
    const json = JSON.stringify({
      title: 'A title sent gzipped',
      description: 'Sent compressed by a script.',
    });
    const created = await hub.server.inject({
      method: 'POST',
      url: '/api/v1/ideas',
      headers: { ...member.auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(json),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().title).toBe('A title sent gzipped');
    // A GET has no body to decode: a coding header on one changes nothing.
    const plain = await get('/api/v1/ideas');
    const labelled = await get('/api/v1/ideas', { 'content-encoding': 'gzip' });
    expect(labelled.statusCode).toBe(200);
    expect(labelled.body).toBe(plain.body);
  });

  it('honours q=0 and identity', async () => {
    const noBr = await get('/api/v1/ideas', { 'accept-encoding': 'br;q=0, gzip' });
    expect(noBr.headers['content-encoding']).toBe('gzip');
    const none = await get('/api/v1/ideas', { 'accept-encoding': 'identity' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.json().items.length).toBeGreaterThan(0);
  });

  it('compresses pages built per request, but not small answers', async () => {
    const page = await get('/meetings', { 'accept-encoding': 'br' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(page.rawPayload).toString('utf8')).toContain('<html');
    const health = await get('/healthz', { 'accept-encoding': 'br, gzip' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it('links assets by the version of their bytes, cached for good under that link', async () => {
    const page = await get('/backlog');
    const css = assetPath('plenum.css');
    expect(css).toMatch(/^\/assets\/plenum\.css\?v=[\w-]{12}$/u);
    expect(page.body).toContain(css);
    const versioned = await get(css, { 'accept-encoding': 'br' });
    expect(versioned.headers['cache-control']).toContain('immutable');
    expect(versioned.headers['content-encoding']).toBe('br');
    const bare = await get('/assets/plenum.css');
    expect(bare.headers['cache-control']).toBe('public, max-age=3600');
    const stale = await get('/assets/plenum.css?v=old');
    expect(stale.headers['cache-control']).toBe('public, max-age=3600');
    expect(stale.body).toBe(bare.body);
  });
});
