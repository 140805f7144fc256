import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landingPath } from '../src/http/pages/sign-in-external.js';
import { PageClient } from './support/client.js';
import { buildUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { ProviderBrowser, startOidcProvider, type TestProvider } from './support/oidc-provider.js';
import { signInRows } from './support/sign-in-rows.js';

/**
 * Signing in through a real OpenID Connect provider (oidc-provider on 127.0.0.1): accounts made
 * and found again, roles from the provider's groups, and every forged or replayed return refused
 * with a page that says so and nothing changed in the database.
 */

const HUB = 'http://127.0.0.1:8080/';
const SUB_PATH_HUB = 'http://127.0.0.1:8080/planning/';
const SECRET = 'a client secret long enough for HS256 and more';
const OTHER_REDIRECT = 'http://127.0.0.1:9/other/callback';

const oidcEnv = (issuer: string) => ({
  PLENUM_OIDC_ISSUER: issuer,
  PLENUM_OIDC_CLIENT_ID: 'plenum',
  PLENUM_OIDC_CLIENT_SECRET: SECRET,
  PLENUM_OIDC_NAME: 'Community ID',
  PLENUM_OIDC_ROLE_CLAIM: 'groups',
  PLENUM_OIDC_ROLE_MAP: 'planning-maintainers=maintainer,planning-admins=admin',
});

const unique = (name: string) => `${name}-${randomBytes(3).toString('hex')}`;

describe.each(ENGINES)('OpenID Connect sign-in (%s)', (engine) => {
  let provider: TestProvider;
  let hub: Hub;

  beforeAll(async () => {
    provider = await startOidcProvider([
      {
        client_id: 'plenum',
        client_secret: SECRET,
        redirect_uris: [`${HUB}sign-in/oidc/callback`, `${SUB_PATH_HUB}sign-in/oidc/callback`],
      },
      { client_id: 'other', client_secret: SECRET, redirect_uris: [OTHER_REDIRECT] },
    ]);
    hub = await startHub(engine, { baseUrl: HUB, env: oidcEnv(provider.issuer) });
  });

  afterAll(async () => {
    await hub?.close();
    await provider?.close();
  });

  /** Starts at the hub's button; the browser is at the provider's authorization URL then. */
  async function start(client: PageClient, next?: string): Promise<URL> {
    const res = await client.get(
      `/sign-in/oidc${next === undefined ? '' : `?${new URLSearchParams({ next })}`}`,
    );
    expect(res.statusCode).toBe(303);
    const url = new URL(String(res.headers.location));
    expect(url.origin).toBe(provider.issuer);
    expect(client.hasCookie('plenum_sign_in')).toBe(true);
    return url;
  }

  /** The whole round trip as a person makes it; answers the hub's last response. */
  async function roundTrip(login: string, options: { next?: string; h?: Hub } = {}) {
    const h = options.h ?? hub;
    const client = new PageClient(h);
    const authUrl = await start(client, options.next);
    const back = new URL(await new ProviderBrowser().signIn(authUrl.href, login, provider.issuer));
    expect(`${back.origin}${back.pathname}`).toBe(new URL('sign-in/oidc/callback', h.config.baseUrl).href);
    const res = await client.get(`${back.pathname.slice(h.config.basePath.length)}${back.search}`);
    return { client, res, back, authUrl };
  }

  /** The refusal page: its status, its words, and a database as it was. */
  async function expectRefused(
    res: { statusCode: number; body: string },
    before: Awaited<ReturnType<typeof signInRows>>,
    status: number,
    words: string,
  ) {
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain('Sign-in refused');
    expect(res.body).toContain(words);
    expect(await signInRows(hub)).toEqual(before);
  }

  const userByEmail = (email: string) => hub.app.accounts.findUserByEmail(email);

  it('makes an account on the first sign-in and signs in to it again later', async () => {
    const login = unique('ada');
    const email = `${login}@example.org`;
    const picture = 'https://pictures.example.org/ada.png';
    provider.people.set(login, { email, email_verified: true, name: 'Ada Lovelace', picture });
    const before = await signInRows(hub);
    const first = await roundTrip(login);
    expect(first.res.statusCode).toBe(303);
    expect(first.res.headers.location).toBe('/?notice=login.signedIn');
    const user = await userByEmail(email);
    expect(user).toMatchObject({ name: 'Ada Lovelace', role: 'member' });
    expect(await hub.store.read.identities.listOfUser(user?.id ?? '')).toMatchObject([
      { avatar_url: picture },
    ]);
    expect(await signInRows(hub)).toEqual({
      users: before.users + 1,
      identities: before.identities + 1,
      sessions: before.sessions + 1,
    });
    const profile = await first.client.get('/profile');
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Community ID');

    const again = await roundTrip(login);
    expect(again.res.statusCode).toBe(303);
    expect((await userByEmail(email))?.id).toBe(user?.id);
    expect(await signInRows(hub)).toMatchObject({
      users: before.users + 1,
      identities: before.identities + 1,
    });
  });

  it('gives the role the provider’s groups map to', async () => {
    const maintainer = unique('grace');
    provider.people.set(maintainer, {
      email: `${maintainer}@example.org`,
      email_verified: true,
      groups: ['planning-maintainers', 'unrelated'],
    });
    const admin = unique('root');
    provider.people.set(admin, {
      email: `${admin}@example.org`,
      email_verified: true,
      groups: ['planning-maintainers', 'planning-admins'],
    });
    expect((await roundTrip(maintainer)).res.statusCode).toBe(303);
    expect((await roundTrip(admin)).res.statusCode).toBe(303);
    expect((await userByEmail(`${maintainer}@example.org`))?.role).toBe('maintainer');
    expect((await userByEmail(`${admin}@example.org`))?.role).toBe('admin');
  });

  it('refuses a replayed return', async () => {
    const login = unique('replay');
    provider.people.set(login, { email: `${login}@example.org`, email_verified: true });
    const { back } = await roundTrip(login);
    const before = await signInRows(hub);
    // The attacker has the whole return, cookie and all.
    const res = await hub.server.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: `plenum_sign_in=${back.searchParams.get('state')}` },
    });
    await expectRefused(res, before, 400, 'was used already');
  });

  it('refuses a forged state, and a return to a browser that did not start it', async () => {
    const login = unique('forge');
    provider.people.set(login, { email: `${login}@example.org`, email_verified: true });
    const client = new PageClient(hub);
    const authUrl = await start(client);
    const back = new URL(await new ProviderBrowser().signIn(authUrl.href, login, provider.issuer));
    const before = await signInRows(hub);

    const forged = new URL(back);
    const state = randomBytes(32).toString('base64url');
    forged.searchParams.set('state', state);
    const res = await hub.server.inject({
      method: 'GET',
      url: `${forged.pathname}${forged.search}`,
      headers: { cookie: `plenum_sign_in=${state}` },
    });
    await expectRefused(res, before, 400, 'not valid here');

    // The real return, sent to someone else's browser (login CSRF): no cookie there.
    const victim = new PageClient(hub);
    await expectRefused(await victim.get(`${back.pathname}${back.search}`), before, 400, 'not valid here');
  });

  it('refuses an ID token whose nonce is not the attempt’s', async () => {
    const login = unique('nonce');
    provider.people.set(login, { email: `${login}@example.org`, email_verified: true });
    const client = new PageClient(hub);
    const authUrl = await start(client);
    const back = new URL(await new ProviderBrowser().signIn(authUrl.href, login, provider.issuer));
    // The provider signed the nonce the browser carried; the hub expects another.
    await sql`update sign_in_attempts set nonce = ${'another-nonce'}`.execute(hub.testDb.database.db);
    const before = await signInRows(hub);
    await expectRefused(
      await client.get(`${back.pathname}${back.search}`),
      before,
      400,
      'could not be verified',
    );
  });

  it('refuses an ID token issued to another client', async () => {
    const login = unique('aud');
    provider.people.set(login, { email: `${login}@example.org`, email_verified: true });
    const client = new PageClient(hub);
    const authUrl = await start(client);
    const browser = new ProviderBrowser();
    const back = new URL(await browser.signIn(authUrl.href, login, provider.issuer));

    // A valid ID token of the same person and nonce, for the client "other".
    const verifier = randomBytes(32).toString('base64url');
    const otherAuth = new URL(`${provider.issuer}/auth`);
    otherAuth.search = new URLSearchParams({
      client_id: 'other',
      redirect_uri: OTHER_REDIRECT,
      response_type: 'code',
      scope: 'openid email',
      state: 'x',
      nonce: authUrl.searchParams.get('nonce') ?? '',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const otherBack = new URL(await browser.signIn(otherAuth.href, login, provider.issuer));
    const token = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`other:${SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: otherBack.searchParams.get('code') ?? '',
        redirect_uri: OTHER_REDIRECT,
        code_verifier: verifier,
      }),
    });
    const { id_token } = (await token.json()) as { id_token: string };
    expect(JSON.parse(Buffer.from(id_token.split('.')[1] ?? '', 'base64url').toString()).aud).toBe('other');

    const before = await signInRows(hub);
    provider.swapIdToken = id_token;
    try {
      await expectRefused(
        await client.get(`${back.pathname}${back.search}`),
        before,
        400,
        'could not be verified',
      );
    } finally {
      provider.swapIdToken = null;
    }
  });

  it('does not join an existing account on an address either side has not confirmed', async () => {
    const owner = await buildUser(hub);
    const unverified = unique('mallory');
    provider.people.set(unverified, { email: owner.user.email, email_verified: false });
    const before = await signInRows(hub);
    await expectRefused((await roundTrip(unverified)).res, before, 403, 'Sign in with your password');

    // Confirmed at the provider, but never confirmed here: still the owner's password first.
    const verified = unique('claimant');
    provider.people.set(verified, { email: owner.user.email, email_verified: true });
    await expectRefused((await roundTrip(verified)).res, before, 403, 'link Community ID on your profile');
    expect((await userByEmail(owner.user.email))?.id).toBe(owner.user.id);
  });

  it('stays on this hub after sign-in, whatever next= says', async () => {
    const login = unique('next');
    provider.people.set(login, { email: `${login}@example.org`, email_verified: true });
    expect((await roundTrip(login, { next: '/backlog?q=x' })).res.headers.location).toBe(
      '/backlog?q=x&notice=login.signedIn',
    );
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '/\t/evil.example']) {
      expect((await roundTrip(login, { next })).res.headers.location).toBe('/?notice=login.signedIn');
    }
    expect(landingPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(landingPath('/\n/evil.example')).toBe('/');
  });

  it('works under a sub-path', async () => {
    const sub = await startHub(engine, { baseUrl: SUB_PATH_HUB, env: oidcEnv(provider.issuer) });
    try {
      const login = unique('sub');
      provider.people.set(login, { email: `${login}@example.org`, email_verified: true });
      const { res, authUrl } = await roundTrip(login, { h: sub, next: '/backlog' });
      expect(authUrl.searchParams.get('redirect_uri')).toBe(`${SUB_PATH_HUB}sign-in/oidc/callback`);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/planning/backlog?notice=login.signedIn');
    } finally {
      await sub.close();
    }
  });
});
