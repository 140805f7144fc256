import { Temporal } from 'temporal-polyfill';

/**
 * Where a meeting stands on its timeline, which decides what its page offers and what may be
 * recorded: before (the agenda), during (the run sheet), after (the minutes draft), published
 * (the read-only record).
 */
export type MeetingPhase = 'before' | 'during' | 'after' | 'published';

export interface PhaseFacts {
  /** The occurrence's start and end, in the series' zone (a moved one's new times). */
  start: Temporal.ZonedDateTime;
  end: Temporal.ZonedDateTime;
  /** When a maintainer started it ahead of its time (ISO instant), if they did. */
  startedAt: string | null;
  minutesStatus: 'draft' | 'published' | null;
}

/**
 * The phase at `now`: it begins at its start or when a maintainer started it early, whichever
 * is first; after its scheduled end its minutes are being written until they are published.
 */
export function meetingPhase(facts: PhaseFacts, now: Temporal.Instant): MeetingPhase {
  if (facts.minutesStatus === 'published') return 'published';
  if (!hasBegun(facts, now)) return 'before';
  return Temporal.Instant.compare(now, facts.end.toInstant()) >= 0 ? 'after' : 'during';
}

/** Whether the meeting has begun at `now`: only then can its notes, decisions and minutes be written. */
export function hasBegun(facts: Pick<PhaseFacts, 'start' | 'startedAt'>, now: Temporal.Instant): boolean {
  if (facts.startedAt !== null && Temporal.Instant.compare(now, Temporal.Instant.from(facts.startedAt)) >= 0)
    return true;
  return Temporal.Instant.compare(now, facts.start.toInstant()) >= 0;
}

/**
 * When the phase next changes by the clock alone, after `now`: at its start while it has not
 * begun, at its end while it runs. None once it is over: publishing its minutes is a write,
 * which live pages hear of anyway.
 */
export function nextPhaseChange(facts: PhaseFacts, now: Temporal.Instant): Temporal.Instant | null {
  if (facts.minutesStatus === 'published') return null;
  const end = facts.end.toInstant();
  if (hasBegun(facts, now)) return Temporal.Instant.compare(now, end) < 0 ? end : null;
  // A start set early but still ahead begins it too, whichever comes first.
  const early = facts.startedAt === null ? null : Temporal.Instant.from(facts.startedAt);
  const start = facts.start.toInstant();
  return early && Temporal.Instant.compare(early, start) < 0 ? early : start;
}
