import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildUser, planningSeries, type TestUser } from '../support/factories.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * A refused form comes back with its error summary in view and focused, wherever on a long page
 * the form stands, so nobody is left looking at the top of a page that seems unchanged.
 */
describe('a refused form in the browser', () => {
  let browser: Browser;
  let hub: Hub;
  let origin = '';
  let maintainer: TestUser;

  beforeAll(async () => {
    browser = await launchBrowser();
    hub = await startHub('sqlite', { now: () => new Date('2026-11-29T10:00:00Z') });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    maintainer = await buildUser(hub, { role: 'maintainer', name: 'Mara Maintainer' });
    await planningSeries(hub, maintainer);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('scrolls to the summary of a form low on the meeting page and focuses it', async () => {
    const { context, page } = await signedInPage(browser, origin, maintainer);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/meetings/planning-meeting/2026-11-30');
    const form = page.locator('form[action$="/move"]');
    // The browser's own checks would stop the empty field first; the server's are what is tried here.
    await form.evaluate((f) => {
      (f as HTMLFormElement).noValidate = true;
    });
    await form.locator('input[name="newDate"]').fill('');
    const top = await form.evaluate((f) => f.getBoundingClientRect().top + window.scrollY);
    expect(top).toBeGreaterThan(800);
    await form.locator('button[type="submit"]').click();
    const summary = page.locator('.error-summary').first();
    await summary.waitFor({ state: 'visible' });
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await summary.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.top).toBeLessThan(800);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await context.close();
  });
});
