import { readFileSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { seriesCalendar } from '../src/domain/ical-feed.js';
import { occurrencesBetween } from '../src/domain/recurrence.js';
import { readSigsYaml, type SeriesSpec } from '../src/domain/sigs-yaml.js';
import {
  expandWithIcalJs,
  expandWithRRuleTemporal,
  feedOptions,
  linesOf,
  offsetMismatches,
  parseFeed,
  seriesOf,
  textProblems,
} from './support/feed-expansion.js';

/**
 * Series read from the fixture's `sigs.yaml`, expanded for ten years by Plenum and, from Plenum's
 * feed, by ical.js and rrule-temporal: the monthly "third Thursday 17:00 UTC" of the Community
 * Calendar working group, and the biweekly meetings of SIG Network (Europe/Berlin, across every
 * daylight-saving change) and SIG Release (dated 2024, counted on from there).
 */

const WINDOW = {
  from: Temporal.Instant.from('2026-01-01T00:00:00Z'),
  to: Temporal.Instant.from('2036-01-01T00:00:00Z'),
};
const HORIZON = Temporal.PlainDate.from('2036-01-31');
const specs = readSigsYaml(
  readFileSync(new URL('fixtures/sigs/sigs.yaml', import.meta.url), 'utf8'),
  // Undated series start here, so the window holds all of their ten years.
  { today: '2026-01-01' },
);

function seriesOfGroup(slug: string, index = 0): SeriesSpec {
  const found = specs.find((s) => s.slug === slug)?.series[index];
  if (!found) throw new Error(`no series ${index} in ${slug}`);
  return found;
}

const CASES = [
  {
    name: 'wg-community-calendar: monthly, third Thursday 17:00 UTC',
    series: seriesOfGroup('wg-community-calendar'),
    count: 120,
    first: ['2026-01-15T17:00:00Z', '2026-02-19T17:00:00Z', '2026-03-19T17:00:00Z'],
  },
  {
    name: 'sig-network: biweekly Thursday 17:00 CET from 2026-01-15',
    series: seriesOfGroup('sig-network'),
    count: 260,
    // 17:00 in Berlin: 16:00 UTC in winter, 15:00 UTC from the last Sunday of March.
    first: ['2026-01-15T16:00:00Z', '2026-01-29T16:00:00Z', '2026-02-12T16:00:00Z'],
  },
  {
    name: 'sig-release: biweekly Tuesday 4PM UTC, counted from 2024-03-12',
    series: seriesOfGroup('sig-release'),
    count: 260,
    first: ['2026-01-13T16:00:00Z', '2026-01-27T16:00:00Z', '2026-02-10T16:00:00Z'],
  },
];

describe('series imported from sigs.yaml expand for ten years as ical.js and rrule-temporal read the feed', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { schedule } = c.series;
    const text = seriesCalendar(seriesOf(schedule), [], feedOptions('compatible', HORIZON));
    const occurrences = occurrencesBetween(schedule, [], WINDOW.from, WINDOW.to);
    const plenum = linesOf(occurrences);
    expect(plenum).toHaveLength(c.count);
    expect(occurrences.slice(0, 3).map((o) => o.start.toInstant().toString())).toEqual(c.first);
    expect(expandWithIcalJs(text, WINDOW)).toEqual(plenum);
    expect(expandWithRRuleTemporal(text, WINDOW)).toEqual(plenum);
    const cal = parseFeed(text);
    expect(textProblems(text, schedule.timeZone, cal)).toEqual([]);
    expect(offsetMismatches(cal, occurrences)).toEqual([]);
  });

  it('a third Thursday is the 15th to the 21st of its month, every month of the ten years', () => {
    const { schedule } = seriesOfGroup('wg-community-calendar');
    const days = occurrencesBetween(schedule, [], WINDOW.from, WINDOW.to).map((o) => o.start.toPlainDate());
    expect(days.every((d) => d.dayOfWeek === 4 && d.day >= 15 && d.day <= 21)).toBe(true);
    expect(new Set(days.map((d) => d.toPlainYearMonth().toString())).size).toBe(120);
  });
});
