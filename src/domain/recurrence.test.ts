import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { isoWeek, weeksBetween, weeksInIsoYear } from './iso-week.js';
import {
  type Occurrence,
  type OccurrenceChange,
  occurrenceOn,
  occurrencesBetween,
  regularDates,
  type Segment,
  segments,
  upcoming,
  zoned,
} from './recurrence.js';
import { type Schedule, validateSchedule } from './schedule.js';

/** The reference series: odd ISO weeks, Monday 14:00–14:30 Europe/Berlin. */
const REFERENCE: Schedule = {
  weekday: 1,
  startTime: '14:00',
  durationMinutes: 30,
  timeZone: 'Europe/Berlin',
  weekRule: { kind: 'odd' },
  startDate: '2026-01-01',
  endDate: null,
};

function schedule(overrides: Partial<Schedule>): Schedule {
  return { ...REFERENCE, ...overrides };
}

/** A meeting moved to another day and time: for half an hour, no reason given, first change. */
function movedMeeting(
  date: string,
  newDate: string,
  newStartTime: string,
  overrides: Partial<Omit<OccurrenceChange & { kind: 'moved' }, 'kind'>> = {},
): OccurrenceChange {
  return {
    kind: 'moved',
    date,
    reason: null,
    newDate,
    newStartTime,
    newDurationMinutes: 30,
    sequence: 1,
    ...overrides,
  };
}

const instant = (iso: string) => Temporal.Instant.from(iso);
const date = (iso: string) => Temporal.PlainDate.from(iso);

function between(
  s: Schedule,
  from: string,
  to: string,
  changes: readonly OccurrenceChange[] = [],
): Occurrence[] {
  return occurrencesBetween(s, changes, instant(from), instant(to));
}

/** Start instants as UTC text, the unit every assertion below compares. */
function utcStarts(occurrences: readonly Occurrence[]): string[] {
  return occurrences.map((o) => o.start.toInstant().toString());
}

/** The occurrences start at these local times, which are these instants. */
function expectStarts(occurrences: readonly Occurrence[], local: string[], utc: string[]): void {
  expect(occurrences.map((o) => o.start.toString())).toEqual(local);
  expect(utcStarts(occurrences)).toEqual(utc);
}

function runs(list: readonly Segment[]): string[] {
  return list.map((s) => `${s.first}..${s.last} every ${s.stepWeeks} (${s.count})`);
}

describe('ISO weeks', () => {
  it.each([2015, 2020, 2026, 2032, 2037, 2043])('%i has 53 ISO weeks', (year) => {
    expect(weeksInIsoYear(year)).toBe(53);
  });

  it.each([2021, 2022, 2023, 2024, 2025, 2027])('%i has 52 ISO weeks', (year) => {
    expect(weeksInIsoYear(year)).toBe(52);
  });

  it('puts 28 Dec 2026 to 3 Jan 2027 in 2026-W53 and 4 Jan 2027 in 2027-W01', () => {
    expect(isoWeek(date('2026-12-28'))).toEqual({ year: 2026, week: 53 });
    expect(isoWeek(date('2027-01-03'))).toEqual({ year: 2026, week: 53 });
    expect(isoWeek(date('2027-01-04'))).toEqual({ year: 2027, week: 1 });
    // ISO week years and calendar years differ at both ends.
    expect(isoWeek(date('2024-12-30'))).toEqual({ year: 2025, week: 1 });
  });

  it('counts whole weeks between the weeks of two days, across a 53-week year', () => {
    expect(weeksBetween(date('2026-12-28'), date('2027-01-04'))).toBe(1);
    expect(weeksBetween(date('2027-01-03'), date('2027-01-04'))).toBe(1);
    expect(weeksBetween(date('2027-01-11'), date('2026-12-21'))).toBe(-3);
    expect(weeksBetween(date('2027-01-10'), date('2026-12-21'))).toBe(-2);
  });
});

describe('occurrencesBetween', () => {
  it('meets in 2026-W53 (Mon 28 Dec 2026) AND in 2027-W01 (Mon 4 Jan 2027): odd weeks of a 53-week year sit side by side', () => {
    const found = between(REFERENCE, '2026-12-01T00:00:00Z', '2027-02-02T00:00:00Z');
    expect(utcStarts(found)).toEqual([
      '2026-12-14T13:00:00Z',
      '2026-12-28T13:00:00Z',
      '2027-01-04T13:00:00Z',
      '2027-01-18T13:00:00Z',
      '2027-02-01T13:00:00Z',
    ]);
    expect(found.map((o) => isoWeek(o.start.toPlainDate()))).toEqual([
      { year: 2026, week: 51 },
      { year: 2026, week: 53 },
      { year: 2027, week: 1 },
      { year: 2027, week: 3 },
      { year: 2027, week: 5 },
    ]);
    expect(found.map((o) => o.key)).toEqual([
      '2026-12-14',
      '2026-12-28',
      '2027-01-04',
      '2027-01-18',
      '2027-02-01',
    ]);
    expect(found.every((o) => o.status === 'scheduled' && o.originalStart === null && o.sequence === 0)).toBe(
      true,
    );
    expect(found.every((o) => o.end.toInstant().since(o.start.toInstant()).total('minutes') === 30)).toBe(
      true,
    );
  });

  it('is 14:00 in Berlin all year: 13:00 UTC in winter, 12:00 UTC in summer', () => {
    const winter = between(REFERENCE, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(utcStarts(winter)).toEqual(['2026-01-12T13:00:00Z', '2026-01-26T13:00:00Z']);
    const summer = between(REFERENCE, '2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z');
    expect(utcStarts(summer)).toEqual([
      '2026-06-01T12:00:00Z',
      '2026-06-15T12:00:00Z',
      '2026-06-29T12:00:00Z',
    ]);
    expect(summer.map((o) => o.start.toPlainTime().toString())).toEqual(['14:00:00', '14:00:00', '14:00:00']);
    expect(summer[0]?.end.toString()).toBe('2026-06-01T14:30:00+02:00[Europe/Berlin]');
  });

  it('meets in even weeks 2026-W52 (21 Dec) then 2027-W02 (11 Jan): three weeks apart after a 53-week year', () => {
    const found = between(
      schedule({ weekRule: { kind: 'even' } }),
      '2026-12-01T00:00:00Z',
      '2027-01-26T00:00:00Z',
    );
    expect(utcStarts(found)).toEqual([
      '2026-12-07T13:00:00Z',
      '2026-12-21T13:00:00Z',
      '2027-01-11T13:00:00Z',
      '2027-01-25T13:00:00Z',
    ]);
    expect(found.map((o) => isoWeek(o.start.toPlainDate()).week)).toEqual([50, 52, 2, 4]);
  });

  it('meets every week, W53 included', () => {
    const found = between(
      schedule({ weekday: 4, weekRule: { kind: 'every' } }),
      '2026-12-20T00:00:00Z',
      '2027-01-15T00:00:00Z',
    );
    expect(found.map((o) => o.key)).toEqual(['2026-12-24', '2026-12-31', '2027-01-07', '2027-01-14']);
    expect(isoWeek(date('2026-12-31')).week).toBe(53);
  });

  it('meets every N weeks counted from the week of the start date, ignoring ISO years', () => {
    // Start on Wednesday of 2026-W52: that week's Monday is before the start, so the first
    // meeting is three weeks on, and W53 counts like any other week.
    const every3 = schedule({ weekRule: { kind: 'interval', interval: 3 }, startDate: '2026-12-23' });
    expect(between(every3, '2026-01-01T00:00:00Z', '2027-03-01T00:00:00Z').map((o) => o.key)).toEqual([
      '2027-01-11',
      '2027-02-01',
      '2027-02-22',
    ]);
    // A plain every-2-weeks rule started in an odd 2026 week drifts to even weeks after W53:
    // it meets on 2027-01-11 (W02) where the odd-week series meets on 2027-01-04 (W01).
    const every2 = schedule({ weekRule: { kind: 'interval', interval: 2 }, startDate: '2026-01-12' });
    const keys = between(every2, '2026-12-20T00:00:00Z', '2027-01-20T00:00:00Z').map((o) => o.key);
    expect(keys).toEqual(['2026-12-28', '2027-01-11']);
    expect(between(REFERENCE, '2026-12-20T00:00:00Z', '2027-01-20T00:00:00Z').map((o) => o.key)).toEqual([
      '2026-12-28',
      '2027-01-04',
      '2027-01-18',
    ]);
  });

  it('includes the start date and the end date themselves', () => {
    const bounded = schedule({ startDate: '2026-01-12', endDate: '2026-02-09' });
    const found = between(bounded, '2025-01-01T00:00:00Z', '2028-01-01T00:00:00Z');
    expect(found.map((o) => o.key)).toEqual(['2026-01-12', '2026-01-26', '2026-02-09']);
    // One day later at either end drops that meeting.
    const inside = schedule({ startDate: '2026-01-13', endDate: '2026-02-08' });
    expect(between(inside, '2025-01-01T00:00:00Z', '2028-01-01T00:00:00Z').map((o) => o.key)).toEqual([
      '2026-01-26',
    ]);
  });

  it('takes the window as [from, to): a meeting starting at `to` is left out, one starting at `from` is in', () => {
    const found = between(REFERENCE, '2026-12-28T13:00:00Z', '2027-01-04T13:00:00Z');
    expect(found.map((o) => o.key)).toEqual(['2026-12-28']);
  });

  it('does not depend on the server zone (the suite runs in Pacific/Auckland)', () => {
    // Monday 14:00 Berlin is Tuesday 01:00/02:00 in Auckland; the local dates must still be Mondays.
    const found = between(REFERENCE, '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z');
    expect(found.every((o) => o.start.dayOfWeek === 1 && o.start.timeZoneId === 'Europe/Berlin')).toBe(true);
    expect(found.every((o) => isoWeek(o.start.toPlainDate()).week % 2 === 1)).toBe(true);
  });

  describe('daylight-saving changes (RFC 5545 §3.3.5, Temporal "compatible")', () => {
    const sunday0230 = schedule({ weekday: 7, startTime: '02:30', weekRule: { kind: 'every' } });

    it('moves a 02:30 meeting on the spring-forward day in Berlin (2026-03-29) to 03:30 CEST', () => {
      const found = between(sunday0230, '2026-03-21T00:00:00Z', '2026-04-06T00:00:00Z');
      expectStarts(
        found,
        [
          '2026-03-22T02:30:00+01:00[Europe/Berlin]',
          '2026-03-29T03:30:00+02:00[Europe/Berlin]',
          '2026-04-05T02:30:00+02:00[Europe/Berlin]',
        ],
        ['2026-03-22T01:30:00Z', '2026-03-29T01:30:00Z', '2026-04-05T00:30:00Z'],
      );
      // The duration is elapsed time: 30 minutes, 03:30 to 04:00.
      expect(found[1]?.end.toString()).toBe('2026-03-29T04:00:00+02:00[Europe/Berlin]');
    });

    it('takes the first 02:30 on the fall-back day in Berlin (2026-10-25): CEST, 00:30 UTC', () => {
      const found = between(sunday0230, '2026-10-24T00:00:00Z', '2026-11-02T00:00:00Z');
      expectStarts(
        found,
        ['2026-10-25T02:30:00+02:00[Europe/Berlin]', '2026-11-01T02:30:00+01:00[Europe/Berlin]'],
        ['2026-10-25T00:30:00Z', '2026-11-01T01:30:00Z'],
      );
      // Thirty elapsed minutes after 02:30 CEST is 02:00 CET, the second 02:00 of the night.
      expect(found[0]?.end.toString()).toBe('2026-10-25T02:00:00+01:00[Europe/Berlin]');
    });

    it('follows Australia/Lord_Howe, whose clocks move by 30 minutes', () => {
      const lordHowe = (startTime: string, weekday = REFERENCE.weekday) =>
        schedule({ timeZone: 'Australia/Lord_Howe', weekday, startTime, weekRule: { kind: 'every' } });
      const monday0900 = lordHowe('09:00');
      // +11:00 in summer, +10:30 in winter; 09:00 local is the previous day in UTC.
      expect(utcStarts(between(monday0900, '2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z'))).toEqual([
        '2026-03-01T22:00:00Z',
      ]);
      expect(utcStarts(between(monday0900, '2026-05-03T00:00:00Z', '2026-05-05T00:00:00Z'))).toEqual([
        '2026-05-03T22:30:00Z',
      ]);
      // 2026-10-04: 02:00 becomes 02:30, so 02:15 does not exist and is read 30 minutes later.
      const gap = between(lordHowe('02:15', 7), '2026-09-26T00:00:00Z', '2026-10-11T00:00:00Z');
      expectStarts(
        gap,
        [
          '2026-09-27T02:15:00+10:30[Australia/Lord_Howe]',
          '2026-10-04T02:45:00+11:00[Australia/Lord_Howe]',
          '2026-10-11T02:15:00+11:00[Australia/Lord_Howe]',
        ],
        ['2026-09-26T15:45:00Z', '2026-10-03T15:45:00Z', '2026-10-10T15:15:00Z'],
      );
      // 2026-04-05: 02:00 becomes 01:30, so 01:45 happens twice; the first (+11:00) counts.
      const repeated = between(lordHowe('01:45', 7), '2026-04-01T00:00:00Z', '2026-04-12T00:00:00Z');
      expectStarts(
        repeated,
        ['2026-04-05T01:45:00+11:00[Australia/Lord_Howe]', '2026-04-12T01:45:00+10:30[Australia/Lord_Howe]'],
        ['2026-04-04T14:45:00Z', '2026-04-11T15:15:00Z'],
      );
    });

    it('follows America/New_York (changes on other days than Europe)', () => {
      const ny = (startTime: string, weekday = 7) =>
        schedule({ timeZone: 'America/New_York', weekday, startTime, weekRule: { kind: 'every' } });
      expect(utcStarts(between(ny('02:30'), '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z'))).toEqual([
        '2026-03-08T07:30:00Z',
      ]);
      expect(between(ny('02:30'), '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')[0]?.start.toString()).toBe(
        '2026-03-08T03:30:00-04:00[America/New_York]',
      );
      // 01:30 on 2026-11-01 happens in EDT and again in EST: the first one.
      expect(utcStarts(between(ny('01:30'), '2026-10-31T00:00:00Z', '2026-11-02T00:00:00Z'))).toEqual([
        '2026-11-01T05:30:00Z',
      ]);
      // Between the US and the EU change (9 to 28 March 2026) New York is 4 hours behind UTC,
      // Berlin still 1 hour ahead.
      expect(utcStarts(between(ny('09:00', 1), '2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z'))).toEqual([
        '2026-03-09T13:00:00Z',
      ]);
    });

    it('resolves the local time of a moved or extra meeting with the same rule', () => {
      const changes: OccurrenceChange[] = [
        movedMeeting('2026-03-23', '2026-03-29', '02:30'),
        {
          kind: 'extra',
          date: '2026-10-25',
          reason: null,
          startTime: '02:30',
          durationMinutes: 60,
          sequence: 0,
        },
      ];
      const found = between(REFERENCE, '2026-03-20T00:00:00Z', '2026-11-01T00:00:00Z', changes);
      const moved = found.find((o) => o.key === '2026-03-23');
      expect(moved?.start.toString()).toBe('2026-03-29T03:30:00+02:00[Europe/Berlin]');
      const extra = found.find((o) => o.status === 'extra');
      expect(extra?.start.toInstant().toString()).toBe('2026-10-25T00:30:00Z');
      expect(extra?.end.toString()).toBe('2026-10-25T02:30:00+01:00[Europe/Berlin]');
    });

    it('zoned() is the one place the rule lives', () => {
      expect(zoned(date('2026-03-29'), '02:30', 'Europe/Berlin').toString()).toBe(
        '2026-03-29T03:30:00+02:00[Europe/Berlin]',
      );
      expect(zoned(date('2026-10-25'), '02:30', 'Europe/Berlin').toString()).toBe(
        '2026-10-25T02:30:00+02:00[Europe/Berlin]',
      );
    });
  });

  describe('exceptions', () => {
    const changes: OccurrenceChange[] = [
      { kind: 'cancelled', date: '2026-12-28', reason: 'Between the years', sequence: 2 },
      movedMeeting('2027-01-04', '2027-01-05', '16:15', { reason: 'Room taken', newDurationMinutes: 45 }),
      {
        kind: 'extra',
        date: '2027-01-07',
        reason: 'Release planning',
        startTime: '10:00',
        durationMinutes: 90,
        sequence: 0,
      },
    ];

    it('keeps a cancelled meeting in the list, marked, with its reason', () => {
      const found = between(REFERENCE, '2026-12-20T00:00:00Z', '2027-01-01T00:00:00Z', changes);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        key: '2026-12-28',
        status: 'cancelled',
        reason: 'Between the years',
        sequence: 2,
      });
      expect(found[0]?.start.toInstant().toString()).toBe('2026-12-28T13:00:00Z');
    });

    it('lists a moved meeting at its new time with its original start, and an extra one', () => {
      const found = between(REFERENCE, '2026-12-20T00:00:00Z', '2027-01-20T00:00:00Z', changes);
      expect(found.map((o) => [o.key, o.status, o.start.toInstant().toString()])).toEqual([
        ['2026-12-28', 'cancelled', '2026-12-28T13:00:00Z'],
        ['2027-01-04', 'moved', '2027-01-05T15:15:00Z'],
        ['2027-01-07', 'extra', '2027-01-07T09:00:00Z'],
        ['2027-01-18', 'scheduled', '2027-01-18T13:00:00Z'],
      ]);
      const moved = found[1];
      expect(moved?.originalStart?.toInstant().toString()).toBe('2027-01-04T13:00:00Z');
      expect(moved?.end.toInstant().toString()).toBe('2027-01-05T16:00:00Z');
      expect(moved).toMatchObject({ reason: 'Room taken', sequence: 1 });
      const extra = found[2];
      expect(extra).toMatchObject({ reason: 'Release planning', originalStart: null });
      expect(extra?.end.toInstant().toString()).toBe('2027-01-07T10:30:00Z');
    });

    it('finds a meeting moved into the window from outside it, and drops one moved out of it', () => {
      // Only the new day of the 4 January meeting is in this window.
      const into = between(REFERENCE, '2027-01-05T00:00:00Z', '2027-01-06T00:00:00Z', changes);
      expect(into.map((o) => [o.key, o.status])).toEqual([['2027-01-04', 'moved']]);
      // Only its original day is in this one.
      const outOf = between(REFERENCE, '2027-01-04T00:00:00Z', '2027-01-05T00:00:00Z', changes);
      expect(outOf).toEqual([]);
      // Moved by months, across a daylight-saving change, still found at its new time.
      const far: OccurrenceChange[] = [movedMeeting('2026-01-12', '2026-07-01', '14:00')];
      expect(utcStarts(between(REFERENCE, '2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z', far))).toEqual([
        '2026-07-01T12:00:00Z',
      ]);
      expect(between(REFERENCE, '2026-01-12T00:00:00Z', '2026-01-13T00:00:00Z', far)).toEqual([]);
    });

    it('sorts a meeting moved before an earlier one into place', () => {
      const early: OccurrenceChange[] = [movedMeeting('2027-01-18', '2027-01-02', '11:00')];
      const found = between(REFERENCE, '2026-12-20T00:00:00Z', '2027-01-20T00:00:00Z', early);
      expect(found.map((o) => o.key)).toEqual(['2026-12-28', '2027-01-18', '2027-01-04']);
    });

    it('leaves out an extra meeting outside the window', () => {
      expect(between(REFERENCE, '2027-01-08T00:00:00Z', '2027-01-10T00:00:00Z', changes)).toEqual([]);
    });
  });
});

describe('occurrenceOn', () => {
  const changes: OccurrenceChange[] = [
    { kind: 'cancelled', date: '2026-12-28', reason: 'Holidays', sequence: 1 },
    movedMeeting('2027-01-04', '2027-01-05', '09:00'),
    { kind: 'extra', date: '2027-01-07', reason: null, startTime: '10:00', durationMinutes: 60, sequence: 0 },
  ];

  it('names a regular meeting by its local date', () => {
    const o = occurrenceOn(REFERENCE, [], '2026-12-28');
    expect(o?.status).toBe('scheduled');
    expect(o?.start.toInstant().toString()).toBe('2026-12-28T13:00:00Z');
    expect(occurrenceOn(REFERENCE, [], '2027-01-04')?.start.toInstant().toString()).toBe(
      '2027-01-04T13:00:00Z',
    );
  });

  it('applies the change of that day', () => {
    expect(occurrenceOn(REFERENCE, changes, '2026-12-28')).toMatchObject({
      status: 'cancelled',
      reason: 'Holidays',
    });
    const moved = occurrenceOn(REFERENCE, changes, '2027-01-04');
    expect(moved?.status).toBe('moved');
    expect(moved?.start.toInstant().toString()).toBe('2027-01-05T08:00:00Z');
  });

  it('finds an extra meeting', () => {
    const extra = occurrenceOn(REFERENCE, changes, '2027-01-07');
    expect(extra?.status).toBe('extra');
    expect(extra?.start.toInstant().toString()).toBe('2027-01-07T09:00:00Z');
  });

  it('returns null for a day without a meeting', () => {
    expect(occurrenceOn(REFERENCE, changes, '2026-12-21')).toBeNull(); // even week
    expect(occurrenceOn(REFERENCE, changes, '2026-12-29')).toBeNull(); // Tuesday
    expect(occurrenceOn(REFERENCE, changes, '2027-01-05')).toBeNull(); // only the new day of a moved one
    expect(occurrenceOn(REFERENCE, changes, '2025-12-29')).toBeNull(); // before the start
    expect(occurrenceOn(schedule({ endDate: '2027-01-04' }), [], '2027-01-18')).toBeNull(); // after the end
    expect(occurrenceOn(schedule({ endDate: '2027-01-04' }), [], '2027-01-04')).not.toBeNull();
  });
});

describe('upcoming', () => {
  it('counts a meeting in progress as the next one', () => {
    const next = upcoming(REFERENCE, [], instant('2026-12-28T13:29:00Z'), 2);
    expect(next.map((o) => o.key)).toEqual(['2026-12-28', '2027-01-04']);
  });

  it('skips a meeting that has just ended', () => {
    const next = upcoming(REFERENCE, [], instant('2026-12-28T13:30:00Z'), 2);
    expect(next.map((o) => o.key)).toEqual(['2027-01-04', '2027-01-18']);
  });

  it('includes cancelled meetings, marked, and moved ones at their new time', () => {
    const changes: OccurrenceChange[] = [
      { kind: 'cancelled', date: '2027-01-04', reason: 'Holidays', sequence: 1 },
      movedMeeting('2027-01-18', '2027-01-19', '14:00'),
    ];
    const next = upcoming(REFERENCE, changes, instant('2026-12-29T00:00:00Z'), 3);
    expect(next.map((o) => [o.key, o.status, o.start.toInstant().toString()])).toEqual([
      ['2027-01-04', 'cancelled', '2027-01-04T13:00:00Z'],
      ['2027-01-18', 'moved', '2027-01-19T13:00:00Z'],
      ['2027-02-01', 'scheduled', '2027-02-01T13:00:00Z'],
    ]);
  });

  it('returns fewer (or none) once the series ends', () => {
    const ending = schedule({ endDate: '2027-01-18' });
    expect(upcoming(ending, [], instant('2027-01-01T00:00:00Z'), 5).map((o) => o.key)).toEqual([
      '2027-01-04',
      '2027-01-18',
    ]);
    expect(upcoming(ending, [], instant('2027-02-01T00:00:00Z'), 5)).toEqual([]);
  });

  it('looks far enough ahead for a series that has not started yet', () => {
    const later = schedule({ startDate: '2029-06-01' });
    expect(upcoming(later, [], instant('2026-01-01T00:00:00Z'), 1).map((o) => o.key)).toEqual(['2029-06-04']);
  });
});

describe('segments', () => {
  const odd = REFERENCE;
  const even = schedule({ weekRule: { kind: 'even' } });

  it('splits odd weeks after each 53-week year: breaks after 2027-01-03, 2033-01-02, 2038-01-03, 2044-01-03', () => {
    expect(runs(segments(odd, date('2045-01-01')))).toEqual([
      '2026-01-12..2026-12-28 every 2 (26)',
      '2027-01-04..2032-12-27 every 2 (157)',
      '2033-01-03..2037-12-28 every 2 (131)',
      '2038-01-04..2043-12-28 every 2 (157)',
      '2044-01-04..2048-12-28 every 2 (131)',
    ]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7])(
    'breaks odd-week runs at the same week boundaries for weekday %i',
    (weekday) => {
      const list = segments(schedule({ weekday }), date('2045-01-01'));
      const breaks = ['2027-01-03', '2033-01-02', '2038-01-03', '2044-01-03'];
      expect(list).toHaveLength(breaks.length + 1);
      breaks.forEach((b, i) => {
        const before = list[i] as Segment;
        const after = list[i + 1] as Segment;
        expect(Temporal.PlainDate.compare(before.last, date(b))).toBeLessThanOrEqual(0);
        expect(Temporal.PlainDate.compare(after.first, date(b))).toBeGreaterThan(0);
        expect(isoWeek(before.last).week).toBe(53);
        expect(isoWeek(after.first).week).toBe(1);
        expect(weeksBetween(before.last, after.first)).toBe(1);
      });
      // Inside a run the dates are exactly the regular ones.
      const first = list[1] as Segment;
      expect(regularDates(schedule({ weekday }), first.first, first.last)).toHaveLength(first.count);
    },
  );

  it('splits even weeks where W53 falls out: W52 to W02 is three weeks', () => {
    expect(runs(segments(even, date('2034-01-01')))).toEqual([
      '2026-01-05..2026-12-21 every 2 (26)',
      '2027-01-11..2032-12-20 every 2 (156)',
      '2033-01-10..2037-12-21 every 2 (130)',
    ]);
    const list = segments(schedule({ weekday: 7, weekRule: { kind: 'even' } }), date('2034-01-01'));
    expect(list.map((s) => [isoWeek(s.first).week, isoWeek(s.last).week])).toEqual([
      [2, 52],
      [2, 52],
      [2, 52],
    ]);
    expect(weeksBetween((list[0] as Segment).last, (list[1] as Segment).first)).toBe(3);
  });

  it('never splits every-week or every-N-weeks rules', () => {
    const every = segments(schedule({ weekRule: { kind: 'every' } }), date('2033-12-31'));
    expect(runs(every)).toEqual(['2026-01-05..2033-12-26 every 1 (417)']);
    // Counted from the week of 1 Jan 2026 (Mon 29 Dec 2025, before the start): 19 Jan is week 3.
    const every3 = segments(schedule({ weekRule: { kind: 'interval', interval: 3 } }), date('2033-12-31'));
    expect(runs(every3)).toEqual(['2026-01-19..2033-12-26 every 3 (139)']);
  });

  it.each([
    ['odd', odd],
    ['even', even],
  ])('keeps %s-week runs identical when the horizon moves later (published runs are stable)', (_name, s) => {
    const final = runs(segments(s, date('2040-01-01')));
    for (const until of [
      '2026-01-04',
      '2026-06-01',
      '2026-12-27',
      '2026-12-28',
      '2026-12-31',
      '2027-01-04',
      '2027-01-11',
      '2029-07-15',
      '2032-12-27',
      '2033-01-03',
      '2037-12-31',
    ]) {
      const early = runs(segments(s, date(until)));
      expect(early, `until ${until}`).toEqual(final.slice(0, early.length));
    }
  });

  it('keeps the one every-week run starting on the same day; its end follows the horizon', () => {
    const s = schedule({ weekRule: { kind: 'every' } });
    const a = segments(s, date('2027-01-01'));
    const b = segments(s, date('2030-01-01'));
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]?.first.toString()).toBe(b[0]?.first.toString());
    expect(a[0]?.stepWeeks).toBe(1);
    expect(a[0]?.last.toString()).toBe('2026-12-28');
    expect(b[0]?.last.toString()).toBe('2029-12-31');
  });

  it('stops the last run at the end date instead of its natural break', () => {
    const list = segments(schedule({ endDate: '2030-06-30' }), date('2028-01-01'));
    expect(runs(list)).toEqual([
      '2026-01-12..2026-12-28 every 2 (26)',
      '2027-01-04..2030-06-17 every 2 (91)',
    ]);
    expect(isoWeek(date('2030-06-17')).week).toBe(25);
  });

  it('starts the first run at the first meeting on or after the start date', () => {
    const list = segments(schedule({ startDate: '2032-12-28' }), date('2033-06-01'));
    expect(runs(list)).toEqual(['2033-01-03..2037-12-28 every 2 (131)']);
    expect(runs(segments(schedule({ startDate: '2032-12-27' }), date('2033-06-01')))).toEqual([
      '2032-12-27..2032-12-27 every 2 (1)',
      '2033-01-03..2037-12-28 every 2 (131)',
    ]);
  });
});

/** The problems validateSchedule reports, by field and message key. */
function problemsOf(input: Record<string, unknown>): { field: string; key: string }[] {
  try {
    validateSchedule(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).problems.map(({ field, key }) => ({ field, key }));
  }
  throw new Error('expected a ValidationError');
}

describe('validateSchedule', () => {
  const good = {
    weekday: '1',
    startTime: ' 14:00 ',
    durationMinutes: '30',
    timeZone: 'Europe/Berlin',
    weekRule: 'odd',
    startDate: '2026-01-01',
    endDate: '',
  };

  it('returns a clean schedule', () => {
    expect(validateSchedule(good)).toEqual(REFERENCE);
    expect(
      validateSchedule({ ...good, weekRule: 'interval', interval: 52, durationMinutes: 1440 }),
    ).toMatchObject({
      weekRule: { kind: 'interval', interval: 52 },
      durationMinutes: 1440,
    });
    expect(validateSchedule({ ...good, endDate: '2026-01-01' }).endDate).toBe('2026-01-01');
    expect(validateSchedule({ ...good, timeZone: 'Australia/Lord_Howe' }).timeZone).toBe(
      'Australia/Lord_Howe',
    );
  });

  it.each(['Mars/Olympus', 'Europe/Nowhere', '+01:00', 'CET', '', 'Europe/Berlin; DROP'])(
    'rejects the zone %j',
    (timeZone) => {
      expect(problemsOf({ ...good, timeZone })).toEqual([
        { field: 'timeZone', key: 'error.unknownTimeZone' },
      ]);
    },
  );

  it.each(['25:00', '24:00', '14:60', '2pm', '14.00', ''])('rejects the start time %j', (startTime) => {
    expect(problemsOf({ ...good, startTime })).toEqual([{ field: 'startTime', key: 'error.badTime' }]);
  });

  it.each([0, -30, 1441, '1.5', 'abc'])('rejects the duration %j', (durationMinutes) => {
    expect(problemsOf({ ...good, durationMinutes })).toEqual([
      { field: 'durationMinutes', key: 'error.badDuration' },
    ]);
  });

  it.each([0, 53, -2])('rejects the interval %j', (interval) => {
    expect(problemsOf({ ...good, weekRule: 'interval', interval })).toEqual([
      { field: 'interval', key: 'error.badInterval' },
    ]);
  });

  it('rejects an end before the start', () => {
    expect(problemsOf({ ...good, endDate: '2025-12-31' })).toEqual([
      { field: 'endDate', key: 'error.endBeforeStart' },
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      problemsOf({
        weekday: 8,
        startTime: '25:00',
        durationMinutes: 0,
        timeZone: 'Mars/Olympus',
        weekRule: 'interval',
        interval: 53,
        startDate: '2026-02-30',
        endDate: 'soon',
      }),
    ).toEqual([
      { field: 'weekday', key: 'error.badWeekday' },
      { field: 'startTime', key: 'error.badTime' },
      { field: 'durationMinutes', key: 'error.badDuration' },
      { field: 'timeZone', key: 'error.unknownTimeZone' },
      { field: 'interval', key: 'error.badInterval' },
      { field: 'startDate', key: 'error.badDate' },
      { field: 'endDate', key: 'error.badDate' },
    ]);
    expect(problemsOf({ ...good, weekRule: 'fortnightly', durationMinutes: -1 })).toEqual([
      { field: 'durationMinutes', key: 'error.badDuration' },
      { field: 'weekRule', key: 'error.badWeekRule' },
    ]);
  });
});

describe('a monthly series: the Nth weekday of the month', () => {
  const good = {
    weekday: '4',
    startTime: '17:00',
    durationMinutes: '60',
    timeZone: 'UTC',
    weekRule: 'monthly',
    ordinal: '3',
    startDate: '2026-01-01',
    endDate: '',
  };
  const thirdThursday: Schedule = {
    weekday: 4,
    startTime: '17:00',
    durationMinutes: 60,
    timeZone: 'UTC',
    weekRule: { kind: 'monthly', ordinal: 3 },
    startDate: '2026-01-01',
    endDate: null,
  };

  it('validates "third Thursday" and "last Monday"', () => {
    expect(validateSchedule(good)).toEqual(thirdThursday);
    expect(validateSchedule({ ...good, weekday: 1, ordinal: -1 }).weekRule).toEqual({
      kind: 'monthly',
      ordinal: -1,
    });
    // JSON sends null for a parameter the rule does not have.
    expect(validateSchedule({ ...good, interval: null }).weekRule).toEqual({ kind: 'monthly', ordinal: 3 });
  });

  it.each([0, 6, -2, '', 'third', 1.5, undefined])('rejects the ordinal %j', (ordinal) => {
    expect(problemsOf({ ...good, ordinal })).toEqual([{ field: 'ordinal', key: 'error.badOrdinal' }]);
  });

  it('refuses a parameter of another rule: "third" with a number of weeks, or with weekly rules', () => {
    expect(problemsOf({ ...good, interval: 2 })).toEqual([
      { field: 'interval', key: 'error.intervalNotMonthly' },
    ]);
    expect(problemsOf({ ...good, weekRule: 'interval', interval: 2 })).toEqual([
      { field: 'ordinal', key: 'error.ordinalNotMonthly' },
    ]);
    expect(problemsOf({ ...good, weekRule: 'odd' })).toEqual([
      { field: 'ordinal', key: 'error.ordinalNotMonthly' },
    ]);
  });

  it('upcoming, occurrencesBetween and occurrenceOn agree; other days of the month are no occurrence', () => {
    const now = Temporal.Instant.from('2026-12-17T17:30:00Z');
    // The meeting in progress counts; then the third Thursdays of January to March.
    expect(upcoming(thirdThursday, [], now, 4).map((o) => o.key)).toEqual([
      '2026-12-17',
      '2027-01-21',
      '2027-02-18',
      '2027-03-18',
    ]);
    expect(occurrenceOn(thirdThursday, [], '2027-01-21')?.start.toString()).toBe(
      '2027-01-21T17:00:00+00:00[UTC]',
    );
    expect(occurrenceOn(thirdThursday, [], '2027-01-14')).toBeNull();
    expect(occurrenceOn(thirdThursday, [], '2027-01-28')).toBeNull();
  });

  it('cancels and moves a monthly occurrence as a weekly one', () => {
    const changes: OccurrenceChange[] = [
      { kind: 'cancelled', date: '2027-01-21', reason: 'Holiday', sequence: 1 },
      movedMeeting('2027-02-18', '2027-02-25', '18:00'),
    ];
    const found = occurrencesBetween(
      thirdThursday,
      changes,
      Temporal.Instant.from('2027-01-01T00:00:00Z'),
      Temporal.Instant.from('2027-04-01T00:00:00Z'),
    );
    expect(found.map((o) => [o.key, o.status, o.start.toInstant().toString()])).toEqual([
      ['2027-01-21', 'cancelled', '2027-01-21T17:00:00Z'],
      ['2027-02-18', 'moved', '2027-02-25T18:00:00Z'],
      ['2027-03-18', 'scheduled', '2027-03-18T17:00:00Z'],
    ]);
    expect(occurrenceOn(thirdThursday, changes, '2027-02-18')?.status).toBe('moved');
  });

  it('a fifth Friday skips the months without one, in upcoming too', () => {
    const fifth = { ...thirdThursday, weekday: 5, weekRule: { kind: 'monthly', ordinal: 5 } } as Schedule;
    expect(upcoming(fifth, [], Temporal.Instant.from('2026-01-01T00:00:00Z'), 5).map((o) => o.key)).toEqual([
      '2026-01-30',
      '2026-05-29',
      '2026-07-31',
      '2026-10-30',
      '2027-01-29',
    ]);
  });

  it('keeps the wall-clock time across daylight saving: the last Sunday 02:30 in Berlin', () => {
    const lastSunday: Schedule = {
      ...thirdThursday,
      weekday: 7,
      startTime: '02:30',
      timeZone: 'Europe/Berlin',
      weekRule: { kind: 'monthly', ordinal: -1 },
    };
    const starts = occurrencesBetween(
      lastSunday,
      [],
      Temporal.Instant.from('2026-02-01T00:00:00Z'),
      Temporal.Instant.from('2026-11-01T00:00:00Z'),
    ).map((o) => o.start.toString());
    expect(starts).toEqual([
      '2026-02-22T02:30:00+01:00[Europe/Berlin]',
      // The last Sunday of March is the spring-forward day: 02:30 does not exist, 03:30 it is.
      '2026-03-29T03:30:00+02:00[Europe/Berlin]',
      '2026-04-26T02:30:00+02:00[Europe/Berlin]',
      '2026-05-31T02:30:00+02:00[Europe/Berlin]',
      '2026-06-28T02:30:00+02:00[Europe/Berlin]',
      '2026-07-26T02:30:00+02:00[Europe/Berlin]',
      '2026-08-30T02:30:00+02:00[Europe/Berlin]',
      '2026-09-27T02:30:00+02:00[Europe/Berlin]',
      // The last Sunday of October falls back: 02:30 happens twice, the first one counts.
      '2026-10-25T02:30:00+02:00[Europe/Berlin]',
    ]);
  });
});
