import ICAL from 'ical.js';
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { type Encoding, type StampedChange, seriesCalendar } from '../src/domain/ical-feed.js';
import { isoWeek } from '../src/domain/iso-week.js';
import {
  type Occurrence,
  type OccurrenceChange,
  occurrencesBetween,
  regularDates,
} from '../src/domain/recurrence.js';
import type { Schedule } from '../src/domain/schedule.js';
import {
  type Block,
  expandWithIcalJs as expandByIcalJs,
  expandWithRRuleTemporal as expandByRRuleTemporal,
  feedOptions,
  groupsOf,
  icalInstant,
  linesOf,
  observances,
  offsetMismatches,
  type Prop,
  parseFeed,
  plenumInstances as plenumInWindow,
  prop,
  seriesOf,
  TEXTS,
  textProblems,
  value,
  zonedOf,
} from './support/feed-expansion.js';

/**
 * The independent check of the iCalendar feeds: what two other implementations of RFC 5545 make
 * of them must be exactly what Plenum computes itself. ical.js expands the `compatible` encoding
 * (it mis-expands BYWEEKNO), rrule-temporal the `byweekno` one; both read the VTIMEZONE and TZIDs
 * of the feed text, never Plenum's objects.
 */

const FROM = Temporal.Instant.from('2019-12-01T00:00:00Z');
/** A day before the horizon in every zone, so no meeting in the window lies beyond it. */
const TO = Temporal.Instant.from('2060-12-30T00:00:00Z');
const HORIZON = Temporal.PlainDate.from('2060-12-31');
const WINDOW = { from: FROM, to: TO };

const expandWithIcalJs = (text: string) => expandByIcalJs(text, WINDOW);
const expandWithRRuleTemporal = (text: string) => expandByRRuleTemporal(text, WINDOW);
const plenumInstances = (schedule: Schedule, changes: readonly OccurrenceChange[]) =>
  plenumInWindow(schedule, changes, WINDOW);

/** Start times chosen so the UTC date differs from the local one in three of the four zones. */
const ZONES = [
  { zone: 'Europe/Berlin', time: '14:00' },
  { zone: 'America/New_York', time: '19:30' },
  { zone: 'Asia/Kolkata', time: '04:00' },
  { zone: 'Australia/Lord_Howe', time: '08:15' },
] as const;

type Zone = (typeof ZONES)[number]['zone'];
type Parity = 'odd' | 'even';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function feed(
  schedule: Schedule,
  changes: readonly StampedChange[],
  encoding: Encoding,
  horizon = HORIZON,
): string {
  return seriesCalendar(seriesOf(schedule), changes, feedOptions(encoding, horizon));
}

// ---------------------------------------------------------------------------------------------
// The matrix: zone × weekday × odd/even, plus one every-week and one every-3-weeks series.

interface Case {
  name: string;
  zone: Zone;
  schedule: Schedule;
  changes: StampedChange[];
  /** Also expanded with rrule-temporal in the byweekno encoding. */
  sampled: boolean;
}

const date = (iso: string) => Temporal.PlainDate.from(iso);
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cancellation at the turn of 2026/2027 (W52 or W53), a move from before to after the next
 * daylight-saving change (spring in Berlin, autumn in Lord Howe), and an extra meeting.
 */
function changesFor(schedule: Schedule): StampedChange[] {
  const cancelled = regularDates(schedule, date('2026-12-14'), date('2027-01-03')).at(
    -1,
  ) as Temporal.PlainDate;
  const change = schedule.timeZone === 'Europe/Berlin' ? date('2027-03-28') : date('2027-04-04');
  const moved = regularDates(schedule, change.subtract({ days: 21 }), change.subtract({ days: 1 })).at(
    -1,
  ) as Temporal.PlainDate;
  const stamp = '2026-11-30T08:00:00.000Z';
  return [
    {
      kind: 'cancelled',
      date: cancelled.toString(),
      reason: 'Feiertag; public holiday',
      sequence: 1,
      updatedAt: stamp,
    },
    {
      kind: 'moved',
      date: moved.toString(),
      reason: 'Raum belegt',
      newDate: change.add({ days: 2 }).toString(),
      newStartTime: '09:15',
      newDurationMinutes: 60,
      sequence: 2,
      updatedAt: stamp,
    },
    {
      kind: 'extra',
      date: cancelled.add({ days: 1 }).toString(),
      reason: 'Ersatztermin',
      startTime: '18:00',
      durationMinutes: 90,
      sequence: 0,
      updatedAt: stamp,
    },
  ];
}

const CASES: Case[] = ZONES.flatMap(({ zone, time }, zi) =>
  [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
    (['odd', 'even'] as Parity[]).map((parity, pi) => {
      const schedule: Schedule = {
        weekday,
        startTime: time,
        durationMinutes: 45,
        timeZone: zone,
        weekRule: { kind: parity },
        startDate: `2020-${pad(1 + weekday)}-${pad(10 + weekday)}`,
        // One zone's series end, so UNTIL of the last run and of the exact rule are covered too.
        endDate: zone === 'Asia/Kolkata' ? `2055-${pad(weekday)}-${pad(20 + weekday)}` : null,
      };
      const withChanges = zone === 'Europe/Berlin' || zone === 'Australia/Lord_Howe';
      // Two weekdays per zone and parity, shifted so that each parity meets every weekday.
      const sampled = [(2 * zi + pi) % 7, (2 * zi + pi + 1) % 7].includes(weekday - 1);
      return {
        name: `${zone}, ${DAY_NAMES[weekday - 1]} ${time}, ${parity} weeks${withChanges ? ', with changes' : ''}`,
        zone,
        schedule,
        changes: withChanges ? changesFor(schedule) : [],
        sampled,
      };
    }),
  ),
);

const otherRules: Case[] = [
  {
    name: 'Europe/Berlin, Thu 14:00, every week, with changes',
    zone: 'Europe/Berlin',
    schedule: {
      weekday: 4,
      startTime: '14:00',
      durationMinutes: 60,
      timeZone: 'Europe/Berlin',
      weekRule: { kind: 'every' },
      startDate: '2020-03-05',
      endDate: null,
    },
    changes: [],
    sampled: true,
  },
  {
    name: 'Australia/Lord_Howe, Sat 08:15, every 3 weeks, with changes',
    zone: 'Australia/Lord_Howe',
    schedule: {
      weekday: 6,
      startTime: '08:15',
      durationMinutes: 30,
      timeZone: 'Australia/Lord_Howe',
      weekRule: { kind: 'interval', interval: 3 },
      startDate: '2020-05-01',
      endDate: null,
    },
    changes: [],
    sampled: true,
  },
];
const OTHER_RULES = otherRules.map((c) => ({ ...c, changes: changesFor(c.schedule) }));

const plenumCache = new Map<string, { occurrences: Occurrence[]; lines: string[] }>();
/** Plenum's own answer, computed once per case and shared by both expanders' tests. */
function plenumOf(c: Case): { occurrences: Occurrence[]; lines: string[] } {
  let found = plenumCache.get(c.name);
  if (!found) {
    const occurrences = occurrencesBetween(c.schedule, c.changes, FROM, TO);
    found = { occurrences, lines: linesOf(occurrences) };
    plenumCache.set(c.name, found);
  }
  return found;
}

describe('every zone × weekday × odd/even week: the compatible feed, expanded by ical.js, equals Plenum', () => {
  it('covers every zone × weekday × parity, and samples each for rrule-temporal', () => {
    expect(CASES).toHaveLength(56);
    for (const parity of ['odd', 'even']) {
      for (const { zone } of ZONES) {
        const weekdays = CASES.filter((c) => c.zone === zone && c.schedule.weekRule.kind === parity).map(
          (c) => c.schedule.weekday,
        );
        expect(weekdays).toEqual([1, 2, 3, 4, 5, 6, 7]);
      }
      const sampled = new Set(
        CASES.filter((c) => c.sampled && c.schedule.weekRule.kind === parity).map((c) => c.schedule.weekday),
      );
      expect([...sampled].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it.each([...CASES, ...OTHER_RULES].map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const text = feed(c.schedule, c.changes, 'compatible');
    const expected = plenumOf(c);
    expect(expected.lines.length).toBeGreaterThan(c.schedule.weekRule.kind === 'every' ? 2000 : 600);
    expect(expandWithIcalJs(text)).toEqual(expected.lines);
    const cal = parseFeed(text);
    expect(textProblems(text, c.zone, cal)).toEqual([]);
    expect(offsetMismatches(cal, expected.occurrences)).toEqual([]);
  });
});

describe('the byweekno feed, expanded by rrule-temporal (strict), equals Plenum', () => {
  it.each(CASES.filter((c) => c.sampled).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const text = feed(c.schedule, c.changes, 'byweekno');
    const masters = groupsOf(parseFeed(text)).map((g) => value(g.master, 'RRULE'));
    const weeks = c.schedule.weekRule.kind === 'odd' ? '1,3,5' : '2,4,6';
    expect(masters.filter((r) => r !== undefined)).toEqual([expect.stringContaining(`BYWEEKNO=${weeks}`)]);
    expect(expandWithRRuleTemporal(text)).toEqual(plenumOf(c).lines);
    expect(textProblems(text, c.zone)).toEqual([]);
  });

  it.each(OTHER_RULES.map((c) => [c.name, c] as const))(
    '%s (compatible runs; no BYWEEKNO form exists)',
    (_name, c) => {
      const text = feed(c.schedule, c.changes, 'byweekno');
      expect(text).not.toContain('BYWEEKNO');
      expect(expandWithRRuleTemporal(text)).toEqual(plenumOf(c).lines);
    },
  );
});

// ---------------------------------------------------------------------------------------------

const REFERENCE: Schedule = {
  weekday: 1,
  startTime: '14:00',
  durationMinutes: 30,
  timeZone: 'Europe/Berlin',
  weekRule: { kind: 'odd' },
  startDate: '2026-01-01',
  endDate: null,
};

describe('the 53-week year 2026', () => {
  const text = feed(REFERENCE, [], 'compatible', date('2036-01-01'));

  it('meets in 2026-W53 (Mon 28 Dec 2026) and in 2027-W01 (Mon 4 Jan 2027), one run ending and the next starting', () => {
    const around = expandWithIcalJs(text).filter((l) => l >= '2026-12-01' && l < '2027-02-02');
    expect(around.map((l) => l.split(' ')[0])).toEqual([
      '2026-12-14T13:00:00Z',
      '2026-12-28T13:00:00Z',
      '2027-01-04T13:00:00Z',
      '2027-01-18T13:00:00Z',
      '2027-02-01T13:00:00Z',
    ]);
    expect(isoWeek(date('2026-12-28')).week).toBe(53);
    expect(isoWeek(date('2027-01-04')).week).toBe(1);
    const masters = groupsOf(parseFeed(text)).map((g) => g.master);
    expect(masters.slice(0, 2).map((m) => [value(m, 'UID'), value(m, 'DTSTART'), value(m, 'RRULE')])).toEqual(
      [
        [
          '0190f3a1-7c2e-7b1d-9a4e-5f6a7b8c9d0e-2026-01-12@plenum.example.org',
          '20260112T140000',
          'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20261228T130000Z',
        ],
        [
          '0190f3a1-7c2e-7b1d-9a4e-5f6a7b8c9d0e-2027-01-04@plenum.example.org',
          '20270104T140000',
          'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20321227T130000Z',
        ],
      ],
    );
  });

  it('shows why the runs exist: one naive FREQ=WEEKLY;INTERVAL=2 rule, expanded by ical.js, drifts to 2027-01-11', () => {
    const cal = new ICAL.Component(ICAL.parse(text));
    const master = cal.getFirstSubcomponent('vevent') as ICAL.Component;
    const rule = master.getFirstPropertyValue('rrule') as ICAL.Recur;
    rule.until = null;
    expect(rule.toString()).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO');
    const naive = new ICAL.Event(master, { exceptions: [] });
    const iterator = naive.iterator();
    const starts: string[] = [];
    for (let next = iterator.next(); next && next.year < 2028; next = iterator.next()) {
      starts.push(icalInstant(next).toString());
    }
    expect(starts).toContain('2027-01-11T13:00:00Z');
    expect(starts).not.toContain('2027-01-04T13:00:00Z');
    expect(isoWeek(date('2027-01-11')).week).toBe(2);

    const plenum = occurrencesBetween(
      REFERENCE,
      [],
      Temporal.Instant.from('2027-01-01T00:00:00Z'),
      Temporal.Instant.from('2027-01-15T00:00:00Z'),
    );
    expect(plenum.map((o) => o.start.toInstant().toString())).toEqual(['2027-01-04T13:00:00Z']);
  });

  it('documents that ical.js 2.2.1 mis-expands BYWEEKNO (hence the compatible default), where rrule-temporal does not', () => {
    const exact = feed(REFERENCE, [], 'byweekno', date('2036-01-01'));
    const master = new ICAL.Component(ICAL.parse(exact)).getFirstSubcomponent('vevent') as ICAL.Component;
    const event = new ICAL.Event(master, { exceptions: [] });
    const iterator = event.iterator();
    const byIcalJs: string[] = [];
    for (let next = iterator.next(); next && next.year < 2028; next = iterator.next())
      byIcalJs.push(next.toString().slice(0, 10));
    // Even weeks (2026-W04, 2027-W02) appear. (Whether 2027-W01 does depends on what ical.js
    // expanded before in the same process: Time#weekNumber caches by date, not by zone.)
    expect(byIcalJs).toContain('2026-01-19');
    expect(byIcalJs).toContain('2027-01-11');
    expect(isoWeek(date('2026-01-19')).week % 2).toBe(0);

    const rule = new RRuleTemporal({
      rruleString: value(groupsOf(parseFeed(exact))[0]?.master as Block, 'RRULE') as string,
      dtstart: Temporal.ZonedDateTime.from('2026-01-12T14:00:00[Europe/Berlin]'),
      strict: true,
      temporal: Temporal,
    });
    const byRRuleTemporal = rule
      .between(new Date('2026-12-01T00:00:00Z'), new Date('2027-02-02T00:00:00Z'), true)
      .map((z) => z.toPlainDate().toString());
    expect(byRRuleTemporal).toEqual(['2026-12-14', '2026-12-28', '2027-01-04', '2027-01-18', '2027-02-01']);
  });
});

describe('feed text', () => {
  const changes = changesFor(REFERENCE);

  it('writes a cancellation as a STATUS:CANCELLED override of its instance, not as a live meeting', () => {
    for (const encoding of ['compatible', 'byweekno'] as const) {
      const text = feed(REFERENCE, changes, encoding, date('2036-01-01'));
      const events = parseFeed(text).children.filter((c) => c.name === 'VEVENT');
      const onDay = events.filter((e) => value(e, 'RECURRENCE-ID') === '20261228T140000');
      expect(onDay).toHaveLength(1);
      expect(value(onDay[0] as Block, 'STATUS')).toBe('CANCELLED');
      expect(value(onDay[0] as Block, 'SUMMARY')).toBe('Abgesagt: Plenum – öffentliches Planungstreffen');
      expect(value(onDay[0] as Block, 'SEQUENCE')).toBe('4');
      const instances = encoding === 'compatible' ? expandWithIcalJs(text) : expandWithRRuleTemporal(text);
      expect(instances.filter((l) => l.startsWith('2026-12-28T'))).toEqual([
        '2026-12-28T13:00:00Z 2026-12-28T13:30:00Z cancelled',
      ]);
    }
  });

  it('keeps TZID on every local time, Z on UNTIL and DTSTAMP, CRLF and 75 octets per line, in both encodings', () => {
    for (const encoding of ['compatible', 'byweekno'] as const) {
      const text = feed(REFERENCE, changes, encoding, date('2036-01-01'));
      expect(textProblems(text, 'Europe/Berlin')).toEqual([]);
      expect(text).toContain('DTSTAMP:20191102T111213Z');
      expect(text).toContain('DTSTAMP:20261130T080000Z');
      // The long non-ASCII description is folded, and unfolds to itself.
      const description = parseFeed(text)
        .children.find((c) => c.name === 'VEVENT')
        ?.props.find((p) => p.name === 'DESCRIPTION');
      expect(description?.value.replace(/\\([,;\\])/gu, '$1')).toBe(TEXTS.description);
      expect(text.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);
    }
  });

  it('folds at code-point boundaries, never inside a UTF-8 sequence', () => {
    const text = feed(REFERENCE, changes, 'compatible', date('2028-01-01'));
    for (const line of text.split('\r\n')) {
      expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(line))).toBe(line);
      expect(line).not.toMatch(/[\uD800-\uDBFF]$/u);
    }
  });

  it('builds the same text, and so the same UIDs, twice', () => {
    const a = feed(REFERENCE, changes, 'compatible');
    const b = feed(REFERENCE, changes, 'compatible');
    const uids = (text: string) => groupsOf(parseFeed(text)).map((g) => value(g.master, 'UID'));
    expect(uids(a)).toEqual(uids(b));
    expect(a).toBe(b);
    expect(new Set(uids(a)).size).toBe(uids(a).length);
  });

  it('keeps every published run (UID, DTSTART, RRULE) when the horizon moves later', () => {
    const runsOf = (text: string) =>
      groupsOf(parseFeed(text)).map((g) =>
        [value(g.master, 'UID'), value(g.master, 'DTSTART'), value(g.master, 'RRULE')].join(' '),
      );
    const early = runsOf(feed(REFERENCE, [], 'compatible', date('2030-06-01')));
    const late = runsOf(feed(REFERENCE, [], 'compatible', date('2045-06-01')));
    expect(early).toHaveLength(2);
    expect(late.slice(0, early.length)).toEqual(early);
  });

  it.each(ZONES.map((z) => z.zone))(
    'writes the VTIMEZONE of %s with exactly the transitions Temporal knows',
    (zone) => {
      const schedule = { ...REFERENCE, timeZone: zone, startDate: '2020-01-01' };
      const list = observances(parseFeed(feed(schedule, [], 'compatible')));
      const expected: { onset: string; from: number; to: number }[] = [];
      let cursor = Temporal.ZonedDateTime.from({ year: 2019, month: 1, day: 1, timeZone: zone });
      let previous = cursor.offsetNanoseconds / 1e9;
      expected.push({ onset: cursor.toInstant().toString(), from: previous, to: previous });
      const end = Temporal.ZonedDateTime.from({ year: 2068, month: 1, day: 1, timeZone: zone });
      for (;;) {
        const next = cursor.getTimeZoneTransition('next');
        if (!next || Temporal.ZonedDateTime.compare(next, end) >= 0) break;
        const to = next.offsetNanoseconds / 1e9;
        expected.push({ onset: next.toInstant().toString(), from: previous, to });
        previous = to;
        cursor = next;
      }
      expect(list.map((o) => ({ onset: o.onset.toString(), from: o.from, to: o.to }))).toEqual(expected);
      expect(expected.length).toBe(zone === 'Asia/Kolkata' ? 1 : 99);
    },
  );
});

describe('daylight-saving edges in the feed', () => {
  /** Sundays at a time that does not exist on a spring-forward day or exists twice on a fall-back day. */
  const edges: { zone: string; time: string; gap: string[]; fold: string[]; endInGap: string[] }[] = [
    {
      zone: 'Europe/Berlin',
      time: '02:30',
      gap: ['2026-03-29', '2027-03-28'],
      fold: ['2026-10-25', '2027-10-31'],
      endInGap: [],
    },
    {
      zone: 'Australia/Lord_Howe',
      time: '01:45',
      gap: [],
      fold: ['2026-04-05', '2027-04-04'],
      endInGap: ['2026-10-04', '2027-10-03'],
    },
    { zone: 'Australia/Lord_Howe', time: '02:15', gap: ['2026-10-04', '2027-10-03'], fold: [], endInGap: [] },
  ];

  it.each(edges)(
    'writes a $time $zone master that ical.js and rrule-temporal expand like Plenum on every other day',
    ({ zone, time, gap, fold, endInGap }) => {
      const schedule: Schedule = {
        weekday: 7,
        startTime: time,
        durationMinutes: 30,
        timeZone: zone,
        weekRule: { kind: 'every' },
        startDate: '2026-01-04',
        endDate: '2027-12-26',
      };
      const text = feed(schedule, [], 'compatible');
      const plenum = plenumInstances(schedule, []);
      const byIcalJs = expandWithIcalJs(text);
      const byRRule = expandWithRRuleTemporal(text);
      const edgeDays = new Set([...gap, ...fold]);
      const onEdge = (l: string) => edgeDays.has(zonedDay(l, zone));
      const icalEdge = (l: string) => onEdge(l) || endInGap.includes(zonedDay(l, zone));
      expect(byIcalJs.filter((l) => !icalEdge(l))).toEqual(plenum.filter((l) => !icalEdge(l)));
      expect(byRRule.filter((l) => !onEdge(l))).toEqual(plenum.filter((l) => !onEdge(l)));
      expect(plenum.filter((l) => !onEdge(l))).toHaveLength(104 - edgeDays.size);
      for (const day of endInGap) {
        // The meeting exists; it ends 30 minutes later, across the gap. ical.js 2.2.1 adds the
        // duration to the wall clock (01:45 + 30 min = 02:15, which does not exist) and reads
        // the end back at the start instant, where RFC 5545 §3.3.6 wants exact time.
        const [mine] = plenum.filter((l) => zonedDay(l, zone) === day);
        const [theirs] = byIcalJs.filter((l) => zonedDay(l, zone) === day);
        const [start, end] = (mine as string).split(' ');
        expect(
          Temporal.Instant.from(end as string)
            .since(Temporal.Instant.from(start as string))
            .total('minutes'),
        ).toBe(30);
        expect(theirs).toBe(`${start} ${start} live`);
      }

      const startsOn = (lines: string[], day: string) =>
        lines.filter((l) => zonedDay(l, zone) === day).map((l) => l.split(' ')[0]);
      const read = (day: string, disambiguation: 'earlier' | 'later') =>
        date(day)
          .toPlainDateTime(Temporal.PlainTime.from(time))
          .toZonedDateTime(zone, { disambiguation })
          .toInstant()
          .toString();

      for (const day of gap) {
        // Plenum: RFC 5545 §3.3.5 (and the second rule of §3.3.10), later by the gap.
        expect(startsOn(plenum, day)).toEqual([read(day, 'later')]);
        // rrule-temporal 2.2.8 applies the first rule of §3.3.10 and drops the instance;
        // ical.js 2.2.1 reads the nonexistent time with the offset after the gap: earlier by it.
        expect(startsOn(byRRule, day)).toEqual([]);
        expect(startsOn(byIcalJs, day)).toEqual([read(day, 'earlier')]);
      }
      for (const day of fold) {
        // Plenum and rrule-temporal: the first of the two; ical.js 2.2.1: the second.
        expect(startsOn(plenum, day)).toEqual([read(day, 'earlier')]);
        expect(startsOn(byRRule, day)).toEqual([read(day, 'earlier')]);
        expect(startsOn(byIcalJs, day)).toEqual([read(day, 'later')]);
      }
    },
  );

  it('writes the master of a run starting on a spring-forward day at the nominal 02:30, so later meetings stay at 02:30', () => {
    const schedule: Schedule = {
      weekday: 7,
      startTime: '02:30',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: { kind: 'every' },
      startDate: '2026-03-29',
      endDate: '2026-05-31',
    };
    const text = feed(schedule, [], 'compatible');
    const master = groupsOf(parseFeed(text))[0]?.master as Block;
    expect(prop(master, 'DTSTART')).toMatchObject({
      value: '20260329T023000',
      params: new Map([['TZID', 'Europe/Berlin']]),
    });
    // Read by RFC 5545 §3.3.5, the first meeting is 03:30 CEST, as Plenum says.
    expect(
      zonedOf(prop(master, 'DTSTART') as Prop)
        .toInstant()
        .toString(),
    ).toBe('2026-03-29T01:30:00Z');
    const plenum = plenumInstances(schedule, []);
    expect(plenum.slice(0, 3)).toEqual([
      '2026-03-29T01:30:00Z 2026-03-29T02:00:00Z live',
      '2026-04-05T00:30:00Z 2026-04-05T01:00:00Z live',
      '2026-04-12T00:30:00Z 2026-04-12T01:00:00Z live',
    ]);
    // Every later Sunday is 02:30 CEST for ical.js too (it reads the gap day itself differently).
    expect(expandWithIcalJs(text).slice(1)).toEqual(plenum.slice(1));
  });

  it('writes DURATION instead of a DTEND whose wall-clock text would mean another instant', () => {
    const fallBack: Schedule = {
      weekday: 7,
      startTime: '02:30',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: { kind: 'every' },
      startDate: '2026-10-25',
      endDate: '2026-11-29',
    };
    // 02:30 CEST + 30 minutes is 02:00 CET, which DTEND:…T020000 would read as 02:00 CEST,
    // before the start.
    const master = groupsOf(parseFeed(feed(fallBack, [], 'compatible')))[0]?.master as Block;
    expect(prop(master, 'DTEND')).toBeUndefined();
    expect(value(master, 'DURATION')).toBe('PT30M');
    expect(expandWithRRuleTemporal(feed(fallBack, [], 'compatible'))).toEqual(plenumInstances(fallBack, []));
    // An ordinary start keeps DTEND.
    const ordinary = groupsOf(parseFeed(feed(REFERENCE, [], 'compatible', date('2027-06-01'))))[0]
      ?.master as Block;
    expect(value(ordinary, 'DTEND')).toBe('20260112T143000');
    expect(prop(ordinary, 'DURATION')).toBeUndefined();
  });

  it('matches a cancelled gap-day meeting by its nominal RECURRENCE-ID in ical.js', () => {
    const schedule: Schedule = {
      weekday: 7,
      startTime: '02:30',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: { kind: 'every' },
      startDate: '2026-03-01',
      endDate: '2026-04-26',
    };
    const changes: StampedChange[] = [
      { kind: 'cancelled', date: '2026-03-29', reason: null, sequence: 1, updatedAt: '2026-03-01T00:00:00Z' },
    ];
    const text = feed(schedule, changes, 'compatible');
    expect(text).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20260329T023000');
    // expandWithIcalJs asserts that the override was matched to an instance.
    const cancelled = expandWithIcalJs(text).filter((l) => l.endsWith('cancelled'));
    expect(cancelled).toHaveLength(1);
  });
});

describe('the exact (byweekno) rule of a series with an end', () => {
  it("ends at the series' last meeting, not at the horizon", () => {
    const schedule: Schedule = { ...REFERENCE, endDate: '2040-06-30' };
    const text = feed(schedule, [], 'byweekno', date('2030-01-01'));
    const rrule = value(groupsOf(parseFeed(text))[0]?.master as Block, 'RRULE');
    const last = regularDates(schedule, date('2040-06-01'), date('2040-06-30')).at(-1) as Temporal.PlainDate;
    const until = last.toPlainDateTime({ hour: 14 }).toZonedDateTime('Europe/Berlin').toInstant();
    expect(rrule).toContain(`UNTIL=${until.toString().replace(/[-:]/gu, '')}`);
  });
});

/** The local date (in `zone`) of the start of an instance line. */
function zonedDay(line: string, zone: string): string {
  return Temporal.Instant.from(line.split(' ')[0] as string)
    .toZonedDateTimeISO(zone)
    .toPlainDate()
    .toString();
}
