import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations, violationsInBothSchemes } from '../support/axe.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildUser, planningSeries, type TestUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';

/**
 * One meeting through its phases in Chromium, as its maintainer sees it at 1280×800: the agenda
 * twelve days ahead (no decision form), the run sheet once started early, the draft after its
 * end, the read-only record once published. The page heights are printed, not asserted.
 */

const MEETING = '2026-12-14';
const PATH = `/meetings/planning-meeting/${MEETING}`;
/** Where full-page pictures of each phase go, when asked for (as in test/browser/proposals.test.ts). */
const SHOTS = process.env.PLENUM_SHOTS;
const BROWSER_TEST_TIMEOUT = 180_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

const height = (page: Page) => page.evaluate(() => document.body.scrollHeight);
/** Forms inside the page's main part (the header's sign-out form aside). */
const formsIn = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('main form')).map((f) => f.getAttribute('action') ?? ''),
  );

describe.each(ENGINES)('a meeting in phases (%s)', (engine) => {
  let hub: Hub;
  let origin = '';
  let clock = new Date('2026-12-02T10:00:00Z');
  let maintainer: TestUser;
  let ideaSlug = '';

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    maintainer = await buildUser(hub, { role: 'maintainer', name: 'Mara Maintainer' });
    await planningSeries(hub, maintainer);
    const idea = await hub.app.ideas.propose(maintainer.actor, {
      title: 'Public demo playground',
      status: 'backlog',
    });
    ideaSlug = idea.slug;
    for (const [n, title] of [
      'Release plan',
      'Demo hosting',
      'CI runners',
      'Docs sprint',
      'Mascot',
    ].entries())
      await hub.app.agenda.propose(maintainer.actor, 'planning-meeting', MEETING, {
        title,
        minutes: 5,
        ...(n === 0 ? { idea: idea.slug } : {}),
      });
  });
  afterAll(() => hub.close());

  /** Full-page pictures of the page at 1280 and 375 px, in English and German. */
  async function shoot(page: Page, phase: string) {
    for (const lang of SHOTS && engine === 'sqlite' ? (['en', 'de'] as const) : []) {
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${PATH}?lang=${lang}`);
        await page.screenshot({ path: `${SHOTS}/${phase}-${lang}-${width}.png`, fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${PATH}?lang=en`);
  }

  it(
    'shows the agenda before, the run sheet once started, the draft after, a read-only page once published',
    async () => {
      const { page } = await signedInPage(browser, origin, maintainer, {
        viewport: { width: 1280, height: 800 },
        timezoneId: 'Europe/Berlin',
      });
      const visitor = (
        await signedInPage(browser, origin, undefined, { viewport: { width: 1280, height: 800 } })
      ).page;

      // Twelve days ahead: the agenda, no decision, notes or action item form.
      await page.goto(PATH);
      const before = await height(page);
      expect(await page.locator(`form[action="${PATH}/decisions"]`).count()).toBe(0);
      expect(await page.locator(`form[action="${PATH}/minutes"]`).count()).toBe(0);
      expect(await page.locator(`form[action="${PATH}/actions"]`).count()).toBe(0);
      await page.getByText('Release plan').first().waitFor();
      expect(await violationsInBothSchemes(page), 'axe').toEqual([]);
      await shoot(page, '1-before');

      // Started early: the run sheet, with the first topic under discussion.
      await page.getByRole('button', { name: 'Start the meeting now' }).click();
      await page.locator('#run-sheet').waitFor();
      expect(await page.locator('#run-sheet').textContent()).toContain('Release plan');
      const during = await height(page);
      const decision = page.locator(`form[action="${PATH}/decisions"]`);
      // The decision form names the current topic's idea.
      expect(await decision.getByLabel(/Idea it concerns/u).inputValue()).toBe(ideaSlug);
      await decision.getByLabel('Decision', { exact: true }).fill('Ship the release plan');
      await decision.getByLabel('Change the idea to').selectOption('roadmap');
      await decision.getByRole('button', { name: 'Record decision' }).click();
      await page.getByText('Decision recorded.').waitFor();
      // A decision in the draft minutes changes its idea only once they are published.
      const ideaStatus = async () => (await hub.app.ideas.get(ideaSlug)).idea.status;
      expect(await ideaStatus()).toBe('backlog');
      const notes = page.locator(`form[action="${PATH}/minutes"]`);
      await notes.getByLabel('Notes (Markdown)').fill('We went through the **release plan**.');
      await notes.getByRole('button', { name: 'Save minutes' }).click();
      await page.getByText('Minutes saved.').waitFor();
      expect(await seriousViolations(page), 'axe').toEqual([]);
      await shoot(page, '2-during');

      // After its end: the draft and Publish.
      clock = new Date('2026-12-14T14:00:00Z');
      await page.goto(PATH);
      await page.getByRole('button', { name: 'Publish minutes' }).waitFor();
      const after = await height(page);
      await shoot(page, '3-after');
      expect(await ideaStatus()).toBe('backlog');
      await page.getByRole('button', { name: 'Publish minutes' }).click();
      await page.getByText('Minutes published.').waitFor();
      expect(await ideaStatus()).toBe('roadmap');

      // Published: read-only; the maintainer's only form corrects the notes, and says so.
      await page.goto(PATH);
      const published = await height(page);
      expect(await formsIn(page)).toEqual([`${PATH}/minutes`]);
      expect(await page.locator('#run-sheet').count()).toBe(0);
      clock = new Date('2026-12-15T09:00:00Z');
      await page.getByText('Edit published minutes').click();
      await page.getByLabel('Notes (Markdown)').fill('We went through the **release plan** (corrected).');
      await page.getByRole('button', { name: 'Save minutes' }).click();
      await page
        .getByText(/Edited on/u)
        .first()
        .waitFor();
      expect(await violationsInBothSchemes(page), 'axe').toEqual([]);
      await shoot(page, '4-published');

      await visitor.goto(PATH);
      expect(await formsIn(visitor)).toEqual([]);
      expect(await visitor.locator('main').textContent()).toContain('corrected');
      // The README shows these pages in German too.
      await visitor.goto(`${PATH}?lang=de`);
      await visitor.getByText('Veröffentlicht', { exact: false }).first().waitFor();
      expect(await violationsInBothSchemes(visitor), 'axe (de)').toEqual([]);

      console.log(
        `meeting page heights at 1280×800 (${engine}): before ${before} px, during ${during} px, ` +
          `after ${after} px, published ${published} px`,
      );
    },
    BROWSER_TEST_TIMEOUT,
  );
});
