import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildIdea, buildUser, type TestUser } from '../support/factories.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * The inbox in real Chromium: an open /notifications page shows a new notification and the
 * header's count without a reload, and its buttons mark entries read.
 */

const TIMEOUT = 120_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(['sqlite', 'postgres'] as const)('the inbox in the browser (%s)', (engine) => {
  let hub: Hub;
  let origin: string;
  let anna: TestUser;
  let bob: TestUser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    hub = await startHub(engine);
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    anna = await buildUser(hub, { name: 'Anna Berg' });
    bob = await buildUser(hub, { name: 'Bob Writer' });
  });
  afterAll(async () => {
    await context?.close();
    await hub?.close();
  });

  it(
    'shows a new notification and the unread count live, and marks them read',
    async () => {
      const idea = await buildIdea(hub, anna, { title: 'Live inbox' });
      const signedIn = await signedInPage(browser, origin, anna);
      context = signedIn.context;
      const { page } = signedIn;
      await page.goto('/notifications');
      await expect.poll(() => page.getByText('Nothing yet.').count()).toBe(1);
      const count = page.getByTestId('unread-count');
      expect(await count.count()).toBe(0);
      // A change before the stream opens is caught up by the page's cursor; a reload would lose this.
      await page.evaluate(() => {
        (window as unknown as { plenumMark: boolean }).plenumMark = true;
      });
      await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'Written elsewhere' }, 'test');
      await expect.poll(() => page.getByText('Bob Writer commented on “Live inbox”').count()).toBe(1);
      await expect.poll(() => count.textContent()).toBe('1');
      expect(await page.evaluate(() => (window as unknown as { plenumMark?: boolean }).plenumMark)).toBe(
        true,
      );
      expect(await page.getByRole('link', { name: 'Notifications , 1 unread' }).count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Mark read' }).click();
      await page.waitForURL(/notice=notifications\.marked/u);
      expect(await page.getByRole('status').textContent()).toBe('Marked read.');
      expect(await count.count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Mark all read' }).count()).toBe(0);
    },
    TIMEOUT,
  );
});
