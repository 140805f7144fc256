import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildUser, type TestUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';

/**
 * Two readers on one meeting page in real Chromium: what one of them (or a script through the
 * API) changes appears on the other's page without a reload, and nothing typed is lost.
 */

const NOW = () => new Date('2026-11-29T10:00:00Z');
/** The meeting on PAGE begins at 14:00 in Berlin. */
const BEGINS = Date.parse('2026-11-30T13:00:00Z');
const PAGE = '/meetings/planning-meeting/2026-11-30';
const BROWSER_TEST_TIMEOUT = 120_000;
/** "Within a second" on an idle machine; this one is shared, so the wait allows more. */
const SOON = { timeout: 5000 };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe.each(ENGINES)('live meeting page on %s', (engine) => {
  let hub: Hub;
  let origin: string;
  let maintainer: TestUser;
  let member: TestUser;
  const contexts: BrowserContext[] = [];
  let clock = NOW;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock() });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    maintainer = await buildUser(hub, { role: 'maintainer', name: 'Mia Maintainer' });
    member = await buildUser(hub, { name: 'Nina Newcomer' });
    await hub.app.meetings.create(maintainer.actor, {
      title: 'Planning meeting',
      weekday: 1,
      startTime: '14:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: 'odd',
      startDate: '2026-11-01',
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await hub?.close();
  });

  async function reader(who?: TestUser): Promise<Page> {
    const { context, page } = await signedInPage(browser, origin, who);
    contexts.push(context);
    await page.goto(PAGE);
    return page;
  }

  /** Marks the document, so that a reload (which would lose the mark) cannot pass for a live update. */
  async function mark(page: Page): Promise<void> {
    await page.evaluate(() => {
      (window as unknown as { plenumMark: boolean }).plenumMark = true;
    });
  }
  const stillMarked = (page: Page) =>
    page.evaluate(() => (window as unknown as { plenumMark?: boolean }).plenumMark === true);

  /**
   * Marks the region's first node, and counts the pages the live script has read in full: the
   * count goes up only after the script has done with what it read (the mark then tells whether
   * it swapped the region).
   */
  async function watchRegion(page: Page): Promise<void> {
    await page.evaluate(() => {
      const w = window as unknown as { plenumRead?: number };
      if (w.plenumRead === undefined) {
        const text = Response.prototype.text;
        Response.prototype.text = async function (this: Response) {
          const body = await text.call(this);
          setTimeout(() => {
            w.plenumRead = (w.plenumRead ?? 0) + 1;
          }, 0);
          return body;
        };
      }
      w.plenumRead = 0;
      const first = document.getElementById('occurrence-live')?.firstElementChild;
      if (first) (first as unknown as { plenumKept: boolean }).plenumKept = true;
    });
  }
  const pagesRead = (page: Page) =>
    page.evaluate(() => (window as unknown as { plenumRead: number }).plenumRead);
  const regionKept = (page: Page) =>
    page.evaluate(
      () =>
        (document.getElementById('occurrence-live')?.firstElementChild as unknown as { plenumKept?: boolean })
          ?.plenumKept === true,
    );
  const announced = (page: Page) =>
    page.evaluate(() => document.querySelector('[data-live-status]')?.textContent ?? '');

  /** Tells the meeting page's readers it changed, though nothing on it did. */
  async function announceNothing(): Promise<void> {
    const channel = await hub.app.live.agendaChannel('planning-meeting', '2026-11-30');
    await hub.store.transaction((repos) => repos.live.announce(channel));
  }

  it(
    'shows a topic proposed in one browser and accepted through the API in the other, without a reload',
    async () => {
      const watcher = await reader();
      const proposer = await reader(member);
      await mark(watcher);

      await proposer.locator('#propose-topic summary').click();
      await proposer.getByLabel('Topic', { exact: true }).fill('Release 1.0 timeline');
      await proposer.getByRole('button', { name: 'Propose a topic' }).click();
      await proposer.waitForURL(/notice=agenda\.topicProposed/u);

      const topic = watcher.locator('.topic', { hasText: 'Release 1.0 timeline' });
      await expect.poll(() => topic.count(), SOON).toBe(1);
      expect(await topic.getAttribute('class')).toContain('topic-proposed');

      // A maintainer's script accepts it: the watcher and the proposer both see it on the agenda.
      await mark(proposer);
      const agenda = await hub.app.agenda.forOccurrence('planning-meeting', '2026-11-30');
      const proposed = agenda.topics.find((t) => t.title === 'Release 1.0 timeline');
      const res = await hub.server.inject({
        method: 'POST',
        url: `/api/v1/topics/${proposed?.id}/status`,
        headers: { ...maintainer.auth, 'if-match': `"${proposed?.version}"` },
        payload: { status: 'accepted' },
      });
      expect(res.statusCode).toBe(200);
      await expect.poll(() => topic.getAttribute('class'), SOON).toContain('topic-accepted');
      const onProposer = proposer.locator('.topic', { hasText: 'Release 1.0 timeline' });
      await expect.poll(() => onProposer.getAttribute('class'), SOON).toContain('topic-accepted');

      expect(await stillMarked(watcher)).toBe(true);
      expect(await stillMarked(proposer)).toBe(true);
      // Said to screen-reader users, politely.
      expect(await watcher.locator('[data-live-status]').getAttribute('aria-live')).toBe('polite');
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'shows cards added and moved by others on the board, without a reload',
    async () => {
      const watcher = await browser.newContext({ baseURL: origin, locale: 'en-US' });
      contexts.push(watcher);
      const page = await watcher.newPage();
      await page.goto('/board');
      await mark(page);
      const item = await hub.app.board.addItem(maintainer.actor, 'default', { title: 'Release notes' });
      const card = page.locator('.card', { hasText: 'Release notes' });
      await expect.poll(() => card.count(), SOON).toBe(1);
      const columnOf = () =>
        card.evaluate((el) =>
          el.closest('.board-column')?.querySelector('h2')?.firstChild?.textContent?.trim(),
        );
      const before = await columnOf();
      await hub.app.board.stepItem(maintainer.actor, item.id, item.version, 'right');
      await expect.poll(columnOf, SOON).not.toBe(before);
      expect(await stillMarked(page)).toBe(true);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'keeps what a reader is typing and offers a reload instead of replacing it',
    async () => {
      const typist = await reader(member);
      await mark(typist);
      await typist.locator('#propose-topic summary').click();
      await typist.getByLabel('Topic', { exact: true }).fill('Half-written idea');

      await hub.app.agenda.propose(maintainer.actor, 'planning-meeting', '2026-11-30', {
        title: 'Something new',
      });
      const notice = typist.locator('[data-live-notice]');
      await expect.poll(() => notice.count(), SOON).toBe(1);
      expect(await typist.getByLabel('Topic', { exact: true }).inputValue()).toBe('Half-written idea');
      expect(await typist.locator('.topic', { hasText: 'Something new' }).count()).toBe(0);
      expect(await stillMarked(typist)).toBe(true);

      await notice.getByRole('button', { name: 'Reload' }).click();
      await expect.poll(() => typist.locator('.topic', { hasText: 'Something new' }).count(), SOON).toBe(1);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    "leaves the region as it is when the page comes back with nothing new but its forms' tokens",
    async () => {
      const page = await reader(member);
      // The proposal form's one-time token differs in every render.
      expect(await page.locator('#occurrence-live input[name="_once"]').count()).toBeGreaterThan(0);
      await watchRegion(page);

      await announceNothing();
      await expect.poll(() => pagesRead(page), SOON).toBeGreaterThan(0);
      expect(await regionKept(page)).toBe(true);
      expect(await announced(page)).toBe('');

      // A change the reader sees still replaces the region, and says so.
      await hub.app.agenda.propose(maintainer.actor, 'planning-meeting', '2026-11-30', { title: 'Budget' });
      const budget = page.locator('.topic', { hasText: 'Budget' });
      await expect.poll(() => budget.count(), SOON).toBe(1);
      expect(await regionKept(page)).toBe(false);
      expect(await announced(page)).toBe('This page was updated with changes by others.');

      // The token kept through a later read that changed nothing is still good for its form.
      await watchRegion(page);
      await announceNothing();
      await expect.poll(() => pagesRead(page), SOON).toBeGreaterThan(0);
      expect(await regionKept(page)).toBe(true);
      await page.locator('#propose-topic summary').click();
      await page.getByLabel('Topic', { exact: true }).fill('Travel policy');
      await page.getByRole('button', { name: 'Propose a topic' }).click();
      await page.waitForURL(/notice=agenda\.topicProposed/u);
      expect(await page.locator('.topic', { hasText: 'Travel policy' }).count()).toBe(1);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'shows the meeting in progress once its start time passes, without an event or a reload',
    async () => {
      const { context, page } = await signedInPage(browser, origin, member);
      contexts.push(context);
      // The hub's clock runs from five seconds before the meeting begins.
      const loaded = Date.now();
      clock = () => new Date(BEGINS - 5000 + (Date.now() - loaded));
      try {
        await page.goto(PAGE);
        await mark(page);
        const chip = page.locator('#occurrence-live .page-head [class*="chip-phase-"]');
        expect(await chip.textContent()).toBe('Upcoming');
        const refreshIn = Number(await page.locator('#occurrence-live').getAttribute('data-live-refresh-in'));
        expect(refreshIn).toBeGreaterThan(0);
        expect(refreshIn).toBeLessThanOrEqual(5);

        await expect.poll(() => chip.textContent(), { timeout: 15_000 }).toBe('In progress');
        expect(await stillMarked(page)).toBe(true);
      } finally {
        clock = NOW;
      }
    },
    BROWSER_TEST_TIMEOUT,
  );
});
