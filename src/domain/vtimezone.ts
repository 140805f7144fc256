import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { shortZoneName } from './zone-names.js';

/**
 * A VTIMEZONE for an IANA zone, written from the same time-zone data the occurrences are
 * computed with: one observance per actual transition in the years asked for, so a client
 * needs no rules of its own and cannot disagree with us about when an offset changed.
 */

function offsetSeconds(z: Temporal.ZonedDateTime): number {
  return Math.round(z.offsetNanoseconds / 1e9);
}

function zoneAbbreviation(zone: string, instant: Temporal.Instant): string {
  return shortZoneName(zone, instant.epochMilliseconds);
}

function localTime(dt: Temporal.PlainDateTime): ICAL.Time {
  return ICAL.Time.fromData({
    year: dt.year,
    month: dt.month,
    day: dt.day,
    hour: dt.hour,
    minute: dt.minute,
    second: dt.second,
    isDate: false,
  });
}

function observance(
  kind: 'standard' | 'daylight',
  start: Temporal.PlainDateTime,
  from: number,
  to: number,
  name: string | null,
): ICAL.Component {
  const c = new ICAL.Component(kind);
  c.addPropertyWithValue('dtstart', localTime(start));
  c.addPropertyWithValue('tzoffsetfrom', ICAL.UtcOffset.fromSeconds(from));
  c.addPropertyWithValue('tzoffsetto', ICAL.UtcOffset.fromSeconds(to));
  if (name) c.addPropertyWithValue('tzname', name);
  return c;
}

/**
 * Built zones, as jCal: the transitions of a zone and a range of years never change while the
 * process runs, and finding them is a large part of building a feed.
 */
const built = new Map<string, unknown[]>();

/** VTIMEZONE covering `fromYear` through `toYear` (inclusive); a fresh component every call. */
export function vtimezone(zone: string, fromYear: number, toYear: number): ICAL.Component {
  const key = `${zone}|${fromYear}|${toYear}`;
  let jcal = built.get(key);
  if (!jcal) {
    jcal = buildVtimezone(zone, fromYear, toYear).toJSON() as unknown[];
    if (built.size > 500) built.clear();
    built.set(key, jcal);
  }
  return new ICAL.Component(structuredClone(jcal));
}

function buildVtimezone(zone: string, fromYear: number, toYear: number): ICAL.Component {
  const tz = new ICAL.Component('vtimezone');
  tz.addPropertyWithValue('tzid', zone);
  let cursor = Temporal.ZonedDateTime.from({ year: fromYear, month: 1, day: 1, timeZone: zone });
  const end = Temporal.ZonedDateTime.from({ year: toYear + 1, month: 1, day: 1, timeZone: zone });
  // The offset in force at the start of the range, as an observance of its own.
  const initial = offsetSeconds(cursor);
  tz.addSubcomponent(
    observance(
      'standard',
      cursor.toPlainDateTime(),
      initial,
      initial,
      zoneAbbreviation(zone, cursor.toInstant()),
    ),
  );
  let previous = initial;
  for (;;) {
    const next = cursor.getTimeZoneTransition('next');
    if (!next || Temporal.ZonedDateTime.compare(next, end) >= 0) break;
    const after = offsetSeconds(next);
    // DTSTART of an observance is the wall-clock time just before the change, in the old offset.
    const wallBefore = next
      .toInstant()
      .toZonedDateTimeISO('UTC')
      .toPlainDateTime()
      .add({ seconds: previous });
    tz.addSubcomponent(
      observance(
        after > previous ? 'daylight' : 'standard',
        wallBefore,
        previous,
        after,
        zoneAbbreviation(zone, next.toInstant()),
      ),
    );
    previous = after;
    cursor = next;
  }
  return tz;
}
