import { Temporal } from 'temporal-polyfill';

/** Without a choice of their own, a member on the daily digest gets it at 08:00 their time. */
export const DEFAULT_DIGEST_HOUR = 8;

/** Whether `hour` is a local hour a digest can be sent at: a whole number from 0 to 23. */
export function isDigestHour(hour: unknown): hour is number {
  return typeof hour === 'number' && Number.isInteger(hour) && hour >= 0 && hour <= 23;
}

/**
 * The first instant strictly after `after` (ISO 8601) at which the clock in `zone` shows
 * `hour`:00, as stored instants are written (`Date#toISOString`, with milliseconds, so it sorts
 * among them as text). Worked out on the local calendar, so 08:00 stays 08:00
 * on the day the clocks change; an hour the change skips (02:00 in spring) is taken as the
 * first moment after the gap, as a wall clock would show it.
 */
export function nextDigestAt(after: string, hour: number, zone: string): string {
  const from = Temporal.Instant.from(after);
  const local = from.toZonedDateTimeISO(zone);
  const plainTime = new Temporal.PlainTime(hour);
  let day = local.toPlainDate();
  for (;;) {
    const at = day.toZonedDateTime({ timeZone: zone, plainTime }).toInstant();
    if (Temporal.Instant.compare(at, from) > 0) return new Date(at.epochMilliseconds).toISOString();
    day = day.add({ days: 1 });
  }
}
