import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { PASSWORD, type TestUser } from './factories.js';

/** The Chromium the browser tests drive: PLENUM_CHROMIUM, or the system's. */
export const CHROMIUM = process.env.PLENUM_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A headless Chromium, quiet on the network but for the pages a test opens. Names other than
 * localhost fail at once: a picture of another site (an avatar) must not hold a page's `load`
 * on a machine whose resolver answers slowly or never.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
    ],
  });
}

/**
 * Signs `page` in through the sign-in form as `who`, and waits for the page it is sent on to
 * (the sign-in form has the hub's base URL; with a provider set up, other buttons begin with
 * "Sign in" too).
 */
export async function signIn(page: Page, who: TestUser): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(who.user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('notice') === 'login.signedIn');
}

/**
 * A new browser context on `origin` (English unless `options` say otherwise), signed in
 * through the sign-in form as `who`; a visitor's when `who` is undefined.
 */
export async function signedInPage(
  browser: Browser,
  origin: string,
  who: TestUser | undefined,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: origin, locale: 'en-US', ...options });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  if (who) await signIn(page, who);
  return { context, page };
}

/**
 * Full-page screenshots of `pages` (name and path) at 1280 and 375 px, in English and German,
 * written to `dir` as `name-lang-width.png`, each pair of language and width in a fresh context.
 */
export async function screenshotPages(
  browser: Browser,
  origin: string,
  dir: string,
  pages: readonly (readonly [name: string, path: string])[],
): Promise<void> {
  for (const locale of ['en-GB', 'de-DE']) {
    for (const width of [1280, 375]) {
      const context = await browser.newContext({ baseURL: origin, locale, viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const [name, path] of pages) {
        await page.goto(path);
        await page.screenshot({ path: `${dir}/${name}-${locale.slice(0, 2)}-${width}.png`, fullPage: true });
      }
      await context.close();
    }
  }
}
