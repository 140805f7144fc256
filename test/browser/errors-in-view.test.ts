import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildUser, planningSeries, type TestUser } from '../support/factories.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * A refused form comes back with its error summary in view and focused, wherever on a long page
 * the form stands, so nobody is left looking at the top of a page that seems unchanged.
 */
describe('a refused form in the browser', () => {
  let browser: Browser;
  let hub: Hub;
  let origin = '';
  let maintainer: TestUser;

  beforeAll(async () => {
    browser = await launchBrowser();
    hub = await startHub('sqlite', { now: () => new Date('2026-11-29T10:00:00Z') });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    maintainer = await buildUser(hub, { role: 'maintainer', name: 'Mara Maintainer' });
    await planningSeries(hub, maintainer);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('scrolls to the summary of a form low on the meeting page and focuses it', async () => {
    const { context, page } = await signedInPage(browser, origin, maintainer);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/meetings/planning-meeting/2026-11-30');
    // Before the meeting the changes wait behind their button.
    await page.locator('#manage summary').click();
    const form = page.locator('form[action$="/move"]');
    // The browser's own checks would stop the empty field first; the server's are what is tried here.
    await form.evaluate((f) => {
      (f as HTMLFormElement).noValidate = true;
    });
    await form.locator('input[name="newDate"]').fill('');
    const top = await form.evaluate((f) => f.getBoundingClientRect().top + window.scrollY);
    expect(top).toBeGreaterThan(800);
    await form.locator('button[type="submit"]').click();
    const summary = page.locator('.error-summary').first();
    await summary.waitFor({ state: 'visible' });
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await summary.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.top).toBeLessThan(800);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await context.close();
  });

  /** The summary's entries as the reader sees them, with where each link leads. */
  const entries = (page: import('playwright-core').Page) =>
    page
      .locator('.error-summary li a')
      .evaluateAll((links) => links.map((a) => [a.textContent ?? '', a.getAttribute('href') ?? '']));

  it('names each refused field by its label in the summary, links to it, and keeps what was typed', async () => {
    const { context, page } = await signedInPage(browser, origin, maintainer);
    await page.goto('/ideas/new');
    await page.getByLabel('Description').fill('Typed before the title');
    await page.locator('input[name="link_url"]').first().fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Propose an idea' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await entries(page)).toEqual([
      ['Title: This field is required.', '#field-title'],
      [expect.stringMatching(/^Links: Only http and https addresses are allowed/u), '#field-links'],
    ]);
    expect(await page.getByLabel('Description').inputValue()).toBe('Typed before the title');
    // Following the entry puts the reader on the field, ready to type.
    await summary.getByRole('link', { name: /^Title:/u }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-title');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/meetings/new?lang=de');
    await page.getByLabel('Titel', { exact: true }).fill('Planung');
    await page.getByLabel('Zeitzone').fill('Mars/Olympus');
    await page.getByLabel('Dauer in Minuten').fill('');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await summary.waitFor();
    expect(await entries(page)).toContainEqual([
      expect.stringMatching(/^Dauer in Minuten: /u),
      '#field-durationMinutes',
    ]);
    expect(await page.getByLabel('Titel', { exact: true }).inputValue()).toBe('Planung');
    expect(await page.getByLabel('Zeitzone').inputValue()).toBe('Mars/Olympus');
    await context.close();
  });

  it('names the fields of refused admin, profile and meeting forms by their labels', async () => {
    const admin = await buildUser(hub, { role: 'admin', name: 'Ada Admin' });
    const { context, page } = await signedInPage(browser, origin, admin);
    const summary = page.locator('.error-summary');
    await page.goto('/admin');
    const create = page.locator('form[action$="/admin/users"]');
    await create.getByLabel('Name', { exact: true }).fill('Nina Newcomer');
    await create.getByLabel('E-mail').fill('not-an-address');
    await create.getByRole('button', { name: 'Create' }).click();
    await summary.waitFor();
    expect(await entries(page)).toContainEqual([expect.stringMatching(/^E-mail: /u), '#field-email']);

    await page.goto('/profile');
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await summary.waitFor();
    expect(await entries(page)).toEqual([[expect.stringMatching(/^Time zone: /u), '#field-timeZone']]);
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Mars/Olympus');
    await context.close();

    const chair = await signedInPage(browser, origin, maintainer);
    const meeting = chair.page;
    await meeting.goto('/meetings/planning-meeting/2026-11-30');
    await meeting.locator('#manage summary').click();
    const move = meeting.locator('form[action$="/move"]');
    await move.evaluate((f) => {
      (f as HTMLFormElement).noValidate = true;
    });
    await move.locator('input[name="newDate"]').fill('');
    await move.locator('button[type="submit"]').click();
    await meeting.locator('.error-summary').waitFor();
    expect(await entries(meeting)).toEqual([[expect.stringMatching(/^New date: /u), '#field-newDate']]);

    // Once begun, an action item without its text is refused under the field's label.
    await meeting.getByRole('button', { name: 'Start the meeting now' }).click();
    await meeting.locator('form[action$="/actions"]').waitFor();
    await meeting.locator('form[action$="/actions"] button[type="submit"]').click();
    await meeting.locator('.error-summary').waitFor();
    expect(await entries(meeting)).toEqual([[expect.stringMatching(/^Action item: /u), '#action-text']]);
    await chair.context.close();
  });

  it('names the fields of a refused sign-up', async () => {
    const context = await browser.newContext({ baseURL: origin, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/register');
    await page.getByLabel('Name').fill('Nina Newcomer');
    await page.getByLabel('E-mail').fill('not-an-address');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('.error-summary').waitFor();
    const listed = await entries(page);
    expect(listed).toContainEqual([expect.stringMatching(/^E-mail: /u), '#field-email']);
    expect(listed).toContainEqual([expect.stringMatching(/^Password: /u), '#field-password']);
    expect(await page.getByLabel('Name').inputValue()).toBe('Nina Newcomer');
    await context.close();
  });
});
