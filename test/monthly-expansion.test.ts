import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { type Encoding, type StampedChange, seriesCalendar } from '../src/domain/ical-feed.js';
import { occurrencesBetween, regularDates } from '../src/domain/recurrence.js';
import type { MonthOrdinal, Schedule } from '../src/domain/schedule.js';
import {
  expandWithIcalJs,
  expandWithRRuleTemporal,
  feedOptions,
  groupsOf,
  linesOf,
  offsetMismatches,
  parseFeed,
  seriesOf,
  textProblems,
  value,
} from './support/feed-expansion.js';

/**
 * Ten years of "Nth weekday of the month" series and a biweekly one, as two independent RFC 5545
 * expanders (ical.js and rrule-temporal, strict) read Plenum's feed, against what Plenum computes
 * itself; and Plenum's own dates against the plain definition of "the third Thursday".
 */

const WINDOW = {
  from: Temporal.Instant.from('2026-01-01T00:00:00Z'),
  to: Temporal.Instant.from('2036-01-01T00:00:00Z'),
};
const HORIZON = Temporal.PlainDate.from('2036-01-31');
const date = (iso: string) => Temporal.PlainDate.from(iso);

interface Case {
  name: string;
  schedule: Schedule;
  /** The RRULE the feed must carry, as written. */
  rrule: RegExp;
  /** Meetings in the ten years, counted by hand (months with a fifth Friday, say). */
  count: number;
  changes: StampedChange[];
}

function monthly(
  ordinal: MonthOrdinal,
  weekday: number,
  startTime: string,
  timeZone: string,
  endDate: string | null = null,
): Schedule {
  return {
    weekday,
    startTime,
    durationMinutes: 60,
    timeZone,
    weekRule: { kind: 'monthly', ordinal },
    startDate: '2026-01-01',
    endDate,
  };
}

/**
 * A cancellation of the last meeting of 2026, a move of the first one of 2027 across the spring
 * daylight-saving change (in Europe and America), and an extra meeting: changes as weekly series
 * get them.
 */
function changesFor(schedule: Schedule): StampedChange[] {
  const cancelled = regularDates(schedule, date('2026-10-01'), date('2026-12-31')).at(-1);
  const moved = regularDates(schedule, date('2027-01-01'), date('2027-03-31'))[0];
  if (!cancelled || !moved) throw new Error('no meeting to change');
  const stamp = '2026-11-30T08:00:00.000Z';
  return [
    { kind: 'cancelled', date: cancelled.toString(), reason: 'Feiertag', sequence: 1, updatedAt: stamp },
    {
      kind: 'moved',
      date: moved.toString(),
      reason: 'Raum belegt',
      newDate: '2027-04-06',
      newStartTime: '09:15',
      newDurationMinutes: 45,
      sequence: 2,
      updatedAt: stamp,
    },
    {
      kind: 'extra',
      date: '2027-01-13',
      reason: 'Ersatztermin',
      startTime: '18:00',
      durationMinutes: 90,
      sequence: 0,
      updatedAt: stamp,
    },
  ];
}

const thirdThursday = monthly(3, 4, '17:00', 'UTC');
const lastMonday = monthly(-1, 1, '14:00', 'Europe/Berlin');
const fifthFriday = monthly(5, 5, '19:30', 'America/New_York', '2034-06-30');
const firstSunday = monthly(1, 7, '08:15', 'Australia/Lord_Howe');
const biweekly: Schedule = {
  weekday: 2,
  startTime: '16:00',
  durationMinutes: 30,
  timeZone: 'Europe/Berlin',
  weekRule: { kind: 'interval', interval: 2 },
  startDate: '2026-01-06',
  endDate: null,
};

const CASES: Case[] = [
  {
    name: 'third Thursday 17:00 UTC',
    schedule: thirdThursday,
    rrule: /^FREQ=MONTHLY;BYDAY=3TH$/u,
    count: 120,
    changes: changesFor(thirdThursday),
  },
  {
    name: 'last Monday 14:00 Europe/Berlin',
    schedule: lastMonday,
    rrule: /^FREQ=MONTHLY;BYDAY=-1MO$/u,
    count: 120,
    changes: changesFor(lastMonday),
  },
  {
    // Months with five Fridays from January 2026 to June 2034, counted on a calendar.
    name: 'fifth Friday 19:30 America/New_York, ending 2034-06-30',
    schedule: fifthFriday,
    rrule: /^FREQ=MONTHLY;(BYDAY=5FR;UNTIL=20340630T233000Z|UNTIL=20340630T233000Z;BYDAY=5FR)$/u,
    count: 36,
    changes: changesFor(fifthFriday),
  },
  {
    name: 'first Sunday 08:15 Australia/Lord_Howe (half-hour daylight saving)',
    schedule: firstSunday,
    rrule: /^FREQ=MONTHLY;BYDAY=1SU$/u,
    count: 120,
    changes: [],
  },
  {
    name: 'biweekly Tuesday 16:00 Europe/Berlin (every 2 weeks from the start date)',
    schedule: biweekly,
    rrule: /^FREQ=WEEKLY;INTERVAL=2;BYDAY=TU(;WKST=MO)?$/u,
    count: 261,
    changes: changesFor(biweekly),
  },
];

function feed(schedule: Schedule, changes: readonly StampedChange[], encoding: Encoding = 'compatible') {
  return seriesCalendar(seriesOf(schedule), changes, feedOptions(encoding, HORIZON));
}

describe('ten years of monthly and biweekly series: both expanders read the feed as Plenum does', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const text = feed(c.schedule, c.changes);
    const masters = groupsOf(parseFeed(text)).filter((g) => value(g.master, 'RRULE'));
    // One rule for the whole series: a monthly rule never breaks, nor does every-2-weeks.
    expect(masters).toHaveLength(1);
    expect(value(masters[0]?.master ?? { name: '', props: [], children: [] }, 'RRULE')).toMatch(c.rrule);

    const occurrences = occurrencesBetween(c.schedule, c.changes, WINDOW.from, WINDOW.to);
    const plenum = linesOf(occurrences);
    const extras = c.changes.filter((ch) => ch.kind === 'extra').length;
    expect(plenum).toHaveLength(c.count + extras);
    expect(expandWithIcalJs(text, WINDOW)).toEqual(plenum);
    expect(expandWithRRuleTemporal(text, WINDOW)).toEqual(plenum);
    const cal = parseFeed(text);
    expect(textProblems(text, c.schedule.timeZone, cal)).toEqual([]);
    expect(offsetMismatches(cal, occurrences)).toEqual([]);
    // The exact encoding has nothing better for these rules: the same text.
    expect(feed(c.schedule, c.changes, 'byweekno')).toBe(text);
  });
});

/** The Nth weekday by its plain definition: the day of the month tells which one it is. */
function isNth(day: Temporal.PlainDate, weekday: number, ordinal: MonthOrdinal): boolean {
  if (day.dayOfWeek !== weekday) return false;
  if (ordinal === -1) return day.day + 7 > day.daysInMonth;
  return Math.ceil(day.day / 7) === ordinal;
}

describe("Plenum's monthly dates are the Nth weekday of each month, by definition", () => {
  it.each([1, 2, 3, 4, 5, -1] as MonthOrdinal[])('ordinal %i, every weekday, 2026–2035', (ordinal) => {
    for (let weekday = 1; weekday <= 7; weekday++) {
      const schedule = monthly(ordinal, weekday, '10:00', 'Europe/Berlin');
      const expected: string[] = [];
      for (let d = date('2026-01-01'); d.year < 2036; d = d.add({ days: 1 }))
        if (isNth(d, weekday, ordinal)) expected.push(d.toString());
      const found = regularDates(schedule, date('2026-01-01'), date('2035-12-31')).map(String);
      expect(found).toEqual(expected);
      // A fifth one exists in only some months; every other ordinal in each of the 120.
      if (ordinal === 5) expect(found.length).toBeLessThan(60);
      else expect(found).toHaveLength(120);
    }
  });

  it('the fifth Friday skips the months without one (2026: January, May, July, October)', () => {
    expect(regularDates(fifthFriday, date('2026-01-01'), date('2026-12-31')).map(String)).toEqual([
      '2026-01-30',
      '2026-05-29',
      '2026-07-31',
      '2026-10-30',
    ]);
  });

  it('the last Monday 14:00 in Berlin is 13:00 UTC in winter and 12:00 UTC in summer', () => {
    const around = occurrencesBetween(
      lastMonday,
      [],
      Temporal.Instant.from('2027-02-01T00:00:00Z'),
      Temporal.Instant.from('2027-05-01T00:00:00Z'),
    ).map((o) => o.start.toInstant().toString());
    expect(around).toEqual(['2027-02-22T13:00:00Z', '2027-03-29T12:00:00Z', '2027-04-26T12:00:00Z']);
  });
});
