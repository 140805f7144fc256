import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../src/domain/errors.js';
import { PageClient } from './support/client.js';
import { buildUser, linkIdentity, PASSWORD, signedInClient, type TestUser } from './support/factories.js';
import { type GithubStandIn, githubSignInEnv, startGithubStandIn } from './support/github-stand-in.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { signInRows } from './support/sign-in-rows.js';

/**
 * The admin's switch "password sign-in off": it turns off only where a provider is set up and
 * the admin turning it off has linked one; then the sign-in page offers the providers alone,
 * password sign-in and registration are refused, and a reset link lets admins in only.
 */

const CLIENT = { id: 'Iv1.passwordsoff', secret: 'a github client secret' };
const NEW_PASSWORD = 'a brand new passphrase';

describe.each(ENGINES)('password sign-in off (%s)', (engine) => {
  let github: GithubStandIn;
  let hub: Hub;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    github = await startGithubStandIn(CLIENT);
    hub = await startHub(engine, {
      env: githubSignInEnv(github, CLIENT),
    });
    admin = await buildUser(hub, { role: 'admin' });
    member = await buildUser(hub);
  });

  afterAll(async () => {
    await hub?.close();
    await github?.close();
  });

  const settings = (method: 'GET' | 'PATCH', payload?: unknown, ifMatch = '*') =>
    hub.server.inject({
      method,
      url: '/api/v1/settings',
      headers: { ...admin.auth, ...(method === 'PATCH' ? { 'if-match': ifMatch } : {}) },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('stays on until a provider is set up and the admin has linked one', async () => {
    const before = await settings('GET');
    expect(before.json()).toMatchObject({ passwordSignIn: true });
    const noIdentity = await settings('PATCH', { passwordSignIn: false });
    expect(noIdentity.statusCode).toBe(400);
    expect(noIdentity.json().detail).toContain('Link a provider');
    await expect(
      hub.app.settings.updateSettings(
        admin.actor,
        before.json().version,
        { passwordSignIn: false },
        {
          providers: 0,
        },
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    // The admin page's form says the same beside the setting.
    const page = await signedInClient(hub, admin);
    await page.get('/admin');
    const refused = await page.post('/admin/passwords', {});
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Link a provider to your own account');
    expect((await settings('GET')).json()).toEqual(before.json());
  });

  it('shows only the providers, refusing password sign-in and registration, once off', async () => {
    const browser = new PageClient(hub);
    await browser.get('/password-reset');
    await linkIdentity(hub, admin, { provider: 'github' });
    const off = await settings('PATCH', { passwordSignIn: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ passwordSignIn: false });
    expect(await hub.app.settings.passwordSignIn()).toBe(false);

    const login = await browser.get('/login');
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('/sign-in/github');
    expect(login.body).not.toContain('name="password"');
    expect(login.body).not.toContain('/register');
    expect(login.body).toContain('Signing in with a password is turned off');

    const rows = await signInRows(hub);
    const signIn = await browser.post('/login', { email: member.user.email, password: PASSWORD, next: '/' });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.body).toContain('Signing in with a password is turned off');
    expect(signIn.cookies.some((c) => c.name === 'plenum_session' && c.value !== '')).toBe(false);
    expect((await browser.get('/register')).statusCode).toBe(403);
    const register = await browser.post('/register', {
      email: 'newcomer@example.org',
      name: 'Newcomer',
      password: PASSWORD,
      next: '/',
    });
    expect(register.statusCode).toBe(403);
    expect(register.body).toContain('Registering with a password is turned off');
    expect(await signInRows(hub)).toEqual(rows);
  });

  it('lets an admin in with a reset link, and no one else', async () => {
    const forMember = await hub.app.passwordReset.resetLinkFor(member.user.email);
    const browser = new PageClient(hub);
    await browser.get(`/password-reset/${forMember.token}`);
    const refused = await browser.post('/password-reset/new', {
      token: forMember.token,
      password: NEW_PASSWORD,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Signing in with a password is turned off');
    // Refused before it was used: the link is still open once password sign-in is back.
    expect(await hub.app.passwordReset.isResetLinkOpen(forMember.token)).toBe(true);

    const forAdmin = await hub.app.passwordReset.resetLinkFor(admin.user.email);
    await browser.get(`/password-reset/${forAdmin.token}`);
    const done = await browser.post('/password-reset/new', { token: forAdmin.token, password: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    const home = await browser.follow(done);
    expect(home.body).toContain(admin.user.name);
  });

  it('comes back on from the admin page', async () => {
    const browser = new PageClient(hub);
    const login = await browser.get('/login');
    expect(login.body).not.toContain('name="password"');
    // The admin signed in through the reset link above; the page's form turns passwords on.
    const forAdmin = await hub.app.passwordReset.resetLinkFor(admin.user.email);
    await browser.get(`/password-reset/${forAdmin.token}`);
    await browser.post('/password-reset/new', { token: forAdmin.token, password: PASSWORD });
    await browser.get('/admin');
    expect(browser.lastHtml).toContain('name="passwordSignIn"');
    // While off, a reset link is offered for admins alone, and invitation links not at all.
    expect(browser.lastHtml).toContain(`/admin/users/${admin.user.id}/reset-link`);
    expect(browser.lastHtml).not.toContain(`/admin/users/${member.user.id}/reset-link`);
    expect(browser.lastHtml).not.toContain('action="/admin/invitations"');
    expect(browser.lastHtml).toContain('Invitation links create accounts with a password');
    const on = await browser.post('/admin/passwords', { passwordSignIn: 'on' });
    expect(on.statusCode).toBe(303);
    expect(await hub.app.settings.passwordSignIn()).toBe(true);
    const again = await new PageClient(hub).get('/login');
    expect(again.body).toContain('name="password"');
    await browser.get('/admin');
    expect(browser.lastHtml).toContain(`/admin/users/${member.user.id}/reset-link`);
    expect(browser.lastHtml).toContain('action="/admin/invitations"');
  });
});
