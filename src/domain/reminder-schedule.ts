import { Temporal } from 'temporal-polyfill';

/**
 * When reminders go out. A meeting's agenda goes 24 hours before it starts, the "starting"
 * reminder 15 minutes before; an action item's assignee hears at 09:00 on their own clock the
 * day before it is due. Instants are exact durations before the start (24 h, not "the same
 * wall-clock time yesterday"), so a DST change in between moves the reminder's local time.
 */

export const MEETING_REMINDERS = ['meeting.agenda_ready', 'meeting.starting'] as const;
export type MeetingReminder = (typeof MEETING_REMINDERS)[number];

const LEAD: Record<MeetingReminder, Temporal.DurationLike> = {
  'meeting.agenda_ready': { hours: 24 },
  'meeting.starting': { minutes: 15 },
};

/** The instant a reminder of a meeting starting at `start` is due. */
export function reminderDueAt(kind: MeetingReminder, start: Temporal.Instant): Temporal.Instant {
  return start.subtract(LEAD[kind]);
}

/** The local hour an assignee is told of an action item due tomorrow. */
export const DUE_TOMORROW_TIME = '09:00';

/** 09:00 on the day before `dueDate`, in `timeZone` (a time lost to a DST gap moves later). */
export function dueTomorrowAt(dueDate: string, timeZone: string): Temporal.Instant {
  return Temporal.PlainDate.from(dueDate)
    .subtract({ days: 1 })
    .toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(DUE_TOMORROW_TIME) })
    .toInstant();
}

/** How often the sweep looks for reminders due, and how far ahead: more than a day and one sweep. */
export const SWEEP_EVERY = { hours: 1 } as const;
export const SWEEP_AHEAD = { hours: 26 } as const;

/** The sweep after one at `now`: the next full hour (UTC), so instances agree on its name. */
export function nextSweepAt(now: Temporal.Instant): Temporal.Instant {
  return now.round({ smallestUnit: 'hour', roundingMode: 'floor' }).add(SWEEP_EVERY);
}

/** The full hour (UTC) that `now` lies in: the name of the sweep a starting worker makes sure of. */
export function sweepHourOf(now: Temporal.Instant): Temporal.Instant {
  return now.round({ smallestUnit: 'hour', roundingMode: 'floor' });
}
