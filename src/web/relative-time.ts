import type { Locale } from '../app/accounts.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The unit a distance in time is said in, and how many of it: minutes within the hour, hours
 * within the day, days up to six weeks ("in 12 days" says more than "in 2 weeks"), then months,
 * then years.
 */
export function relativeParts(ms: number): { value: number; unit: Intl.RelativeTimeFormatUnit } {
  const size = Math.abs(ms);
  if (size < HOUR) return { value: Math.round(ms / MINUTE), unit: 'minute' };
  if (size < DAY) return { value: Math.round(ms / HOUR), unit: 'hour' };
  if (size < 45 * DAY) return { value: Math.round(ms / DAY), unit: 'day' };
  if (size < 365 * DAY) return { value: Math.round(ms / (30 * DAY)), unit: 'month' };
  return { value: Math.round(ms / (365 * DAY)), unit: 'year' };
}

const formats = new Map<Locale, Intl.RelativeTimeFormat>();

/** "in 3 days", "2 hours ago", "tomorrow" (or "vor 2 Stunden", "morgen"): `iso` seen from `now`. */
export function relativeTime(iso: string, now: Date, locale: Locale): string {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    formats.set(locale, format);
  }
  const { value, unit } = relativeParts(new Date(iso).getTime() - now.getTime());
  return format.format(value, unit);
}
