import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seriousViolations, violationsInBothSchemes } from '../support/axe.js';
import { launchBrowser, signIn } from '../support/browser.js';
import { buildUser, type TestUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';

/**
 * The planning board in a real Chromium: forms without a mouse, drag and drop on top, the
 * roadmap, all checked with axe-core (WCAG 2.2 AA) and under the pages' own CSP.
 */

const TIMEOUT = 120_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(ENGINES)('the planning board in the browser (%s)', (engine) => {
  let hub: Hub;
  let context: BrowserContext;
  let page: Page;
  let maintainer: TestUser;
  const csp: string[] = [];
  let origin: string;

  beforeEach(async () => {
    hub = await startHub(engine);
    maintainer = await buildUser(hub, { role: 'maintainer', name: 'Maya Maintainer' });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    context = await browser.newContext({ baseURL: origin, locale: 'en-GB' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    csp.length = 0;
    page.on('console', (msg) => {
      if (/Content Security Policy/iu.test(msg.text())) csp.push(msg.text());
    });
  });
  afterEach(async () => {
    await context?.close();
    await hub?.close();
  });

  const titles = async () =>
    (await hub.app.board.view('default')).columns.map((c) => c.items.map((i) => i.title));

  it(
    'lets a maintainer add cards and move them with the keyboard and by drag and drop; readers see it accessibly',
    async () => {
      const idea = await hub.app.ideas.propose(maintainer.actor, { title: 'Dark mode', status: 'backlog' });
      await hub.app.ideas.changeStatus(maintainer.actor, idea.id, idea.version, 'roadmap', null);

      await signIn(page, maintainer);

      await page.getByRole('navigation').getByRole('link', { name: 'Board' }).click();
      await page.getByRole('heading', { level: 1, name: 'Planning board' }).waitFor();
      for (const title of ['Theme switcher', 'Contrast check']) {
        await page.getByLabel('Title', { exact: true }).fill(title);
        await page.getByLabel('Links').fill('https://github.com/acme/plenum/issues/12');
        // The idea is named by words of its title; the picker suggests it while one types.
        const ideaField = page.getByLabel('Linked idea (optional: words of its title or its address name)');
        await ideaField.pressSequentially('dark');
        await page.locator('datalist option[value="Dark mode"]').waitFor({ state: 'attached' });
        await ideaField.fill('Dark mode');
        await page.getByRole('button', { name: 'Add an item' }).click();
        await page.getByRole('status').filter({ hasText: 'Item added to the board.' }).waitFor();
      }
      expect(await titles()).toEqual([['Theme switcher', 'Contrast check'], [], []]);
      expect(await violationsInBothSchemes(page)).toEqual([]);

      // A card shows its content and two small controls: the "Move" menu and "Edit".
      const card = page.locator('.card', { hasText: 'Contrast check' });
      expect(await card.getByRole('button').count()).toBe(0);
      // Keyboard: open the card's menu, focus the arrow and press Enter.
      await card.locator('summary').focus();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Move “Contrast check” to the column on the right' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Item moved.' }).waitFor();
      expect(await titles()).toEqual([['Theme switcher'], ['Contrast check'], []]);

      // Drag and drop posts the same move through the API.
      await page
        .locator('.card', { hasText: 'Theme switcher' })
        .dragTo(page.locator('.board-column').nth(2), { sourcePosition: { x: 8, y: 8 } });
      await expect.poll(titles, { timeout: 10_000 }).toEqual([[], ['Contrast check'], ['Theme switcher']]);
      await expect
        .poll(() => page.locator('#board-status').textContent(), { timeout: 10_000 })
        .toBe('Moved “Theme switcher” to Done.');
      // The moved card's menu carries its new version and its new place: "Done" is hidden, the
      // columns it left offered, and the arrows work after a drag.
      const moved = page.locator('.card', { hasText: 'Theme switcher' });
      const rightArrow = moved.getByRole('button', {
        name: 'Move “Theme switcher” to the column on the right',
      });
      // The board's live update of that move may redraw the card, closing its menu, just after
      // the drag: the menu is opened again until it shows.
      await expect
        .poll(
          async () => {
            if ((await rightArrow.count()) === 0) await moved.locator('summary').click();
            return rightArrow.isDisabled({ timeout: 1000 }).catch(() => null);
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      expect(await moved.getByRole('button', { name: 'Move “Theme switcher” to Done' }).count()).toBe(0);
      await moved.getByRole('button', { name: 'Move “Theme switcher” to Todo' }).waitFor();
      await page.getByRole('button', { name: 'Move “Theme switcher” to the column on the left' }).click();
      await page.getByRole('status').filter({ hasText: 'Item moved.' }).waitFor();
      expect(await titles()).toEqual([[], ['Contrast check', 'Theme switcher'], []]);

      // At phone width the columns are swiped one at a time and the menu still moves a card.
      await page.setViewportSize({ width: 375, height: 800 });
      await page.reload();
      const board = page.locator('.board');
      expect(await board.evaluate((b) => b.scrollWidth > b.clientWidth)).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      const phoneCard = page.locator('.card', { hasText: 'Theme switcher' });
      await phoneCard.locator('summary').click();
      await phoneCard.getByRole('button', { name: 'Move “Theme switcher” to Todo' }).click();
      await page.getByRole('status').filter({ hasText: 'Item moved.' }).waitFor();
      expect(await titles()).toEqual([['Theme switcher'], ['Contrast check'], []]);
      await page.setViewportSize({ width: 1280, height: 800 });

      await page.goto('/roadmap');
      await page.getByText('0 of 2 items done').waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      const reader = await context.browser()?.newContext({ baseURL: page.url(), locale: 'de-DE' });
      const readerPage = await reader?.newPage();
      if (!readerPage || !reader) throw new Error('no reader');
      await readerPage.goto('/board');
      await readerPage.getByRole('heading', { level: 2, name: /In Arbeit/u }).waitFor();
      // A reader gets no control on the board (the header's search box aside).
      expect(await readerPage.locator('main').getByRole('button').count()).toBe(0);
      expect(await violationsInBothSchemes(readerPage)).toEqual([]);
      await reader.close();
      expect(csp).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'moves a card by its menu without JavaScript',
    async () => {
      await hub.app.board.addItem(maintainer.actor, 'default', { title: 'First card' });
      await hub.app.board.addItem(maintainer.actor, 'default', { title: 'Second card' });
      const plain = await browser.newContext({ baseURL: origin, javaScriptEnabled: false, locale: 'en-GB' });
      try {
        const plainPage = await plain.newPage();
        await signIn(plainPage, maintainer);
        await plainPage.goto('/board');
        const card = plainPage.locator('.card', { hasText: 'Second card' });
        await card.locator('summary').click();
        await card.getByRole('button', { name: 'Move “Second card” up' }).click();
        await plainPage.getByRole('status').first().waitFor();
        expect(await titles()).toEqual([['Second card', 'First card'], [], []]);
        const again = plainPage.locator('.card', { hasText: 'Second card' });
        await again.locator('summary').click();
        await again.getByRole('button', { name: 'Move “Second card” to Done' }).click();
        await expect.poll(titles).toEqual([['First card'], [], ['Second card']]);
      } finally {
        await plain.close();
      }
    },
    TIMEOUT,
  );

  it(
    'suggests the idea for words typed before the picker script arrived',
    async () => {
      await hub.app.ideas.propose(maintainer.actor, { title: 'Dark mode', status: 'backlog' });
      await signIn(page, maintainer);
      // The script is held back until the words are in, as on a slow connection.
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route('**/assets/idea-picker.js*', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto('/board', { waitUntil: 'commit' });
      const ideaField = page.getByLabel('Linked idea (optional: words of its title or its address name)');
      await ideaField.pressSequentially('dark');
      expect(await page.locator('datalist').count()).toBe(0);
      release();
      await page.locator('datalist option[value="Dark mode"]').waitFor({ state: 'attached' });
    },
    TIMEOUT,
  );
});
