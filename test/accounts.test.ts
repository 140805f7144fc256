import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/app.js';
import { buildServer } from '../src/http/server.js';
import { type OutboxWorker, smtpTransport, startOutboxWorker } from '../src/mail/worker.js';
import { decodeEntities, PageClient } from './support/client.js';
import { buildIdea, buildUser, PASSWORD, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { type Mailbox, startMailbox } from './support/smtp.js';

const CSRF_MESSAGE = 'This form has expired or was not sent from this site.';
const NEW_PASSWORD = 'a brand new passphrase';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** Values of the `<input>` elements with this name, in document order. */
function inputValues(html: string, name: string): string[] {
  return (html.match(/<input\b[^>]*>/gu) ?? [])
    .filter((tag) => tag.includes(` name="${name}"`))
    .map((tag) => decodeEntities(/\svalue="([^"]*)"/u.exec(tag)?.[1] ?? ''));
}

function fieldError(html: string, field: string): string | undefined {
  const m = new RegExp(
    `<p class="field-error" id="field-${escapeRegExp(field)}-error">([^<]*)</p>`,
    'u',
  ).exec(html);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

/** The raw Set-Cookie header for one cookie, if the response sets it. */
function setCookie(res: LightMyRequestResponse, name: string): string | undefined {
  const raw = res.headers['set-cookie'];
  const all = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return all.find((c) => c.startsWith(`${name}=`));
}

function cookieAttributes(header: string): string[] {
  return header
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase());
}

/** Every table a refusal could touch; not rate_limits, where refused attempts are counted on purpose. */
const TABLES = [
  'users',
  'sessions',
  'api_tokens',
  'invitations',
  'settings',
  'ideas',
  'idea_tags',
  'idea_history',
  'audit_log',
] as const;

/** Every row of every table, so a refused request can be shown to have changed nothing at all. */
async function snapshot(hub: Hub): Promise<Record<string, string[]>> {
  const db = hub.testDb.database.db;
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

async function adminCount(hub: Hub): Promise<number> {
  return hub.store.read.users.countByRole('admin');
}

describe.each(ENGINES)('accounts on %s', (engine) => {
  describe('first-run setup', () => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await startHub(engine);
    });
    afterAll(() => hub.close());

    it('shows the setup form on the home page while no admin exists', async () => {
      const client = new PageClient(hub);
      const res = await client.get('/');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<h1>Set up Plenum</h1>');
      expect(res.body).toContain('action="/setup"');
      expect(client.csrf).not.toBe('');
    });

    it('refuses a setup form without a token or with another browser’s token', async () => {
      const client = new PageClient(hub);
      await client.get('/');
      const stranger = new PageClient(hub);
      await stranger.get('/');
      const before = await snapshot(hub);
      const fields = { email: 'root@example.org', name: 'Root', password: PASSWORD };
      for (const csrf of [[], stranger.csrf]) {
        const res = await client.post('/setup', { ...fields, _csrf: csrf });
        expect(res.statusCode).toBe(403);
        expect(res.body).toContain(CSRF_MESSAGE);
        expect(setCookie(res, 'plenum_session')).toBeUndefined();
      }
      expect(await snapshot(hub)).toEqual(before);
      expect(await hub.app.accounts.needsSetup()).toBe(true);
    });

    it('creates the first admin, signs them in and goes to /admin', async () => {
      const client = new PageClient(hub);
      await client.get('/');
      const res = await client.post('/setup', {
        email: 'Root@Example.org',
        name: 'Root Admin',
        password: PASSWORD,
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin?notice=setup.done');
      expect(setCookie(res, 'plenum_session')).toBeDefined();
      const admin = await client.follow(res);
      expect(admin.statusCode).toBe(200);
      expect(admin.body).toContain('Admin account created. Welcome!');
      expect(admin.body).toContain('Signed in as Root Admin (admin)');
      const user = await hub.app.accounts.findUserByEmail('root@example.org');
      expect(user).toMatchObject({ role: 'admin', name: 'Root Admin' });
      // The home page is the ordinary one now.
      const home = await new PageClient(hub).get('/');
      expect(home.body).not.toContain('action="/setup"');
      expect(home.body).toContain('Welcome to Plenum');
    });

    it('refuses a second setup once an admin exists', async () => {
      const client = new PageClient(hub);
      await client.get('/login');
      const before = await snapshot(hub);
      const res = await client.post('/setup', {
        email: 'second@example.org',
        name: 'Second',
        password: PASSWORD,
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/login');
      expect(setCookie(res, 'plenum_session')).toBeUndefined();
      expect(await hub.app.accounts.findUserByEmail('second@example.org')).toBeNull();
      expect(await snapshot(hub)).toEqual(before);
    });

    it('lets only one of two concurrent setups create an admin', async () => {
      const fresh = await startHub(engine);
      try {
        // Load makes two setups interleave; here each transaction is held for a moment after it
        // has counted the admins, so both have counted before either writes (where the engine
        // runs transactions side by side at all; SQLite runs them one after the other).
        const transaction = fresh.store.transaction.bind(fresh.store);
        let counted = 0;
        let bothCounted: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => {
          bothCounted = resolve;
        });
        fresh.store.transaction = (work) =>
          transaction((repos) =>
            // Repositories are made on first use, so the stand-in users repository sits on
            // top of the transaction's own instead of a copy of its properties.
            work(
              Object.create(repos, {
                users: {
                  value: {
                    ...repos.users,
                    countByRole: async (role: Parameters<typeof repos.users.countByRole>[0]) => {
                      const n = await repos.users.countByRole(role);
                      if (++counted >= 2) bothCounted();
                      await Promise.race([gate, new Promise((resolve) => setTimeout(resolve, 300))]);
                      return n;
                    },
                  },
                },
              }),
            ),
          );
        const clients = [new PageClient(fresh), new PageClient(fresh)];
        for (const c of clients) await c.get('/');
        const results = await Promise.all(
          clients.map((c, i) =>
            c.post('/setup', { email: `racer${i}@example.org`, name: `Racer ${i}`, password: PASSWORD }),
          ),
        );
        expect(counted).toBeGreaterThanOrEqual(1);
        expect(results.map((r) => r.statusCode)).toEqual([303, 303]);
        expect(results.map((r) => r.headers.location).sort()).toEqual(['/admin?notice=setup.done', '/login']);
        expect(await adminCount(fresh)).toBe(1);
        expect(await fresh.store.read.users.list()).toHaveLength(1);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('with an admin', () => {
    let hub: Hub;
    let admin: TestUser;
    let maintainer: TestUser;
    let member: TestUser;
    let adminClient: PageClient;

    beforeAll(async () => {
      hub = await startHub(engine);
      admin = await buildUser(hub, { role: 'admin', name: 'Ada Admin' });
      maintainer = await buildUser(hub, { role: 'maintainer' });
      member = await buildUser(hub);
      adminClient = await signedInClient(hub, admin);
    });
    afterAll(() => hub.close());

    async function setRegistration(mode: 'open' | 'invite') {
      await adminClient.get('/admin');
      const res = await adminClient.post('/admin/registration', { registration: mode });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin?notice=admin.registrationSaved');
      expect(await hub.app.settings.registrationMode()).toBe(mode);
    }

    async function createInvitation(role: string): Promise<string> {
      await adminClient.get('/admin');
      const res = await adminClient.post('/admin/invitations', { role });
      expect(res.statusCode).toBe(201);
      const m = /<code class="secret">([^<]*)<\/code>/u.exec(res.body);
      expect(m?.[1]).toBeDefined();
      const link = new URL(decodeEntities(m?.[1] ?? ''));
      expect(`${link.origin}${link.pathname}`).toBe('http://127.0.0.1:8080/register');
      return `${link.pathname}${link.search}`;
    }

    describe('registration', () => {
      it('is open by default: anyone can create a member account, then signs in with it', async () => {
        const client = new PageClient(hub);
        const page = await client.get('/register');
        expect(page.statusCode).toBe(200);
        expect(inputValues(page.body, 'invite')).toEqual([]);
        const login = await client.get('/login');
        expect(login.body).toContain('href="/register?next=%2F"');
        const res = await client.post('/register', {
          email: 'open@example.org',
          name: 'Open Door',
          password: PASSWORD,
          next: '/backlog',
        });
        expect(res.statusCode).toBe(303);
        // Not signed in at once: the answer must be the same for an address that has an account.
        expect(res.headers.location).toBe('/login?next=%2Fbacklog&notice=register.done');
        expect(setCookie(res, 'plenum_session')).toBeUndefined();
        const after = await client.follow(res);
        expect(after.body).toContain(
          'Thank you. Now sign in with your e-mail address and the password you chose.',
        );
        expect(inputValues(after.body, 'next')).toEqual(['/backlog']);
        expect(await hub.app.accounts.findUserByEmail('open@example.org')).toMatchObject({ role: 'member' });
        const signedIn = await client.post('/login', {
          email: 'open@example.org',
          password: PASSWORD,
          next: '/backlog',
        });
        expect(signedIn.headers.location).toBe('/backlog?notice=login.signedIn');
      });

      it('turns invite-only through the admin page and then refuses registration without a valid invitation', async () => {
        await setRegistration('invite');
        try {
          const client = new PageClient(hub);
          const page = await client.get('/register');
          expect(page.body).toContain('Registration is by invitation.');
          expect(inputValues(page.body, 'invite')).toEqual(['']);
          expect((await client.get('/login')).body).not.toContain('href="/register');
          const before = await snapshot(hub);
          const none = await client.post('/register', {
            email: 'shut@example.org',
            name: 'Shut Out',
            password: PASSWORD,
          });
          expect(none.statusCode).toBe(422);
          expect(fieldError(none.body, 'invite')).toBe('Registration needs an invitation.');
          expect(inputValues(none.body, 'email')).toEqual(['shut@example.org']);
          const bogus = await client.post('/register', {
            email: 'shut@example.org',
            name: 'Shut Out',
            password: PASSWORD,
            invite: 'made-up-code',
          });
          expect(bogus.statusCode).toBe(422);
          expect(fieldError(bogus.body, 'invite')).toBe('This invitation is not valid (used or expired).');
          expect(setCookie(bogus, 'plenum_session')).toBeUndefined();
          expect(await snapshot(hub)).toEqual(before);
        } finally {
          await setRegistration('open');
        }
      });

      it('accepts an invitation link once, with the role it was made for', async () => {
        await setRegistration('invite');
        try {
          const link = await createInvitation('maintainer');
          const invited = new PageClient(hub);
          const page = await invited.get(link);
          expect(page.statusCode).toBe(200);
          const token = new URLSearchParams(link.split('?')[1]).get('invite') ?? '';
          expect(inputValues(page.body, 'invite')).toEqual([token]);
          const res = await invited.post('/register', {
            email: 'invited@example.org',
            name: 'Invited Maintainer',
            password: PASSWORD,
            invite: inputValues(page.body, 'invite')[0] ?? '',
          });
          expect(res.statusCode).toBe(303);
          expect(await hub.app.accounts.findUserByEmail('invited@example.org')).toMatchObject({
            role: 'maintainer',
          });
          await invited.get('/login');
          await invited.post('/login', { email: 'invited@example.org', password: PASSWORD, next: '/' });
          expect((await invited.get('/triage')).statusCode).toBe(200);

          const second = new PageClient(hub);
          await second.get(link);
          const before = await snapshot(hub);
          const again = await second.post('/register', {
            email: 'latecomer@example.org',
            name: 'Latecomer',
            password: PASSWORD,
            invite: token,
          });
          expect(again.statusCode).toBe(422);
          expect(fieldError(again.body, 'invite')).toBe('This invitation is not valid (used or expired).');
          expect(await hub.app.accounts.findUserByEmail('latecomer@example.org')).toBeNull();
          expect(await snapshot(hub)).toEqual(before);
        } finally {
          await setRegistration('open');
        }
      });

      it('keeps the role of an invitation link while registration is open', async () => {
        const link = await createInvitation('maintainer');
        const invited = new PageClient(hub);
        const page = await invited.get(link);
        const token = new URLSearchParams(link.split('?')[1]).get('invite') ?? '';
        // The form the link opens must carry the invitation, or its role is silently lost.
        expect(inputValues(page.body, 'invite')).toEqual([token]);
        const res = await invited.post('/register', {
          email: 'invited-open@example.org',
          name: 'Invited While Open',
          password: PASSWORD,
          invite: inputValues(page.body, 'invite')[0] ?? '',
        });
        expect(res.statusCode).toBe(303);
        expect(await hub.app.accounts.findUserByEmail('invited-open@example.org')).toMatchObject({
          role: 'maintainer',
        });
      });
    });

    describe('signing in and out', () => {
      it('signs in, returns to the page asked for, and signs out for good', async () => {
        const client = new PageClient(hub);
        await client.get('/login');
        const res = await client.post('/login', {
          email: `  ${member.user.email.toUpperCase()} `,
          password: PASSWORD,
          next: '/profile',
        });
        expect(res.statusCode).toBe(303);
        expect(res.headers.location).toBe('/profile?notice=login.signedIn');
        const session = setCookie(res, 'plenum_session');
        expect(session).toBeDefined();
        const profile = await client.follow(res);
        expect(profile.statusCode).toBe(200);
        expect(profile.body).toContain(`Signed in. Welcome, ${member.user.name}!`);
        expect((await client.api('GET', '/me')).json()).toMatchObject({ id: member.user.id });

        const out = await client.post('/logout', {});
        expect(out.statusCode).toBe(303);
        expect(out.headers.location).toBe('/?notice=login.signedOut');
        const cleared = setCookie(out, 'plenum_session') ?? '';
        expect(cleared).toMatch(/^plenum_session=;/u);
        expect(cookieAttributes(cleared).some((a) => a === 'max-age=0' || a.startsWith('expires='))).toBe(
          true,
        );
        expect((await client.follow(out)).body).toContain('Signed out.');
        expect((await client.get('/profile')).statusCode).toBe(401);
        // The old cookie is dead on the server too, not only forgotten by the browser.
        const replay = await hub.server.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { cookie: (session ?? '').split(';')[0] ?? '' },
        });
        expect(replay.statusCode).toBe(401);
      });

      it('answers a wrong password with a field error and keeps the typed e-mail', async () => {
        const client = new PageClient(hub);
        await client.get('/login');
        const typed = maintainer.user.email.replace('maintainer', 'Maintainer');
        const res = await client.post('/login', { email: typed, password: 'not the password', next: '/' });
        expect(res.statusCode).toBe(422);
        expect(fieldError(res.body, 'password')).toBe('E-mail or password is not right.');
        expect(inputValues(res.body, 'email')).toEqual([typed]);
        expect(inputValues(res.body, 'password')).toEqual(['']);
        expect(setCookie(res, 'plenum_session')).toBeUndefined();
      });

      it('limits failed sign-ins per address and client, counted in the database for every instance', async () => {
        const victim = await buildUser(hub, { name: 'Vic Tim' });
        const second = await buildServer({ app: createApp(hub.store), config: hub.config });
        await second.ready();
        try {
          const onFirst = new PageClient(hub);
          const onSecond = new PageClient({ ...hub, server: second });
          await onFirst.get('/login');
          await onSecond.get('/login');
          const fail = (client: PageClient) =>
            client.post('/login', { email: victim.user.email, password: 'guessing wrong', next: '/' });
          for (let i = 0; i < 3; i++) expect((await fail(onFirst)).statusCode).toBe(422);
          for (let i = 0; i < 2; i++) expect((await fail(onSecond)).statusCode).toBe(422);

          // Five failures from this client for this address, on either instance: it is refused.
          for (const client of [onSecond, onFirst]) {
            const res = await client.post('/login', {
              email: victim.user.email,
              password: PASSWORD,
              next: '/',
            });
            expect(res.statusCode).toBe(429);
            const retry = Number(res.headers['retry-after']);
            expect(Number.isInteger(retry)).toBe(true);
            expect(retry).toBeGreaterThan(0);
            expect(retry).toBeLessThanOrEqual(15 * 60);
            expect(res.body).toContain('Too many failed sign-in attempts.');
            expect(setCookie(res, 'plenum_session')).toBeUndefined();
          }
          // The limit is per address and client: someone else still signs in from the same place.
          const bystander = await onFirst.post('/login', {
            email: member.user.email,
            password: PASSWORD,
            next: '/',
          });
          expect(bystander.statusCode).toBe(303);
        } finally {
          await second.close();
        }
      });

      it('sets the session as an HttpOnly, SameSite=Lax cookie for the whole hub', async () => {
        const client = new PageClient(hub);
        const page = await client.get('/login');
        const browser = setCookie(page, 'plenum_browser') ?? '';
        expect(cookieAttributes(browser)).toEqual(
          expect.arrayContaining(['path=/', 'httponly', 'samesite=lax']),
        );
        const res = await client.post('/login', { email: member.user.email, password: PASSWORD, next: '/' });
        const session = setCookie(res, 'plenum_session') ?? '';
        expect(session).toMatch(/^plenum_session=[A-Za-z0-9_-]{20,};/u);
        const attributes = cookieAttributes(session);
        expect(attributes).toEqual(
          expect.arrayContaining(['path=/', 'httponly', 'samesite=lax', `max-age=${30 * 86_400}`]),
        );
        expect(attributes).not.toContain('secure');
      });

      it('marks the cookies Secure when the hub is reached over https', async () => {
        const secure = await startHub(engine, { baseUrl: 'https://hub.example.org/' });
        try {
          const who = await buildUser(secure);
          const client = new PageClient(secure);
          const page = await client.get('/login');
          expect(cookieAttributes(setCookie(page, 'plenum_browser') ?? '')).toContain('secure');
          const res = await client.post('/login', { email: who.user.email, password: PASSWORD, next: '/' });
          expect(res.statusCode).toBe(303);
          expect(cookieAttributes(setCookie(res, 'plenum_session') ?? '')).toEqual(
            expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']),
          );
        } finally {
          await secure.close();
        }
      });
    });

    describe('CSRF', () => {
      let memberClient: PageClient;
      let maintainerClient: PageClient;
      let slug: string;
      let tokenId: string;

      beforeAll(async () => {
        memberClient = await signedInClient(hub, member);
        maintainerClient = await signedInClient(hub, maintainer);
        slug = (await buildIdea(hub, member, { title: 'Guarded idea', description: 'as it was' })).slug;
        const tokens = await hub.app.accounts.listApiTokens(member.actor);
        tokenId = tokens[0]?.id ?? '';
      });

      type Case = {
        path: () => string;
        /** The client that loads `page` and sends the form. */
        who: () => PageClient | 'anonymous';
        page: () => string;
        fields: () => Record<string, string | string[]>;
      };
      const cases: [string, Case][] = [
        [
          'POST /setup',
          {
            path: () => '/setup',
            who: () => 'anonymous',
            page: () => '/login',
            fields: () => ({ email: 'csrf-root@example.org', name: 'Root', password: PASSWORD }),
          },
        ],
        [
          'POST /login',
          {
            path: () => '/login',
            who: () => 'anonymous',
            page: () => '/login',
            fields: () => ({ email: member.user.email, password: PASSWORD, next: '/' }),
          },
        ],
        [
          'POST /register',
          {
            path: () => '/register',
            who: () => 'anonymous',
            page: () => '/register',
            fields: () => ({ email: 'csrf-new@example.org', name: 'New', password: PASSWORD }),
          },
        ],
        [
          'POST /ideas',
          {
            path: () => '/ideas',
            who: () => memberClient,
            page: () => '/ideas/new',
            fields: () => ({ title: 'Forged idea', description: 'x' }),
          },
        ],
        [
          'POST /ideas/:slug/edit',
          {
            path: () => `/ideas/${slug}/edit`,
            who: () => memberClient,
            page: () => `/ideas/${slug}/edit`,
            fields: () => ({ title: 'Forged title', description: 'forged', version: '1' }),
          },
        ],
        [
          'POST /ideas/:slug/status',
          {
            path: () => `/ideas/${slug}/status`,
            who: () => maintainerClient,
            page: () => `/ideas/${slug}`,
            fields: () => ({ status: 'declined', reason: 'forged', version: '1' }),
          },
        ],
        [
          'POST /backlog/texts',
          {
            path: () => '/backlog/texts',
            who: () => maintainerClient,
            page: () => '/backlog/texts',
            fields: () => ({ 'intro.en': 'Forged intro', version: '0' }),
          },
        ],
        [
          'POST /profile',
          {
            path: () => '/profile',
            who: () => memberClient,
            page: () => '/profile',
            fields: () => ({
              name: 'Forged Name',
              locale: 'de',
              timeZone: '',
              version: String(member.user.version),
            }),
          },
        ],
        [
          'POST /profile/password',
          {
            path: () => '/profile/password',
            who: () => memberClient,
            page: () => '/profile',
            fields: () => ({ currentPassword: PASSWORD, newPassword: 'forged passphrase' }),
          },
        ],
        [
          'POST /profile/tokens',
          {
            path: () => '/profile/tokens',
            who: () => memberClient,
            page: () => '/profile',
            fields: () => ({ name: 'forged token' }),
          },
        ],
        [
          'POST /profile/tokens/:id/revoke',
          {
            path: () => `/profile/tokens/${tokenId}/revoke`,
            who: () => memberClient,
            page: () => '/profile',
            fields: () => ({}),
          },
        ],
        [
          'POST /admin/users',
          {
            path: () => '/admin/users',
            who: () => adminClient,
            page: () => '/admin',
            fields: () => ({
              email: 'forged@example.org',
              name: 'Forged',
              role: 'admin',
              password: PASSWORD,
            }),
          },
        ],
        [
          'POST /admin/users/:id/role',
          {
            path: () => `/admin/users/${member.user.id}/role`,
            who: () => adminClient,
            page: () => '/admin',
            fields: () => ({ role: 'admin', version: String(member.user.version) }),
          },
        ],
        [
          'POST /admin/registration',
          {
            path: () => '/admin/registration',
            who: () => adminClient,
            page: () => '/admin',
            fields: () => ({ registration: 'invite' }),
          },
        ],
        [
          'POST /admin/invitations',
          {
            path: () => '/admin/invitations',
            who: () => adminClient,
            page: () => '/admin',
            fields: () => ({ role: 'admin' }),
          },
        ],
      ];

      for (const [name, c] of cases) {
        it(`${name} refuses a missing or foreign token with 403 and changes nothing`, async () => {
          const who = c.who();
          const client = who === 'anonymous' ? new PageClient(hub) : who;
          // A token this site issued, but to another browser or session.
          const stranger =
            who === 'anonymous' ? new PageClient(hub) : await signedInClient(hub, await buildUser(hub));
          await stranger.get(c.page());
          expect(stranger.csrf).not.toBe('');
          await client.get(c.page());
          expect(client.csrf).not.toBe('');
          expect(stranger.csrf).not.toBe(client.csrf);
          const before = await snapshot(hub);
          for (const csrf of [[], stranger.csrf]) {
            const res = await client.post(c.path(), { ...c.fields(), _csrf: csrf });
            expect(res.statusCode).toBe(403);
            expect(res.headers['content-type']).toContain('text/html');
            expect(res.body).toContain(CSRF_MESSAGE);
            expect(setCookie(res, 'plenum_session')).toBeUndefined();
          }
          expect(await snapshot(hub)).toEqual(before);
        });
      }

      it('refuses JSON API writes with a session cookie but without the page’s token', async () => {
        await memberClient.get('/backlog');
        const stranger = await signedInClient(hub, await buildUser(hub));
        await stranger.get('/backlog');
        const before = await snapshot(hub);
        const missing = await memberClient.api('POST', '/ideas', { title: 'Cookie only' });
        expect(missing.statusCode).toBe(403);
        expect(missing.headers['content-type']).toContain('application/problem+json');
        expect(missing.json().detail).toContain(CSRF_MESSAGE);
        const foreign = await memberClient.api(
          'POST',
          '/ideas',
          { title: 'Cookie only' },
          { 'x-csrf-token': stranger.csrf },
        );
        expect(foreign.statusCode).toBe(403);
        const patch = await memberClient.api(
          'PATCH',
          `/ideas/${slug}`,
          { title: 'Cookie only' },
          { 'if-match': '"1"' },
        );
        expect(patch.statusCode).toBe(403);
        expect(await snapshot(hub)).toEqual(before);
        // Reading needs no token.
        expect((await memberClient.api('GET', '/me')).json()).toMatchObject({ id: member.user.id });

        const ok = await memberClient.api(
          'POST',
          '/ideas',
          { title: 'Cookie and token' },
          { 'x-csrf-token': memberClient.csrf },
        );
        expect(ok.statusCode).toBe(201);
        expect(ok.json()).toMatchObject({ title: 'Cookie and token', proposerId: member.user.id });
      });

      it('needs no CSRF token with a bearer token', async () => {
        const res = await hub.server.inject({
          method: 'POST',
          url: '/api/v1/ideas',
          headers: member.auth,
          payload: { title: 'Sent by a script' },
        });
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({ proposerId: member.user.id });
      });
    });

    describe('API tokens', () => {
      it('are created on the profile page, shown once, act with the owner’s role and die when revoked', async () => {
        const client = await signedInClient(hub, maintainer);
        await client.get('/profile');
        const created = await client.post('/profile/tokens', { name: 'ci pipeline' });
        expect(created.statusCode).toBe(201);
        const token = decodeEntities(/data-testid="new-token">([^<]*)</u.exec(created.body)?.[1] ?? '');
        expect(token).toMatch(/^plm_[A-Za-z0-9_-]{40,}$/u);
        expect(created.body).toContain('Copy it now; it is not shown again');

        const later = await client.get('/profile');
        expect(later.body).toContain('<strong>ci pipeline</strong>');
        expect(later.body).not.toContain(token);

        const bearer = { authorization: `Bearer ${token}` };
        const me = await hub.server.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
        expect(me.json()).toMatchObject({ id: maintainer.user.id, role: 'maintainer' });
        // Straight into the backlog is a maintainer's right; the token carries it, a member's does not.
        const direct = await hub.server.inject({
          method: 'POST',
          url: '/api/v1/ideas',
          headers: bearer,
          payload: { title: 'Added by the pipeline', status: 'backlog' },
        });
        expect(direct.statusCode).toBe(201);
        expect(direct.json().status).toBe('backlog');
        const byMember = await hub.server.inject({
          method: 'POST',
          url: '/api/v1/ideas',
          headers: member.auth,
          payload: { title: 'Member shortcut', status: 'backlog' },
        });
        expect(byMember.statusCode).toBe(403);

        const row = /<strong>ci pipeline<\/strong>[\s\S]*?action="\/profile\/tokens\/([^/"]+)\/revoke"/u.exec(
          later.body,
        );
        expect(row?.[1]).toBeDefined();
        const revoked = await client.post(`/profile/tokens/${row?.[1]}/revoke`, {});
        expect(revoked.statusCode).toBe(303);
        expect((await client.follow(revoked)).body).toContain('Token revoked.');
        const after = await hub.server.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
        expect(after.statusCode).toBe(401);
        expect(after.headers['www-authenticate']).toBe('Bearer');
        // The other token of the same user still works.
        const other = await hub.server.inject({ method: 'GET', url: '/api/v1/me', headers: maintainer.auth });
        expect(other.statusCode).toBe(200);
      });
    });

    it('changing the password signs out every other session of the account', async () => {
      const who = await buildUser(hub, { name: 'Pat Word' });
      const here = await signedInClient(hub, who);
      const elsewhere = await signedInClient(hub, who);
      const bystander = await signedInClient(hub, member);
      await here.get('/profile');
      const wrong = await here.post('/profile/password', {
        currentPassword: 'nope nope nope',
        newPassword: NEW_PASSWORD,
      });
      expect(wrong.statusCode).toBe(422);
      expect(fieldError(wrong.body, 'currentPassword')).toBe('The current password is not right.');
      expect((await elsewhere.get('/profile')).statusCode).toBe(200);

      const res = await here.post('/profile/password', {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      });
      expect(res.statusCode).toBe(303);
      expect((await here.follow(res)).body).toContain('Password changed. Other sessions were signed out.');
      expect((await here.get('/profile')).statusCode).toBe(200);
      expect((await elsewhere.get('/profile')).statusCode).toBe(401);
      expect((await bystander.get('/profile')).statusCode).toBe(200);

      const fresh = new PageClient(hub);
      await fresh.get('/login');
      expect(
        (await fresh.post('/login', { email: who.user.email, password: PASSWORD, next: '/' })).statusCode,
      ).toBe(422);
      expect(
        (await fresh.post('/login', { email: who.user.email, password: NEW_PASSWORD, next: '/' })).statusCode,
      ).toBe(303);
    });

    describe('roles', () => {
      it('lets the admin change a role on the admin page', async () => {
        const who = await buildUser(hub, { name: 'Rory Role' });
        const client = await signedInClient(hub, who);
        expect((await client.get('/triage')).statusCode).toBe(403);
        const page = await adminClient.get('/admin');
        expect(page.body).toContain(`action="/admin/users/${who.user.id}/role"`);
        const res = await adminClient.post(`/admin/users/${who.user.id}/role`, {
          role: 'maintainer',
          version: String(who.user.version),
        });
        expect(res.statusCode).toBe(303);
        expect((await adminClient.follow(res)).body).toContain('Role changed.');
        expect(await hub.app.accounts.findUserByEmail(who.user.email)).toMatchObject({ role: 'maintainer' });
        // The running session acts with the new role at once.
        expect((await client.get('/triage')).statusCode).toBe(200);
        // Members cannot change roles.
        const member2 = await signedInClient(hub, await buildUser(hub));
        await member2.get('/profile');
        const refused = await member2.post(`/admin/users/${who.user.id}/role`, {
          role: 'member',
          version: '2',
        });
        expect(refused.statusCode).toBe(403);
        expect(await hub.app.accounts.findUserByEmail(who.user.email)).toMatchObject({ role: 'maintainer' });
      });

      it('does not let the last admin demote themselves, but a second admin makes it possible', async () => {
        expect(await adminCount(hub)).toBe(1);
        await adminClient.get('/admin');
        const current = await hub.app.accounts.findUserByEmail(admin.user.email);
        const before = await snapshot(hub);
        const res = await adminClient.post(`/admin/users/${admin.user.id}/role`, {
          role: 'member',
          version: String(current?.version),
        });
        expect(res.statusCode).toBe(422);
        expect(res.body).toContain('The last admin cannot give up the admin role.');
        expect(await snapshot(hub)).toEqual(before);
        expect((await adminClient.get('/admin')).statusCode).toBe(200);

        const deputy = await buildUser(hub, { name: 'Dee Puty' });
        const promote = await adminClient.post(`/admin/users/${deputy.user.id}/role`, {
          role: 'admin',
          version: String(deputy.user.version),
        });
        expect(promote.statusCode).toBe(303);
        await adminClient.get('/admin');
        const demote = await adminClient.post(`/admin/users/${admin.user.id}/role`, {
          role: 'member',
          version: String(current?.version),
        });
        expect(demote.statusCode).toBe(303);
        expect(await adminCount(hub)).toBe(1);
        expect((await adminClient.get('/admin')).statusCode).toBe(403);
      });
    });
  });

  describe('limits against abuse', () => {
    let hub: Hub;
    let mailbox: Mailbox;
    let worker: OutboxWorker;
    beforeAll(async () => {
      mailbox = await startMailbox();
      // Behind one proxy, so that each test client can have an address of its own.
      hub = await startHub(engine, {
        env: { PLENUM_TRUST_PROXY: '1', SMTP_URL: mailbox.url },
        limits: { signInSlowdownPerAddress: { stepMs: 100 } },
      });
      worker = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
    });
    afterAll(async () => {
      await worker.stop();
      await hub.close();
      await mailbox.close();
    });

    let n = 0;
    /** A browser at its own address (or at the one given). */
    const from = (address = `203.0.113.${++n}`) => new PageClient(hub, { 'x-forwarded-for': address });
    async function signIn(client: PageClient, email: string, password: string) {
      await client.get('/login');
      return client.post('/login', { email, password, next: '/' });
    }
    async function register(client: PageClient, email: string, next = '/') {
      await client.get('/register');
      return client.post('/register', { email, name: 'Some One', password: 'a password of my own', next });
    }

    it('refuses the guessing client, never the owner: the right password from elsewhere still signs in', async () => {
      const victim = await buildUser(hub);
      const guesser = from('198.51.100.1');
      for (let i = 0; i < 5; i++) {
        expect((await signIn(guesser, victim.user.email, `wrong guess ${i}`)).statusCode).toBe(422);
      }
      // The guessing client is refused from now on, even with the right password…
      const refused = await signIn(guesser, victim.user.email, PASSWORD);
      expect(refused.statusCode).toBe(429);
      const retry = Number(refused.headers['retry-after']);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(15 * 60);
      expect(refused.body).toContain('Too many failed sign-in attempts.');
      expect(setCookie(refused, 'plenum_session')).toBeUndefined();
      // …but the owner, anywhere else, is not.
      expect((await signIn(from(), victim.user.email, PASSWORD)).statusCode).toBe(303);
    });

    it('slows down the sign-in of an address that many clients guess at, and still lets its right password in', async () => {
      const victim = await buildUser(hub);
      for (let i = 0; i < 14; i++) {
        expect((await signIn(from(), victim.user.email, 'a wrong guess')).statusCode).toBe(422);
      }
      // Past 10 failures each sign-in of the address waits 100 ms more (1 s by default): 4 × 100 ms.
      const started = Date.now();
      const owner = await signIn(from(), victim.user.email, PASSWORD);
      expect(owner.statusCode).toBe(303);
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      // Another address is not slowed down.
      const bystander = await buildUser(hub);
      expect((await signIn(from(), bystander.user.email, PASSWORD)).statusCode).toBe(303);
    });

    it('limits guesses of the current password on the profile page', async () => {
      const who = await buildUser(hub);
      const client = await signedInClient(hub, who);
      await client.get('/profile');
      for (let i = 0; i < 5; i++) {
        const wrong = await client.post('/profile/password', {
          currentPassword: `wrong guess ${i}`,
          newPassword: NEW_PASSWORD,
        });
        expect(wrong.statusCode).toBe(422);
      }
      const refused = await client.post('/profile/password', {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toContain('Too many wrong passwords.');
      // Nothing changed: the old password still signs in.
      expect((await signIn(from(), who.user.email, PASSWORD)).statusCode).toBe(303);
    });

    it('limits registrations per client', async () => {
      const client = from('198.51.100.50');
      for (let i = 0; i < 10; i++)
        expect((await register(client, `flood${i}@example.org`)).statusCode).toBe(303);
      const refused = await register(client, 'flood10@example.org');
      expect(refused.statusCode).toBe(429);
      const retry = Number(refused.headers['retry-after']);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(3600);
      expect(refused.body).toContain('Too many requests.');
      expect(await hub.app.accounts.findUserByEmail('flood10@example.org')).toBeNull();
      // Someone else registers as before.
      expect((await register(from(), 'flood10@example.org')).statusCode).toBe(303);
    });

    it('answers the registration of an existing address exactly as a new one, and mails that address instead', async () => {
      const existing = await buildUser(hub);
      mailbox.clear();
      const answers = [];
      for (const email of [existing.user.email, 'brand-new@example.org']) {
        const client = from();
        const res = await register(client, email, '/backlog');
        const page = await client.follow(res);
        answers.push({
          status: res.statusCode,
          location: res.headers.location,
          session: setCookie(res, 'plenum_session') !== undefined,
          notice: /<p class="notice"[^>]*>([^<]*)</u.exec(page.body)?.[1],
        });
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0]).toMatchObject({ status: 303, session: false });
      expect(answers[0]?.location).toBe('/login?next=%2Fbacklog&notice=register.done');
      // The existing account keeps its password; the new one has the password chosen.
      expect((await signIn(from(), existing.user.email, PASSWORD)).statusCode).toBe(303);
      expect((await signIn(from(), 'brand-new@example.org', 'a password of my own')).statusCode).toBe(303);
      await worker.runOnce();
      const told = mailbox.to(existing.user.email);
      expect(told).toHaveLength(1);
      expect(told[0]?.subject).toBe('Your account at 127.0.0.1:8080');
      expect(told[0]?.text).toContain('http://127.0.0.1:8080/login');
      // The new address gets only the link that confirms it, as every new account does.
      expect(mailbox.to('brand-new@example.org').map((m) => m.subject)).toEqual([
        'Confirm your e-mail address at 127.0.0.1:8080',
      ]);
      // Asked again and again, the address gets two such mails a day at most.
      for (let i = 0; i < 3; i++) expect((await register(from(), existing.user.email)).statusCode).toBe(303);
      await worker.runOnce();
      expect(mailbox.to(existing.user.email)).toHaveLength(2);
    });

    it('answers alike and queues nothing for an existing address when no mail is configured', async () => {
      const quiet = await startHub(engine);
      try {
        const existing = await buildUser(quiet);
        const client = new PageClient(quiet);
        await client.get('/register');
        const res = await client.post('/register', {
          email: existing.user.email,
          name: 'Some One',
          password: 'a password of my own',
          next: '/',
        });
        expect(res.statusCode).toBe(303);
        expect(res.headers.location).toBe('/login?next=%2F&notice=register.done');
        expect(await quiet.app.outbox.counts()).toEqual({});
      } finally {
        await quiet.close();
      }
    });

    it('refuses password hashing beyond a short queue with 429 instead of making everyone wait', async () => {
      const busy = await startHub(engine, {
        env: { PLENUM_TRUST_PROXY: '1' },
        limits: { hashing: { running: 1, waiting: 1 } },
      });
      try {
        const clients = Array.from(
          { length: 6 },
          (_, i) => new PageClient(busy, { 'x-forwarded-for': `198.51.100.${100 + i}` }),
        );
        for (const c of clients) await c.get('/register');
        const results = await Promise.all(
          clients.map((c, i) =>
            c.post('/register', {
              email: `rush${i}@example.org`,
              name: 'Rush',
              password: PASSWORD,
              next: '/',
            }),
          ),
        );
        const statuses = results.map((r) => r.statusCode);
        expect(statuses).toContain(303);
        expect(statuses).toContain(429);
        for (const r of results.filter((x) => x.statusCode === 429)) {
          expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
          expect(r.body).toContain('The server is busy.');
        }
      } finally {
        await busy.close();
      }
    });

    it('lets a sign-in through a full hashing queue, in place of a registration', async () => {
      const busy = await startHub(engine, {
        env: { PLENUM_TRUST_PROXY: '1' },
        limits: { hashing: { running: 1, waiting: 1 } },
      });
      try {
        const owner = await buildUser(busy);
        const clients = [1, 2].map(
          (i) => new PageClient(busy, { 'x-forwarded-for': `198.51.100.${120 + i}` }),
        );
        for (const c of clients) await c.get('/register');
        const signer = new PageClient(busy, { 'x-forwarded-for': '198.51.100.130' });
        await signer.get('/login');
        const registrations = clients.map((c, i) =>
          c.post('/register', {
            email: `queued${i}@example.org`,
            name: 'Queued',
            password: PASSWORD,
            next: '/',
          }),
        );
        // One registration hashing, one waiting: the queue is full when the sign-in comes.
        const deadline = Date.now() + 5000;
        while (busy.app.hashing.load().waiting < 1 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 1));
        expect(busy.app.hashing.load()).toEqual({ running: 1, waiting: 1 });
        const signIn = await signer.post('/login', {
          email: owner.user.email,
          password: PASSWORD,
          next: '/',
        });
        expect(signIn.statusCode).toBe(303);
        expect((await Promise.all(registrations)).map((r) => r.statusCode).sort()).toEqual([303, 429]);
      } finally {
        await busy.close();
      }
    });
  });
});
