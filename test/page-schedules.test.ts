import { readFileSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regularDates } from '../src/domain/recurrence.js';
import { ScheduleQuestions } from '../src/domain/schedule-reading.js';
import type { Series } from '../src/domain/series.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Planning pages that write their schedule in the other forms real pages use. */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/schedules/${name}.md`, import.meta.url), 'utf8');
const NOW = () => new Date('2026-11-29T10:00:00Z');
const TODAY = Temporal.PlainDate.from('2026-11-29');

/** The first meeting days of a series from the hub's today on. */
function firstDates(series: Series, count: number): string[] {
  return regularDates(series.schedule, TODAY, TODAY.add({ weeks: 12 }))
    .slice(0, count)
    .map((d) => d.toString());
}

describe.each(ENGINES)('planning pages with their schedule in other forms on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
    maintainer = await buildUser(hub, { role: 'maintainer' });
  });
  afterAll(() => hub.close());

  const seriesTitled = async (title: string) => {
    const found = (await hub.app.meetings.list()).find((s) => s.title === title);
    if (!found) throw new Error(`no series ${title}`);
    return found;
  };
  const stored = async () => ({
    series: (await hub.app.meetings.list()).length,
    backlog: (await hub.app.ideas.list({ locale: 'en', statuses: ['backlog'], limit: 1 })).total,
  });

  it('reads an English sentence: biweekly on Thursdays in even weeks, 4:30pm–5:15pm Berlin time', async () => {
    await hub.app.docs.importPage('system', fixture('english-sentence'));
    const series = await seriesTitled('Roadmap Calls');
    expect(series.schedule).toMatchObject({
      weekday: 4,
      startTime: '16:30',
      durationMinutes: 45,
      timeZone: 'Europe/Berlin',
      weekRule: { kind: 'even' },
    });
    expect(series.platform).toBe('Jitsi');
    // ISO weeks 50 and 52 of 2026, then week 2 of 2027 (2026 has 53 weeks).
    expect(firstDates(series, 3)).toEqual(['2026-12-10', '2026-12-24', '2027-01-14']);
  });

  it('reads a German sentence: alle zwei Wochen montags in ungeraden Kalenderwochen', async () => {
    await hub.app.docs.importPage('system', fixture('german-sentence'), { lang: 'de' });
    const series = await seriesTitled('Planungsrunde');
    expect(series.schedule).toMatchObject({
      weekday: 1,
      startTime: '14:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: { kind: 'odd' },
    });
    expect(firstDates(series, 3)).toEqual(['2026-11-30', '2026-12-14', '2026-12-28']);
  });

  it('derives weekday, weeks, time and zone from a table of dated meetings', async () => {
    const plan = await hub.app.docs.previewImport('system', fixture('dated-table'));
    expect(plan.series.sources).toEqual({
      weekday: 'table',
      weeks: 'table',
      time: 'table',
      timeZone: 'table',
    });
    await hub.app.docs.importPage('system', fixture('dated-table'));
    const series = await seriesTitled('Steering Meetings');
    expect(series.schedule).toMatchObject({
      weekday: 3,
      startTime: '09:30',
      durationMinutes: 45,
      timeZone: 'Europe/Berlin',
      weekRule: { kind: 'even' },
    });
    // The table's own dates are meetings of the series.
    const dates = regularDates(series.schedule, TODAY, Temporal.PlainDate.from('2027-02-28')).map(String);
    expect(dates).toEqual(expect.arrayContaining(['2027-01-13', '2027-01-27', '2027-02-10']));
    expect(firstDates(series, 2)).toEqual(['2026-12-09', '2026-12-23']);
  });

  it('takes the parity of “every other Tuesday” from a dated row', async () => {
    await hub.app.docs.importPage('system', fixture('every-other-with-row'));
    const series = await seriesTitled('Release Sync');
    expect(series.schedule).toMatchObject({
      weekday: 2,
      startTime: '10:00',
      durationMinutes: 60,
      timeZone: 'America/New_York',
      weekRule: { kind: 'even' },
    });
    expect(firstDates(series, 3)).toEqual(['2026-12-08', '2026-12-22', '2027-01-12']);
  });

  it('asks for the weeks of “jeden zweiten Montag” without a dated row, stores nothing, then takes the answer', async () => {
    const before = await stored();
    const asked = await hub.app.docs
      .importPage('system', fixture('every-other-without-row'))
      .catch((err: unknown) => err);
    expect(asked).toBeInstanceOf(ScheduleQuestions);
    const reading = (asked as ScheduleQuestions).reading;
    expect(reading.missing).toEqual(['weekRule']);
    expect(reading.facts).toMatchObject({
      weekday: 1,
      everyOther: true,
      startTime: '14:00',
      timeZone: 'Europe/Berlin',
    });
    expect(await stored()).toEqual(before);

    await hub.app.docs.importPage('system', fixture('every-other-without-row'), {
      weekRule: 'even',
      lang: 'de',
    });
    const series = await seriesTitled('Planungstreffen');
    expect(series.schedule.weekRule).toEqual({ kind: 'even' });
    expect(firstDates(series, 2)).toEqual(['2026-12-07', '2026-12-21']);
  });

  it('says where the rows of a table disagree and asks instead of choosing', async () => {
    const page = fixture('dated-table').replace('2027-02-10', '2027-02-17');
    const asked = (await hub.app.docs
      .previewImport('system', page)
      .catch((e: unknown) => e)) as ScheduleQuestions;
    expect(asked.reading.missing).toEqual(['weekRule']);
    expect(asked.reading.notes).toEqual([
      { key: 'schedule.note.rowsApart', params: { first: 2, second: 3, weeks: 3, usual: 2 } },
    ]);
  });

  it('asks for everything of a page it cannot read, in the form, with fields and not flags; nothing is stored until answered', async () => {
    const before = await stored();
    const browser = await signedInClient(hub, maintainer);
    await browser.get('/docs/import');
    const asked = await browser.post('/docs/import', {
      action: 'apply',
      text: fixture('unreadable'),
      lang: 'en',
    });
    expect(asked.statusCode).toBe(422);
    expect(asked.body).toContain('The page has no schedule that can be read');
    for (const field of ['weekday', 'weekRule', 'startTime', 'endTime', 'timeZone'])
      expect(asked.body).toContain(`name="${field}"`);
    expect(asked.body).toContain('Choose the weekday of the meetings.');
    expect(asked.body).not.toMatch(/--weekday|--timezone|1 = Monday/u);
    expect(await stored()).toEqual(before);

    const answers = {
      weekday: '5',
      weekRule: 'odd',
      startTime: '17:00',
      endTime: '18:00',
      timeZone: 'Europe/Vienna',
    };
    const preview = await browser.post('/docs/import', {
      action: 'preview',
      text: fixture('unreadable'),
      lang: 'en',
      ...answers,
      timeZone: 'Mars/Olympus',
    });
    // A zone that is none is asked again, beside its field; the other answers are kept.
    expect(preview.statusCode).toBe(422);
    expect(preview.body).toMatch(/id="field-timeZone-error"/u);
    expect(preview.body).toContain('value="17:00"');
    const ok = await browser.post('/docs/import', {
      action: 'preview',
      text: fixture('unreadable'),
      lang: 'en',
      ...answers,
    });
    expect(ok.statusCode).toBe(200);
    // One planning page, one series: the import renames the series of the page imported before.
    expect(ok.body).toContain('the meeting series “Community Calls”');
    expect(ok.body).toContain(
      'The schedule read from the page: biweekly on odd calendar weeks, Friday, from 17:00 to 18:00 (Europe/Vienna), not recorded.',
    );
    expect(await stored()).toEqual(before);
    const applied = await browser.post('/docs/import', {
      action: 'apply',
      text: fixture('unreadable'),
      lang: 'en',
      ...answers,
    });
    expect(applied.statusCode).toBe(303);
    const series = await seriesTitled('Community Calls');
    expect(firstDates(series, 2)).toEqual(['2026-12-04', '2026-12-18']);
  });
});
