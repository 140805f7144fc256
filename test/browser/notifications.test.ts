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

  it(
    'keeps the header count live on every page, on the page’s own stream or one of its own',
    async () => {
      const idea = await buildIdea(hub, anna, { title: 'Counted everywhere' });
      const signedIn = await signedInPage(browser, origin, anna);
      const { page } = signedIn;
      const streams: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/events')) streams.push(new URL(r.url()).pathname);
      });
      // A page without a live region opens the inbox's stream, once.
      await page.goto('/backlog');
      const count = page.getByTestId('unread-count');
      expect(await count.count()).toBe(0);
      await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'On the backlog' }, 'test');
      await expect.poll(() => count.textContent()).toBe('1');
      expect(await page.getByRole('link', { name: 'Notifications , 1 unread' }).count()).toBe(1);
      expect(new Set(streams)).toEqual(new Set(['/notifications/events']));

      // The board has a stream of its own: the count rides on it, no second stream opens.
      streams.splice(0);
      await page.goto('/board');
      await expect.poll(() => streams.length).toBeGreaterThan(0);
      await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'On the board' }, 'test');
      await expect.poll(() => count.textContent()).toBe('2');
      expect(new Set(streams)).toEqual(new Set(['/board/events']));

      // Read in another tab: this one's count goes.
      const other = await signedIn.context.newPage();
      await other.goto('/notifications');
      await other.getByRole('button', { name: 'Mark all read' }).click();
      await other.waitForURL(/notice=/u);
      await expect.poll(() => count.count()).toBe(0);
      await signedIn.context.close();
    },
    TIMEOUT,
  );
});
