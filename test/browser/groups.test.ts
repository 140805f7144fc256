import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshotPages, signedInPage } from '../support/browser.js';
import { buildIdea, buildUser, planningSeries, type TestUser } from '../support/factories.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * A group's home and the list of groups in Chromium, checked with axe-core in English and
 * German; an admin makes a group through its form. Screenshots at 1280 and 375 px go to
 * PLENUM_SHOTS when it is set.
 */
const SHOTS = process.env.PLENUM_SHOTS;

describe('group pages in Chromium', () => {
  let browser: Browser;
  let hub: Hub;
  let origin: string;
  let admin: TestUser;
  let follower: TestUser;
  let lead: TestUser;

  beforeAll(async () => {
    browser = await launchBrowser();
    hub = await startHub('sqlite', { now: () => new Date('2026-11-29T10:00:00Z') });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    admin = await buildUser(hub, { role: 'admin', name: 'Ada Admin' });
    lead = await buildUser(hub, { name: 'Lea Lead' });
    const member = await buildUser(hub, { name: 'Mo Member' });
    await hub.app.groups.create(admin.actor, {
      slug: 'sig-network',
      name: 'SIG Network',
      description: 'Covers **networking** in the cluster: Services, Ingress and DNS.',
      members: [lead.user.handle, member.user.handle],
      leads: [lead.user.handle],
    });
    await hub.app.groups.create(admin.actor, { slug: 'wg-batch', name: 'WG Batch' });
    const series = await planningSeries(hub, admin, 'SIG Network weekly');
    await hub.app.groups.assign(admin.actor, 'series', series.slug, 'sig-network');
    await hub.app.agenda.propose(admin.actor, series.slug, '2026-11-30', { title: 'IPv6 by default' });
    await hub.app.minutes.save(admin.actor, series.slug, '2026-11-16', 0, { body: 'We met.' });
    await hub.app.minutes.publish(admin.actor, series.slug, '2026-11-16', 1);
    follower = await buildUser(hub, { name: 'Fio Follower' });
    const board = await hub.app.board.createBoard(admin.actor, { title: 'Network board' });
    await hub.app.groups.assign(admin.actor, 'board', board.id, 'sig-network');
    for (const title of ['Dual-stack Services', 'Ärger mit DNS', 'Gateway API conformance']) {
      const idea = await buildIdea(hub, admin, { title, status: 'backlog' });
      await hub.app.groups.assign(admin.actor, 'idea', idea.id, 'sig-network');
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('shows a group’s home without serious accessibility problems, in English and German', async () => {
    for (const locale of ['en-GB', 'de-DE']) {
      const context = await browser.newContext({ baseURL: origin, locale });
      const page = await context.newPage();
      await page.goto('/groups/sig-network');
      await page.getByRole('heading', { level: 1, name: 'SIG Network' }).waitFor();
      expect(await page.locator('#ideas-heading + ul li a').allTextContents()).toEqual([
        'Ärger mit DNS',
        'Dual-stack Services',
        'Gateway API conformance',
      ]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('/groups');
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    }
  }, 60_000);

  it('lets an admin make a group through its form', async () => {
    const { context, page } = await signedInPage(browser, origin, admin);
    await page.goto('/groups/new');
    await page.getByLabel('Name', { exact: true }).fill('SIG Docs');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === '/groups/sig-docs');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('lets a member follow a group from its page and then shows its next meeting on their home page', async () => {
    const { context, page } = await signedInPage(browser, origin, follower);
    await page.goto('/');
    expect(await page.locator('#group-meetings-heading').count()).toBe(0);
    await page.goto('/groups/sig-network');
    await page.getByRole('link', { name: 'IPv6 by default' }).waitFor();
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByText('You follow it now.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto('/');
    const section = page.locator('section[aria-labelledby="group-meetings-heading"]');
    await section.getByRole('link', { name: 'SIG Network', exact: true }).waitFor();
    expect(await section.getByRole('link', { name: 'WG Batch' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    if (SHOTS) {
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: `${SHOTS}/home-follower-en-${width}.png`, fullPage: true });
      }
    }
    await context.close();
  }, 60_000);

  it('lets a group’s lead make a series in their group through the form, with the group chosen', async () => {
    const { context, page } = await signedInPage(browser, origin, lead);
    await page.goto('/meetings');
    await page.getByRole('link', { name: 'New meeting series' }).click();
    await page.waitForURL((url) => url.pathname === '/meetings/new');
    const group = page.getByLabel('Group', { exact: true });
    // Only the group they lead is offered, chosen for them.
    expect(await group.locator('option').allTextContents()).toEqual(['SIG Network']);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Title', { exact: true }).fill('SIG Network triage');
    await group.selectOption('sig-network');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === '/meetings/sig-network-triage');
    await page.goto('/groups/sig-network');
    await page.locator('#meetings-heading ~ ul').getByRole('link', { name: 'SIG Network triage' }).waitFor();
    if (SHOTS) {
      for (const lang of ['en', 'de']) {
        const shot = await signedInPage(browser, origin, lead);
        for (const width of [1280, 375]) {
          await shot.page.setViewportSize({ width, height: 900 });
          await shot.page.goto(`/meetings/new?lang=${lang}`);
          const file = `${SHOTS}/series-form-lead-${lang}-${width}.png`;
          await shot.page.screenshot({ path: file, fullPage: true });
        }
        await shot.context.close();
      }
    }
    await context.close();
  }, 60_000);

  it.runIf(SHOTS)(
    'takes screenshots of the list and a group’s home',
    async () => {
      await screenshotPages(browser, origin, SHOTS as string, [
        ['groups', '/groups'],
        ['group', '/groups/sig-network'],
        ['backlog', '/backlog?group=sig-network'],
        ['roadmap', '/roadmap?group=sig-network'],
        ['search', '/search?q=dns&group=sig-network'],
        ['home', '/'],
      ]);
    },
    120_000,
  );
});
