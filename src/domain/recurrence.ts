import { Temporal } from 'temporal-polyfill';
import { isoWeek, mondayOf, weeksBetween, weeksInIsoYear } from './iso-week.js';
import { type AfterOrdinal, daysAfter, type MonthOrdinal, type Schedule } from './schedule.js';

/**
 * Occurrences of a series, computed in local wall-clock time of the series' zone.
 *
 * DST rule (the same as RFC 5545 §3.3.5 and Temporal's "compatible" disambiguation): a local
 * start time that does not exist on a spring-forward day is moved later by the length of the
 * gap (02:30 becomes 03:30 in Europe/Berlin); a time that occurs twice on a fall-back day
 * means the first of the two (the earlier instant).
 */

/** One change to one occurrence, keyed by the occurrence's original local date. */
export type OccurrenceChange =
  | { kind: 'cancelled'; date: string; reason: string | null; sequence: number }
  | {
      kind: 'moved';
      date: string;
      reason: string | null;
      /** New local date and time, in the series' zone. */
      newDate: string;
      newStartTime: string;
      newDurationMinutes: number;
      sequence: number;
    }
  | {
      kind: 'extra';
      date: string;
      reason: string | null;
      startTime: string;
      durationMinutes: number;
      sequence: number;
    };

export type OccurrenceStatus = 'scheduled' | 'cancelled' | 'moved' | 'extra';

export interface Occurrence {
  /** Original local date `YYYY-MM-DD`: the occurrence's stable name in URLs and feeds. */
  key: string;
  start: Temporal.ZonedDateTime;
  end: Temporal.ZonedDateTime;
  /** Where a moved occurrence was originally scheduled. */
  originalStart: Temporal.ZonedDateTime | null;
  status: OccurrenceStatus;
  reason: string | null;
  sequence: number;
}

/** Whether a day (already on the series' weekday) is in a week the series meets in. */
function meetsInWeekOf(schedule: Schedule, date: Temporal.PlainDate): boolean {
  const rule = schedule.weekRule;
  switch (rule.kind) {
    case 'odd':
      return isoWeek(date).week % 2 === 1;
    case 'even':
      return isoWeek(date).week % 2 === 0;
    case 'every':
      return true;
    case 'interval':
      return weeksBetween(Temporal.PlainDate.from(schedule.startDate), date) % rule.interval === 0;
    case 'monthly':
    case 'monthlyAfter':
      return monthlyDay(schedule, date.toPlainYearMonth())?.equals(date) ?? false;
  }
}

/** The meeting day of a month under a monthly rule, or null for a month without one. */
function monthlyDay(schedule: Schedule, month: Temporal.PlainYearMonth): Temporal.PlainDate | null {
  const rule = schedule.weekRule;
  if (rule.kind === 'monthly') return nthWeekdayOfMonth(month, schedule.weekday, rule.ordinal);
  if (rule.kind === 'monthlyAfter')
    return weekdayAfterOfMonth(month, schedule.weekday, rule.ordinal, rule.after);
  return null;
}

/**
 * The first `weekday` after the `ordinal`th `after` weekday of a month ("the Wednesday after
 * the fourth Tuesday"), or null where that day is in the next month: the rule's meetings are
 * the month's, as the calendar rule publishing them (BYMONTHDAY) can only say.
 */
export function weekdayAfterOfMonth(
  month: Temporal.PlainYearMonth,
  weekday: number,
  ordinal: AfterOrdinal,
  after: number,
): Temporal.PlainDate | null {
  const counted = nthWeekdayOfMonth(month, after, ordinal);
  const day = counted?.add({ days: daysAfter(after, weekday) });
  return day && day.month === month.month ? day : null;
}

/**
 * The `ordinal`th `weekday` of a month (-1: the last), or null where the month has no such day
 * (a fifth Friday exists in only some months).
 */
export function nthWeekdayOfMonth(
  month: Temporal.PlainYearMonth,
  weekday: number,
  ordinal: MonthOrdinal,
): Temporal.PlainDate | null {
  if (ordinal === -1) {
    const last = month.toPlainDate({ day: month.daysInMonth });
    return last.subtract({ days: (last.dayOfWeek - weekday + 7) % 7 });
  }
  const first = month.toPlainDate({ day: 1 });
  const day = first.add({ days: ((weekday - first.dayOfWeek + 7) % 7) + (ordinal - 1) * 7 });
  return day.month === month.month ? day : null;
}

/** The meeting days of a monthly rule within [lower, upper], month by month. */
function monthlyDates(
  schedule: Schedule,
  lower: Temporal.PlainDate,
  upper: Temporal.PlainDate,
): Temporal.PlainDate[] {
  const dates: Temporal.PlainDate[] = [];
  const last = upper.toPlainYearMonth();
  for (
    let month = lower.toPlainYearMonth();
    Temporal.PlainYearMonth.compare(month, last) <= 0;
    month = month.add({ months: 1 })
  ) {
    const day = monthlyDay(schedule, month);
    if (day && Temporal.PlainDate.compare(day, lower) >= 0 && Temporal.PlainDate.compare(day, upper) <= 0)
      dates.push(day);
  }
  return dates;
}

/** The regular meeting days (before exceptions) within [from, to], both inclusive. */
export function regularDates(
  schedule: Schedule,
  from: Temporal.PlainDate,
  to: Temporal.PlainDate,
): Temporal.PlainDate[] {
  const first = Temporal.PlainDate.from(schedule.startDate);
  const last = schedule.endDate ? Temporal.PlainDate.from(schedule.endDate) : null;
  const lower = Temporal.PlainDate.compare(from, first) > 0 ? from : first;
  const upper = last && Temporal.PlainDate.compare(last, to) < 0 ? last : to;
  if (schedule.weekRule.kind === 'monthly' || schedule.weekRule.kind === 'monthlyAfter')
    return monthlyDates(schedule, lower, upper);
  const dates: Temporal.PlainDate[] = [];
  let day = mondayOf(lower).add({ days: schedule.weekday - 1 });
  for (; Temporal.PlainDate.compare(day, upper) <= 0; day = day.add({ weeks: 1 })) {
    if (Temporal.PlainDate.compare(day, lower) < 0) continue;
    if (meetsInWeekOf(schedule, day)) dates.push(day);
  }
  return dates;
}

export function isRegularDate(schedule: Schedule, date: Temporal.PlainDate): boolean {
  return regularDates(schedule, date, date).length === 1;
}

/** Local date and time in a zone, resolved by the DST rule above. */
export function zoned(date: Temporal.PlainDate, time: string, timeZone: string): Temporal.ZonedDateTime {
  return date
    .toPlainDateTime(Temporal.PlainTime.from(time))
    .toZonedDateTime(timeZone, { disambiguation: 'compatible' });
}

function regularOccurrence(schedule: Schedule, date: Temporal.PlainDate): Occurrence {
  const start = zoned(date, schedule.startTime, schedule.timeZone);
  return {
    key: date.toString(),
    start,
    end: start.add({ minutes: schedule.durationMinutes }),
    originalStart: null,
    status: 'scheduled',
    reason: null,
    sequence: 0,
  };
}

function applyChange(schedule: Schedule, occurrence: Occurrence, change: OccurrenceChange): Occurrence {
  if (change.kind === 'cancelled') {
    return { ...occurrence, status: 'cancelled', reason: change.reason, sequence: change.sequence };
  }
  if (change.kind === 'moved') {
    const start = zoned(Temporal.PlainDate.from(change.newDate), change.newStartTime, schedule.timeZone);
    return {
      ...occurrence,
      start,
      end: start.add({ minutes: change.newDurationMinutes }),
      originalStart: occurrence.start,
      status: 'moved',
      reason: change.reason,
      sequence: change.sequence,
    };
  }
  return occurrence;
}

function extraOccurrence(
  schedule: Schedule,
  change: Extract<OccurrenceChange, { kind: 'extra' }>,
): Occurrence {
  const start = zoned(Temporal.PlainDate.from(change.date), change.startTime, schedule.timeZone);
  return {
    key: change.date,
    start,
    end: start.add({ minutes: change.durationMinutes }),
    originalStart: null,
    status: 'extra',
    reason: change.reason,
    sequence: change.sequence,
  };
}

/**
 * Every occurrence whose (possibly moved) start lies in [from, to), with its changes applied,
 * in start order. Cancelled occurrences are included (marked), so every view can say so.
 */
export function occurrencesBetween(
  schedule: Schedule,
  changes: readonly OccurrenceChange[],
  from: Temporal.Instant,
  to: Temporal.Instant,
): Occurrence[] {
  const byDate = new Map(changes.filter((c) => c.kind !== 'extra').map((c) => [c.date, c]));
  // A moved occurrence can land up to a long way from its original day; look wide enough
  // around the window that one moved into it from outside is found.
  const margin = { days: 370 };
  const fromDate = from.toZonedDateTimeISO(schedule.timeZone).toPlainDate().subtract(margin);
  const toDate = to.toZonedDateTimeISO(schedule.timeZone).toPlainDate().add(margin);
  const result: Occurrence[] = [];
  const inWindow = (o: Occurrence) =>
    Temporal.Instant.compare(o.start.toInstant(), from) >= 0 &&
    Temporal.Instant.compare(o.start.toInstant(), to) < 0;
  const movedAway = changes.some((c) => c.kind === 'moved');
  const dates = movedAway
    ? regularDates(schedule, fromDate, toDate)
    : regularDates(
        schedule,
        from.toZonedDateTimeISO(schedule.timeZone).toPlainDate().subtract({ days: 1 }),
        to.toZonedDateTimeISO(schedule.timeZone).toPlainDate().add({ days: 1 }),
      );
  for (const date of dates) {
    let occurrence = regularOccurrence(schedule, date);
    const change = byDate.get(occurrence.key);
    if (change) occurrence = applyChange(schedule, occurrence, change);
    if (inWindow(occurrence)) result.push(occurrence);
  }
  for (const change of changes) {
    if (change.kind !== 'extra') continue;
    const occurrence = extraOccurrence(schedule, change);
    if (inWindow(occurrence)) result.push(occurrence);
  }
  return result.sort((a, b) => Temporal.Instant.compare(a.start.toInstant(), b.start.toInstant()));
}

/** The occurrence named by its key (original local date), or null if the series has none that day. */
export function occurrenceOn(
  schedule: Schedule,
  changes: readonly OccurrenceChange[],
  key: string,
): Occurrence | null {
  const date = Temporal.PlainDate.from(key);
  const extra = changes.find((c) => c.kind === 'extra' && c.date === key);
  if (extra && extra.kind === 'extra') return extraOccurrence(schedule, extra);
  if (!isRegularDate(schedule, date)) return null;
  const change = changes.find((c) => c.kind !== 'extra' && c.date === key);
  const occurrence = regularOccurrence(schedule, date);
  return change ? applyChange(schedule, occurrence, change) : occurrence;
}

/** The next `count` occurrences that have not ended at `now` (cancelled ones included, marked). */
export function upcoming(
  schedule: Schedule,
  changes: readonly OccurrenceChange[],
  now: Temporal.Instant,
  count: number,
): Occurrence[] {
  const found: Occurrence[] = [];
  // Start a day early so a meeting in progress still counts as the next one.
  let from = now.subtract({ hours: 24 });
  for (let i = 0; i < 20 && found.length < count; i++) {
    const to = from.add({ hours: 24 * 7 * 26 });
    for (const o of occurrencesBetween(schedule, changes, from, to)) {
      if (Temporal.Instant.compare(o.end.toInstant(), now) > 0 && found.length < count) found.push(o);
    }
    from = to;
    if (
      schedule.endDate &&
      Temporal.PlainDate.compare(
        from.toZonedDateTimeISO(schedule.timeZone).toPlainDate(),
        Temporal.PlainDate.from(schedule.endDate).add({ years: 2 }),
      ) > 0
    )
      break;
  }
  return found;
}

/** Weeks between two consecutive regular meetings of a weekly rule, when the calendar does not interfere. */
function regularStepWeeks(rule: Exclude<Schedule['weekRule'], { kind: 'monthly' | 'monthlyAfter' }>): number {
  if (rule.kind === 'every') return 1;
  if (rule.kind === 'interval') return rule.interval;
  return 2;
}

/** A run of regular dates with a constant step, expressible as one weekly RRULE. */
export interface Segment {
  first: Temporal.PlainDate;
  last: Temporal.PlainDate;
  stepWeeks: number;
  count: number;
}

/**
 * Splits the regular dates up to `until` into runs of constant weekly step. For odd or even
 * ISO weeks a run breaks where a 53-week year puts two odd weeks side by side (W53, W01) or
 * three weeks between two even ones (W52, W02); elsewhere the step never changes.
 * The last run is completed up to its natural break, so a run never changes once published.
 */
export function segments(schedule: Schedule, until: Temporal.PlainDate): Segment[] {
  const rule = schedule.weekRule;
  // A monthly rule is one FREQ=MONTHLY rule (see ical-feed), never a weekly run.
  if (rule.kind === 'monthly' || rule.kind === 'monthlyAfter')
    throw new Error('a monthly series has no weekly runs');
  if (rule.kind === 'odd' || rule.kind === 'even') return parityRuns(schedule, rule.kind, until);
  // Weekly and every-N-weeks rules never change their step: one run.
  const step = regularStepWeeks(rule);
  const dates = regularDates(schedule, Temporal.PlainDate.from(schedule.startDate), until);
  const first = dates[0];
  const last = dates.at(-1);
  return first && last ? [{ first, last, stepWeeks: step, count: dates.length }] : [];
}

/** The given weekday of an ISO week: week 1 is the week holding 4 January. */
function dayOfIsoWeek(year: number, week: number, weekday: number): Temporal.PlainDate {
  return mondayOf(Temporal.PlainDate.from({ year, month: 1, day: 4 })).add({
    days: (week - 1) * 7 + weekday - 1,
  });
}

/**
 * Runs of an odd- or even-week rule, found from the calendar rather than date by date: within
 * an ISO year the step is always two weeks; a run ends only where a 53-week year ends (after
 * W53 for odd weeks, after W52 for even ones) and the next starts in W01 or W02.
 */
function parityRuns(schedule: Schedule, parity: 'odd' | 'even', until: Temporal.PlainDate): Segment[] {
  const start = Temporal.PlainDate.from(schedule.startDate);
  const end = schedule.endDate ? Temporal.PlainDate.from(schedule.endDate) : null;
  const firstWeek = parity === 'odd' ? 1 : 2;
  const lastWeekOf = (year: number) => (parity === 'odd' ? (weeksInIsoYear(year) === 53 ? 53 : 51) : 52);
  const clipFirst = (date: Temporal.PlainDate) => (Temporal.PlainDate.compare(date, start) < 0 ? null : date);
  const runs: Segment[] = [];
  // The first meeting on or after the start date.
  const firstDate = regularDates(schedule, start, start.add({ days: 21 }))[0];
  if (!firstDate || Temporal.PlainDate.compare(firstDate, until) > 0) return runs;
  let runFirst: Temporal.PlainDate = firstDate;
  let year = isoWeek(firstDate).year;
  for (;;) {
    const breaks = weeksInIsoYear(year) === 53;
    const runLast = dayOfIsoWeek(year, lastWeekOf(year), schedule.weekday);
    const stop = end && Temporal.PlainDate.compare(runLast, end) >= 0;
    if (breaks || stop) {
      const last =
        stop && end ? (regularDates(schedule, end.subtract({ days: 20 }), end).at(-1) ?? runFirst) : runLast;
      if (Temporal.PlainDate.compare(last, runFirst) >= 0) {
        runs.push({ first: runFirst, last, stepWeeks: 2, count: weeksBetween(runFirst, last) / 2 + 1 });
      }
      if (stop) break;
      const next = clipFirst(dayOfIsoWeek(year + 1, firstWeek, schedule.weekday)) ?? runFirst;
      // Runs are complete up to their natural break; stop once one starts after the horizon.
      if (Temporal.PlainDate.compare(next, until) > 0) break;
      if (end && Temporal.PlainDate.compare(next, end) > 0) break;
      runFirst = next;
    }
    year += 1;
    if (year > until.year + 8 && !breaks) {
      // No 53-week year ends the last run before the horizon: it ends at the horizon's year.
      const last = dayOfIsoWeek(year - 1, lastWeekOf(year - 1), schedule.weekday);
      runs.push({ first: runFirst, last, stepWeeks: 2, count: weeksBetween(runFirst, last) / 2 + 1 });
      break;
    }
  }
  return runs;
}
