import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn } from '../support/browser.js';
import { buildIdea, buildUser, type TestUser } from '../support/factories.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * The "done when": the reference series (odd ISO weeks, Monday 14:00–14:30 Berlin) is
 * created in the browser, and its next meetings read correctly in a Berlin and in a New York
 * browser. The server's clock is pinned to Sunday 2026-11-29; the browser's clock is real, so
 * only rendered text is asserted, never "now" in the browser.
 */

const NOW = new Date('2026-11-29T10:00:00Z');
const JOIN = 'https://teams.microsoft.com/l/meetup-join/planning-meeting';
const BROWSER_TEST_TIMEOUT = 120_000;
const POLL = { timeout: 10_000 };

let browser: Browser;
let hub: Hub;
let origin: string;
let maintainer: TestUser;
let newYorker: TestUser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  hub = await startHub('sqlite', { now: () => NOW });
  origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
  await buildUser(hub, { role: 'admin' });
  maintainer = await buildUser(hub, { role: 'maintainer', name: 'Mia Maintainer' });
  newYorker = await buildUser(hub, { name: 'Nora New York' });
  await hub.app.accounts.updateProfile(newYorker.actor, newYorker.user.version, {
    name: newYorker.user.name,
    timeZone: 'America/New_York',
  });
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await hub?.close();
});

async function open(options: {
  timezoneId: string;
  locale?: string;
  javaScriptEnabled?: boolean;
}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: origin,
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  return context.newPage();
}

/** The visible text of the one element the locator finds, or null while there is not exactly one. */
async function textOf(locator: Locator): Promise<string | null> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; the rendered text is what a reader sees.
  return (await locator.count()) === 1 ? (await locator.innerText()).trim() : null;
}

/**
 * The series the first test creates through the form; should that test fail before saving, the
 * others still get their series (from the app layer) and report on their own concern.
 */
async function ensureReferenceSeries(): Promise<void> {
  if (await hub.store.read.series.findBySlug('planning-meeting')) return;
  await hub.app.meetings.create(maintainer.actor, {
    title: 'Planning meeting',
    weekRule: 'odd',
    weekday: '1',
    startTime: '14:00',
    durationMinutes: '30',
    timeZone: 'Europe/Berlin',
    startDate: '2026-11-29',
    platform: 'Microsoft Teams',
    joinUrl: JOIN,
    languages: 'English or German, depending on attendees',
  });
}

/** The time shown for one meeting of the series on /meetings (card or list), by its date. */
function meetingTime(page: Page, date: string): Locator {
  return page.locator(`a[href="/meetings/planning-meeting/${date}"] .meeting-time`);
}

describe('the reference series in Berlin and New York browsers', () => {
  it(
    'a maintainer creates the reference series in the browser form',
    async () => {
      const page = await open({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });
      await signIn(page, maintainer);
      await page.goto('/meetings');
      await page.getByRole('link', { name: 'New meeting series' }).click();
      await page.getByRole('heading', { level: 1, name: 'New meeting series' }).waitFor();

      await page.getByLabel('Title', { exact: true }).fill('Planning meeting');
      await page.getByLabel('Purpose').fill('We decide together what goes on the roadmap next.');
      await page
        .getByLabel('Weeks', { exact: true })
        .selectOption({ label: 'Odd ISO calendar weeks (biweekly)' });
      await page.getByLabel('Weekday').selectOption({ label: 'Monday' });
      await page.getByLabel('Start time').fill('14:00');
      await page.getByLabel('Duration in minutes').fill('30');
      // A typo first: the form says what is wrong and keeps everything else.
      await page.getByLabel('Time zone').fill('Mars/Olympus');
      await page.getByLabel('Start date').fill('2026-11-29');
      await page.getByLabel('Platform').fill('Microsoft Teams');
      await page.getByLabel('Join link (https)').fill(JOIN);
      await page.getByLabel('Languages').fill('English or German, depending on attendees');
      await page.getByRole('button', { name: 'Save' }).click();

      await expect
        .poll(() => textOf(page.locator('#field-timeZone-error')), POLL)
        .toBe('Unknown time zone; use an IANA name such as Europe/Berlin.');
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Planning meeting');
      expect(await page.getByLabel('Join link (https)').inputValue()).toBe(JOIN);
      expect(await hub.store.read.series.list()).toHaveLength(0);

      await page.getByLabel('Time zone').fill('Europe/Berlin');
      expect(await page.getByLabel('Meetings are recorded').isChecked()).toBe(false);
      await page.getByRole('button', { name: 'Save' }).click();

      await expect.poll(() => textOf(page.getByRole('status')), POLL).toBe('Meeting series created.');
      expect(new URL(page.url()).pathname).toBe('/meetings/planning-meeting');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Planning meeting');
      expect(await textOf(page.locator('.schedule-sentence'))).toBe(
        'biweekly on odd calendar weeks, Monday, from 14:00 to 14:30 (Europe/Berlin)',
      );
      expect(await page.getByRole('link', { name: 'Join on Microsoft Teams' }).getAttribute('href')).toBe(
        JOIN,
      );
      const series = await hub.store.read.series.list();
      expect(series.map((s) => [s.slug, s.week_rule, s.weekday, s.start_time, s.time_zone])).toEqual([
        ['planning-meeting', 'odd', 1, '14:00', 'Europe/Berlin'],
      ]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'in a Berlin browser the next meetings read 14:00–14:30 CET, with no second "your time"',
    async () => {
      await ensureReferenceSeries();
      const page = await open({ timezoneId: 'Europe/Berlin' });
      await page.goto('/meetings');
      expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
        'Europe/Berlin',
      );
      expect(await textOf(meetingTime(page, '2026-11-30'))).toMatch(/^Mon,? 30 Nov 2026, 14:00–14:30 CET$/u);
      expect(await textOf(meetingTime(page, '2026-12-28'))).toMatch(/^Mon,? 28 Dec 2026, 14:00–14:30 CET$/u);
      expect(await textOf(meetingTime(page, '2027-01-04'))).toMatch(/^Mon,? 4 Jan 2027, 14:00–14:30 CET$/u);
      // The Monday of the even week between them is not a meeting.
      expect(await meetingTime(page, '2026-12-21').count()).toBe(0);
      expect(await meetingTime(page, '2027-01-11').count()).toBe(0);
      expect(await page.locator('.your-time:visible').count()).toBe(0);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees.
      expect(await page.locator('main').innerText()).not.toContain('your time');
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'in a New York browser each meeting also shows "your time" in EST, filled in by /assets/local-time.js',
    async () => {
      await ensureReferenceSeries();
      const page = await open({ timezoneId: 'America/New_York' });
      await page.goto('/meetings');
      // The series' own time stays first and named; the reader's follows it.
      await expect
        .poll(() => textOf(meetingTime(page, '2026-11-30')), POLL)
        .toMatch(/^Mon,? 30 Nov 2026, 14:00–14:30 CET \(your time: Mon, Nov 30, 08:00–08:30 EST\)$/u);
      expect(await textOf(meetingTime(page, '2026-12-28'))).toMatch(
        /14:00–14:30 CET \(your time: Mon, Dec 28, 08:00–08:30 EST\)$/u,
      );
      expect(await textOf(meetingTime(page, '2027-01-04'))).toMatch(
        /14:00–14:30 CET \(your time: Mon, Jan 4, 08:00–08:30 EST\)$/u,
      );
      const meetings = await page.locator('.meeting-time').count();
      expect(meetings).toBe(8);
      expect(await page.locator('.your-time:visible').count()).toBe(meetings);

      // Daylight saving on both sides: New York changes on 14 March 2027, Berlin on 28 March.
      for (const [date, expected] of [
        ['2027-03-15', /^Mon,? 15 Mar 2027, 14:00–14:30 CET \(your time: Mon, Mar 15, 09:00–09:30 EDT\)$/u],
        ['2027-04-12', /^Mon,? 12 Apr 2027, 14:00–14:30 CEST \(your time: Mon, Apr 12, 08:00–08:30 EDT\)$/u],
      ] as const) {
        await page.goto(`/meetings/planning-meeting/${date}`);
        await expect.poll(() => textOf(page.locator('.meeting-when .meeting-time')), POLL).toMatch(expected);
      }
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'a New York browser without JavaScript still sees the series’ zone, and no half-filled "your time"',
    async () => {
      await ensureReferenceSeries();
      const page = await open({ timezoneId: 'America/New_York', javaScriptEnabled: false });
      await page.goto('/meetings');
      expect(await textOf(meetingTime(page, '2026-11-30'))).toMatch(/^Mon,? 30 Nov 2026, 14:00–14:30 CET$/u);
      expect(await page.locator('.your-time:visible').count()).toBe(0);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'a signed-in New Yorker sees "your time" from the server, with JavaScript disabled and a Berlin browser',
    async () => {
      // The browser's own zone is Berlin: whatever says New York can only come from the profile.
      await ensureReferenceSeries();
      const page = await open({ timezoneId: 'Europe/Berlin', javaScriptEnabled: false });
      await signIn(page, newYorker);
      await page.goto('/meetings');
      expect(await textOf(meetingTime(page, '2026-11-30'))).toMatch(
        /^Mon,? 30 Nov 2026, 14:00–14:30 CET \(your time: Mon,? 30 Nov 2026, 08:00–08:30 (EST|GMT-5)\)$/u,
      );
      expect(await textOf(meetingTime(page, '2027-01-04'))).toMatch(
        /14:00–14:30 CET \(your time: Mon,? 4 Jan 2027, 08:00–08:30 (EST|GMT-5)\)$/u,
      );
      expect(await page.locator('.your-time:visible').count()).toBe(
        await page.locator('.meeting-time').count(),
      );
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    "a visitor reads when an idea was proposed in the browser's zone; without JavaScript, in UTC",
    async () => {
      const idea = await buildIdea(hub, maintainer, { title: 'Times in the reader zone' });
      const page = await open({ timezoneId: 'America/New_York' });
      await page.goto(`/ideas/${idea.slug}`);
      // Proposed at the server's pinned 10:00 UTC on 29 Nov: 05:00 in New York.
      const proposed = page.locator(`time[datetime="${idea.createdAt}"]`).first();
      await expect.poll(() => textOf(proposed), POLL).toMatch(/^Nov 29, 2026, 0?5:00\s?AM EST$/u);
      const plain = await open({ timezoneId: 'America/New_York', javaScriptEnabled: false });
      await plain.goto(`/ideas/${idea.slug}`);
      expect(await textOf(plain.locator(`time[datetime="${idea.createdAt}"]`).first())).toMatch(
        /10:00\s?AM UTC$/u,
      );
    },
    BROWSER_TEST_TIMEOUT,
  );
});
