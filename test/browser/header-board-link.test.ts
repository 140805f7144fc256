import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildUser, type TestUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';

/**
 * The planning board a planning page links to shows in the header once imported, marked as a
 * link to another site, and the header keeps its search box on the first line at desktop width.
 */

const TIMEOUT = 120_000;
const BOARD = { label: 'Project board', url: 'https://github.com/orgs/acme/projects/3' };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(ENGINES)('the planning board link in the header (%s)', (engine) => {
  let hub: Hub;
  let origin: string;
  let admin: TestUser;

  beforeEach(async () => {
    hub = await startHub(engine);
    admin = await buildUser(hub, { role: 'admin', name: 'Ada Admin' });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await hub?.close();
  });

  const storeBoard = (link: { label: string; url: string }) =>
    hub.store.transaction((repos) =>
      repos.settings.put('planning.board', JSON.stringify(link), 0, new Date().toISOString()),
    );

  it(
    'names the board with its label, in words and with a mark for leaving the hub, without pushing the search box down',
    async () => {
      const before = await signedInPage(browser, origin, admin);
      await before.page.goto('/meetings');
      expect(await before.page.locator('header a.nav-external').count()).toBe(0);
      await before.context.close();

      await storeBoard(BOARD);
      for (const [lang, words] of [
        ['en', 'Project board (on another site)'],
        ['de', 'Project board (auf einer anderen Website)'],
      ] as const) {
        const { context, page } = await signedInPage(browser, origin, admin);
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.goto(`/meetings?lang=${lang}`);
        const link = page.getByRole('navigation').getByRole('link', { name: words });
        expect(await link.getAttribute('href')).toBe(BOARD.url);
        expect(await link.textContent()).toContain('↗');
        // One line: the search box's top is level with the brand's, whatever the language.
        const brand = await page.locator('.brand').boundingBox();
        const search = await page.locator('.site-search').boundingBox();
        if (!brand || !search) throw new Error('no header');
        expect(search.y).toBeLessThan(brand.y + brand.height);
        expect(await seriousViolations(page)).toEqual([]);

        // On a phone the links wrap and the page does not scroll sideways; the link still works.
        await page.setViewportSize({ width: 375, height: 800 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        const box = await link.boundingBox();
        expect(box && box.x + box.width).toBeLessThanOrEqual(375);
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'leaves out a board link that points at the hub itself',
    async () => {
      await storeBoard({ label: 'Our board', url: new URL('board', hub.config.baseUrl).href });
      const { context, page } = await signedInPage(browser, origin, undefined);
      await page.goto('/meetings');
      expect(await page.locator('header a.nav-external').count()).toBe(0);
      await context.close();
    },
    TIMEOUT,
  );
});
