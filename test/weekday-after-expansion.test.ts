import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { type Encoding, type StampedChange, seriesCalendar } from '../src/domain/ical-feed.js';
import { occurrencesBetween, regularDates } from '../src/domain/recurrence.js';
import { type AfterOrdinal, afterRuleProblem, type Schedule } from '../src/domain/schedule.js';
import { readSigsYaml } from '../src/domain/sigs-yaml.js';
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
 * Ten years of "the Wednesday after the fourth Tuesday" and its kin, as two independent RFC 5545
 * expanders (ical.js and rrule-temporal, strict) read Plenum's feed, against what Plenum computes
 * itself; and Plenum's own dates against the plain definition: the day after the Nth counted
 * weekday, in the same month. The meetings are in zones other than the test process's
 * (Pacific/Auckland in the checks), and across their daylight-saving changes.
 */

const WINDOW = {
  from: Temporal.Instant.from('2026-01-01T00:00:00Z'),
  to: Temporal.Instant.from('2036-01-01T00:00:00Z'),
};
const HORIZON = Temporal.PlainDate.from('2036-01-31');
const date = (iso: string) => Temporal.PlainDate.from(iso);

function after(
  weekday: number,
  ordinal: AfterOrdinal,
  counted: number,
  startTime: string,
  timeZone: string,
  endDate: string | null = null,
): Schedule {
  return {
    weekday,
    startTime,
    durationMinutes: 60,
    timeZone,
    weekRule: { kind: 'monthlyAfter', ordinal, after: counted },
    startDate: '2026-01-01',
    endDate,
  };
}

/** Kubernetes' SIG Testing as its `sigs.yaml` says it: read, not built by hand. */
const [sigTesting] =
  readSigsYaml(
    `sigs:
  - dir: sig-testing
    name: Testing
    meetings:
      - description: Regular SIG Meeting
        day: Wednesday after the fourth Tuesday
        time: "10:00"
        tz: PT (Pacific Time)
        frequency: monthly
`,
    { today: '2026-01-01' },
  )[0]?.series ?? [];
if (!sigTesting) throw new Error('the sigs.yaml entry was not read');

/** A cancellation at the end of 2026, a move across spring's clock change, an extra meeting. */
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

const thursdayAfterSecondMonday = after(4, 2, 1, '18:00', 'Europe/Berlin');
const fridayAfterFourthWednesday = after(5, 4, 3, '08:15', 'Australia/Lord_Howe', '2034-06-30');

const CASES = [
  {
    // February 2034 has its fourth Tuesday on the 28th: the Wednesday after is in March.
    name: 'sig-testing: Wednesday after the fourth Tuesday, 10:00 America/Los_Angeles',
    schedule: sigTesting.schedule,
    rrule: /^FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=23,24,25,26,27,28,29$/u,
    count: 119,
    changes: changesFor(sigTesting.schedule),
  },
  {
    name: 'Thursday after the second Monday, 18:00 Europe/Berlin',
    schedule: thursdayAfterSecondMonday,
    rrule: /^FREQ=MONTHLY;BYDAY=TH;BYMONTHDAY=11,12,13,14,15,16,17$/u,
    count: 120,
    changes: changesFor(thursdayAfterSecondMonday),
  },
  {
    // Two days after the fourth Wednesday (the 22nd to 28th): the 24th to the 30th, which a
    // February lacks when its fourth Wednesday is the 27th or 28th (the 28th in leap years):
    // 102 months to June 2034, without February 2029 (the 30th) and February 2030 (the 29th).
    name: 'Friday after the fourth Wednesday, 08:15 Australia/Lord_Howe, ending 2034-06-30',
    schedule: fridayAfterFourthWednesday,
    rrule:
      /^FREQ=MONTHLY;(BYDAY=FR;BYMONTHDAY=24,25,26,27,28,29,30;UNTIL=20340629T214500Z|UNTIL=20340629T214500Z;BYDAY=FR;BYMONTHDAY=24,25,26,27,28,29,30)$/u,
    count: 100,
    changes: [],
  },
];

function feed(schedule: Schedule, changes: readonly StampedChange[], encoding: Encoding = 'compatible') {
  return seriesCalendar(seriesOf(schedule), changes, feedOptions(encoding, HORIZON));
}

describe('ten years of "weekday after" series: both expanders read the feed as Plenum does', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // The process's own zone must play no part: it is none of the meetings' zones.
    expect(Temporal.Now.timeZoneId()).not.toBe(c.schedule.timeZone);
    const text = feed(c.schedule, c.changes);
    const masters = groupsOf(parseFeed(text)).filter((g) => value(g.master, 'RRULE'));
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
    expect(feed(c.schedule, c.changes, 'byweekno')).toBe(text);
  });

  it('sig-testing meets at 10:00 Pacific time: 18:00 UTC in winter, 17:00 UTC in summer', () => {
    const around = occurrencesBetween(
      sigTesting.schedule,
      [],
      Temporal.Instant.from('2027-02-01T00:00:00Z'),
      Temporal.Instant.from('2027-05-01T00:00:00Z'),
    ).map((o) => o.start.toInstant().toString());
    // 2027: fourth Tuesdays on 23 February, 23 March and 27 April; US summer time from 14 March.
    expect(around).toEqual(['2027-02-24T18:00:00Z', '2027-03-24T17:00:00Z', '2027-04-28T17:00:00Z']);
  });
});

/** The plain definition: `days` after the Nth `counted` weekday of the month, in that month. */
function expectedDates(weekday: number, ordinal: AfterOrdinal, counted: number): string[] {
  const found: string[] = [];
  for (let m = Temporal.PlainYearMonth.from('2026-01'); m.year < 2036; m = m.add({ months: 1 })) {
    const nth = Array.from({ length: m.daysInMonth }, (_, i) => m.toPlainDate({ day: i + 1 })).filter(
      (d) => d.dayOfWeek === counted,
    )[ordinal - 1];
    let day = nth?.add({ days: 1 });
    while (day && day.dayOfWeek !== weekday) day = day.add({ days: 1 });
    if (day && day.month === m.month) found.push(day.toString());
  }
  return found;
}

describe("Plenum's dates are the weekday after the Nth other weekday, by definition", () => {
  it.each([1, 2, 3, 4] as AfterOrdinal[])(
    'counted from the %i., every pair of weekdays, 2026–2035',
    (ordinal) => {
      let pairs = 0;
      for (let weekday = 1; weekday <= 7; weekday++) {
        for (let counted = 1; counted <= 7; counted++) {
          if (afterRuleProblem(weekday, ordinal, counted) !== null) continue;
          pairs += 1;
          const schedule = after(weekday, ordinal, counted, '10:00', 'Europe/Berlin');
          const found = regularDates(schedule, date('2026-01-01'), date('2035-12-31')).map(String);
          expect(found).toEqual(expectedDates(weekday, ordinal, counted));
          // Only from the fourth can a month (a February) be without the meeting.
          if (ordinal < 4) expect(found).toHaveLength(120);
          else expect(found.length).toBeGreaterThan(110);
        }
      }
      // Every pair of different weekdays, and from the fourth only one or two days on.
      expect(pairs).toBe(ordinal < 4 ? 42 : 14);
    },
  );

  it('February 2034 has no Wednesday after its fourth Tuesday: that Wednesday is 1 March', () => {
    expect(regularDates(sigTesting.schedule, date('2034-01-01'), date('2034-03-31')).map(String)).toEqual([
      '2034-01-25',
      '2034-03-29',
    ]);
  });

  it('refuses the fifth and the last, and three or more days after the fourth', () => {
    expect(afterRuleProblem(3, 5, 2)).toBe('error.badAfterOrdinal');
    expect(afterRuleProblem(3, -1, 2)).toBe('error.badAfterOrdinal');
    expect(afterRuleProblem(5, 4, 2)).toBe('error.badAfterOrdinal');
    expect(afterRuleProblem(4, 4, 2)).toBeNull();
    expect(afterRuleProblem(2, 4, 2)).toBe('error.badAfterWeekday');
  });
});
