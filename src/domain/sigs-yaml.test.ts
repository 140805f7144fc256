import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { WeekRule } from './schedule.js';
import { readDay, readFrequency, readTime, readZone } from './sigs-meeting.js';
import { GROUP_KINDS, type GroupSpec, MEETING_MINUTES, readSigsYaml, type SeriesSpec } from './sigs-yaml.js';
import { toSigsYaml } from './sigs-yaml-export.js';

const TODAY = '2026-12-01';

const outcome = <T>(r: { value: T } | { problem: unknown }) => ('value' in r ? r.value : r.problem);

describe('the words of a meeting', () => {
  it.each([
    ['17:00', '17:00'],
    ['9:00', '09:00'],
    ['4PM', '16:00'],
    ['8:30 am', '08:30'],
    ['12 am', '00:00'],
    ['12:15 PM', '12:15'],
  ])('time %s is %s', (text, time) => expect(outcome(readTime(text))).toBe(time));

  it.each(['25:00', '9', '13PM', '9:60', 'noon'])('time %s is refused', (text) => {
    expect(outcome(readTime(text))).toEqual({ key: 'sigs.error.badTime', params: { value: text } });
  });

  it.each([
    ['PT (Pacific Time)', 'America/Los_Angeles'],
    ['ET (Eastern Time)', 'America/New_York'],
    ['Eastern Time (ET)', 'America/New_York'],
    ['EST (Eastern Time)', 'America/New_York'],
    ['CET (Central European Time)', 'Europe/Berlin'],
    ['UTC', 'UTC'],
    ['IST', 'Asia/Kolkata'],
    ['Poland', 'Europe/Warsaw'],
    ['Europe/Rome', 'Europe/Rome'],
    ['asia/tokyo', 'Asia/Tokyo'],
  ])('zone %s is %s', (text, zone) => expect(outcome(readZone(text))).toBe(zone));

  it.each(['Mars/Olympus_Mons', 'MST', 'BST', 'GMT+2', 'Pacific', ''])('zone %s is refused', (text) => {
    expect(outcome(readZone(text))).toMatchObject({ key: 'sigs.error.unknownZone' });
  });

  it.each([
    ['Thursday', { weekday: 4 }],
    ['thu', { weekday: 4 }],
    ['Thursdays', { weekday: 4 }],
    ['third Wednesday', { weekday: 3, ordinal: 3 }],
    [
      'Tuesday (starting September 10th 2024)',
      { weekday: 2, startDate: Temporal.PlainDate.from('2024-09-10') },
    ],
    ['Wednesday after the fourth Tuesday', { weekday: 3, after: { ordinal: 4, weekday: 2 } }],
    ['Thursday after the 2nd Monday of the month', { weekday: 4, after: { ordinal: 2, weekday: 1 } }],
  ])('day %s', (text, reading) => expect(outcome(readDay(text))).toEqual(reading));

  it.each(['Thrusday', 'Thurs day', 'Donnerstag', 'next Thursday'])('day %s is refused', (text) => {
    expect(outcome(readDay(text))).toMatchObject({ key: 'sigs.error.badDay' });
  });

  it.each([
    ['weekly', { kind: 'weekly' }, undefined],
    [
      'biweekly, you must be signed into a free zoom account to join',
      { kind: 'interval', interval: 2 },
      undefined,
    ],
    ['bi-weekly', { kind: 'interval', interval: 2 }, undefined],
    ['every other week', { kind: 'interval', interval: 2 }, undefined],
    ['every four weeks', { kind: 'interval', interval: 4 }, undefined],
    ['biweekly (odd weeks)', { kind: 'parity', parity: 'odd' }, undefined],
    ['monthly - third Tuesday', { kind: 'monthly' }, 3],
    ['Monthly on 4th Thursday', { kind: 'monthly' }, 4],
    ['monthly - last Wednesday every month', { kind: 'monthly' }, -1],
    ['First Tuesday of each month', { kind: 'monthly' }, 1],
    ['every third Wednesday of the month', { kind: 'monthly' }, 3],
  ])('frequency %s', (text, cadence, ordinal) => {
    const reading = outcome(readFrequency(text));
    expect(reading).toMatchObject({ cadence });
    expect((reading as { ordinal?: number }).ordinal).toBe(ordinal);
  });

  it.each([
    ['monthly - Wednesday, after the fourth Tuesday, every month', 3, { ordinal: 4, weekday: 2 }],
    ['Wednesday after the fourth Tuesday of the month', 3, { ordinal: 4, weekday: 2 }],
    ['monthly, Friday after the first Sunday', 5, { ordinal: 1, weekday: 7 }],
  ])('frequency %s counts a day from another', (text, weekday, after) => {
    expect(outcome(readFrequency(text))).toEqual({
      cadence: { kind: 'monthly' },
      weekdays: [weekday],
      after,
    });
  });

  it.each([
    ['Monday before the fourth Tuesday', 'sigs.error.dayAfterDay'],
    ['Wednesday after the last Tuesday', 'sigs.error.afterOrdinal'],
    ['Wednesday after the fifth Tuesday', 'sigs.error.afterOrdinal'],
    ['Saturday after the fourth Tuesday', 'sigs.error.afterOrdinal'],
    ['Tuesday after the second Tuesday', 'sigs.error.afterSameDay'],
    ['the day after the fourth Tuesday', 'sigs.error.badDay'],
  ])('day %s is refused', (text, key) => {
    expect(outcome(readDay(text))).toMatchObject({ key });
  });

  it('reads the first date a frequency names', () => {
    expect(outcome(readFrequency('biweekly starting Tuesday March 12, 2024'))).toMatchObject({
      startDate: Temporal.PlainDate.from('2024-03-12'),
      weekdays: [2],
    });
  });

  it.each([
    ['1st and 3rd Tuesday', 'sigs.error.unsupportedFrequency'],
    ['monthly - Monday before the fourth Tuesday', 'sigs.error.dayAfterDay'],
    ['weekly, Wednesday after the fourth Tuesday', 'sigs.error.unsupportedFrequency'],
    ['monthly, the day after the fourth Tuesday', 'sigs.error.unsupportedFrequency'],
    ['whenever needed', 'sigs.error.unknownFrequency'],
    ['weekly or monthly', 'sigs.error.unknownFrequency'],
  ])('frequency %s is refused', (text, key) => {
    expect(outcome(readFrequency(text))).toMatchObject({ key });
  });
});

// ---------------------------------------------------------------------------------------------
// Any specs the reader can give, written and read back.

const ZONES = [
  'UTC',
  'America/Los_Angeles',
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Europe/Warsaw',
  'Australia/Lord_Howe',
  'America/Sao_Paulo',
];
const WORDS = [
  'Regular',
  'SIG',
  'Meeting',
  'Office',
  'Hours',
  'Triage',
  '(APAC friendly)',
  'Sync',
  'Bug',
  'Scrub',
];

/** Text as people type it: any characters but line breaks and controls, no spaces at the ends. */
const line = (max: number) =>
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: max })
    .map((s) => s.replace(/[\p{Cc}\p{Zl}\p{Zp}\u{FEFF}\u{85}]/gu, '').trim())
    .filter((s) => s !== '');
const slug = fc.stringMatching(/^[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,3}$/u);
const handle = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/u);
const url = (kind: string) =>
  fc.option(
    slug.map((s) => `https://${kind}.example.org/${s}`),
    { nil: null },
  );

const weekRule: fc.Arbitrary<WeekRule> = fc.oneof(
  fc.constant({ kind: 'every' as const }),
  fc.constantFrom({ kind: 'odd' as const }, { kind: 'even' as const }),
  fc.integer({ min: 2, max: 52 }).map((interval) => ({ kind: 'interval' as const, interval })),
  fc.constantFrom(1, 2, 3, 4, 5, -1 as const).map((ordinal) => ({ kind: 'monthly' as const, ordinal })),
  // `after` is the number of days on here; made a weekday once the meeting's weekday is drawn.
  fc
    .record({ ordinal: fc.constantFrom(1, 2, 3, 4 as const), after: fc.integer({ min: 1, max: 6 }) })
    .map(({ ordinal, after }) => ({ kind: 'monthlyAfter' as const, ordinal, after })),
);

/** A weekday-after rule whose `after` is days on, as a rule of the meeting's weekday. */
function onWeekday(rule: WeekRule, weekday: number): WeekRule {
  if (rule.kind !== 'monthlyAfter') return rule;
  const days = rule.ordinal === 4 ? ((rule.after - 1) % 2) + 1 : rule.after;
  return { ...rule, after: ((weekday - 1 - days + 7) % 7) + 1 };
}

const seriesSpec: fc.Arbitrary<SeriesSpec> = fc
  .record({
    title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')),
    weekday: fc.integer({ min: 1, max: 7 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 15, 30, 45),
    timeZone: fc.constantFrom(...ZONES),
    weekRule,
    dated: fc.boolean(),
    day: fc.integer({ min: 0, max: 4000 }),
    joinUrl: url('meet'),
    notesUrl: url('notes'),
    recordingsUrl: url('video'),
  })
  .map(({ title, weekday, hour, minute, timeZone, weekRule, dated, day, ...links }) => {
    // Every N weeks needs a first date; the file then states it on the meeting's weekday.
    const hasDate = dated || weekRule.kind === 'interval';
    const near = Temporal.PlainDate.from('2020-01-06').add({ days: day });
    const startDate = hasDate ? near.add({ days: (weekday - near.dayOfWeek + 7) % 7 }).toString() : TODAY;
    const startTime = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
    return {
      title,
      schedule: {
        weekday,
        startTime,
        durationMinutes: MEETING_MINUTES,
        timeZone,
        weekRule: onWeekday(weekRule, weekday),
        startDate,
        endDate: null,
      },
      dated: hasDate,
      ...links,
    };
  });

const groupSpec: fc.Arbitrary<Omit<GroupSpec, 'slug'>> = fc
  .record({
    kind: fc.constantFrom(...GROUP_KINDS),
    name: line(60),
    description: fc.oneof(fc.constant(''), line(300)),
    label: fc.option(slug, { nil: null }),
    // Drawn from few handles, so that one person is often both chair and tech lead.
    chairs: fc.uniqueArray(handle, { maxLength: 3 }),
    techLeads: fc.uniqueArray(handle, { maxLength: 3 }),
    series: fc.array(seriesSpec, { maxLength: 3 }),
  })
  .map((g) => ({ ...g, leads: [...new Set([...g.chairs, ...g.techLeads])] }));

const specs = fc
  .uniqueArray(slug, { minLength: 1, maxLength: 6 })
  .chain((slugs) => fc.tuple(...slugs.map((s) => groupSpec.map((g) => ({ ...g, slug: s })))))
  // The reader lists groups by their list in the file: sigs, then working groups, and so on.
  .map((groups) => [...groups].sort((a, b) => GROUP_KINDS.indexOf(a.kind) - GROUP_KINDS.indexOf(b.kind)));

describe('toSigsYaml and readSigsYaml', () => {
  it('read back every spec they wrote, equal', () => {
    fc.assert(
      fc.property(specs, (groups) => {
        expect(readSigsYaml(toSigsYaml(groups), { today: TODAY })).toEqual(groups);
      }),
      { numRuns: 150 },
    );
  });
});
