import ICAL from 'ical.js';
import {
  type FeedOptions,
  newCalendar,
  type StampedChange,
  serialize,
  seriesParts,
  yearsOf,
} from './ical-feed.js';
import type { Series } from './series.js';

/**
 * iTIP (RFC 5546) messages for the subscribers of a series: the series' calendar objects as
 * REQUESTs, and the CANCELs when they leave or one meeting is called off.
 */

/** One iTIP message per calendar object (an iTIP object carries one UID), e.g. one per run. */
export function itipRequests(
  series: Series,
  changes: readonly StampedChange[],
  opts: FeedOptions,
): { uid: string; ics: string }[] {
  const years = yearsOf(series, opts, changes);
  const { tz } = newCalendar(series, opts, years);
  return seriesParts(series, changes, opts, tz).map((part) => {
    const { cal } = newCalendar(series, opts, years);
    for (const c of part.components) cal.addSubcomponent(c);
    return { uid: part.uid, ics: serialize(cal) };
  });
}

/** iTIP CANCEL of every calendar object of the series (the attendee leaves, or the series ends). */
export function itipCancelAll(
  series: Series,
  changes: readonly StampedChange[],
  opts: FeedOptions,
): { uid: string; ics: string }[] {
  const cancelOpts: FeedOptions = { ...opts, method: 'CANCEL' };
  const years = yearsOf(series, cancelOpts, changes);
  const { tz } = newCalendar(series, cancelOpts, years);
  return seriesParts(series, changes, cancelOpts, tz).map((part) => {
    const { cal } = newCalendar(series, cancelOpts, years);
    const master = part.components[0];
    if (master) {
      master.updatePropertyWithValue('status', 'CANCELLED');
      master.updatePropertyWithValue('sequence', series.sequence + 1);
      cal.addSubcomponent(master);
    }
    return { uid: part.uid, ics: serialize(cal) };
  });
}

/** iTIP CANCEL of one occurrence: its calendar object's UID with the occurrence's RECURRENCE-ID. */
export function itipCancelOccurrence(
  series: Series,
  changes: readonly StampedChange[],
  date: string,
  opts: FeedOptions,
): { uid: string; ics: string } | null {
  const cancelOpts: FeedOptions = { ...opts, method: 'CANCEL' };
  const years = yearsOf(series, cancelOpts, changes);
  const { cal, tz } = newCalendar(series, cancelOpts, years);
  for (const part of seriesParts(series, changes, cancelOpts, tz)) {
    const override = part.components.find((c) => {
      const rid = c.getFirstPropertyValue('recurrence-id');
      return rid instanceof ICAL.Time && rid.toString().startsWith(date);
    });
    if (override && override.getFirstPropertyValue('status') === 'CANCELLED') {
      cal.addSubcomponent(override);
      return { uid: part.uid, ics: serialize(cal) };
    }
  }
  return null;
}
