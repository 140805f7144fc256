import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';

/**
 * The date-time values of RFC 5545 events as ical.js writes them: TZID-local wall-clock times
 * (never floating), UTC instants, and an end that means the real end across DST changes.
 */

/** A wall-clock date-time in `timezone`, to the second. */
function localTime(z: Temporal.ZonedDateTime | Temporal.PlainDateTime, timezone: ICAL.Timezone): ICAL.Time {
  const { year, month, day, hour, minute, second } = z;
  return ICAL.Time.fromData({ year, month, day, hour, minute, second, isDate: false }, timezone);
}

/** An instant in UTC, written with `Z` (UNTIL, DTSTAMP). */
export function utcTime(instant: Temporal.Instant): ICAL.Time {
  return localTime(instant.toZonedDateTimeISO('UTC'), ICAL.Timezone.utcTimezone);
}

export function stamp(iso: string): ICAL.Time {
  return utcTime(Temporal.Instant.from(iso));
}

/** Adds DTSTART/DTEND/RECURRENCE-ID as TZID-local values (never floating). */
export function addLocal(
  event: ICAL.Component,
  name: string,
  z: Temporal.ZonedDateTime | Temporal.PlainDateTime,
  timezone: ICAL.Timezone,
): void {
  const p = new ICAL.Property(name);
  p.setValue(localTime(z, timezone));
  p.setParameter('tzid', timezone.tzid);
  event.addProperty(p);
}

/**
 * The schedule's own wall-clock time of a regular meeting, as an RRULE master's DTSTART and a
 * RECURRENCE-ID must say it: a master written as the shifted 03:30 of a spring-forward day would
 * move every later instance of its rule to 03:30; RFC 5545 readers resolve a nonexistent 02:30
 * themselves, on that day only.
 */
export function nominal(date: Temporal.PlainDate, time: string): Temporal.PlainDateTime {
  return date.toPlainDateTime(Temporal.PlainTime.from(time));
}

/**
 * DTEND, unless its wall-clock text would not mean the real end: an end in the repeated hour
 * of a fall-back day reads as the first of the two (giving an event that ends before it starts
 * or lasts nothing), and a start written in a spring-forward gap is resolved differently by
 * some readers. Then an exact DURATION, which every reader takes as elapsed time.
 */
export function addEnd(
  event: ICAL.Component,
  writtenStart: Temporal.PlainDateTime,
  start: Temporal.ZonedDateTime,
  minutes: number,
  timezone: ICAL.Timezone,
): void {
  const end = start.add({ minutes });
  const startExists = start.toPlainDateTime().equals(writtenStart);
  const endReadsBack = end
    .toPlainDateTime()
    .toZonedDateTime(start.timeZoneId, { disambiguation: 'compatible' })
    .equals(end);
  if (startExists && endReadsBack) addLocal(event, 'dtend', end, timezone);
  else event.addPropertyWithValue('duration', new ICAL.Duration({ minutes }));
}
