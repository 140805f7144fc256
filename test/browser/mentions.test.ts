import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildIdea, buildUser, type TestUser } from '../support/factories.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * Mentioning someone in real Chromium: typing `@an` into a comment suggests members, the keyboard
 * picks one, and the comment sent shows a link to their page with their name.
 */

const TIMEOUT = 120_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(['sqlite'] as const)('mention suggestions in the browser (%s)', (engine) => {
  let hub: Hub;
  let origin: string;
  let anna: TestUser;
  let bob: TestUser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    hub = await startHub(engine);
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    anna = await buildUser(hub, { name: 'Anna Berg' });
    await buildUser(hub, { name: 'Andreas Kern' });
    bob = await buildUser(hub, { name: 'Bob Writer' });
  });
  afterAll(async () => {
    await context?.close();
    await hub?.close();
  });

  async function signIn(who: TestUser): Promise<Page> {
    const signedIn = await signedInPage(browser, origin, who);
    context = signedIn.context;
    return signedIn.page;
  }

  it(
    'suggests members after @, picks one with the keyboard and links the mention',
    async () => {
      const idea = await buildIdea(hub, anna, { title: 'Mention me' });
      const page = await signIn(bob);
      await page.goto(`/ideas/${idea.slug}`);
      const area = page.getByRole('combobox', { name: 'Your comment' });
      await area.click();
      await area.pressSequentially('Thanks @an');
      const options = page.getByRole('listbox', { name: 'People to mention' }).getByRole('option');
      await expect.poll(() => options.count()).toBe(2);
      expect(await area.getAttribute('aria-expanded')).toBe('true');
      expect(await options.first().textContent()).toContain('Andreas Kern');
      expect(await seriousViolations(page)).toEqual([]);

      // Escape closes the list and keeps the text; typing on opens it again.
      await area.press('Escape');
      expect(await area.getAttribute('aria-expanded')).toBe('false');
      await area.pressSequentially('n');
      await expect.poll(() => options.count()).toBe(1);
      await area.press('Backspace');
      await expect.poll(() => options.count()).toBe(2);

      await area.press('ArrowDown');
      const active = await area.getAttribute('aria-activedescendant');
      expect(await page.locator(`#${active}`).textContent()).toContain('Anna Berg');
      expect(await page.locator(`#${active}`).getAttribute('aria-selected')).toBe('true');
      await area.press('Enter');
      expect(await area.inputValue()).toBe('Thanks @anna-berg ');
      expect(await area.getAttribute('aria-expanded')).toBe('false');

      await area.pressSequentially('for this');
      await page.getByRole('button', { name: 'Comment', exact: true }).click();
      const link = page.locator('#comment-thread a.mention');
      await expect.poll(() => link.count()).toBe(1);
      expect(await link.textContent()).toBe('@Anna Berg');
      expect(await link.getAttribute('href')).toBe(`/people/${anna.user.id}`);
    },
    TIMEOUT,
  );
});
