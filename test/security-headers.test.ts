import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from 'helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmetOptions } from '../src/http/security-headers.js';
import { buildUser, planningSeries } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Security headers on every kind of response: nosniff everywhere, HSTS when the hub is served
 * over https, and the pages' own Content-Security-Policy exactly as the pages set it.
 */

const PAGE_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
/** Responses that are not pages may load nothing and be framed by nobody. */
const OTHER_CSP = "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'";

const BASES = [
  ['http', 'http://127.0.0.1:8080/'],
  ['https', 'https://plan.example.org/'],
] as const;

describe.each(ENGINES)('security headers on %s', (engine) => {
  describe.each(BASES)('with an %s base URL', (scheme, baseUrl) => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await startHub(engine, { baseUrl, now: () => new Date('2026-11-29T10:00:00Z') });
      const maintainer = await buildUser(hub, { role: 'maintainer' });
      await planningSeries(hub, maintainer);
      await hub.app.ideas.propose(maintainer.actor, { title: 'Offline mode', status: 'backlog' });
    });
    afterAll(() => hub.close());

    const pages = [
      '/',
      '/backlog',
      '/ideas/offline-mode',
      '/meetings/planning-meeting/2026-11-30',
      '/nowhere',
      // The API reference, Swagger UI from this origin under the pages' policy.
      '/api',
    ];
    const others = [
      '/api/v1/ideas',
      '/api/v1/ideas/nowhere',
      '/api/openapi.json',
      '/meetings/planning-meeting.ics',
      '/meetings/planning-meeting/2026-11-30.ics',
      '/meetings/planning-meeting/minutes.atom',
      '/meetings/planning-meeting/badge.svg',
      '/docs/planning.md',
      '/assets/plenum.css',
      '/assets/live.js',
      '/healthz',
      '/readyz',
    ];

    it('sends nosniff, and HSTS only over https, on every kind of response', async () => {
      for (const url of [...pages, ...others]) {
        const res = await hub.server.inject({ url });
        expect(res.statusCode, url).toBeLessThan(500);
        expect(res.headers['x-content-type-options'], url).toBe('nosniff');
        expect(res.headers['referrer-policy'], url).toBe('same-origin');
        if (scheme === 'https')
          expect(res.headers['strict-transport-security'], url).toBe('max-age=31536000');
        else expect(res.headers['strict-transport-security'], url).toBeUndefined();
      }
      // A live page's event stream, and a path the router cannot decode.
      const stream = await hub.server.inject({
        method: 'HEAD',
        url: '/meetings/planning-meeting/2026-11-30/events',
      });
      expect(stream.headers['content-type']).toContain('text/event-stream');
      expect(stream.headers['x-content-type-options']).toBe('nosniff');
      for (const url of ['/api/v1/ideas/%E0%A4%A', '/ideas/%E0%A4%A']) {
        const bad = await hub.server.inject({ url });
        expect(bad.statusCode, url).toBe(400);
        expect(bad.headers['x-content-type-options'], url).toBe('nosniff');
      }
    });

    it("keeps the pages' Content-Security-Policy as it is, and a strict one on everything else", async () => {
      for (const url of pages) {
        const res = await hub.server.inject({ url });
        expect(res.headers['content-type'], url).toContain('text/html');
        expect(res.headers['content-security-policy'], url).toBe(PAGE_CSP);
      }
      for (const url of others) {
        const res = await hub.server.inject({ url });
        expect(res.headers['content-security-policy'], url).toBe(OTHER_CSP);
      }
    });

    it('sends every header helmet itself sends for the same options, with the same values', async () => {
      const server = createServer((req, res) =>
        helmet(helmetOptions(hub.config))(req, res, () => res.end('ok')),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const fromHelmet: Record<string, string> = {};
        const skip = ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'];
        (await fetch(`http://127.0.0.1:${port}/`)).headers.forEach((value, name) => {
          if (!skip.includes(name)) fromHelmet[name] = value;
        });
        expect(Object.keys(fromHelmet).length).toBeGreaterThan(8);
        const res = await hub.server.inject({ method: 'GET', url: '/api/v1/ideas' });
        for (const [name, value] of Object.entries(fromHelmet)) expect(res.headers[name], name).toBe(value);
      } finally {
        server.close();
      }
    });

    it('lets other sites embed the badge, and nothing else', async () => {
      const badge = await hub.server.inject({ url: '/meetings/planning-meeting/badge.svg' });
      expect(badge.headers['cross-origin-resource-policy']).toBe('cross-origin');
      const json = await hub.server.inject({ url: '/api/v1/ideas' });
      expect(json.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(json.headers['x-frame-options']).toBe('SAMEORIGIN');
    });
  });
});
