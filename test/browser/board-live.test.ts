import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { requireBuild, type Served, serve } from '../support/child.js';
import { buildUser, type TestUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';

/**
 * A card moved with the arrow button in one Chromium window shows in another window without a
 * reload: both windows on one Plenum, and on PostgreSQL with the watching window served by a
 * second `plenum serve` process on the same database. The time from the click to the card
 * showing in its new column is printed; the wait allows more than a second because the
 * machine running the suite is shared, and the suite never fails on a timing.
 */

const BROWSER_TEST_TIMEOUT = 120_000;
const SOON = { timeout: 5000, intervals: [25] };

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function windowOn(origin: string, who?: TestUser): Promise<Page> {
  const { context, page } = await signedInPage(browser, origin, who, { locale: 'en-GB' });
  contexts.push(context);
  await page.goto('/board');
  return page;
}

/** The column heading of the card with this title, as the page shows it now. */
const columnOf = (page: Page, title: string) =>
  page
    .locator('.card', { hasText: title })
    .evaluate((el) => el.closest('.board-column')?.querySelector('h2')?.firstChild?.textContent?.trim());

/** Moves the card right in `mover`; returns how long `watcher` took to show it in the next column. */
async function moveAndWatch(mover: Page, watcher: Page, title: string): Promise<number> {
  await watcher.evaluate(() => {
    (window as unknown as { plenumMark: boolean }).plenumMark = true;
  });
  expect(await columnOf(watcher, title)).toBe('Todo');
  const started = Date.now();
  await mover.locator('.card', { hasText: title }).locator('summary').click();
  await mover.getByRole('button', { name: `Move “${title}” to the column on the right` }).click();
  await expect.poll(() => columnOf(watcher, title), SOON).toBe('In progress');
  const elapsed = Date.now() - started;
  // Not a reload: the page the watcher opened is still the same document.
  expect(await watcher.evaluate(() => (window as unknown as { plenumMark?: boolean }).plenumMark)).toBe(true);
  return elapsed;
}

describe.each(ENGINES)('a board move seen live in another window on %s', (engine) => {
  let hub: Hub;
  let origin = '';
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine);
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    maintainer = await buildUser(hub, { role: 'maintainer' });
  });
  afterAll(() => hub.close());

  it(
    'two windows on one Plenum',
    async () => {
      await hub.app.board.addItem(maintainer.actor, 'default', { title: 'Card seen twice' });
      const mover = await windowOn(origin, maintainer);
      const watcher = await windowOn(origin);
      const ms = await moveAndWatch(mover, watcher, 'Card seen twice');
      console.log(`board move on ${engine}, one process: seen in the other window after ${ms} ms`);
    },
    BROWSER_TEST_TIMEOUT,
  );
});

describe('a board move seen live through a second Plenum process on one PostgreSQL database', () => {
  let hub: Hub;
  let origin = '';
  let other: Served | undefined;
  let maintainer: TestUser;

  beforeAll(async () => {
    requireBuild();
    hub = await startHub('postgres');
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    other = await serve({ DATABASE_URL: hub.testDb.url as string, PLENUM_DATA_DIR: hub.testDb.dir });
  });
  afterAll(async () => {
    await other?.stop();
    await hub?.close();
  });

  it(
    'the mover on one process, the watcher on the other',
    async () => {
      await hub.app.board.addItem(maintainer.actor, 'default', { title: 'Card across processes' });
      const mover = await windowOn(origin, maintainer);
      const watcher = await windowOn((other as Served).url);
      const ms = await moveAndWatch(mover, watcher, 'Card across processes');
      console.log(`board move on postgres, two processes: seen in the other window after ${ms} ms`);
    },
    BROWSER_TEST_TIMEOUT,
  );
});
