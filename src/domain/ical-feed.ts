import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { monthlyAfterRule, monthlyRule, weekdayCode } from './ical-monthly.js';
import { addEnd, addLocal, nominal, stamp, utcTime } from './ical-time.js';
import { type Occurrence, type OccurrenceChange, regularDates, segments, zoned } from './recurrence.js';
import type { Series } from './series.js';
import { vtimezone } from './vtimezone.js';

/**
 * RFC 5545 calendars for a series, written with ical.js's component model (it folds and
 * escapes). Every date-time is TZID-local with a VTIMEZONE, except UNTIL and DTSTAMP, which are
 * UTC with `Z` as the RFC requires.
 *
 * Two encodings of the schedule:
 * - `compatible` (default): one VEVENT per run of `FREQ=WEEKLY;INTERVAL=n;UNTIL=…`, a new run
 *   after each 53-week year, which every client expands correctly;
 * - `byweekno`: one `FREQ=YEARLY;BYWEEKNO=…` VEVENT, exact but ignored or mis-expanded by many
 *   clients (Outlook/Exchange, ical.js-based ones, Android, libical).
 */

export type Encoding = 'compatible' | 'byweekno';

/** A change with the time it was last written, for DTSTAMP. */
export type StampedChange = OccurrenceChange & { updatedAt: string };

export interface FeedTexts {
  /** DESCRIPTION of every event: purpose, join link, language, recording, how to take part. */
  description: string;
  cancelled: string;
}

export interface FeedOptions {
  encoding: Encoding;
  /** Host part of UIDs, e.g. `planning.example.org`. */
  uidHost: string;
  /** Page of the series, for URL. */
  pageUrl: string;
  /** Runs that start after this day are left out (they are added as time goes by). */
  horizon: Temporal.PlainDate;
  method: 'PUBLISH' | 'REQUEST' | 'CANCEL';
  texts: FeedTexts;
  /** iTIP (RFC 5546) invitations name an organizer and the one attendee they are sent to. */
  itip?: { organizer: string; organizerName: string; attendee: string };
}

// ical.js folds by UTF-8 octets at code-point boundaries, but counts the continuation's
// leading space on top of foldLength; 74 keeps every line within RFC 5545's 75 octets.
ICAL.foldLength = 74;

/** A calendar as RFC 5545 text: folded lines, every one (the last too) ending in CRLF. */
export function serialize(cal: ICAL.Component): string {
  return `${cal.toString()}\r\n`;
}

function baseEvent(
  series: Series,
  uid: string,
  sequence: number,
  dtstamp: string,
  opts: FeedOptions,
): ICAL.Component {
  const event = new ICAL.Component('vevent');
  event.addPropertyWithValue('uid', uid);
  event.addPropertyWithValue('dtstamp', stamp(dtstamp));
  event.addPropertyWithValue('sequence', sequence);
  event.addPropertyWithValue('summary', series.title);
  event.addPropertyWithValue('description', opts.texts.description);
  if (series.joinUrl) {
    event.addPropertyWithValue(
      'location',
      series.platform ? `${series.platform}: ${series.joinUrl}` : series.joinUrl,
    );
    // RFC 7986 conference link: clients that know it show a join button.
    const conference = new ICAL.Property('conference');
    conference.setParameter('value', 'URI');
    conference.setParameter('feature', 'VIDEO');
    if (series.platform) conference.setParameter('label', series.platform);
    conference.setValue(series.joinUrl);
    event.addProperty(conference);
  } else if (series.platform) {
    event.addPropertyWithValue('location', series.platform);
  }
  const url = new ICAL.Property('url');
  url.setParameter('value', 'URI');
  url.setValue(opts.pageUrl);
  event.addProperty(url);
  event.addPropertyWithValue('class', 'PUBLIC');
  event.addPropertyWithValue('transp', 'OPAQUE');
  if (opts.itip) {
    const organizer = new ICAL.Property('organizer');
    organizer.setParameter('cn', opts.itip.organizerName);
    organizer.setValue(`mailto:${opts.itip.organizer}`);
    event.addProperty(organizer);
    const attendee = new ICAL.Property('attendee');
    attendee.setParameter('role', 'REQ-PARTICIPANT');
    attendee.setParameter('partstat', 'NEEDS-ACTION');
    attendee.setParameter('rsvp', 'FALSE');
    attendee.setValue(`mailto:${opts.itip.attendee}`);
    event.addProperty(attendee);
  }
  return event;
}

export function newCalendar(
  series: Series,
  opts: FeedOptions,
  years: [number, number],
): { cal: ICAL.Component; tz: ICAL.Timezone } {
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('prodid', '-//Plenum//Planning hub//EN');
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('calscale', 'GREGORIAN');
  cal.addPropertyWithValue('method', opts.method);
  cal.addPropertyWithValue('x-wr-calname', series.title);
  cal.addPropertyWithValue('x-wr-timezone', series.schedule.timeZone);
  // RFC 7986: how often subscribers should reload; ical.js adds VALUE=DURATION itself.
  cal.addPropertyWithValue('refresh-interval', ICAL.Duration.fromString('PT12H'));
  cal.addPropertyWithValue('x-published-ttl', 'PT12H');
  const tzComponent = vtimezone(series.schedule.timeZone, years[0], years[1]);
  cal.addSubcomponent(tzComponent);
  return { cal, tz: new ICAL.Timezone(tzComponent) };
}

/** The later of ISO-8601 UTC timestamps (they sort as text). */
function latest(...isos: string[]): string {
  return [...isos].sort().at(-1) ?? '';
}

/** An override of one instance: moved or cancelled, with RECURRENCE-ID at its original local start. */
function override(
  series: Series,
  uid: string,
  change: StampedChange,
  tz: ICAL.Timezone,
  opts: FeedOptions,
): ICAL.Component | null {
  if (change.kind === 'extra') return null;
  const schedule = series.schedule;
  const originalDate = Temporal.PlainDate.from(change.date);
  const originalStart = zoned(originalDate, schedule.startTime, schedule.timeZone);
  const event = baseEvent(
    series,
    uid,
    series.sequence + change.sequence,
    latest(series.updatedAt, change.updatedAt),
    opts,
  );
  addLocal(event, 'recurrence-id', nominal(originalDate, schedule.startTime), tz);
  if (change.kind === 'cancelled') {
    addLocal(event, 'dtstart', originalStart, tz);
    addEnd(event, originalStart.toPlainDateTime(), originalStart, schedule.durationMinutes, tz);
    event.addPropertyWithValue('status', 'CANCELLED');
    event.updatePropertyWithValue('summary', `${opts.texts.cancelled}: ${series.title}`);
    if (change.reason)
      event.updatePropertyWithValue('description', `${change.reason}\n\n${opts.texts.description}`);
  } else {
    const start = zoned(Temporal.PlainDate.from(change.newDate), change.newStartTime, schedule.timeZone);
    addLocal(event, 'dtstart', start, tz);
    addEnd(event, start.toPlainDateTime(), start, change.newDurationMinutes, tz);
    event.addPropertyWithValue('status', 'CONFIRMED');
    if (change.reason)
      event.updatePropertyWithValue('description', `${change.reason}\n\n${opts.texts.description}`);
  }
  return event;
}

function extraEvent(
  series: Series,
  change: Extract<StampedChange, { kind: 'extra' }>,
  tz: ICAL.Timezone,
  opts: FeedOptions,
) {
  const start = zoned(Temporal.PlainDate.from(change.date), change.startTime, series.schedule.timeZone);
  const event = baseEvent(
    series,
    `${series.id}-extra-${change.date}@${opts.uidHost}`,
    series.sequence + change.sequence,
    latest(series.updatedAt, change.updatedAt),
    opts,
  );
  addLocal(event, 'dtstart', start, tz);
  addEnd(event, start.toPlainDateTime(), start, change.durationMinutes, tz);
  event.addPropertyWithValue('status', 'CONFIRMED');
  return event;
}

export interface CalendarPart {
  uid: string;
  /** The RRULE run's first day, for invitations that send one run per message. */
  first: Temporal.PlainDate | null;
  components: ICAL.Component[];
}

/** A run's master event: its first meeting at the schedule's wall-clock time, and its rule. */
function masterEvent(
  series: Series,
  uid: string,
  first: Temporal.PlainDate,
  rrule: ICAL.Recur | Record<string, unknown>,
  tz: ICAL.Timezone,
  opts: FeedOptions,
): ICAL.Component {
  const { startTime, timeZone, durationMinutes } = series.schedule;
  const event = baseEvent(series, uid, series.sequence, series.updatedAt, opts);
  addLocal(event, 'dtstart', nominal(first, startTime), tz);
  addEnd(event, nominal(first, startTime), zoned(first, startTime, timeZone), durationMinutes, tz);
  event.addPropertyWithValue('rrule', rrule);
  event.addPropertyWithValue('status', 'CONFIRMED');
  return event;
}

/** The one exact rule of an odd/even series: its ISO week numbers, every year. */
function byWeekNoRule(series: Series, end: Temporal.PlainDate | null): Record<string, unknown> {
  const schedule = series.schedule;
  const weeks: number[] = [];
  for (let w = schedule.weekRule.kind === 'odd' ? 1 : 2; w <= 53; w += 2) weeks.push(w);
  const recur = new ICAL.Recur({
    freq: 'YEARLY',
    byweekno: weeks,
    byday: [weekdayCode(schedule.weekday)],
    wkst: ICAL.Time.MONDAY,
  });
  // The one rule covers the whole series, so UNTIL is its last meeting, not the horizon's.
  const lastDate = end ? regularDates(schedule, end.subtract({ weeks: 4 }), end).at(-1) : undefined;
  if (lastDate) recur.until = utcTime(zoned(lastDate, schedule.startTime, schedule.timeZone).toInstant());
  // Week numbers depend on the week start, yet ical.js drops WKST=MO as the RFC default; clients
  // that assume Sunday would number the weeks differently, so it is written out (as jCal data,
  // which ical.js prints as given).
  return { ...recur.toJSON(), wkst: 'MO' };
}

/** The rule of a series that never breaks into runs: monthly ones, and odd/even weeks by number. */
function wholeRule(series: Series, end: Temporal.PlainDate | null): ICAL.Recur | Record<string, unknown> {
  const rule = series.schedule.weekRule;
  if (rule.kind === 'monthly') return monthlyRule(series, rule.ordinal, end);
  if (rule.kind === 'monthlyAfter') return monthlyAfterRule(series, rule, end);
  return byWeekNoRule(series, end);
}

/** The master events (one per run, or one for byweekno) and their overrides, grouped by UID. */
export function seriesParts(
  series: Series,
  changes: readonly StampedChange[],
  opts: FeedOptions,
  tz: ICAL.Timezone,
): CalendarPart[] {
  const schedule = series.schedule;
  const parts: CalendarPart[] = [];
  const end = schedule.endDate ? Temporal.PlainDate.from(schedule.endDate) : null;
  const until = end && Temporal.PlainDate.compare(end, opts.horizon) < 0 ? end : opts.horizon;

  const addOverrides = (part: CalendarPart, inPart: (date: Temporal.PlainDate) => boolean) => {
    for (const change of changes) {
      if (change.kind === 'extra' || !inPart(Temporal.PlainDate.from(change.date))) continue;
      const o = override(series, part.uid, change, tz, opts);
      if (o) part.components.push(o);
    }
  };

  const rule = schedule.weekRule;
  const byWeekNo = opts.encoding === 'byweekno' && (rule.kind === 'odd' || rule.kind === 'even');
  const monthly = rule.kind === 'monthly' || rule.kind === 'monthlyAfter';
  if (monthly || byWeekNo) {
    // One rule for the whole series, holding every override.
    const first = regularDates(schedule, Temporal.PlainDate.from(schedule.startDate), until)[0];
    if (first) {
      const uid = `${series.id}-${monthly ? first.toString() : 'byweekno'}@${opts.uidHost}`;
      const rrule = wholeRule(series, end);
      const part: CalendarPart = {
        uid,
        first,
        components: [masterEvent(series, uid, first, rrule, tz, opts)],
      };
      addOverrides(part, () => true);
      parts.push(part);
    }
  } else {
    for (const run of segments(schedule, until)) {
      const uid = `${series.id}-${run.first.toString()}@${opts.uidHost}`;
      const recur = new ICAL.Recur({
        freq: 'WEEKLY',
        interval: run.stepWeeks,
        byday: [weekdayCode(schedule.weekday)],
        wkst: ICAL.Time.MONDAY,
      });
      // Weekly and every-N-weeks rules never break, so without an end date their one run is
      // open: the RRULE is exact forever and never changes. Odd/even runs are complete (see
      // segments()), so UNTIL is their last meeting, in UTC.
      const openEnded =
        !schedule.endDate && schedule.weekRule.kind !== 'odd' && schedule.weekRule.kind !== 'even';
      if (!openEnded)
        recur.until = utcTime(zoned(run.last, schedule.startTime, schedule.timeZone).toInstant());
      const event = masterEvent(series, uid, run.first, recur, tz, opts);
      const part: CalendarPart = { uid, first: run.first, components: [event] };
      addOverrides(
        part,
        (date) =>
          Temporal.PlainDate.compare(date, run.first) >= 0 && Temporal.PlainDate.compare(date, run.last) <= 0,
      );
      parts.push(part);
    }
  }
  for (const change of changes) {
    if (change.kind !== 'extra') continue;
    parts.push({
      uid: `${series.id}-extra-${change.date}@${opts.uidHost}`,
      first: null,
      components: [extraEvent(series, change, tz, opts)],
    });
  }
  return parts;
}

/** The years whose time zone rules a calendar of the series must carry. */
export function yearsOf(
  series: Series,
  opts: FeedOptions,
  changes: readonly StampedChange[],
): [number, number] {
  let last = opts.horizon.year + 7;
  for (const c of changes)
    last = Math.max(last, Temporal.PlainDate.from(c.kind === 'moved' ? c.newDate : c.date).year);
  return [Temporal.PlainDate.from(series.schedule.startDate).year - 1, last];
}

/** The subscription feed of a series: every run (or the one exact rule), overrides and extras. */
export function seriesCalendar(series: Series, changes: readonly StampedChange[], opts: FeedOptions): string {
  const { cal, tz } = newCalendar(series, opts, yearsOf(series, opts, changes));
  for (const part of seriesParts(series, changes, opts, tz))
    for (const c of part.components) cal.addSubcomponent(c);
  return serialize(cal);
}

/** One occurrence as a standalone event, for "Add to calendar". */
export function occurrenceCalendar(
  series: Series,
  occurrence: Occurrence,
  updatedAt: string,
  opts: FeedOptions,
): string {
  const year = occurrence.start.year;
  const { cal, tz } = newCalendar(series, opts, [year - 1, year + 1]);
  const event = baseEvent(
    series,
    `${series.id}-${occurrence.key}@${opts.uidHost}`,
    series.sequence + occurrence.sequence,
    latest(series.updatedAt, updatedAt),
    opts,
  );
  addLocal(event, 'dtstart', occurrence.start, tz);
  addEnd(
    event,
    occurrence.start.toPlainDateTime(),
    occurrence.start,
    occurrence.start.until(occurrence.end).total('minutes'),
    tz,
  );
  event.addPropertyWithValue('status', occurrence.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED');
  if (occurrence.status === 'cancelled')
    event.updatePropertyWithValue('summary', `${opts.texts.cancelled}: ${series.title}`);
  cal.addSubcomponent(event);
  return serialize(cal);
}
