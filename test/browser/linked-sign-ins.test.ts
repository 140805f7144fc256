import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn } from '../support/browser.js';
import { buildUser } from '../support/factories.js';
import { type GithubStandIn, githubSignInEnv, startGithubStandIn } from '../support/github-stand-in.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';
import { freePort, startOidcProvider, type TestProvider } from '../support/oidc-provider.js';

/**
 * Sign-ins through other sites as a person meets them in Chromium: GitHub lets members of the
 * organisation in and tells others why not; on the profile one account links both an OpenID
 * Connect provider and GitHub, and removes one again.
 */

const OIDC_SECRET = 'a client secret long enough for HS256 and more';
const GITHUB = { id: 'Iv1.browser', secret: 'a github client secret' };
const ORG = 'plenum-dev';
const POLL = { timeout: 10_000, interval: 50 };

let nextGithubId = 5000;

describe.each(ENGINES)('sign-in through other sites in the browser (%s)', (engine) => {
  let browser: Browser;
  let provider: TestProvider;
  let github: GithubStandIn;
  let hub: Hub;
  let origin: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider([
      {
        client_id: 'plenum',
        client_secret: OIDC_SECRET,
        redirect_uris: [`${origin}/sign-in/oidc/callback`],
      },
    ]);
    github = await startGithubStandIn(GITHUB);
    hub = await startHub(engine, {
      baseUrl: `${origin}/`,
      env: {
        PLENUM_OIDC_ISSUER: provider.issuer,
        PLENUM_OIDC_CLIENT_ID: 'plenum',
        PLENUM_OIDC_CLIENT_SECRET: OIDC_SECRET,
        PLENUM_OIDC_NAME: 'Community ID',
        ...githubSignInEnv(github, GITHUB, ORG),
      },
    });
    await hub.server.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await hub?.close();
    await github?.close();
    await provider?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: origin, locale: 'en-GB' });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  /** Someone GitHub knows, in the organisations given; the stand-in signs them in next. */
  function githubPerson(orgs: string[]) {
    const login = `octo-${randomBytes(3).toString('hex')}`;
    github.people.set(login, {
      id: ++nextGithubId,
      login,
      name: null,
      orgs,
      emails: [{ email: `${login}@example.org`, primary: true, verified: true, visibility: 'private' }],
    });
    github.nextLogin = login;
    return login;
  }

  const notice = (page: Page) => page.getByRole('status').first().textContent();

  it('lets a member of the organisation in with GitHub, and refuses anyone else with a reason', {
    timeout: 120_000,
  }, async () => {
    const member = await newPage();
    const login = githubPerson([ORG]);
    await member.goto('/login?next=%2Fbacklog');
    await member.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await member.waitForURL(`${origin}/backlog**`);
    await expect.poll(() => notice(member), POLL).toContain(`Welcome, ${login}`);

    const stranger = await newPage();
    githubPerson(['elsewhere']);
    await stranger.goto('/login');
    const refused = stranger.waitForResponse((res) => res.url().includes('/sign-in/github/callback'));
    await stranger.getByRole('link', { name: 'Sign in with GitHub' }).click();
    expect((await refused).status()).toBe(403);
    await expect.poll(() => stranger.locator('h1').textContent(), POLL).toBe('Sign-in refused');
    expect(await stranger.getByRole('alert').textContent()).toBe(
      `Only members of the GitHub organisation ${ORG} may sign in here.`,
    );
    // Signed out still: the way on is the sign-in page.
    await stranger.getByRole('link', { name: 'Sign in' }).last().click();
    await stranger.waitForURL(`${origin}/login`);
  });

  it('links both providers to one account from the profile and removes one', {
    timeout: 120_000,
  }, async () => {
    const who = await buildUser(hub, { name: 'Lina Linked' });
    const page = await newPage();
    await signIn(page, who);

    const oidcLogin = `lina-${randomBytes(3).toString('hex')}`;
    provider.people.set(oidcLogin, { email: `${oidcLogin}@example.org`, email_verified: true });
    await page.goto('/profile');
    await page.getByRole('button', { name: 'Link Community ID' }).click();
    await page.getByRole('link', { name: 'Continue to Community ID' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.getByPlaceholder('Enter any login').fill(oidcLogin);
    await page.getByPlaceholder('and password').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.waitForURL(`${origin}/profile**`);
    await expect.poll(() => notice(page), POLL).toContain('Sign-in linked to your account.');

    const githubLogin = githubPerson([ORG]);
    await page.getByRole('button', { name: 'Link GitHub' }).click();
    await page.getByRole('link', { name: 'Continue to GitHub' }).click();
    await page.waitForURL(`${origin}/profile**`);
    const linked = page.locator('ul.identities > li');
    await expect.poll(() => linked.count(), POLL).toBe(2);
    expect(await linked.nth(0).textContent()).toContain(`Community ID ${oidcLogin}`);
    expect(await linked.nth(1).textContent()).toContain(`GitHub ${githubLogin}`);

    await linked.filter({ hasText: 'Community ID' }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => notice(page), POLL).toContain('Sign-in removed from your account.');
    await expect.poll(() => linked.count(), POLL).toBe(1);
    expect(await linked.first().textContent()).toContain(`GitHub ${githubLogin}`);
    const rows = await hub.store.read.identities.listOfUser(who.user.id);
    expect(rows.map((row) => [row.provider, row.login])).toEqual([['github', githubLogin]]);
  });
});
