import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { PageClient } from './support/client.js';
import { buildUser, PASSWORD } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * The client address behind a reverse proxy. Every per-client limit stands on it, so a client
 * must not be able to choose its own by sending X-Forwarded-For: only the hops the operator
 * trusts (PLENUM_TRUST_PROXY) are read, from the right, as the proxies appended them.
 */

describe('PLENUM_TRUST_PROXY', () => {
  it('is off by default, and 1 or true trust one proxy hop, not every address in the header', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ PLENUM_TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ PLENUM_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ PLENUM_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ PLENUM_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ PLENUM_TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ PLENUM_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('takes a list of proxy addresses and CIDR ranges', () => {
    expect(loadConfig({ PLENUM_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(loadConfig({ PLENUM_TRUST_PROXY: 'loopback,fd00::/8,::1' }).trustProxy).toEqual([
      'loopback',
      'fd00::/8',
      '::1',
    ]);
  });

  it('says what is wrong with a value it cannot use', () => {
    for (const [value, says] of [
      ['yes', '"yes" is neither'],
      ['10.0.0.0/33', '"10.0.0.0/33"'],
      ['10.0.0.1,', 'an empty entry'],
      ['300.1.1.1', '"300.1.1.1"'],
      ['-1', '"-1"'],
      ['::1/129', '"::1/129"'],
    ] as const) {
      expect(() => loadConfig({ PLENUM_TRUST_PROXY: value }), value).toThrow(ConfigError);
      expect(() => loadConfig({ PLENUM_TRUST_PROXY: value }), value).toThrow(says);
      expect(() => loadConfig({ PLENUM_TRUST_PROXY: value }), value).toThrow('PLENUM_TRUST_PROXY');
    }
  });
});

describe.each(ENGINES)('client addresses behind a proxy on %s', (engine) => {
  /** Failed sign-ins per client are limited (3 here): a limit that holds proves the client was seen as one. */
  const limits = { signInFailuresPerClient: { max: 3 } };
  let guess = 0;
  async function failuresUntilRefused(hub: Hub, headers: () => Record<string, string>) {
    for (let i = 1; i <= 6; i++) {
      const client = new PageClient(hub, headers());
      await client.get('/login');
      // A new address each time: only the client is the same.
      const email = `nobody-${++guess}@example.org`;
      const res = await client.post('/login', { email, password: 'a wrong guess!', next: '/' });
      if (res.statusCode === 429) return i;
      expect(res.statusCode).toBe(422);
    }
    return null;
  }

  describe('one trusted hop (nginx in front, PLENUM_TRUST_PROXY=1)', () => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await startHub(engine, { env: { PLENUM_TRUST_PROXY: '1' }, limits });
    });
    afterAll(() => hub.close());

    it('takes the address nginx appended ($proxy_add_x_forwarded_for), not a spoofed one to its left', async () => {
      let n = 0;
      // The client sends its own X-Forwarded-For and X-Real-IP; nginx appends the address it saw.
      const refusedAt = await failuresUntilRefused(hub, () => ({
        'x-forwarded-for': `198.51.100.${++n}, 203.0.113.7`,
        'x-real-ip': `198.51.100.${n}`,
      }));
      expect(refusedAt).toBe(4);
      // Someone at another address is another client.
      const victim = await buildUser(hub);
      const other = new PageClient(hub, { 'x-forwarded-for': '203.0.113.7, 203.0.113.8' });
      await other.get('/login');
      const res = await other.post('/login', { email: victim.user.email, password: PASSWORD, next: '/' });
      expect(res.statusCode).toBe(303);
    });

    it('answers hostile X-Forwarded-For values without an error', async () => {
      for (const value of [
        'garbage',
        '',
        ',,,',
        '::1',
        '2001:db8::1, 2001:db8::2',
        '[2001:db8::1]:443',
        '1.2.3.4:5678',
        Array.from({ length: 5000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.1`).join(', '),
        'unknown, 203.0.113.9',
      ]) {
        const res = await hub.server.inject({
          method: 'GET',
          url: '/login',
          headers: { 'x-forwarded-for': value },
        });
        expect(res.statusCode, value.slice(0, 60)).toBe(200);
      }
    });
  });

  describe('a list of trusted proxies (Caddy behind nginx, PLENUM_TRUST_PROXY=10.0.0.0/8,127.0.0.1)', () => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await startHub(engine, { env: { PLENUM_TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }, limits });
    });
    afterAll(() => hub.close());

    it('skips the trusted proxies from the right and takes the first address that is not one of them', async () => {
      let n = 0;
      // The client spoofs; Caddy (at 10.1.2.3) appends the client, nginx (the socket, 127.0.0.1)
      // appends Caddy. Caddy also sets X-Forwarded-Proto and X-Forwarded-Host.
      const refusedAt = await failuresUntilRefused(hub, () => ({
        'x-forwarded-for': `10.9.9.${++n}, 198.51.100.${n}, 203.0.113.20, 10.1.2.3`,
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'planning.example.org',
      }));
      expect(refusedAt).toBe(4);
    });
  });

  describe('no trusted proxy (the default)', () => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await startHub(engine, { limits });
    });
    afterAll(() => hub.close());

    it('ignores X-Forwarded-For altogether', async () => {
      let n = 0;
      const refusedAt = await failuresUntilRefused(hub, () => ({ 'x-forwarded-for': `198.51.100.${++n}` }));
      expect(refusedAt).toBe(4);
    });
  });
});
