import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/app/tokens.js';
import type { PageClient } from './support/client.js';
import { buildUser, linkIdentity, PASSWORD, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Accounts through the JSON API: one's own account and password, personal API tokens, the
 * accounts admins manage (roles, disabling), the admin's settings, the backlog's texts and
 * invitation links. Every refusal is a problem document and leaves the stored state as it was;
 * no answer ever holds a secret but the one a new token is shown with once.
 */

const START = new Date('2026-12-01T09:00:00Z');
const DAY = 86_400_000;

describe.each(ENGINES)('accounts in the JSON API on %s', (engine) => {
  let hub: Hub;
  let clock = START;
  let admin: TestUser;
  let maintainer: TestUser;
  let member: TestUser;
  /** Every answer of this file, for the look for secrets at its end. */
  const answers: LightMyRequestResponse[] = [];

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock, limits: { passwordChecksPerAccount: { max: 3 } } });
    admin = await buildUser(hub, { role: 'admin', name: 'Ada Admin' });
    maintainer = await buildUser(hub, { role: 'maintainer', name: 'Maya Maintainer' });
    member = await buildUser(hub, { name: 'Mia Member' });
  });
  afterAll(() => hub.close());

  async function api(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    who: TestUser | null,
    options: { json?: unknown; ifMatch?: string; raw?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = who ? { ...who.auth } : {};
    if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
    let payload: string | undefined;
    if (options.json !== undefined || options.raw !== undefined) {
      headers['content-type'] = 'application/json';
      payload = options.raw ?? JSON.stringify(options.json);
    }
    const res = await hub.server.inject({ method, url: `/api/v1${url}`, headers, payload });
    answers.push(res);
    if (res.statusCode >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
    return res;
  }
  const etagOf = (res: LightMyRequestResponse) => String(res.headers.etag);
  const stored = async (user: TestUser) => hub.store.read.users.findById(user.user.id);

  describe('one’s own account', () => {
    it('says whether the address is verified: by mail, or by a linked provider that vouched for it', async () => {
      const byMail = await buildUser(hub);
      const byProvider = await buildUser(hub);
      expect((await api('GET', '/me', byMail)).json().emailVerified).toBe(false);
      await hub.testDb.database.db
        .updateTable('users')
        .set({ email_verified_at: START.toISOString() })
        .where('id', '=', byMail.user.id)
        .execute();
      expect((await api('GET', '/me', byMail)).json().emailVerified).toBe(true);
      await linkIdentity(hub, byProvider);
      const me = await api('PATCH', '/me', byProvider, { json: { name: 'Vouched For' }, ifMatch: '*' });
      expect(me.json()).toMatchObject({ name: 'Vouched For', emailVerified: true });
    });

    it('reads it with an ETag and changes name, language and time zone with If-Match', async () => {
      const who = await buildUser(hub, { name: 'Pat Profile' });
      const me = await api('GET', '/me', who);
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        name: 'Pat Profile',
        locale: null,
        timeZone: null,
        emailVerified: false,
        version: 1,
      });
      expect(etagOf(me)).toBe('"1"');

      const res = await api('PATCH', '/me', who, {
        json: { locale: 'de', timeZone: 'Europe/Berlin' },
        ifMatch: etagOf(me),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        name: 'Pat Profile',
        locale: 'de',
        timeZone: 'Europe/Berlin',
        version: 2,
      });
      expect(etagOf(res)).toBe('"2"');
      const renamed = await api('PATCH', '/me', who, {
        json: { name: 'Pat Renamed', timeZone: null },
        ifMatch: '*',
      });
      expect(renamed.json()).toMatchObject({ name: 'Pat Renamed', locale: 'de', timeZone: null, version: 3 });
    });

    it('refuses stale, missing and malformed changes and keeps the account as it was', async () => {
      const who = await buildUser(hub, { name: 'Sam Stale' });
      const before = await stored(who);
      const refusals: [number, Parameters<typeof api>[3]][] = [
        [428, { json: { name: 'No version' } }],
        [409, { json: { name: 'Stale' }, ifMatch: '"7"' }],
        [400, { json: { name: 'Bad tag' }, ifMatch: 'one' }],
        [400, { json: { name: 5 }, ifMatch: '"1"' }],
        [400, { json: { name: 'x', admin: true }, ifMatch: '"1"' }],
        [400, { json: {}, ifMatch: '"1"' }],
        [400, { json: { locale: 'fr' }, ifMatch: '"1"' }],
        [400, { raw: '{"name":', ifMatch: '"1"' }],
        [400, { json: { timeZone: 'Mars/Olympus' }, ifMatch: '"1"' }],
        [400, { json: { name: '   ' }, ifMatch: '"1"' }],
      ];
      for (const [status, options] of refusals) {
        const res = await api('PATCH', '/me', who, options);
        expect(res.statusCode, JSON.stringify(options)).toBe(status);
      }
      const conflict = await api('PATCH', '/me', who, { json: { name: 'Stale' }, ifMatch: '"7"' });
      expect(conflict.json().current).toMatchObject({ version: 1 });
      expect(await stored(who)).toEqual(before);
    });

    it('answers visitors 401 and changes nothing', async () => {
      expect((await api('GET', '/me', null)).statusCode).toBe(401);
      expect((await api('PATCH', '/me', null, { json: { name: 'Nobody' }, ifMatch: '*' })).statusCode).toBe(
        401,
      );
      const password = await api('POST', '/me/password', null, {
        json: { currentPassword: PASSWORD, newPassword: 'something long enough' },
      });
      expect(password.statusCode).toBe(401);
    });
  });

  describe('the password', () => {
    it('is changed with the current one; every token of the account is revoked, sessions end', async () => {
      const who = await buildUser(hub, { name: 'Cy Change' });
      const second = await hub.app.accounts.createApiToken(who.actor, 'deploy');
      const browser = await signedInClient(hub, who);
      const res = await api('POST', '/me/password', who, {
        json: { currentPassword: PASSWORD, newPassword: 'a much newer passphrase' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ tokensRevoked: 2 });
      expect((await api('GET', '/me', who)).statusCode).toBe(401);
      expect(
        (await api('GET', '/me', { ...who, auth: { authorization: `Bearer ${second.token}` } })).statusCode,
      ).toBe(401);
      expect((await browser.get('/profile')).statusCode).toBe(401);
      const signIn = await hub.app.accounts.signIn(
        { email: who.user.email, password: 'a much newer passphrase' },
        '10.9.9.9',
      );
      expect(signIn.user.id).toBe(who.user.id);
    });

    it('refuses a wrong current password, a short new one and odd bodies, changing nothing', async () => {
      const who = await buildUser(hub, { name: 'Wes Wrong' });
      const before = await stored(who);
      const cases: [number, unknown][] = [
        [400, { currentPassword: 'not the password', newPassword: 'another long password' }],
        [400, { currentPassword: PASSWORD, newPassword: 'short' }],
        [400, { currentPassword: PASSWORD }],
        [400, { currentPassword: PASSWORD, newPassword: 'another long password', keep: true }],
        [400, { currentPassword: 1, newPassword: 'another long password' }],
      ];
      for (const [status, json] of cases) {
        expect((await api('POST', '/me/password', who, { json })).statusCode, JSON.stringify(json)).toBe(
          status,
        );
      }
      expect(await stored(who)).toEqual(before);
      expect((await api('GET', '/me', who)).statusCode).toBe(200);
    });

    it('limits guesses of the current password per account, as the profile page does', async () => {
      const who = await buildUser(hub, { name: 'Gus Guess' });
      const guess = () =>
        api('POST', '/me/password', who, {
          json: { currentPassword: 'a wrong guess', newPassword: 'another long password' },
        });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await guess()).statusCode);
      expect(statuses).toEqual([400, 400, 400, 429]);
      const right = await api('POST', '/me/password', who, {
        json: { currentPassword: PASSWORD, newPassword: 'another long password' },
      });
      expect(right.statusCode).toBe(429);
      expect(right.headers['retry-after']).toBeDefined();
    });
  });

  describe('API tokens', () => {
    it('are made with the secret shown once, listed without it, paged, and revoked by their owner', async () => {
      const who = await buildUser(hub, { name: 'Tia Token' });
      const made = await api('POST', '/tokens', who, { json: { name: 'release script', expiresInDays: 30 } });
      expect(made.statusCode).toBe(201);
      const token = made.json();
      expect(token.token).toMatch(/^plm_/u);
      expect(token).toMatchObject({ name: 'release script', lastUsedAt: null });
      expect(Date.parse(token.expiresAt) - clock.getTime()).toBe(30 * DAY);
      expect(made.headers.location).toBe(`/api/v1/tokens/${token.id}`);
      const asNew = { ...who, auth: { authorization: `Bearer ${token.token}` } };
      expect((await api('GET', '/me', asNew)).statusCode).toBe(200);

      const list = await api('GET', '/tokens', who);
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((t: { name: string }) => t.name)).toEqual(['release script', 'tests']);
      expect(list.body).not.toContain(token.token);
      expect(list.body).not.toContain(hashSecret(token.token));
      const first = await api('GET', '/tokens?limit=1', who);
      expect(first.json().items).toHaveLength(1);
      const rest = await api('GET', `/tokens?limit=1&cursor=${first.json().nextCursor}`, who);
      expect(rest.json()).toMatchObject({ items: [{ name: 'tests' }], nextCursor: null });

      const gone = await api('DELETE', `/tokens/${token.id}`, who);
      expect(gone.statusCode).toBe(204);
      expect(gone.body).toBe('');
      expect((await api('GET', '/me', asNew)).statusCode).toBe(401);
      expect((await api('DELETE', `/tokens/${token.id}`, who)).statusCode).toBe(404);
    });

    it('answers someone else’s token as missing and leaves it working', async () => {
      const owner = await buildUser(hub, { name: 'Owen Owner' });
      const mine = (await hub.app.accounts.listApiTokens(owner.actor))[0] as { id: string };
      for (const who of [member, admin]) {
        expect((await api('DELETE', `/tokens/${mine.id}`, who)).statusCode).toBe(404);
      }
      expect((await api('DELETE', `/tokens/${mine.id}`, null)).statusCode).toBe(401);
      expect((await api('DELETE', '/tokens/no-such-token', owner)).statusCode).toBe(404);
      expect((await api('GET', '/me', owner)).statusCode).toBe(200);
      expect((await api('GET', '/tokens', admin)).body).not.toContain('Owen');
    });

    it('end by themselves when they expire', async () => {
      const who = await buildUser(hub, { name: 'Eve Expiry' });
      const made = (await api('POST', '/tokens', who, { json: { expiresInDays: 1 } })).json();
      expect(made.name).toBe('API token');
      const auth = { ...who, auth: { authorization: `Bearer ${made.token}` } };
      expect((await api('GET', '/me', auth)).statusCode).toBe(200);
      clock = new Date(START.getTime() + 2 * DAY);
      try {
        expect((await api('GET', '/me', auth)).statusCode).toBe(401);
        expect((await api('GET', '/me', who)).statusCode).toBe(200);
      } finally {
        clock = START;
      }
    });

    it('refuses bad requests and visitors, and makes nothing then', async () => {
      const who = await buildUser(hub, { name: 'Bo Bad' });
      const count = async () => (await hub.app.accounts.listApiTokens(who.actor)).length;
      const before = await count();
      for (const json of [
        { expiresInDays: 0 },
        { expiresInDays: 366 },
        { expiresInDays: 1.5 },
        { expiresInDays: '30' },
        { name: 'x'.repeat(101) },
        { name: 'ok', scope: 'admin' },
      ]) {
        expect((await api('POST', '/tokens', who, { json })).statusCode, JSON.stringify(json)).toBe(400);
      }
      expect((await api('GET', '/tokens?limit=0', who)).statusCode).toBe(400);
      expect((await api('GET', '/tokens', null)).statusCode).toBe(401);
      expect((await api('POST', '/tokens', null, { json: { name: 'visitor' } })).statusCode).toBe(401);
      expect(await count()).toBe(before);
    });
  });

  describe('accounts, for admins', () => {
    it('lists every account with e-mail, role and access, a page at a time, to admins only', async () => {
      const all = await api('GET', '/users', admin);
      expect(all.statusCode).toBe(200);
      const mia = all.json().items.find((u: { id: string }) => u.id === member.user.id);
      expect(mia).toMatchObject({
        name: 'Mia Member',
        email: member.user.email,
        role: 'member',
        disabled: false,
      });
      expect(all.body).not.toMatch(/scrypt|password/u);
      const first = await api('GET', '/users?limit=2', admin);
      expect(first.json().items).toHaveLength(2);
      const next = await api('GET', `/users?limit=2&cursor=${first.json().nextCursor}`, admin);
      expect(next.json().items[0].id > first.json().items[1].id).toBe(true);
      expect((await api('GET', '/users', member)).statusCode).toBe(403);
      expect((await api('GET', '/users', maintainer)).statusCode).toBe(403);
      expect((await api('GET', '/users', null)).statusCode).toBe(401);
    });

    it('makes an account; refuses a taken address, bad fields and non-admins', async () => {
      const before = (await hub.store.read.users.list()).length;
      const made = await api('POST', '/users', admin, {
        json: { email: 'Grace@Example.org', name: 'Grace', role: 'maintainer', password: PASSWORD },
      });
      expect(made.statusCode).toBe(201);
      expect(made.json()).toMatchObject({ email: 'grace@example.org', name: 'Grace', role: 'maintainer' });
      expect(made.body).not.toMatch(/scrypt|password/iu);
      const one = await api('GET', `/users/${made.json().id}`, admin);
      expect(one.json()).toEqual(made.json());
      expect(String(made.headers.location)).toContain(`/api/v1/users/${made.json().id}`);
      for (const [who, json, status] of [
        [admin, { email: 'grace@example.org', name: 'Again', role: 'member', password: PASSWORD }, 400],
        [admin, { email: 'x@example.org', name: 'X', role: 'owner', password: PASSWORD }, 400],
        [admin, { email: 'x@example.org', name: 'X', role: 'member', password: 'short' }, 400],
        [admin, { email: 'x@example.org', name: 'X', role: 'member', password: PASSWORD, admin: true }, 400],
        [admin, { email: 42, name: 'X', role: 'member', password: PASSWORD }, 400],
        [maintainer, { email: 'y@example.org', name: 'Y', role: 'member', password: PASSWORD }, 403],
        [null, { email: 'z@example.org', name: 'Z', role: 'member', password: PASSWORD }, 401],
      ] as const) {
        expect((await api('POST', '/users', who, { json })).statusCode, JSON.stringify(json)).toBe(status);
      }
      expect((await hub.store.read.users.list()).length).toBe(before + 1);
    });

    it('changes a role with If-Match and refuses stale, malformed and unauthorised changes', async () => {
      const target = await buildUser(hub, { name: 'Rae Role' });
      const url = `/users/${target.user.id}`;
      const before = await stored(target);
      const refusals: [number, TestUser | null, Parameters<typeof api>[3]][] = [
        [401, null, { json: { role: 'maintainer' }, ifMatch: '"1"' }],
        [403, member, { json: { role: 'maintainer' }, ifMatch: '"1"' }],
        [403, maintainer, { json: { disabled: true }, ifMatch: '*' }],
        [428, admin, { json: { role: 'maintainer' } }],
        [409, admin, { json: { role: 'maintainer' }, ifMatch: '"4"' }],
        [400, admin, { json: { role: 'owner' }, ifMatch: '"1"' }],
        [400, admin, { json: { disabled: 'yes' }, ifMatch: '"1"' }],
        [400, admin, { json: { role: 'maintainer', email: 'x@example.org' }, ifMatch: '"1"' }],
        [400, admin, { json: {}, ifMatch: '"1"' }],
      ];
      for (const [status, who, options] of refusals) {
        expect((await api('PATCH', url, who, options)).statusCode, JSON.stringify(options)).toBe(status);
      }
      expect(await stored(target)).toEqual(before);
      expect(
        (await api('PATCH', '/users/no-such-user', admin, { json: { role: 'member' }, ifMatch: '*' }))
          .statusCode,
      ).toBe(404);
      const res = await api('PATCH', url, admin, { json: { role: 'maintainer' }, ifMatch: '"1"' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ role: 'maintainer', disabled: false, version: 2 });
      expect(etagOf(res)).toBe('"2"');
    });

    it('disables an account: its session and tokens answer 401 at once, it cannot sign in, its content stays', async () => {
      const target = await buildUser(hub, { name: 'Dee Disabled' });
      const idea = await hub.app.ideas.propose(target.actor, { title: 'An idea that stays' });
      const browser = await signedInClient(hub, target);
      expect((await browser.get('/profile')).statusCode).toBe(200);

      const res = await api('PATCH', `/users/${target.user.id}`, admin, {
        json: { disabled: true },
        ifMatch: '*',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ disabled: true, role: 'member' });
      expect((await api('GET', '/me', target)).statusCode).toBe(401);
      expect((await browser.get('/profile')).statusCode).toBe(401);
      const signIn = await signedInClient(hub, target).catch((err: Error) => err.message);
      expect(signIn).toMatch(/sign-in failed: 422/u);
      const shown = await api('GET', `/ideas/${idea.id}`, null);
      expect(shown.json()).toMatchObject({ title: 'An idea that stays', proposerName: 'Dee Disabled' });

      const enabled = await api('PATCH', `/users/${target.user.id}`, admin, {
        json: { disabled: false },
        ifMatch: etagOf(res),
      });
      expect(enabled.json()).toMatchObject({ disabled: false });
      await signedInClient(hub, target);
      // Its tokens were revoked, not paused: whoever had one does not get it back.
      expect((await api('GET', '/me', target)).statusCode).toBe(401);
    });

    it('keeps the last admin and refuses to disable one’s own account', async () => {
      const me = await stored(admin);
      const self = await api('PATCH', `/users/${admin.user.id}`, admin, {
        json: { disabled: true },
        ifMatch: '*',
      });
      expect(self.statusCode).toBe(400);
      expect(self.json().errors).toEqual([
        { field: 'disabled', message: expect.stringContaining('own account') },
      ]);
      expect(await hub.store.read.users.countActiveByRole('admin')).toBe(1);
      const demote = await api('PATCH', `/users/${admin.user.id}`, admin, {
        json: { role: 'member' },
        ifMatch: '*',
      });
      expect(demote.statusCode).toBe(400);
      expect(await stored(admin)).toEqual(me);

      // A second admin, disabled, does not count: the first stays the last one who can sign in.
      const second = await buildUser(hub, { role: 'admin', name: 'Second Admin' });
      await api('PATCH', `/users/${second.user.id}`, admin, { json: { disabled: true }, ifMatch: '*' });
      const again = await api('PATCH', `/users/${admin.user.id}`, admin, {
        json: { role: 'member' },
        ifMatch: '*',
      });
      expect(again.statusCode).toBe(400);
      expect((await stored(admin))?.role).toBe('admin');
      await api('PATCH', `/users/${second.user.id}`, admin, { json: { disabled: false }, ifMatch: '*' });
    });
  });

  describe('the admin page', () => {
    const accessFormOf = (html: string, who: TestUser) =>
      new RegExp(`action="/admin/users/${who.user.id}/disabled"[^]*?</form>`, 'u').exec(html)?.[0];
    const press = (browser: PageClient, who: TestUser, disabled: boolean, version: number, csrf = {}) =>
      browser.post(`/admin/users/${who.user.id}/disabled`, {
        disabled: disabled ? 'true' : '',
        version: String(version),
        ...csrf,
      });
    it('disables and enables an account with a button, in English and German', async () => {
      const target = await buildUser(hub, { name: 'Bea Button' });
      const browser = await signedInClient(hub, admin);
      const page = await browser.get('/admin');
      const form = accessFormOf(page.body, target);
      expect(form).toContain('name="disabled" value="true"');
      expect(form).toContain('>Disable</button>');
      const res = await press(browser, target, true, 1);
      expect(res.statusCode).toBe(303);
      const after = await browser.follow(res);
      expect(after.body).toContain('Account disabled: its sessions ended and its API tokens were revoked.');
      expect((await api('GET', '/me', target)).statusCode).toBe(401);
      const german = await browser.get('/admin?lang=de');
      const again = accessFormOf(german.body, target);
      expect(again).toContain('Deaktiviert');
      expect(again).toContain('>Aktivieren</button>');

      // A stale version is shown the page again with the conflict; one's own account is refused.
      const stale = await press(browser, target, false, 1);
      expect(stale.statusCode).toBe(409);
      expect((await stored(target))?.disabled_at).not.toBeNull();
      const self = await press(browser, admin, true, 1);
      expect(self.statusCode).toBe(422);
      // The browser keeps the language it chose above.
      expect(self.body).toContain('Du kannst dein eigenes Konto nicht deaktivieren');
      const enabled = await press(browser, target, false, 2);
      expect(enabled.statusCode).toBe(303);
      expect((await stored(target))?.disabled_at).toBeNull();
    });

    it('refuses the button to members and to a form from elsewhere', async () => {
      const target = await buildUser(hub, { name: 'Nell Nope' });
      const browser = await signedInClient(hub, member);
      await browser.get('/profile');
      const res = await press(browser, target, true, 1);
      expect(res.statusCode).toBe(403);
      const adminBrowser = await signedInClient(hub, admin);
      await adminBrowser.get('/admin');
      const forged = await press(adminBrowser, target, true, 1, { _csrf: 'forged' });
      expect(forged.statusCode).toBe(403);
      expect((await stored(target))?.disabled_at).toBeNull();
    });

    it('makes a token that expires from the profile page, and refuses a bad number of days', async () => {
      const who = await buildUser(hub, { name: 'Pia Page' });
      const browser = await signedInClient(hub, who);
      await browser.get('/profile');
      const bad = await browser.post('/profile/tokens', { name: 'bad', expiresInDays: '9999' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('A whole number of days from 1 to 365');
      await browser.get('/profile');
      const made = await browser.post('/profile/tokens', { name: 'weekly', expiresInDays: '7' });
      expect(made.statusCode).toBe(201);
      const token = (await hub.app.accounts.listApiTokens(who.actor)).find((t) => t.name === 'weekly');
      expect(Date.parse(token?.expiresAt ?? '') - clock.getTime()).toBe(7 * DAY);
    });
  });

  describe('settings and texts', () => {
    it('reads and changes the admin’s settings with one version, for admins only', async () => {
      const read = await api('GET', '/settings', admin);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({
        registration: 'open',
        nominations: 'maintainers',
        remoteImages: false,
      });
      const before = read.json();
      const refusals: [number, TestUser | null, Parameters<typeof api>[3]][] = [
        [401, null, { json: { registration: 'invite' }, ifMatch: '*' }],
        [403, maintainer, { json: { registration: 'invite' }, ifMatch: '*' }],
        [428, admin, { json: { registration: 'invite' } }],
        [409, admin, { json: { registration: 'invite' }, ifMatch: `"${before.version + 5}"` }],
        [400, admin, { json: { registration: 'closed' }, ifMatch: etagOf(read) }],
        [400, admin, { json: { remoteImages: 'on' }, ifMatch: etagOf(read) }],
        [400, admin, { json: { registration: 'invite', secret: 'x' }, ifMatch: etagOf(read) }],
        [400, admin, { json: {}, ifMatch: etagOf(read) }],
      ];
      for (const [status, who, options] of refusals) {
        expect((await api('PATCH', '/settings', who, options)).statusCode, JSON.stringify(options)).toBe(
          status,
        );
      }
      expect((await api('GET', '/settings', admin)).json()).toEqual(before);
      expect((await api('GET', '/settings', member)).statusCode).toBe(403);

      const res = await api('PATCH', '/settings', admin, {
        json: { registration: 'invite', nominations: 'members', remoteImages: true },
        ifMatch: etagOf(read),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        registration: 'invite',
        nominations: 'members',
        remoteImages: true,
      });
      expect(await hub.app.settings.registrationMode()).toBe('invite');
      expect(await hub.app.settings.remoteImages()).toBe(true);
      const back = await api('PATCH', '/settings', admin, {
        json: { registration: 'open', nominations: 'maintainers', remoteImages: false },
        ifMatch: etagOf(res),
      });
      expect(back.json()).toMatchObject({ registration: 'open', remoteImages: false });
      expect(
        (await api('PATCH', '/settings', admin, { json: { remoteImages: true }, ifMatch: etagOf(res) }))
          .statusCode,
      ).toBe(409);
    });

    it('shows the backlog texts to everyone and lets maintainers replace them with If-Match', async () => {
      const read = await api('GET', '/backlog/texts', null);
      expect(read.statusCode).toBe(200);
      const body = {
        intro: { en: 'What we might build.', de: 'Was wir bauen könnten.' },
        disclaimer: { en: null, de: '' },
      };
      const refusals: [number, TestUser | null, Parameters<typeof api>[3]][] = [
        [401, null, { json: body, ifMatch: '*' }],
        [403, member, { json: body, ifMatch: '*' }],
        [428, maintainer, { json: body }],
        [409, maintainer, { json: body, ifMatch: '"9"' }],
        [400, maintainer, { json: { intro: body.intro }, ifMatch: '*' }],
        [400, maintainer, { json: { ...body, intro: { en: 5, de: null } }, ifMatch: '*' }],
        [400, maintainer, { json: { ...body, intro: { ...body.intro, fr: 'x' } }, ifMatch: '*' }],
        [400, maintainer, { json: { ...body, intro: { en: 'x'.repeat(10_001), de: null } }, ifMatch: '*' }],
        [400, maintainer, { json: { ...body, intro: { en: 'bell\u0007', de: null } }, ifMatch: '*' }],
      ];
      for (const [status, who, options] of refusals) {
        expect(
          (await api('PUT', '/backlog/texts', who, options)).statusCode,
          JSON.stringify(options).slice(0, 80),
        ).toBe(status);
      }
      expect((await api('GET', '/backlog/texts', null)).json()).toEqual(read.json());
      const res = await api('PUT', '/backlog/texts', maintainer, { json: body, ifMatch: etagOf(read) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        intro: { en: 'What we might build.', de: 'Was wir bauen könnten.' },
        disclaimer: { en: null, de: null },
      });
      expect(etagOf(res)).toBe(`"${res.json().version}"`);
      const page = await hub.server.inject({ url: '/backlog?lang=de' });
      expect(page.body).toContain('Was wir bauen könnten.');
    });

    it('makes invitation links for admins, which register with their role', async () => {
      const res = await api('POST', '/invitations', admin, { json: { role: 'maintainer' } });
      expect(res.statusCode).toBe(201);
      const { link, role } = res.json();
      expect(role).toBe('maintainer');
      const token = new URL(link).searchParams.get('invite') ?? '';
      expect(await hub.app.accounts.isInvitationValid(token)).toBe(true);
      expect((await api('POST', '/invitations', maintainer, { json: { role: 'member' } })).statusCode).toBe(
        403,
      );
      expect((await api('POST', '/invitations', null, { json: { role: 'member' } })).statusCode).toBe(401);
      expect((await api('POST', '/invitations', admin, { json: { role: 'owner' } })).statusCode).toBe(400);
      expect((await api('POST', '/invitations', admin, { json: {} })).statusCode).toBe(400);
    });
  });

  it('describes every account route in the OpenAPI document, with tags and summaries', async () => {
    const doc = (await hub.server.inject({ url: '/api/openapi.json' })).json();
    const operations: [string, string][] = [
      ['/api/v1/me', 'get'],
      ['/api/v1/me', 'patch'],
      ['/api/v1/me/password', 'post'],
      ['/api/v1/tokens', 'get'],
      ['/api/v1/tokens', 'post'],
      ['/api/v1/tokens/{id}', 'delete'],
      ['/api/v1/users', 'get'],
      ['/api/v1/users/{id}', 'patch'],
      ['/api/v1/settings', 'get'],
      ['/api/v1/settings', 'patch'],
      ['/api/v1/backlog/texts', 'get'],
      ['/api/v1/backlog/texts', 'put'],
      ['/api/v1/invitations', 'post'],
    ];
    for (const [path, method] of operations) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toMatchObject({
        tags: [expect.any(String)],
        summary: expect.any(String),
      });
    }
    expect(
      doc.paths['/api/v1/users/{id}'].patch.requestBody.content['application/json'].schema,
    ).toMatchObject({
      additionalProperties: false,
    });
  });

  it('never answers with a password hash, a session or a token other than the one just made', async () => {
    const hashes = [admin, maintainer, member].map((u) => hashSecret(u.token));
    for (const res of answers) {
      expect(res.body).not.toMatch(/scrypt\$/u);
      for (const hash of hashes) expect(res.body).not.toContain(hash);
      const secrets = res.body.match(/plm_[\w-]+/gu) ?? [];
      // Only the answer that makes a token holds one: its own, once.
      if (secrets.length > 0) {
        expect(res.statusCode).toBe(201);
        expect(secrets).toEqual([res.json().token]);
      }
    }
    for (const user of [admin, maintainer, member]) {
      const bodies = answers.map((a) => a.body).join('\n');
      expect(bodies).not.toContain(user.token);
    }
  });
});
