import type { Browser, Page } from 'playwright-core';
import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagePolicy } from '../src/http/security-headers.js';
import { launchBrowser } from './support/browser.js';
import { ENGINES, type Engine, type Hub, startHub } from './support/hub.js';

/**
 * The API reference at /api and the OpenAPI description it is rendered from: every operation
 * says what it does under a declared tag, and the page works from the hub's own origin under
 * the pages' Content-Security-Policy, at the root and below a path.
 */

const TIMEOUT = 120_000;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
}
interface Media {
  schema?: Schema;
  examples?: Record<string, { value: unknown }>;
  example?: unknown;
}
interface Schema {
  examples?: unknown[];
  example?: unknown;
}
interface Document {
  info: { title: string; version: string; description: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}

function operations(doc: Document): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((m) => (item[m] ? [[`${m.toUpperCase()} ${path}`, item[m]] as [string, Operation]] : [])),
  );
}

/** The examples of a body or an answer, as OpenAPI (`example`, `examples`) or JSON Schema (`examples`) says them. */
function examplesOf(media: Media | undefined): unknown[] {
  if (!media) return [];
  return [
    ...(media.example !== undefined ? [media.example] : []),
    ...Object.values(media.examples ?? {}).map((e) => e.value),
    ...(media.schema?.examples ?? []),
  ];
}

/** The request body's and the success answer's JSON media of an operation. */
function mediaOf(op: Operation): { request?: Media; response?: Media } {
  const ok = Object.entries(op.responses ?? {}).find(([status]) => status.startsWith('2'))?.[1];
  return {
    request: op.requestBody?.content?.['application/json'],
    response: ok?.content?.['application/json'],
  };
}

/**
 * Opens the tag `tag` of the reference, as a reader clicks its heading, and waits for one of its
 * operations. The reference lists the tags folded: drawing all 120-odd operations at once
 * stalled Swagger UI after the first few.
 */
async function seeOperation(page: Page, tag: string, text: string): Promise<void> {
  await page.locator(`#operations-tag-${tag}`).click();
  await page.getByText(text, { exact: false }).first().waitFor();
}

describe.each(ENGINES)('the API reference and its description (%s)', (engine) => {
  let hub: Hub;
  let doc: Document;

  beforeAll(async () => {
    hub = await startHub(engine);
    doc = (await hub.server.inject({ url: '/api/openapi.json' })).json();
  });
  afterAll(() => hub.close());

  it('answers /api with an HTML page under the pages’ Content-Security-Policy', async () => {
    for (const url of ['/api', '/api/']) {
      const res = await hub.server.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.headers['content-security-policy'], url).toBe(pagePolicy(false));
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.body, url).toContain('<title>API reference · Plenum</title>');
      // Every script and stylesheet comes from the hub itself.
      const refs = [...res.body.matchAll(/\s(?:href|src)="([^"]*)"/gu)].map((m) => m[1] ?? '');
      expect(refs.length).toBeGreaterThan(2);
      for (const ref of refs) expect(ref, url).toMatch(/^(\.\/|\/api\/)static\//u);
    }
    const script = await hub.server.inject({ url: '/api/static/swagger-ui-bundle.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.headers['content-security-policy']).toBe(pagePolicy(false));
  });

  it('refuses as a page on /api and as problem+json on what the page reads', async () => {
    const bad = { authorization: 'Bearer plm_nope' };
    for (const url of ['/api', '/api/', '/api?lang=de']) {
      const res = await hub.server.inject({ url, headers: bad });
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.body, url).toMatch(/^<!doctype html><html lang="(en|de)">/u);
      expect(res.body, url).not.toContain('API reference');
    }
    const spec = await hub.server.inject({ url: '/api/json', headers: bad });
    expect(spec.statusCode).toBe(401);
    expect(spec.headers['content-type']).toContain('application/problem+json');
    const missing = await hub.server.inject({ url: '/api/static/nothing.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('keeps the file server’s answers: HEAD, a tag the reader has (304), and an API 404 for other paths', async () => {
    const [first, second] = await Promise.all(
      ['/api/static/swagger-ui.css', '/api/static/swagger-ui.css'].map((url) => hub.server.inject({ url })),
    );
    expect([first?.statusCode, second?.statusCode]).toEqual([200, 200]);
    const tag = first?.headers.etag;
    expect(tag).toBeTruthy();
    const again = await hub.server.inject({
      url: '/api/static/swagger-ui.css',
      headers: { 'if-none-match': String(tag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const head = await hub.server.inject({ method: 'HEAD', url: '/api' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toContain('text/html');
    expect(head.body).toBe('');
    for (const url of ['/api/v1/nothing-here', '/api/static/nothing/here']) {
      const res = await hub.server.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
    }
  });

  it('takes the reader’s language from the hub, not from a header the reader sends', async () => {
    const spec = (
      await hub.server.inject({
        url: '/api/json',
        headers: { 'x-plenum-locale': 'de', 'accept-language': 'en' },
      })
    ).json() as Document;
    expect(spec.info.description).toMatch(/^Plenum is a self-hosted planning hub/u);
  });

  it('speaks the reader’s language in the title and the opening, and keeps openapi.json English', async () => {
    const de = { 'accept-language': 'de' };
    const page = await hub.server.inject({ url: '/api', headers: de });
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toContain('<title>API-Referenz · Plenum</title>');
    expect(page.headers.vary).toContain('accept-language');
    const asked = await hub.server.inject({ url: '/api?lang=de' });
    expect(asked.body).toContain('<html lang="de">');
    expect(String(asked.headers['set-cookie'])).toContain('plenum_lang=de');

    const shown = (await hub.server.inject({ url: '/api/json', headers: de })).json() as Document;
    expect(shown.info.description).toMatch(/^Plenum ist ein selbst betriebener Planungs-Hub/u);
    expect(shown.paths).toEqual(doc.paths);
    const machine = (await hub.server.inject({ url: '/api/openapi.json', headers: de })).json() as Document;
    expect(machine.info.description).toMatch(/^Plenum is a self-hosted planning hub/u);
  });

  it('describes the whole hub: how to sign in and the conventions every operation keeps', () => {
    expect(doc.info.title).toBe('Plenum');
    expect(doc.info.version).toBe('1');
    for (const word of [
      'backlog',
      'meetings',
      'agenda',
      'minutes',
      'decisions',
      'board',
      'roadmap',
      'imports',
      'accounts',
      'Authorization: Bearer',
      'X-CSRF-Token',
      'nextCursor',
      'If-Match',
      'ETag',
      'application/problem+json',
      '429',
      'Retry-After',
      '/api/openapi.json',
    ]) {
      expect(doc.info.description, word).toContain(word);
    }
  });

  it('gives every operation a summary and tags, and declares each tag with a description', () => {
    const declared = new Map((doc.tags ?? []).map((t) => [t.name, t.description ?? '']));
    for (const name of [
      'ideas',
      'backlog',
      'meetings',
      'agenda',
      'minutes',
      'decisions',
      'actions',
      'board',
      'columns',
      'roadmap',
      'imports',
      'accounts',
      'users',
      'tokens',
      'settings',
    ]) {
      expect(declared.get(name), name).toMatch(/\S/u);
    }
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(20);
    const lacking = ops.flatMap(([name, op]) => {
      const problems: string[] = [];
      if (!op.summary?.trim()) problems.push(`${name}: no summary`);
      if (!op.tags?.length) problems.push(`${name}: no tags`);
      for (const tag of op.tags ?? [])
        if (!declared.has(tag)) problems.push(`${name}: tag "${tag}" is not declared in src/http/openapi.ts`);
      return problems;
    });
    expect(lacking).toEqual([]);
  });

  it('shows request and response examples for the main operations', () => {
    const main = [
      ['GET /api/v1/ideas', { request: false, response: true }],
      ['POST /api/v1/ideas', { request: true, response: true }],
      ['POST /api/v1/series/{slug}/occurrences/{date}/topics', { request: true, response: true }],
      ['GET /api/v1/series/{slug}/occurrences/{date}/minutes', { request: false, response: true }],
      ['POST /api/v1/items/{id}/move', { request: true, response: true }],
    ] as const;
    const byName = new Map(operations(doc));
    for (const [name, wanted] of main) {
      const op = byName.get(name);
      expect(op, name).toBeDefined();
      const media = mediaOf(op as Operation);
      if (wanted.request) expect(examplesOf(media.request), `${name}: request example`).not.toEqual([]);
      if (wanted.response) expect(examplesOf(media.response), `${name}: response example`).not.toEqual([]);
    }
  });

  it('shows only examples its own schemas accept', () => {
    let checked = 0;
    for (const [name, op] of operations(doc)) {
      const answers = Object.entries(op.responses ?? {}).map(([status, r]) => [
        status,
        r.content?.['application/json'],
      ]);
      for (const [part, media] of [
        ['request', op.requestBody?.content?.['application/json']],
        ...answers,
      ] as [string, Media | undefined][]) {
        if (!media?.schema) continue;
        // The examples are taken out, so the schema checks the example and not itself.
        const { examples: _shown, ...schema } = media.schema;
        const check = Compile(schema as Parameters<typeof Compile>[0]);
        for (const example of examplesOf(media)) {
          checked++;
          expect(check.Check(example), `${name} ${part}: ${JSON.stringify(example)}`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});

describe.each([
  ['sqlite', 'http://127.0.0.1:8080/'],
  ['postgres', 'http://127.0.0.1:8080/planning/'],
] as [Engine, string][])('the API reference in Chromium (%s, %s)', (engine, baseUrl) => {
  let browser: Browser;
  let hub: Hub;
  let origin: string;
  let base: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    hub = await startHub(engine, { baseUrl });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    base = `${origin}${hub.config.basePath}`;
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it(
    'renders the operations from this origin alone, without a CSP violation',
    async () => {
      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      const requests: string[] = [];
      const violations: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (/Content.Security.Policy/iu.test(m.text())) violations.push(m.text());
      });
      page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`Content Security Policy: ${e.violatedDirective} blocked ${e.blockedURI}`);
        });
      });

      await page.goto(`${base}/api`);
      await seeOperation(page, 'agenda', 'Propose a topic for a meeting');
      expect(await page.title()).toBe('API reference · Plenum');
      // The tags in their declared order, and the machine-readable description linked.
      const headings = await page.locator('.opblock-tag').allTextContents();
      expect(headings.findIndex((h) => h.startsWith('ideas'))).toBeLessThan(
        headings.findIndex((h) => h.startsWith('board')),
      );
      const spec = page.locator('.info a', { hasText: 'openapi.json' });
      expect(await spec.getAttribute('href')).toBe(`${hub.config.basePath}/api/openapi.json`);

      // Opening an operation shows its parameters and the highlighted example answer.
      await seeOperation(page, 'ideas', 'List ideas alphabetically');
      await page.getByText('List ideas alphabetically').first().click();
      await page.locator('.opblock.is-open .parameters-container').waitFor();
      await page.locator('.opblock.is-open .highlight-code').first().waitFor();

      // The trailing-slash address loads its files by relative paths: still this origin.
      await page.goto(`${base}/api/`);
      await seeOperation(page, 'agenda', 'Propose a topic for a meeting');

      const elsewhere = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:'));
      expect(elsewhere).toEqual([]);
      expect(requests.some((u) => u.startsWith(`${base}/api/static/swagger-ui-bundle.js`))).toBe(true);
      expect(requests.some((u) => u.startsWith(`${base}/api/json`))).toBe(true);
      expect(violations).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'opens in German for a German reader',
    async () => {
      const context = await browser.newContext({ locale: 'de-DE' });
      const page = await context.newPage();
      await page.goto(`${base}/api`);
      await page.getByText('Plenum ist ein selbst betriebener Planungs-Hub').waitFor();
      expect(await page.title()).toBe('API-Referenz · Plenum');
      expect(await page.locator('html').getAttribute('lang')).toBe('de');
      await context.close();
    },
    TIMEOUT,
  );
});
