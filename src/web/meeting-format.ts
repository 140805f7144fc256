import type { Temporal } from 'temporal-polyfill';
import type { Locale } from '../app/accounts.js';
import type { Occurrence } from '../domain/recurrence.js';
import type { MonthOrdinal, Schedule } from '../domain/schedule.js';
import { shortZoneName } from '../domain/zone-names.js';
import type { Translate } from './i18n/index.js';

/** Dates and times of meetings, formatted by Intl in the page's language and a named zone. */

const cache = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

function date(z: Temporal.ZonedDateTime): Date {
  return new Date(z.epochMilliseconds);
}

const DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** "Mon 28 Dec 2026" in the given zone. */
export function formatDay(z: Temporal.ZonedDateTime, locale: Locale, timeZone = z.timeZoneId): string {
  return format(locale, timeZone, DAY).format(date(z));
}

/** Abbreviated zone name at that instant, e.g. CET, CEST, EST, GMT+10:30. */
export function zoneName(z: Temporal.ZonedDateTime, _locale: Locale, timeZone = z.timeZoneId): string {
  return shortZoneName(timeZone, z.epochMilliseconds);
}

/** "Mon 28 Dec 2026, 14:00–14:30 CET" — both ends in one zone, the day only once. */
export function formatSpan(
  start: Temporal.ZonedDateTime,
  end: Temporal.ZonedDateTime,
  locale: Locale,
  timeZone = start.timeZoneId,
): string {
  const day = formatDay(start, locale, timeZone);
  const from = format(locale, timeZone, TIME).format(date(start));
  const to = format(locale, timeZone, TIME).format(date(end));
  return `${day}, ${from}–${to} ${zoneName(start, locale, timeZone)}`;
}

export function formatTime(z: Temporal.ZonedDateTime, locale: Locale, timeZone = z.timeZoneId): string {
  return format(locale, timeZone, TIME).format(date(z));
}

export function weekdayName(weekday: number, locale: Locale): string {
  // 2024-01-01 was a Monday; only the weekday of this date is used.
  const monday = Date.UTC(2024, 0, 1);
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(monday + (weekday - 1) * 86_400_000),
  );
}

export function ordinalKey(ordinal: MonthOrdinal): `schedule.ordinal.${MonthOrdinal}` {
  return `schedule.ordinal.${ordinal}`;
}

/** "biweekly on odd calendar weeks", "every 3 weeks", "third Thursday of the month". */
export function ruleText(schedule: Schedule, t: Translate, locale: Locale): string {
  const rule = schedule.weekRule;
  if (rule.kind === 'odd') return t('schedule.oddWeeks');
  if (rule.kind === 'even') return t('schedule.evenWeeks');
  if (rule.kind === 'every') return t('schedule.everyWeek');
  if (rule.kind === 'monthly')
    return t('schedule.monthly', {
      ordinal: t(ordinalKey(rule.ordinal)),
      weekday: weekdayName(schedule.weekday, locale),
    });
  if (rule.kind === 'monthlyAfter')
    return t('schedule.monthlyAfter', {
      weekday: weekdayName(schedule.weekday, locale),
      ordinal: t(`schedule.afterOrdinal.${rule.ordinal}`),
      after: weekdayName(rule.after, locale),
    });
  return rule.interval === 1 ? t('schedule.everyWeek') : t('schedule.everyNWeeks', { n: rule.interval });
}

/**
 * "biweekly on odd calendar weeks, Monday, from 14:00 to 14:30 (Europe/Berlin)"; a monthly
 * rule names its weekday itself: "third Thursday of the month, from 17:00 to 18:00 (UTC)".
 */
export function scheduleSentence(schedule: Schedule, t: Translate, locale: Locale): string {
  const [h = 0, m = 0] = schedule.startTime.split(':').map(Number);
  const endMinutes = (h * 60 + m + schedule.durationMinutes) % (24 * 60);
  const end = `${String(Math.floor(endMinutes / 60)).padStart(2, '0')}:${String(endMinutes % 60).padStart(2, '0')}`;
  if (schedule.weekRule.kind === 'monthly' || schedule.weekRule.kind === 'monthlyAfter')
    return t('schedule.sentenceMonthly', {
      rule: ruleText(schedule, t, locale),
      start: schedule.startTime,
      end,
      zone: schedule.timeZone,
    });
  return t('schedule.sentence', {
    rule: ruleText(schedule, t, locale),
    weekday: weekdayName(schedule.weekday, locale),
    start: schedule.startTime,
    end,
    zone: schedule.timeZone,
  });
}

export function statusKey(
  o: Occurrence,
): 'meetings.cancelled' | 'meetings.moved' | 'meetings.extra' | 'meetings.scheduled' {
  return o.status === 'cancelled'
    ? 'meetings.cancelled'
    : o.status === 'moved'
      ? 'meetings.moved'
      : o.status === 'extra'
        ? 'meetings.extra'
        : 'meetings.scheduled';
}

/** A calendar date without a time ("30 Nov 2026"), e.g. the key of an occurrence. */
export function formatPlainDate(isoDate: string, locale: Locale): string {
  const [y = 1970, m = 1, d = 1] = isoDate.split('-').map(Number);
  return format(locale, 'UTC', { day: 'numeric', month: 'short', year: 'numeric' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}
