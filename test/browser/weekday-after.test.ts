import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildUser, type TestUser } from '../support/factories.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * "The Wednesday after the fourth Tuesday" made in Chromium through the series form, its
 * "Counted from" field included, and read back on the series page as its next meetings; both
 * pages checked with axe-core. The server's clock stands on Sunday 29 Nov 2026: the fourth
 * Tuesdays to come are 22 Dec, 26 Jan and 23 Feb, so the meetings fall on the day after each.
 */
const NOW = new Date('2026-11-29T10:00:00Z');
const BROWSER_TEST_TIMEOUT = 120_000;

describe('a monthly series counted from another weekday, made in Chromium', () => {
  let browser: Browser;
  let hub: Hub;
  let origin: string;
  let maintainer: TestUser;

  beforeAll(async () => {
    browser = await launchBrowser();
    hub = await startHub('sqlite', { now: () => NOW });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    await buildUser(hub, { role: 'admin' });
    maintainer = await buildUser(hub, { role: 'maintainer', name: 'Mia Maintainer' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  /** The occurrence keys the links of a list lead to, in order. */
  async function keysOf(links: Locator, slug: string): Promise<string[]> {
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    return hrefs.map((href) => href.replace(`/meetings/${slug}/`, ''));
  }

  it(
    'takes "Counted from" in the form, and the series page lists the days after each fourth Tuesday',
    async () => {
      const { context, page } = await signedInPage(browser, origin, maintainer, {
        timezoneId: 'America/Los_Angeles',
      });
      try {
        await page.goto('/meetings/new');
        await page.getByRole('heading', { level: 1, name: 'New meeting series' }).waitFor();
        expect(await seriousViolations(page)).toEqual([]);

        await page.getByLabel('Title', { exact: true }).fill('Testing call');
        await page
          .getByLabel('Weeks', { exact: true })
          .selectOption({ label: 'Monthly, the weekday after another (e.g. Wed after the 4th Tue)' });
        await page.getByLabel('Which one in the month').selectOption({ label: 'fourth' });
        await page.getByLabel('Counted from').selectOption({ label: 'Tuesday' });
        await page.getByLabel('Weekday', { exact: true }).selectOption({ label: 'Wednesday' });
        await page.getByLabel('Start time').fill('10:00');
        await page.getByLabel('Duration in minutes').fill('60');
        await page.getByLabel('Time zone').fill('America/Los_Angeles');
        await page.getByLabel('Start date').fill('2026-11-29');
        await page.getByRole('button', { name: 'Save' }).click();

        await page.getByRole('heading', { level: 1, name: 'Testing call' }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/meetings/testing-call');
        await expect
          .poll(() => page.locator('.schedule-sentence').textContent())
          .toContain(
            'Wednesday after the fourth Tuesday of the month, from 10:00 to 11:00 (America/Los_Angeles)',
          );
        const next = page.locator('section[aria-labelledby="schedule-heading"] .occurrence-list a');
        expect((await keysOf(next, 'testing-call')).slice(0, 4)).toEqual([
          '2026-12-23',
          '2027-01-27',
          '2027-02-24',
          // March 2027: the fourth Tuesday is the 23rd.
          '2027-03-24',
        ]);
        // The page names the next one as the reader's day, in the reader's zone.
        await expect.poll(() => next.first().textContent()).toMatch(/Wed.*23.*Dec|Dec.*23/u);
        expect(await seriousViolations(page)).toEqual([]);

        // The edit form holds what was chosen, "Counted from" included.
        await page.goto('/meetings/testing-call/edit');
        expect(await page.getByLabel('Counted from').inputValue()).toBe('2');
        expect(await page.getByLabel('Which one in the month').inputValue()).toBe('4');
        expect(await page.getByLabel('Weeks', { exact: true }).inputValue()).toBe('monthlyAfter');
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_TIMEOUT,
  );
});
