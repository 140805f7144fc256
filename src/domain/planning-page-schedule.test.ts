import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlanningPage } from './planning-page.js';
import { looksLikeSchedule, readSchedule } from './planning-page-schedule.js';
import { readDatedTable } from './schedule-table.js';

describe('readSchedule: the sentences planning pages write', () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'Public planning meetings are held biweekly on odd calendar weeks from 14:00 to 14:30 on Microsoft Teams.',
      { weekRule: 'odd', startTime: '14:00', durationMinutes: 30, platform: 'Microsoft Teams' },
    ],
    [
      'We meet every other Monday from 2pm–2:30pm (Europe/Berlin) on Jitsi.',
      {
        everyOther: true,
        weekday: 1,
        startTime: '14:00',
        durationMinutes: 30,
        timeZone: 'Europe/Berlin',
        platform: 'Jitsi',
      },
    ],
    [
      'Planning calls are every two weeks on Monday, 2–2:30 pm CET/Berlin time.',
      { everyOther: true, weekday: 1, startTime: '14:00', durationMinutes: 30, timeZone: 'Europe/Berlin' },
    ],
    [
      'The call is biweekly on Thursdays in even weeks, 16:30 to 17:15 Berlin time.',
      { weekRule: 'even', weekday: 4, startTime: '16:30', durationMinutes: 45, timeZone: 'Europe/Berlin' },
    ],
    [
      'Weekly on Wednesday at 9:00 for 45 minutes (America/New_York).',
      {
        weekRule: 'every',
        weekday: 3,
        startTime: '09:00',
        durationMinutes: 45,
        timeZone: 'America/New_York',
      },
    ],
    [
      'We meet every Tuesday, 11:30am to 12:15pm New York time.',
      {
        weekRule: 'every',
        weekday: 2,
        startTime: '11:30',
        durationMinutes: 45,
        timeZone: 'America/New_York',
      },
    ],
    [
      'Jeden zweiten Montag von 14 bis 14:30 Uhr.',
      { everyOther: true, weekday: 1, startTime: '14:00', durationMinutes: 30 },
    ],
    [
      'Die Planungsrunde trifft sich alle zwei Wochen montags in ungeraden Kalenderwochen von 14:00 bis 14:30 Uhr (Europe/Berlin) auf BigBlueButton.',
      {
        weekRule: 'odd',
        weekday: 1,
        startTime: '14:00',
        durationMinutes: 30,
        timeZone: 'Europe/Berlin',
        platform: 'BigBlueButton',
      },
    ],
    [
      'Wir treffen uns wöchentlich donnerstags von 10:00 bis 11:00 Uhr MEZ.',
      { weekRule: 'every', weekday: 4, startTime: '10:00', durationMinutes: 60, timeZone: 'Europe/Berlin' },
    ],
    [
      'Die Runde ist 14-tägig mittwochs in geraden Wochen, 9.30–10.15 Uhr (Berliner Zeit).',
      { weekRule: 'even', weekday: 3, startTime: '09:30', durationMinutes: 45, timeZone: 'Europe/Berlin' },
    ],
    [
      'We meet every 3 weeks on Friday 11am-12pm.',
      { weekRule: 'interval', interval: 3, weekday: 5, startTime: '11:00', durationMinutes: 60 },
    ],
    [
      'The call runs from 23:30 to 00:15 every week on Sunday (UTC).',
      { weekRule: 'every', weekday: 7, startTime: '23:30', durationMinutes: 45, timeZone: 'UTC' },
    ],
  ];
  it.each(cases)('%s', (sentence, expected) => {
    expect(readSchedule(sentence)).toEqual(expected);
  });

  it('leaves an ambiguous zone and two weekdays unread, and says why', () => {
    expect(readSchedule('Every other week on Monday or Tuesday, 11am–12pm IST.')).toEqual({
      everyOther: true,
      startTime: '11:00',
      durationMinutes: 60,
      notes: [
        { key: 'schedule.note.severalWeekdays' },
        { key: 'schedule.note.ambiguousZone', params: { name: 'IST' } },
      ],
    });
  });

  it('does not read dates, versions or counts as times', () => {
    expect(readSchedule('Weekly since 2026-04-06, version 3-4, see 1.2.2026.')).toEqual({
      weekRule: 'every',
    });
  });

  it('knows a schedule paragraph by its rhythm, or by a weekday with a time', () => {
    expect(looksLikeSchedule('We meet every other Monday.')).toBe(true);
    expect(looksLikeSchedule('Mondays, 2pm–3pm.')).toBe(true);
    expect(looksLikeSchedule('Our roadmap lives on GitHub since 2024.')).toBe(false);
  });
});

describe('readDatedTable: a table of dated meetings', () => {
  const header = ['Weekday', 'Date', 'Time (CET)'];
  it('derives weekday, parity, gap and time from rows two weeks apart', () => {
    expect(
      readDatedTable([
        header,
        ['Monday', '2027-01-11', '14:00–14:30'],
        ['Monday', '2027-01-25', '14:00–14:30'],
        ['Monday', '8 February 2027', '14:00–14:30'],
      ]),
    ).toEqual({
      dates: ['2027-01-11', '2027-01-25', '2027-02-08'],
      weekday: 1,
      parity: 'even',
      gap: 2,
      startTime: '14:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      notes: [],
    });
  });

  it('says which rows disagree: a weekday that is not the date’s, rows three weeks apart', () => {
    const found = readDatedTable([
      ['Tag', 'Datum', 'Uhrzeit'],
      ['Mo', '11.01.2027', '14:00–14:30'],
      ['Di', '25.01.2027', '14:00–14:30'],
      ['Mo', '15.02.2027', '14:00–14:30'],
    ]);
    expect(found?.weekday).toBeUndefined();
    expect(found?.gap).toBeUndefined();
    expect(found?.notes).toEqual([
      { key: 'schedule.note.rowWeekday', params: { row: 2, date: '2027-01-25', written: 2, actual: 1 } },
      { key: 'schedule.note.rowsApart', params: { first: 2, second: 3, weeks: 3, usual: 2 } },
    ]);
  });

  it('is no schedule table without dates', () => {
    expect(
      readDatedTable([
        ['Topic', 'Owner'],
        ['Dark mode', 'Ana'],
      ]),
    ).toBeNull();
  });
});

describe('the schedule reader against hostile input', () => {
  const anyText = fc.oneof(
    fc.string({ maxLength: 400, unit: 'grapheme' }),
    fc.string({ maxLength: 400, unit: 'binary' }),
    fc
      .array(
        fc.constantFrom(
          'every',
          'other',
          'Monday',
          'montags',
          '14:00',
          '–',
          '2pm',
          'bis',
          'Uhr',
          '(',
          ')',
          'Europe/Berlin',
          'CET',
          'IST',
          '|',
          '2026-04-06',
          '\u202e',
          '\u0000',
          '𝟙𝟜:𝟘𝟘',
          'ı',
          'ß',
          ' ',
        ),
        { maxLength: 200 },
      )
      .map((w) => w.join(' ')),
  );

  it('never throws, and reads only valid times, weekdays and zones', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const s = readSchedule(text);
        if (s.startTime !== undefined) expect(s.startTime).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/u);
        if (s.durationMinutes !== undefined) expect(s.durationMinutes).toBeGreaterThanOrEqual(1);
        if (s.durationMinutes !== undefined) expect(s.durationMinutes).toBeLessThanOrEqual(1440);
        if (s.weekday !== undefined) expect([1, 2, 3, 4, 5, 6, 7]).toContain(s.weekday);
        looksLikeSchedule(text);
      }),
      { numRuns: 500 },
    );
  });

  it('reads tables of any cells without throwing', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyText, { maxLength: 4 }), { maxLength: 12 }), (rows) => {
        const found = readDatedTable(rows);
        if (found?.weekday !== undefined) expect(found.weekday).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a huge sentence and a page of a huge table in linear time', () => {
    const started = performance.now();
    const huge = `${'every other Monday 14:00 – 14:30 Uhr (Berlin) '.repeat(20_000)}`;
    expect(readSchedule(huge).everyOther).toBe(true);
    expect(readSchedule('1'.repeat(200_000)).startTime).toBeUndefined();
    expect(readSchedule(`${'9:'.repeat(100_000)}`)).toEqual({});
    const rows = [
      ['Day', 'Date', 'Time'],
      ...Array.from({ length: 5000 }, (_, i) => [
        'Mo',
        `2027-01-${String((i % 28) + 1).padStart(2, '0')}`,
        '1'.repeat(500),
      ]),
    ];
    expect(readDatedTable(rows)?.dates.length).toBeLessThanOrEqual(500);
    const page = parsePlanningPage(
      `# T\n\nWe meet every other ${'Monday '.repeat(100_000)}.\n\n## Backlog\n\n- One\n`,
    );
    expect(page.problems).toEqual([]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
