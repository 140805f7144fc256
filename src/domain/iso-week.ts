import { Temporal } from 'temporal-polyfill';

/** ISO 8601 week facts. Weeks start on Monday; week 1 holds the year's first Thursday. */

export function isoWeek(date: Temporal.PlainDate): { year: number; week: number } {
  // The ISO calendar always defines both; the polyfill types them as possibly undefined.
  return { year: date.yearOfWeek ?? date.year, week: date.weekOfYear ?? 0 };
}

/**
 * 52 or 53. Computed from 28 December, which always lies in the year's last ISO week
 * (temporal-polyfill's `weeksInYear` can be undefined).
 */
export function weeksInIsoYear(year: number): number {
  return Temporal.PlainDate.from({ year, month: 12, day: 28 }).weekOfYear ?? 52;
}

export function mondayOf(date: Temporal.PlainDate): Temporal.PlainDate {
  return date.subtract({ days: date.dayOfWeek - 1 });
}

/** Whole weeks from the week of `a` to the week of `b` (negative if `b` is earlier). */
export function weeksBetween(a: Temporal.PlainDate, b: Temporal.PlainDate): number {
  return mondayOf(a).until(mondayOf(b), { largestUnit: 'days' }).days / 7;
}
