import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violationsInBothSchemes } from '../support/axe.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildUser, type TestUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';

const PAGE = readFileSync(
  new URL('../fixtures/schedules/every-other-without-row.md', import.meta.url),
  'utf8',
);
const SHOTS = '/tmp/shots/h-schedules';

/** The import form asking for what the page does not say, in a real browser, in both languages. */
describe.each(ENGINES)('the import asks in the browser on %s', (engine) => {
  let hub: Hub;
  let browser: Browser;
  let origin = '';
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => new Date('2026-11-29T10:00:00Z') });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser.close();
    await hub.close();
  });

  it.each([
    ['en', 1280],
    ['en', 375],
    ['de', 1280],
    ['de', 375],
  ] as const)(
    'in %s at %i px: says what the page says, asks the weeks, and imports once answered',
    async (lang, width) => {
      const { context, page } = await signedInPage(browser, origin, maintainer);
      await page.setViewportSize({ width, height: 800 });
      // The language chosen once is remembered for the posts that follow.
      await page.goto(`/docs/import?lang=${lang}`);
      await page.locator('#field-text').fill(PAGE);
      await page.locator('#field-lang').selectOption('de');
      await page.locator('form[enctype] button[type=submit]').click();
      const weeks = page.locator('#field-weekRule');
      await weeks.waitFor();
      const said = await page.locator('dl.found').innerText();
      expect(said).toContain(lang === 'de' ? 'Montag' : 'Monday');
      expect(said).toContain('Europe/Berlin');
      // Only the open part is asked; the summary names it and links to its field.
      expect(await page.locator('#field-weekday').count()).toBe(0);
      expect(await page.locator('.error-summary a[href="#field-weekRule"]').count()).toBe(1);
      expect(await page.content()).not.toMatch(/--weeks|--weekday/u);
      expect(await hub.app.meetings.list()).toHaveLength(0);
      await page.screenshot({
        path: `${SHOTS}/import-asks-${engine}-${lang}-${width}.png`,
        fullPage: true,
      });

      await weeks.selectOption('odd');
      await page.locator('section.panel form button[type=submit]').click();
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      const preview = await page.locator('#plan-heading').innerText();
      expect(preview.length).toBeGreaterThan(0);
      // The schedule is read back as one sentence, with where it is held and whether it is recorded.
      expect(await page.locator('ul.plan').innerText()).toContain(
        lang === 'de'
          ? 'alle zwei Wochen in ungeraden Kalenderwochen, Montag, von 14:00 bis 14:30 (Europe/Berlin), wird nicht aufgezeichnet'
          : 'biweekly on odd calendar weeks, Monday, from 14:00 to 14:30 (Europe/Berlin), not recorded',
      );
      expect(await hub.app.meetings.list()).toHaveLength(0);
      expect(await violationsInBothSchemes(page), 'axe on the preview').toEqual([]);
      await context.close();
    },
    60_000,
  );
});
