import { Temporal } from 'temporal-polyfill';
import { type FieldProblem, ValidationError } from './errors.js';

/** The kinds of week a series meets in, as forms and the API name them. ISO week numbers decide odd and even. */
export const WEEK_RULES = ['odd', 'even', 'every', 'interval', 'monthly', 'monthlyAfter'] as const;

/** Which one of its weekday in a month a monthly series meets on: the 1st to the 5th, or the last (-1). */
export const MONTH_ORDINALS = [1, 2, 3, 4, 5, -1] as const;
export type MonthOrdinal = (typeof MONTH_ORDINALS)[number];

/**
 * Which one of the counted weekday a "weekday after" rule counts from: the first to the fourth.
 * A fifth or last one leaves too few days for the meeting to stay in its month.
 */
export const AFTER_ORDINALS = [1, 2, 3, 4] as const;
export type AfterOrdinal = (typeof AFTER_ORDINALS)[number];

/**
 * Days the meeting may lie after the fourth counted weekday: the fourth one is the 22nd to the
 * 28th, so one or two days on stay in every month of 30 or 31 days and only a February can lack
 * the meeting; three days on would drop it from 30-day months too.
 */
export const MAX_DAYS_AFTER_FOURTH = 2;

/** Days from the counted weekday to the meeting's: 1 to 6. */
export function daysAfter(after: number, weekday: number): number {
  return (((weekday - after) % 7) + 7) % 7;
}

export type WeekRule =
  | { kind: 'odd' }
  | { kind: 'even' }
  | { kind: 'every' }
  /** Every N weeks, counted from the week of the start date. */
  | { kind: 'interval'; interval: number }
  /** The Nth (or last) weekday of every month; a month without a fifth one has no meeting. */
  | { kind: 'monthly'; ordinal: MonthOrdinal }
  /**
   * The series' weekday following the Nth `after` weekday of every month, e.g. the Wednesday
   * after the fourth Tuesday: the day after it, always. A month in which that day would be in the
   * next month (a February whose fourth Tuesday is the 28th) has no meeting, as the calendar
   * rule that publishes it (FREQ=MONTHLY with BYMONTHDAY) says.
   */
  | { kind: 'monthlyAfter'; ordinal: AfterOrdinal; after: number };

/** A rule's parameters as forms, the API and imports name them; null where the rule has none. */
export function ruleParams(rule: WeekRule): {
  interval: number | null;
  ordinal: number | null;
  afterWeekday: number | null;
} {
  return {
    interval: rule.kind === 'interval' ? rule.interval : null,
    ordinal: rule.kind === 'monthly' || rule.kind === 'monthlyAfter' ? rule.ordinal : null,
    afterWeekday: rule.kind === 'monthlyAfter' ? rule.after : null,
  };
}

export function isMonthOrdinal(n: number): n is MonthOrdinal {
  return (MONTH_ORDINALS as readonly number[]).includes(n);
}

export function isAfterOrdinal(n: number): n is AfterOrdinal {
  return (AFTER_ORDINALS as readonly number[]).includes(n);
}

/**
 * Whether "the `weekday` after the `ordinal`th `after`" is a rule a series can hold: two
 * different weekdays, the first to the fourth, and after the fourth at most two days on.
 */
export function afterRuleProblem(
  weekday: number,
  ordinal: number,
  after: number,
): 'error.badAfterWeekday' | 'error.badAfterOrdinal' | null {
  if (!Number.isInteger(after) || after < 1 || after > 7 || after === weekday) return 'error.badAfterWeekday';
  if (!isAfterOrdinal(ordinal)) return 'error.badAfterOrdinal';
  if (ordinal === 4 && daysAfter(after, weekday) > MAX_DAYS_AFTER_FOURTH) return 'error.badAfterOrdinal';
  return null;
}

/** When a series meets, in local wall-clock time of its own zone. */
export interface Schedule {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local start, `HH:MM`. */
  startTime: string;
  durationMinutes: number;
  /** IANA zone, e.g. Europe/Berlin. */
  timeZone: string;
  weekRule: WeekRule;
  /** First possible day, `YYYY-MM-DD`. */
  startDate: string;
  /** Last possible day, inclusive, or null for an open series. */
  endDate: string | null;
}

export const MAX_DURATION_MINUTES = 24 * 60;
export const MAX_INTERVAL_WEEKS = 52;

export function isIanaTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    Temporal.Now.instant().toZonedDateTimeISO(zone);
  } catch {
    return false;
  }
  // Offsets like "+01:00" are valid for Temporal but are not zones a community lives in.
  return /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/u.test(zone) && (zone.includes('/') || zone === 'UTC');
}

export function parseTime(text: string): Temporal.PlainTime | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/u.exec(text.trim());
  return m ? new Temporal.PlainTime(Number(m[1]), Number(m[2])) : null;
}

/**
 * Years a date of Plenum may fall in. Planning is for decades, not millennia: a meeting in the
 * year 9999 is a typing slip, and honouring it would make every calendar feed carry time-zone
 * rules for eight thousand years.
 */
export const DATE_YEARS = { min: 1970, max: 2199 } as const;

export function parseDate(text: string): Temporal.PlainDate | null {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(text.trim())) return null;
  try {
    const date = Temporal.PlainDate.from(text.trim(), { overflow: 'reject' });
    return date.year >= DATE_YEARS.min && date.year <= DATE_YEARS.max ? date : null;
  } catch {
    return null;
  }
}

/** A whole number from a form field or JSON, NaN for anything else. */
function int(v: unknown): number {
  return typeof v === 'number'
    ? v
    : typeof v === 'string' && /^-?\d{1,6}$/u.test(v.trim())
      ? Number(v)
      : Number.NaN;
}

/** Whether a field was given at all (a form leaves an empty one out, JSON may send null). */
const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/**
 * The week rule and its one parameter. A parameter that belongs to another rule is refused
 * rather than ignored: "third, every 2 weeks" has no meaning, and storing half of it would
 * publish something else than was asked for.
 */
function validateWeekRule(
  input: { weekRule?: unknown; interval?: unknown; ordinal?: unknown; afterWeekday?: unknown },
  weekday: number,
  problems: FieldProblem[],
): WeekRule {
  const kind = input.weekRule;
  const monthly = kind === 'monthly' || kind === 'monthlyAfter';
  if (!monthly && given(input.ordinal)) problems.push({ field: 'ordinal', key: 'error.ordinalNotMonthly' });
  if (kind !== 'monthlyAfter' && given(input.afterWeekday))
    problems.push({ field: 'afterWeekday', key: 'error.afterNotMonthlyAfter' });
  if (kind === 'odd' || kind === 'even' || kind === 'every') return { kind };
  if (kind === 'interval') {
    const interval = int(input.interval);
    if (Number.isInteger(interval) && interval >= 1 && interval <= MAX_INTERVAL_WEEKS)
      return { kind: 'interval', interval };
    problems.push({ field: 'interval', key: 'error.badInterval', params: { max: MAX_INTERVAL_WEEKS } });
  } else if (kind === 'monthly') {
    if (given(input.interval)) problems.push({ field: 'interval', key: 'error.intervalNotMonthly' });
    const ordinal = int(input.ordinal);
    if (isMonthOrdinal(ordinal)) return { kind: 'monthly', ordinal };
    problems.push({ field: 'ordinal', key: 'error.badOrdinal' });
  } else if (kind === 'monthlyAfter') {
    if (given(input.interval)) problems.push({ field: 'interval', key: 'error.intervalNotMonthly' });
    const ordinal = int(input.ordinal);
    const after = int(input.afterWeekday);
    const problem = afterRuleProblem(weekday, ordinal, after);
    // A weekday that is itself wrong is told at its own field, not again here.
    if (problem === null && isAfterOrdinal(ordinal)) return { kind: 'monthlyAfter', ordinal, after };
    if (Number.isInteger(weekday) && weekday >= 1 && weekday <= 7)
      problems.push(
        problem === 'error.badAfterWeekday'
          ? { field: 'afterWeekday', key: problem }
          : { field: 'ordinal', key: 'error.badAfterOrdinal', params: { max: MAX_DAYS_AFTER_FOURTH } },
      );
  } else problems.push({ field: 'weekRule', key: 'error.badWeekRule' });
  return { kind: 'every' };
}

/** Checks loosely typed input (form or JSON) and returns a clean schedule or every problem at once. */
export function validateSchedule(input: {
  weekday?: unknown;
  startTime?: unknown;
  durationMinutes?: unknown;
  timeZone?: unknown;
  weekRule?: unknown;
  interval?: unknown;
  ordinal?: unknown;
  afterWeekday?: unknown;
  startDate?: unknown;
  endDate?: unknown;
}): Schedule {
  const problems: FieldProblem[] = [];

  const weekday = int(input.weekday);
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7)
    problems.push({ field: 'weekday', key: 'error.badWeekday' });

  const startTime = typeof input.startTime === 'string' ? input.startTime.trim() : '';
  if (!parseTime(startTime))
    problems.push({ field: 'startTime', key: 'error.badTime', params: { value: startTime.slice(0, 20) } });

  const duration = int(input.durationMinutes);
  if (!Number.isInteger(duration) || duration < 1 || duration > MAX_DURATION_MINUTES) {
    problems.push({
      field: 'durationMinutes',
      key: 'error.badDuration',
      params: { max: MAX_DURATION_MINUTES },
    });
  }

  const timeZone = typeof input.timeZone === 'string' ? input.timeZone.trim() : '';
  if (!isIanaTimeZone(timeZone)) problems.push({ field: 'timeZone', key: 'error.unknownTimeZone' });

  const weekRule = validateWeekRule(input, weekday, problems);

  const startText = typeof input.startDate === 'string' ? input.startDate : '';
  const start = parseDate(startText);
  if (!start) problems.push({ field: 'startDate', key: 'error.badDate' });
  const endText = typeof input.endDate === 'string' ? input.endDate.trim() : '';
  let end: Temporal.PlainDate | null = null;
  if (endText !== '') {
    end = parseDate(endText);
    if (!end) problems.push({ field: 'endDate', key: 'error.badDate' });
    else if (start && Temporal.PlainDate.compare(end, start) < 0)
      problems.push({ field: 'endDate', key: 'error.endBeforeStart' });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    weekday,
    startTime,
    durationMinutes: duration,
    timeZone,
    weekRule,
    startDate: (start as Temporal.PlainDate).toString(),
    endDate: end ? end.toString() : null,
  };
}
