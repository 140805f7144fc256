import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshotPages, signedInPage } from '../support/browser.js';
import { buildIdea, buildUser, planningSeries, type TestUser } from '../support/factories.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * A maintainer moves a proposal to Accepted with a reason through the page's form, and the page
 * then shows the new state and the reason in its history; another proposal goes the way of a
 * meeting: nominated from its page, discussed at the meeting, accepted by a decision there, the
 * minutes published. The server's clock is moved past the meeting's end, never waited for.
 * Screenshots of the list and the pages at 1280 and 375 px, English and German, go to
 * PLENUM_SHOTS when it is set.
 */
const SHOTS = process.env.PLENUM_SHOTS;
/** Sunday 29 Nov 2026; the planning meeting is on Mon 30 Nov, 14:00–14:30 in Berlin. */
let clock = new Date('2026-11-29T10:00:00Z');
const MEETING = '/meetings/planning-meeting/2026-11-30';

describe('proposal pages in Chromium', () => {
  let browser: Browser;
  let hub: Hub;
  let origin: string;
  let maintainer: TestUser;

  beforeAll(async () => {
    browser = await launchBrowser();
    hub = await startHub('sqlite', { now: () => clock });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    maintainer = await buildUser(hub, { role: 'maintainer', name: 'Mara Maintainer' });
    const idea = await buildIdea(hub, maintainer, { title: 'Boot machines faster', status: 'backlog' });
    await hub.app.proposals.create(maintainer.actor, {
      number: 1,
      title: 'Boot machines over HTTP',
      text: '## Motivation\n\nPXE is slow and needs TFTP.\n\n## Proposal\n\n- Serve the kernel over **HTTPS**\n- Keep PXE as a fallback',
      authors: ['Ada Lovelace', 'Grace Hopper'],
      ideas: [idea.slug],
    });
    await hub.app.proposals.create(maintainer.actor, {
      number: 2,
      title: 'Machine internet without firewalls',
    });
    const third = await hub.app.proposals.create(maintainer.actor, {
      number: 3,
      title: 'A dashboard for every tenant',
    });
    await hub.app.proposals.changeState(maintainer.actor, third.number, 1, 'declined', 'Out of scope');
    await planningSeries(hub, maintainer);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('accepts a proposal through its form and shows the history', async () => {
    const { context, page } = await signedInPage(browser, origin, maintainer);
    await page.goto('/proposals/1');
    await page.locator('#state-state').selectOption('accepted');
    await page.getByLabel('Reason').fill('Agreed in the planning meeting');
    await page.getByRole('button', { name: 'Change the state' }).click();
    await page.waitForURL((url) => url.searchParams.get('notice') === 'proposals.stateChanged');
    expect(await page.locator('h1 .chip').textContent()).toBe('Accepted');
    expect(await page.locator('#history, .timeline').first().textContent()).toContain(
      'Agreed in the planning meeting',
    );
    await context.close();
  }, 60_000);

  it('takes a proposal through a meeting: nominated, decided, minutes published', async () => {
    const { context, page } = await signedInPage(browser, origin, maintainer);
    await page.goto('/proposals/2');
    expect(await seriousViolations(page), 'axe on the proposal').toEqual([]);
    const nominate = page.getByRole('region', { name: 'Bring it to a planning meeting' });
    // One series: the button alone names it.
    await nominate.getByRole('button', { name: 'Nominate for the next meeting' }).click();
    await page.waitForURL((url) => url.pathname === MEETING);
    await page.locator('a[href="/proposals/2"]').first().waitFor();
    // A visitor reading the proposal sees the meeting begin without reloading.
    const watching = await browser.newContext({ baseURL: origin });
    const visitor = await watching.newPage();
    await visitor.goto('/proposals/2');
    await visitor.locator('#proposal .chip-phase-before').waitFor();

    await page.getByRole('button', { name: 'Start the meeting now' }).click();
    await page.locator('#run-sheet').waitFor();
    await visitor.locator('#proposal .chip-phase-during').waitFor();
    await watching.close();
    expect(await seriousViolations(page), 'axe on the run sheet').toEqual([]);
    const decision = page.locator(`form[action="${MEETING}/decisions"]`);
    // The decision form starts from the topic under discussion: this proposal.
    expect(await decision.getByLabel(/Proposal it concerns/u).inputValue()).toBe('2');
    await decision.getByLabel('Decision', { exact: true }).fill('We open the machine network');
    await decision.getByLabel('Move the proposal to').selectOption('accepted');
    // No objection window: the decision is taken as the minutes come out.
    expect(await decision.getByLabel(/Objection window/u).inputValue()).toBe('');
    await decision.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Decision recorded.').waitFor();
    const notes = page.locator(`form[action="${MEETING}/minutes"]`);
    await notes.getByLabel('Notes (Markdown)').fill('We talked about the **machine network**.');
    await notes.getByRole('button', { name: 'Save minutes' }).click();
    await page.getByText('Minutes saved.').waitFor();
    // Taken up and decided: the topic stays with this meeting rather than going on to the next.
    await page.getByRole('button', { name: 'Mark discussed' }).first().click();
    await page.getByText('Topic changed.').waitFor();

    clock = new Date('2026-11-30T14:00:00Z');
    await page.goto(MEETING);
    await page.getByRole('button', { name: 'Publish minutes' }).click();
    await page.getByText('Minutes published.').waitFor();
    expect(await seriousViolations(page), 'axe on the record').toEqual([]);

    await page.goto('/proposals/2');
    expect(await page.locator('h1 .chip').textContent()).toBe('Accepted');
    const meetings = page.getByRole('region', { name: 'In meetings' });
    expect(await meetings.textContent()).toContain('Planning meeting, 30 Nov 2026');
    expect(await meetings.textContent()).toContain('Minutes published');
    const decisions = page.getByRole('region', { name: 'Decisions' });
    expect(await decisions.textContent()).toContain('We open the machine network');
    expect(await page.locator('.timeline').textContent()).toContain('We open the machine network');
    expect(await seriousViolations(page), 'axe on the decided proposal').toEqual([]);
    await context.close();
  }, 120_000);

  it.runIf(SHOTS)(
    'takes screenshots of the list and a page',
    async () => {
      await screenshotPages(browser, origin, SHOTS as string, [
        ['list', '/proposals'],
        ['page', '/proposals/1'],
        ['decided', '/proposals/2'],
      ]);
    },
    120_000,
  );
});
