import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';
import { freePort, startOidcProvider, type TestProvider } from '../support/oidc-provider.js';

/**
 * Signing in through an OpenID Connect provider as a person does: the button on the sign-in
 * page, the provider's own login page, and back on the hub signed in; the second time into the
 * same account.
 */

const SECRET = 'a client secret long enough for HS256 and more';

describe.each(ENGINES)('OpenID Connect sign-in in a browser on %s', (engine) => {
  let browser: Browser;
  let provider: TestProvider;
  let hub: Hub;
  let origin: string;

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider([
      { client_id: 'plenum', client_secret: SECRET, redirect_uris: [`${origin}/sign-in/oidc/callback`] },
    ]);
    provider.people.set('ada', { email: 'ada@example.org', email_verified: true, name: 'Ada Lovelace' });
    hub = await startHub(engine, {
      baseUrl: `${origin}/`,
      env: {
        PLENUM_OIDC_ISSUER: provider.issuer,
        PLENUM_OIDC_CLIENT_ID: 'plenum',
        PLENUM_OIDC_CLIENT_SECRET: SECRET,
        PLENUM_OIDC_NAME: 'Community ID',
      },
    });
    await hub.server.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await provider?.close();
  });

  it('signs in through the provider’s login page', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ baseURL: origin, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto('/login?next=%2Fbacklog');
    // The provider comes before the password form.
    const button = page.getByRole('link', { name: 'Sign in with Community ID' });
    const password = page.getByLabel('Password');
    expect((await button.boundingBox())?.y ?? 0).toBeLessThan((await password.boundingBox())?.y ?? 0);
    await button.click();

    await page.waitForURL(`${provider.issuer}/**`);
    await page.getByPlaceholder('Enter any login').fill('ada');
    await page.getByPlaceholder('and password').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    await page.waitForURL(`${origin}/backlog**`);
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Welcome, Ada Lovelace');
    await page.goto('/profile');
    await expect.poll(() => page.locator('main').textContent()).toContain('ada@example.org');
    expect(await page.locator('#identities-heading').textContent()).toBe('Sign-in through other sites');
    await context.close();

    // Again, from another browser: the same account, not a second one.
    const before = (await hub.store.read.users.list()).length;
    const again = await browser.newContext({ baseURL: origin, locale: 'en-GB' });
    const second = await again.newPage();
    await second.goto('/login');
    await second.getByRole('link', { name: 'Sign in with Community ID' }).click();
    await second.waitForURL(`${provider.issuer}/**`);
    await second.getByPlaceholder('Enter any login').fill('ada');
    await second.getByPlaceholder('and password').fill('anything');
    await second.getByRole('button', { name: 'Sign-in' }).click();
    await second.waitForURL((url) => url.origin === origin && !url.pathname.startsWith('/login'));
    await second.goto('/profile');
    await expect.poll(() => second.locator('main').textContent()).toContain('ada@example.org');
    expect((await hub.store.read.users.list()).length).toBe(before);
    await again.close();
  });
});
