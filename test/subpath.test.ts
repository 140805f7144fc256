import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Idea } from '../src/domain/idea.js';
import { assetPath } from '../src/web/asset-files.js';
import { decodeEntities, PageClient } from './support/client.js';
import { buildIdea, buildUser, PASSWORD, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

const BASE_URL = 'https://example.org/planning/';

function setCookies(res: LightMyRequestResponse): string[] {
  const raw = res.headers['set-cookie'];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

function setCookie(res: LightMyRequestResponse, name: string): string | undefined {
  return setCookies(res).find((c) => c.startsWith(`${name}=`));
}

function attributes(header: string): string[] {
  return header
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase());
}

/** Every URL a page points at: links, stylesheets and form actions. */
function urlsIn(html: string): string[] {
  return [...html.matchAll(/\s(?:href|action|src)="([^"]*)"/gu)].map((m) => decodeEntities(m[1] ?? ''));
}

function inputValue(html: string, name: string): string {
  const tag = (html.match(/<input\b[^>]*>/gu) ?? []).find((t) => t.includes(` name="${name}"`)) ?? '';
  return decodeEntities(/\svalue="([^"]*)"/u.exec(tag)?.[1] ?? '');
}

describe.each(ENGINES)('a hub under /planning on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let member: TestUser;
  let idea: Idea;

  beforeAll(async () => {
    hub = await startHub(engine, { baseUrl: BASE_URL });
    admin = await buildUser(hub, { role: 'admin' });
    member = await buildUser(hub);
    idea = await buildIdea(hub, member, {
      title: 'Mounted below a path',
      description: 'See [the docs](https://example.org/docs) and [ours](/planning/backlog).',
      tags: ['paths'],
      links: [{ label: 'Elsewhere', url: 'https://elsewhere.example/x' }],
    });
  });
  afterAll(() => hub.close());

  /** Raw requests, path exactly as given (the PageClient adds /planning itself). */
  const raw = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) =>
    hub.server.inject({ method, url, headers });

  const anonymousPages = () => [
    '/',
    '/backlog',
    '/backlog?status=proposed&tag=paths',
    '/login',
    '/register',
    '/ideas/new',
    `/ideas/${idea.slug}`,
  ];
  const adminPages = () => [
    '/',
    '/backlog',
    `/ideas/${idea.slug}`,
    `/ideas/${idea.slug}/edit`,
    '/triage',
    '/admin',
    '/profile',
    '/backlog/texts',
  ];

  it('serves every page, the API, the assets and the health checks under /planning', async () => {
    const anonymous = new PageClient(hub);
    for (const path of anonymousPages()) {
      const res = await anonymous.get(path);
      expect([path, res.statusCode]).toEqual([path, 200]);
      expect(res.headers['content-type']).toContain('text/html');
    }
    const client = await signedInClient(hub, admin);
    for (const path of adminPages()) {
      const res = await client.get(path);
      expect([path, res.statusCode]).toEqual([path, 200]);
    }

    const list = await raw('GET', '/planning/api/v1/ideas');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([idea.id]);
    const one = await raw('GET', `/planning/api/v1/ideas/${idea.slug}`);
    expect(one.json()).toMatchObject({ id: idea.id, history: [{ action: 'proposed' }] });
    const me = await raw('GET', '/planning/api/v1/me', member.auth);
    expect(me.json()).toMatchObject({ id: member.user.id });
    const openapi = await raw('GET', '/planning/api/openapi.json');
    expect(openapi.statusCode).toBe(200);
    const doc = openapi.json();
    // The documented address of each operation is the real one: server URL + path.
    const documented = Object.keys(doc.paths).map((p) => `${doc.servers[0].url}${p}`);
    expect(documented).toEqual(expect.arrayContaining(['https://example.org/planning/api/v1/ideas']));
    expect(documented.every((u) => u.startsWith('https://example.org/planning/api/'))).toBe(true);
    // The API reference and every file it loads sit below the prefix too.
    const reference = await raw('GET', '/planning/api');
    expect(reference.statusCode).toBe(200);
    const files = urlsIn(reference.body);
    expect(files.length).toBeGreaterThan(2);
    for (const url of files) {
      expect(url).toMatch(/^\/planning\/api\/static\//u);
      expect((await raw('GET', url)).statusCode, url).toBe(200);
    }

    const css = await raw('GET', '/planning/assets/plenum.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect((await raw('GET', '/planning/healthz')).json()).toEqual({ status: 'ok' });
    expect((await raw('GET', '/planning/readyz')).statusCode).toBe(200);
    // The mount point itself, with or without its slash.
    expect((await raw('GET', '/planning/')).statusCode).toBe(200);
    expect((await raw('GET', '/planning')).statusCode).toBe(200);
  });

  it('starts every local link and form action with /planning/', async () => {
    const pages: [string, string][] = [];
    const anonymous = new PageClient(hub);
    for (const path of anonymousPages()) pages.push([path, (await anonymous.get(path)).body]);
    const client = await signedInClient(hub, admin);
    for (const path of adminPages()) pages.push([path, (await client.get(path)).body]);
    pages.push(['404 page', (await anonymous.get('/no/such/page')).body]);
    pages.push(['401 page', (await anonymous.get('/profile')).body]);

    for (const [path, html] of pages) {
      const urls = urlsIn(html);
      expect(urls.length).toBeGreaterThan(3);
      const local = urls.filter((u) => !/^[a-z][a-z0-9+.-]*:/iu.test(u) && !u.startsWith('#'));
      const outside = local.filter((u) => !u.startsWith('/planning/'));
      expect([path, outside]).toEqual([path, []]);
      expect(html).toContain(`href="/planning${assetPath('plenum.css')}"`);
    }
    const byPath = new Map(pages);
    expect(byPath.get('/login')).toContain('action="/planning/login"');
    expect(byPath.get('/register')).toContain('action="/planning/register"');
    expect(byPath.get('/ideas/new')).toContain('action="/planning/ideas"');
    expect(byPath.get('/backlog')).toContain('action="/planning/backlog"');
    expect(byPath.get('/admin')).toContain('action="/planning/admin/invitations"');
    expect(byPath.get('/profile')).toContain('action="/planning/profile/tokens"');
    expect(byPath.get('/backlog/texts')).toContain('action="/planning/backlog/texts"');
    expect(byPath.get(`/ideas/${idea.slug}/edit`)).toContain(`action="/planning/ideas/${idea.slug}/edit"`);
    expect(byPath.get(`/ideas/${idea.slug}`)).toContain(`action="/planning/ideas/${idea.slug}/status"`);
    expect(byPath.get('/triage')).toContain(`action="/planning/ideas/${idea.slug}/status"`);
    expect(byPath.get('401 page')).toContain('href="/planning/login?next=%2Fprofile"');
    expect(urlsIn(byPath.get('/backlog?status=proposed&tag=paths') ?? '')).toContain(
      '/planning/backlog?status=proposed&tag=paths&lang=de',
    );
  });

  it('redirects after every form to a path under /planning/', async () => {
    const client = new PageClient(hub);
    const refused = await client.get('/profile');
    expect(refused.statusCode).toBe(401);
    const signInLink = urlsIn(refused.body).find((u) => u.startsWith('/planning/login?')) ?? '';
    expect(signInLink).toBe('/planning/login?next=%2Fprofile');
    const form = await client.get(signInLink.slice('/planning'.length));
    const signIn = await client.post('/login', {
      email: member.user.email,
      password: PASSWORD,
      next: inputValue(form.body, 'next'),
    });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/planning/profile?notice=login.signedIn');
    const profile = await client.follow(signIn);
    expect(profile.statusCode).toBe(200);

    const saved = await client.post('/profile', {
      name: 'Member Renamed',
      locale: '',
      timeZone: 'Europe/Berlin',
      version: inputValue(profile.body, 'version'),
    });
    expect(saved.headers.location).toBe('/planning/profile?notice=profile.saved');
    await client.follow(saved);

    await client.get('/ideas/new');
    const proposed = await client.post('/ideas', { title: 'Proposed below a path' });
    expect(proposed.statusCode).toBe(303);
    expect(proposed.headers.location).toBe('/planning/ideas/proposed-below-a-path?notice=idea.proposed');
    const page = await client.follow(proposed);
    expect(page.statusCode).toBe(200);

    const edited = await client.post('/ideas/proposed-below-a-path/edit', {
      title: 'Proposed below a path',
      description: 'now with text',
      version: '1',
    });
    expect(edited.headers.location).toBe('/planning/ideas/proposed-below-a-path?notice=idea.saved');

    const out = await client.post('/logout', {});
    expect(out.headers.location).toBe('/planning/?notice=login.signedOut');
    expect((await client.follow(out)).statusCode).toBe(200);

    const maintainer = await signedInClient(hub, admin);
    await maintainer.get('/triage');
    const accepted = await maintainer.post('/ideas/proposed-below-a-path/status', {
      status: 'backlog',
      version: '2',
      next: '/triage',
    });
    expect(accepted.headers.location).toBe('/planning/triage?notice=idea.statusChanged');
    await maintainer.get('/backlog/texts');
    const texts = await maintainer.post('/backlog/texts', { version: '0', 'intro.en': 'Planned here.' });
    expect(texts.headers.location).toBe('/planning/backlog?notice=texts.saved');
    await maintainer.get('/admin');
    const registration = await maintainer.post('/admin/registration', { registration: 'open' });
    expect(registration.headers.location).toBe('/planning/admin?notice=admin.registrationSaved');
    await maintainer.get('/admin');
    const invitation = await maintainer.post('/admin/invitations', { role: 'member' });
    const link = /<code class="secret">([^<]*)<\/code>/u.exec(invitation.body)?.[1] ?? '';
    expect(decodeEntities(link)).toMatch(
      /^https:\/\/example\.org\/planning\/register\?invite=[A-Za-z0-9_-]+$/u,
    );

    const registered = new PageClient(hub);
    await registered.get(decodeEntities(link).slice('https://example.org/planning'.length));
    const created = await registered.post('/register', {
      email: 'below@example.org',
      name: 'Below',
      password: PASSWORD,
      invite: new URL(decodeEntities(link)).searchParams.get('invite') ?? '',
    });
    expect(created.headers.location).toBe('/planning/login?next=%2F&notice=register.done');

    const api = await hub.server.inject({
      method: 'POST',
      url: '/planning/api/v1/ideas',
      headers: member.auth,
      payload: { title: 'Via the API below a path' },
    });
    expect(api.statusCode).toBe(201);
    expect(api.headers.location).toBe(`/planning/api/v1/ideas/${api.json().id}`);
  });

  it('scopes every cookie to /planning/ and marks it Secure', async () => {
    const client = new PageClient(hub);
    const page = await client.get('/login?lang=de');
    const signIn = await client.post('/login', { email: member.user.email, password: PASSWORD, next: '/' });
    await client.get('/backlog');
    const out = await client.post('/logout', {});
    const cookies = [
      setCookie(page, 'plenum_browser'),
      setCookie(page, 'plenum_lang'),
      setCookie(signIn, 'plenum_session'),
      setCookie(out, 'plenum_session'),
    ];
    for (const cookie of cookies) {
      expect(cookie).toBeDefined();
      expect(attributes(cookie ?? '')).toEqual(
        expect.arrayContaining(['path=/planning/', 'secure', 'httponly', 'samesite=lax']),
      );
    }
    for (const res of [page, signIn, out]) {
      for (const cookie of setCookies(res)) expect(attributes(cookie)).toContain('path=/planning/');
    }
  });

  it('answers the same paths without the prefix with 404', async () => {
    const paths = [
      '/',
      '/backlog',
      '/login',
      '/register',
      '/ideas/new',
      `/ideas/${idea.slug}`,
      '/admin',
      '/triage',
      '/profile',
      '/api/v1/ideas',
      `/api/v1/ideas/${idea.slug}`,
      '/api/openapi.json',
      '/api',
      '/api/static/swagger-ui.css',
      '/assets/plenum.css',
      '/healthz',
      '/readyz',
    ];
    for (const path of paths) {
      const res = await raw('GET', path);
      expect([path, res.statusCode]).toEqual([path, 404]);
    }
    const post = await hub.server.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: member.user.email, password: PASSWORD }).toString(),
    });
    expect(post.statusCode).toBe(404);
    expect(setCookie(post, 'plenum_session')).toBeUndefined();
    const apiPost = await hub.server.inject({
      method: 'POST',
      url: '/api/v1/ideas',
      headers: member.auth,
      payload: { title: 'Lost on the way' },
    });
    expect(apiPost.statusCode).toBe(404);
    expect((await hub.app.ideas.list({ locale: 'en', q: 'lost way' })).total).toBe(0);
  });
});
