import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildUser, planningSeries, type TestUser } from '../support/factories.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * A group's lead, a member by role, runs their group's meeting from its page in Chromium: starts
 * it, writes the notes, publishes them; checked with axe-core. Screenshots of the page as the
 * lead, before and during the meeting, at 1280 and 375 px in English and German, go to
 * PLENUM_SHOTS when it is set.
 */
const SHOTS = process.env.PLENUM_SHOTS;
const DATE = '2026-11-30';

describe('a group’s lead runs its meeting in Chromium', () => {
  let browser: Browser;
  let hub: Hub;
  let origin: string;
  let lead: TestUser;
  let path = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    hub = await startHub('sqlite', { now: () => new Date('2026-11-29T10:00:00Z') });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    const admin = await buildUser(hub, { role: 'admin', name: 'Ada Admin' });
    lead = await buildUser(hub, { name: 'Lea Lead' });
    await hub.app.groups.create(admin.actor, {
      slug: 'sig-network',
      name: 'SIG Network',
      members: [lead.user.handle],
      leads: [lead.user.handle],
    });
    const series = await planningSeries(hub, admin, 'SIG Network weekly');
    await hub.app.groups.assign(admin.actor, 'series', series.slug, 'sig-network');
    for (const title of ['IPv6 by default', 'Gateway API conformance'])
      await hub.app.agenda.propose(admin.actor, series.slug, DATE, { title });
    path = `/meetings/${series.slug}/${DATE}`;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  /** The meeting page as the lead sees it, in both languages and at both widths. */
  async function shots(page: Page, name: string) {
    if (!SHOTS) return;
    for (const lang of ['en', 'de'])
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${path}?lang=${lang}`);
        await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${width}.png`, fullPage: true });
      }
    await page.goto(`${path}?lang=en`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it('starts the meeting from its page and publishes the minutes', async () => {
    const { context, page } = await signedInPage(browser, origin, lead);
    await page.goto(path);
    await page.getByRole('button', { name: 'Move up: “Gateway API conformance”' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shots(page, 'lead-meeting-before');

    await page.getByRole('button', { name: 'Start the meeting now' }).click();
    await page.getByText('Meeting started.').waitFor();
    await page.locator('#run-sheet').waitFor();
    await page.getByLabel('Notes (Markdown)').fill('We agreed on **IPv6 by default**.');
    await page.getByRole('button', { name: 'Save minutes' }).click();
    await page.getByText('Minutes saved.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shots(page, 'lead-meeting-during');

    await page.getByRole('button', { name: 'Publish minutes' }).click();
    await page.getByText('Minutes published.').waitFor();
    await page.locator('#minutes strong', { hasText: 'IPv6 by default' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const series = await hub.store.read.series.findBySlug(path.split('/')[2] ?? '');
    expect((await hub.store.read.minutes.find(series?.id ?? '', DATE))?.status).toBe('published');
    await context.close();
  }, 90_000);
});
