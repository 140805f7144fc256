import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPages, signedInPage } from '../support/browser.js';
import { buildIdea, buildUser, type TestUser } from '../support/factories.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * A maintainer moves a proposal to Accepted with a reason through the page's form, and the page
 * then shows the new state and the reason in its history. Screenshots of the list and the page
 * at 1280 and 375 px, English and German, go to PLENUM_SHOTS when it is set.
 */
const SHOTS = process.env.PLENUM_SHOTS;

describe('proposal pages in Chromium', () => {
  let browser: Browser;
  let hub: Hub;
  let origin: string;
  let maintainer: TestUser;

  beforeAll(async () => {
    browser = await launchBrowser();
    hub = await startHub('sqlite');
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

  it.runIf(SHOTS)(
    'takes screenshots of the list and a page',
    async () => {
      await screenshotPages(browser, origin, SHOTS as string, [
        ['list', '/proposals'],
        ['page', '/proposals/1'],
      ]);
    },
    120_000,
  );
});
