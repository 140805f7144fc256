import { Temporal } from 'temporal-polyfill';
import { type Occurrence, upcoming } from '../domain/recurrence.js';
import type { Repositories } from '../store/store.js';
import type { SeriesWithChanges } from './series-steps.js';

/**
 * "The next meeting" of a series, the one place the hub decides it: the first occurrence that
 * is not cancelled, has not begun at `now` (nor been started early), and whose minutes are not published. Carry-over,
 * objections and nominations all put topics there, so none lands on a meeting already held
 * or written up. `besides` leaves out the meeting the topics come from.
 */
export async function nextMeeting(
  repos: Repositories,
  found: SeriesWithChanges,
  now: Temporal.Instant,
  besides?: string,
): Promise<Occurrence | null> {
  for (const o of upcoming(found.series.schedule, found.changes, now, 10)) {
    if (o.key === besides || o.status === 'cancelled') continue;
    if (Temporal.Instant.compare(o.start.toInstant(), now) <= 0) continue;
    const row = await repos.minutes.find(found.series.id, o.key);
    if (row?.status === 'published') continue;
    // Started early by a maintainer: begun, as if its time had come.
    if (row?.started_at && Temporal.Instant.compare(Temporal.Instant.from(row.started_at), now) <= 0)
      continue;
    return o;
  }
  return null;
}
