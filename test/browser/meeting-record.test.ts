import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildUser, planningSeries, type TestUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';

/**
 * One planning meeting told through a real Chromium: a member brings topics, a maintainer
 * arranges the agenda, writes the minutes with a decision and an action item and publishes
 * them; the backlog and the next agenda follow. Only the accounts, the series and one idea are
 * seeded; the server's clock is moved from before the meeting to after it.
 */

const MEETING = '2026-11-30';
const NEXT = '2026-12-14';
const BROWSER_TEST_TIMEOUT = 120_000;
const POLL = { timeout: 10_000 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function see(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}

/** A window in Berlin, signed in as `who`. */
async function berlinPage(origin: string, who: TestUser): Promise<Page> {
  return (await signedInPage(browser, origin, who, { locale: 'en-GB', timezoneId: 'Europe/Berlin' })).page;
}

/** The form posting to the path ending in `suffix`, e.g. `/decisions`. */
const formTo = (page: Page, suffix: string) => page.locator(`form[action$="${suffix}"]`);
const topic = (page: Page, title: string) => page.locator('li.topic', { hasText: title });

describe.each(ENGINES)('a planning meeting in the browser (%s)', (engine) => {
  let hub: Hub;
  let origin = '';
  let clock = new Date('2026-11-29T10:00:00Z');
  let maintainer: TestUser;
  let member: TestUser;
  let ideaSlug = '';

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    maintainer = await buildUser(hub, { role: 'maintainer', name: 'Mara Maintainer' });
    member = await buildUser(hub, { name: 'Milo Member' });
    await planningSeries(hub, maintainer);
    ideaSlug = (
      await hub.app.ideas.propose(maintainer.actor, { title: 'Public demo playground', status: 'backlog' })
    ).slug;
  });
  afterAll(() => hub.close());

  it(
    'topics proposed, accepted and deferred; minutes with a decision and an action item published; backlog and next agenda follow',
    async () => {
      // Sunday before the meeting: the member brings two topics.
      const memberPage = await berlinPage(origin, member);
      for (const [title, minutes] of [
        ['Demo playground hosting', '10'],
        ['Mascot contest', '25'],
      ] as const) {
        await memberPage.goto(`/meetings/planning-meeting/${MEETING}`);
        // The proposal form waits behind its button.
        await memberPage.locator('#propose-topic summary').click();
        const form = formTo(memberPage, `/${MEETING}/topics`);
        await form.getByLabel('Topic').fill(title);
        await form.getByLabel('Minutes needed').fill(minutes);
        if (title === 'Demo playground hosting') await form.getByLabel(/Related idea/u).fill(ideaSlug);
        await form.getByRole('button', { name: 'Propose a topic' }).click();
        await see(memberPage.getByText('Topic proposed — the maintainers will review it.'));
      }

      // The maintainer accepts both, sees the timebox overflow, and defers the contest.
      const page = await berlinPage(origin, maintainer);
      await page.goto(`/meetings/planning-meeting/${MEETING}`);
      await topic(page, 'Demo playground hosting').getByRole('button', { name: 'Accept' }).click();
      await see(page.getByText('Topic changed.'));
      await topic(page, 'Mascot contest').getByRole('button', { name: 'Accept' }).click();
      await see(page.getByText('The accepted topics need 5 minutes more than the meeting has.'));
      // Dragging the contest above the hosting topic reorders the agenda (the up/down buttons do the same).
      const order = () => page.locator('#agenda-order li.topic-accepted .topic-title').allInnerTexts();
      expect(await order()).toEqual(['Demo playground hosting', 'Mascot contest']);
      // The script loads the page again once the server has taken the move.
      const reloaded = page.waitForEvent('load');
      await topic(page, 'Mascot contest').dragTo(topic(page, 'Demo playground hosting'), {
        targetPosition: { x: 20, y: 5 },
      });
      await reloaded;
      await expect.poll(order, POLL).toEqual(['Mascot contest', 'Demo playground hosting']);
      await topic(page, 'Mascot contest').getByRole('button', { name: 'Defer' }).click();
      await see(page.getByText('Topic changed.'));
      await expect.poll(() => page.getByText(/minutes more than the meeting has/u).count(), POLL).toBe(0);

      // After the meeting: minutes, a decision moving the idea to the roadmap, an action item.
      clock = new Date('2026-11-30T14:00:00Z');
      await page.goto(`/meetings/planning-meeting/${MEETING}#minutes`);
      const notes = formTo(page, `/${MEETING}/minutes`);
      await notes.getByLabel('Notes (Markdown)').fill('We compared **hosting** options.');
      await notes.getByLabel('Number of attendees').fill('6');
      await notes.getByRole('button', { name: 'Save minutes' }).click();
      await see(page.getByText('Minutes saved.'));
      // After the meeting the draft comes first; decisions and action items wait behind a button.
      await page.getByText('Add a decision or action item').click();
      const decision = formTo(page, `/${MEETING}/decisions`);
      await decision.getByLabel('Decision', { exact: true }).fill('The demo playground goes on the roadmap');
      await decision.getByLabel(/Idea it concerns/u).fill(ideaSlug);
      await decision.getByLabel('Change the idea to').selectOption('roadmap');
      await decision.getByRole('button', { name: 'Record decision' }).click();
      await see(page.getByText('Decision recorded.'));
      await page.getByText('Add a decision or action item').click();
      const action = formTo(page, `/${MEETING}/actions`);
      await action.getByLabel('Action item').fill('Ask the infra team for a VM');
      await action.getByLabel('Who').fill('Mara');
      await action.getByLabel('Due').fill('2026-12-10');
      await action.getByRole('button', { name: 'Add action item' }).click();
      await see(page.getByText('Action item added.'));
      await page.getByRole('button', { name: 'Publish minutes' }).click();
      await see(page.getByText('Minutes published.'));

      // Everyone reads the minutes; the idea's page shows the decision and links to the meeting.
      await memberPage.goto(`/meetings/planning-meeting/${MEETING}`);
      await see(memberPage.getByText('We compared hosting options.'));
      await see(memberPage.getByText('Ask the infra team for a VM'));
      await memberPage.goto(`/ideas/${ideaSlug}`);
      const decisions = memberPage.getByRole('region', { name: 'Decisions' });
      await see(decisions.getByText('The demo playground goes on the roadmap'));
      await decisions.getByRole('link', { name: 'Planning meeting, 30 Nov 2026' }).click();
      await expect
        .poll(() => memberPage.url(), POLL)
        .toMatch(/\/meetings\/planning-meeting\/2026-11-30#decision-/u);
      await see(memberPage.getByText('The demo playground goes on the roadmap'));

      // The next meeting: the undiscussed and the deferred topic, carried over, and the new overview.
      await memberPage.goto(`/meetings/planning-meeting/${NEXT}`);
      await see(topic(memberPage, 'Demo playground hosting').getByText('carried over from 30 Nov 2026'));
      await see(topic(memberPage, 'Mascot contest').getByText('carried over from 30 Nov 2026'));
      const overview = memberPage.locator('section, div', {
        has: memberPage.getByRole('heading', { name: 'Current projects and priorities' }),
      });
      await see(overview.getByRole('link', { name: 'Public demo playground' }));
      await memberPage.context().close();
      await page.context().close();
    },
    BROWSER_TEST_TIMEOUT,
  );
});
