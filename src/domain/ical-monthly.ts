import ICAL from 'ical.js';
import type { Temporal } from 'temporal-polyfill';
import { utcTime } from './ical-time.js';
import { regularDates, zoned } from './recurrence.js';
import { daysAfter, type WeekRule } from './schedule.js';
import type { Series } from './series.js';

/** The RRULEs of monthly series: one rule each, for the whole series. */

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export const weekdayCode = (weekday: number) => WEEKDAYS[weekday - 1] ?? 'MO';

/**
 * The one rule of a monthly series: `FREQ=MONTHLY;BYDAY=3TH` (`-1MO` for the last Monday). A
 * numeric prefix on BYDAY is the form Google, Outlook and Apple Calendar all read and write
 * (BYSETPOS is not understood everywhere); a month without a fifth such weekday is skipped, as
 * RFC 5545 asks and Plenum does. The rule never breaks, so it is open unless the series ends.
 */
export function monthlyRule(series: Series, ordinal: number, end: Temporal.PlainDate | null): ICAL.Recur {
  const schedule = series.schedule;
  const recur = new ICAL.Recur({ freq: 'MONTHLY', byday: [`${ordinal}${weekdayCode(schedule.weekday)}`] });
  const lastDate = end ? regularDates(schedule, end.subtract({ years: 1 }), end).at(-1) : undefined;
  if (lastDate) recur.until = utcTime(zoned(lastDate, schedule.startTime, schedule.timeZone).toInstant());
  return recur;
}

/**
 * The one rule of a "weekday after" series: the Wednesday after the fourth Tuesday is the
 * Wednesday among the 23rd to the 29th, `FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=23,…,29`. Seven days
 * hold each weekday once, so the rule names exactly one day a month, and a day the month lacks
 * (the 29th of most Februaries) means no meeting, as RFC 5545 and Plenum agree. Plain BYDAY and
 * BYMONTHDAY are what every calendar client reads.
 */
export function monthlyAfterRule(
  series: Series,
  rule: Extract<WeekRule, { kind: 'monthlyAfter' }>,
  end: Temporal.PlainDate | null,
): ICAL.Recur {
  const schedule = series.schedule;
  const first = (rule.ordinal - 1) * 7 + 1 + daysAfter(rule.after, schedule.weekday);
  const days = Array.from({ length: 7 }, (_, i) => first + i);
  const recur = new ICAL.Recur({
    freq: 'MONTHLY',
    byday: [weekdayCode(schedule.weekday)],
    bymonthday: days,
  });
  const lastDate = end ? regularDates(schedule, end.subtract({ years: 1 }), end).at(-1) : undefined;
  if (lastDate) recur.until = utcTime(zoned(lastDate, schedule.startTime, schedule.timeZone).toInstant());
  return recur;
}
