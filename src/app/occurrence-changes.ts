import { Temporal } from 'temporal-polyfill';
import {
  ConflictError,
  type FieldProblem,
  NotFoundError,
  RuleError,
  ValidationError,
} from '../domain/errors.js';
import { authorize, authorizeAttempt } from '../domain/policy.js';
import { type Occurrence, occurrenceOn } from '../domain/recurrence.js';
import type { Actor } from '../domain/roles.js';
import { MAX_DURATION_MINUTES, parseDate, parseTime } from '../domain/schedule.js';
import type { Series } from '../domain/series.js';
import { hasControlCharacters } from '../domain/text.js';
import { newId } from '../store/ids.js';
import type { ChangeRow } from '../store/series.repository.js';
import type { Repositories } from '../store/store.js';
import type { AppDeps } from './context.js';
import { groupLeadsOf } from './group-access.js';
import { notifySubscribers } from './invitations.js';
import { liveChannel } from './live-channels.js';
import { notifyMeeting } from './meeting-notices.js';
import { loadSeriesWithChanges, type SeriesWithChanges } from './series-steps.js';
import { carryOverTopics } from './topics.js';
import { emit } from './webhook-emit.js';
import { type WriteStep, writer } from './write.js';

/**
 * Changes to single occurrences of a series: calling one off, moving it, an extra meeting, and
 * taking a change back. Each raises the series' SEQUENCE and tells its subscribers.
 */

/** How far an occurrence may be moved from its original day. */
const MAX_MOVE_DAYS = 180;
const MAX_REASON = 2000;

function cleanReason(value: unknown, required: boolean): string | null {
  const reason = typeof value === 'string' ? value.replace(/\s+/gu, ' ').trim() : '';
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new ValidationError([{ field: 'reason', key: 'error.notText' }]);
  }
  if (required && reason === '') throw new ValidationError([{ field: 'reason', key: 'error.required' }]);
  if ([...reason].length > MAX_REASON)
    throw new ValidationError([{ field: 'reason', key: 'error.tooLong', params: { max: MAX_REASON } }]);
  if (hasControlCharacters(reason))
    throw new ValidationError([{ field: 'reason', key: 'error.badCharacters' }]);
  return reason === '' ? null : reason;
}

type SlotInput = { date?: unknown; startTime?: unknown; durationMinutes?: unknown; reason?: unknown };

/**
 * The day, start and length of a moved or extra meeting, every problem reported at once under
 * the name its form gives the field.
 */
function checkSlot(input: SlotInput, names: Record<'date' | 'startTime' | 'durationMinutes', string>) {
  const problems: FieldProblem[] = [];
  const date = typeof input.date === 'string' ? parseDate(input.date) : null;
  if (!date) problems.push({ field: names.date, key: 'error.badDate' });
  const startTime = typeof input.startTime === 'string' ? input.startTime.trim() : '';
  if (!parseTime(startTime))
    problems.push({
      field: names.startTime,
      key: 'error.badTime',
      params: { value: startTime.slice(0, 20) },
    });
  const duration = Number(input.durationMinutes);
  if (!Number.isInteger(duration) || duration < 1 || duration > MAX_DURATION_MINUTES) {
    problems.push({
      field: names.durationMinutes,
      key: 'error.badDuration',
      params: { max: MAX_DURATION_MINUTES },
    });
  }
  if (problems.length > 0 || !date) throw new ValidationError(problems);
  return { date, startTime, duration };
}

/** The occurrence a change refers to must exist and must not be over at `at`. */
function requireChangeable(found: SeriesWithChanges, key: string, at: string): Occurrence {
  const date = parseDate(key);
  if (!date) throw new ValidationError([{ field: 'date', key: 'error.badDate' }]);
  const occurrence = occurrenceOn(found.series.schedule, found.changes, date.toString());
  if (!occurrence) throw new NotFoundError('occurrence', key);
  if (Temporal.Instant.compare(occurrence.end.toInstant(), Temporal.Instant.from(at)) <= 0)
    throw new RuleError('error.occurrencePast');
  return occurrence;
}

/** Writes one occurrence change (insert or replace) and raises the series' SEQUENCE. */
async function writeChange(
  { repos, at, audit, announce, actor }: WriteStep,
  series: Series,
  date: string,
  fields: Pick<ChangeRow, 'kind' | 'reason' | 'moved_to_date' | 'start_time' | 'duration_minutes'>,
): Promise<void> {
  const existing = await repos.series.change(series.id, date);
  if (existing) {
    const ok = await repos.series.updateChange(existing.id, existing.version, {
      ...fields,
      sequence: existing.sequence + 1,
      updated_at: at,
    });
    if (!ok) throw new ConflictError(null);
  } else {
    await repos.series.insertChange({
      id: newId(),
      series_id: series.id,
      date,
      ...fields,
      sequence: 1,
      version: 1,
      created_at: at,
      updated_at: at,
    });
  }
  await repos.series.touch(series.id, at);
  await notifySubscribers(
    repos,
    series.id,
    fields.kind === 'cancelled' ? { type: 'cancel-occurrence', date } : { type: 'request' },
    at,
  );
  await audit(
    `occurrence.${fields.kind}`,
    { type: 'series', id: series.id },
    `${date}${fields.reason ? `: ${fields.reason}` : ''}`,
  );
  await announce(liveChannel.agenda(series.id, date));
  if (fields.kind === 'cancelled' || fields.kind === 'moved') {
    const moved = fields.kind === 'moved' ? { movedTo: fields.moved_to_date, start: fields.start_time } : {};
    const data = { series: series.slug, title: series.title, date, reason: fields.reason, ...moved };
    await emit(repos, at, { type: `meeting.${fields.kind}`, path: `meetings/${series.slug}/${date}`, data });
    await notifyMeeting(repos, at, actor, {
      kind: `meeting.${fields.kind}`,
      subjectId: `${series.id}:${date}`,
      series,
      date,
      data: { reason: fields.reason, movedTo: fields.moved_to_date, start: fields.start_time },
    });
  }
}

/** Maintainers change any series' meetings; the leads of a series' group change its own. */
async function mayChange(repos: Repositories, actor: Actor, series: { groupId: string | null }) {
  authorize(actor, 'occurrence.change', { groupLeads: await groupLeadsOf(repos, series.groupId) });
}

/** Calling an occurrence off, and taking a cancellation or move back. */
function callOffUseCases(deps: AppDeps) {
  const write = writer(deps);
  const load = loadSeriesWithChanges;
  return {
    /** Returns the occurrence as cancelled (a called-off extra meeting no longer exists afterwards). */
    async cancel(actor: Actor, slug: string, key: string, reasonInput: unknown): Promise<Occurrence> {
      authorizeAttempt(actor, 'occurrence.change');
      const reason = cleanReason(reasonInput, true);
      return write(actor, async (step) => {
        const { repos, at } = step;
        const found = await load(repos, slug);
        await mayChange(repos, actor, found.series);
        const occurrence = requireChangeable(found, key, at);
        if (occurrence.status === 'cancelled') throw new RuleError('error.alreadyCancelled');
        if (occurrence.status === 'extra') {
          // An extra meeting that is called off simply disappears; nobody expects it any more.
          const existing = await repos.series.change(found.series.id, occurrence.key);
          if (existing) await repos.series.deleteChange(existing.id, existing.version);
          await repos.series.touch(found.series.id, at);
          await notifySubscribers(repos, found.series.id, { type: 'request' }, at);
          await step.audit(
            'occurrence.cancelled',
            { type: 'series', id: found.series.id },
            `${key}: ${reason}`,
          );
          await emit(repos, at, {
            type: 'meeting.cancelled',
            path: `meetings/${found.series.slug}`,
            data: { series: found.series.slug, title: found.series.title, date: key, reason },
          });
          await notifyMeeting(repos, at, actor, {
            kind: 'meeting.cancelled',
            subjectId: `${found.series.id}:${key}`,
            series: found.series,
            date: key,
            data: { reason },
          });
          await step.announce(liveChannel.agenda(found.series.id, occurrence.key));
          await carryOverTopics(
            repos,
            await load(repos, slug),
            occurrence.key,
            Temporal.Instant.from(at),
            at,
          );
          return { ...occurrence, status: 'cancelled', reason };
        }
        await writeChange(step, found.series, occurrence.key, {
          kind: 'cancelled',
          reason,
          moved_to_date: null,
          start_time: null,
          duration_minutes: null,
        });
        // Accepted topics go on to the next meeting, which says where they came from.
        await carryOverTopics(repos, await load(repos, slug), occurrence.key, Temporal.Instant.from(at), at);
        return { ...occurrence, status: 'cancelled', reason };
      });
    },

    /** Takes back a cancellation or a move: the occurrence is as the schedule says again. */
    async restore(actor: Actor, slug: string, key: string): Promise<void> {
      authorizeAttempt(actor, 'occurrence.change');
      await write(actor, async ({ repos, at, audit, announce }) => {
        const found = await load(repos, slug);
        await mayChange(repos, actor, found.series);
        requireChangeable(found, key, at);
        const existing = await repos.series.change(found.series.id, key);
        if (!existing || existing.kind === 'extra') throw new RuleError('error.nothingToRestore');
        if (!(await repos.series.deleteChange(existing.id, existing.version))) throw new ConflictError(null);
        await repos.series.touch(found.series.id, at);
        await notifySubscribers(repos, found.series.id, { type: 'request' }, at);
        await audit('occurrence.restored', { type: 'series', id: found.series.id }, key);
        await announce(liveChannel.agenda(found.series.id, key));
      });
    },
  };
}

/** Moving an occurrence to another slot, and adding an extra meeting. */
function rescheduleUseCases(deps: AppDeps) {
  const write = writer(deps);
  const load = loadSeriesWithChanges;
  return {
    async move(actor: Actor, slug: string, key: string, input: SlotInput): Promise<void> {
      authorizeAttempt(actor, 'occurrence.change');
      const reason = cleanReason(input.reason, false);
      const {
        date: newDate,
        startTime,
        duration,
      } = checkSlot(input, {
        date: 'newDate',
        startTime: 'newStartTime',
        durationMinutes: 'newDurationMinutes',
      });
      await write(actor, async (step) => {
        const found = await load(step.repos, slug);
        await mayChange(step.repos, actor, found.series);
        const occurrence = requireChangeable(found, key, step.at);
        if (occurrence.status === 'extra') throw new RuleError('error.moveExtra');
        const original = parseDate(occurrence.key) as Temporal.PlainDate;
        if (Math.abs(original.until(newDate, { largestUnit: 'days' }).days) > MAX_MOVE_DAYS) {
          throw new ValidationError([
            { field: 'newDate', key: 'error.moveTooFar', params: { days: MAX_MOVE_DAYS } },
          ]);
        }
        await writeChange(step, found.series, occurrence.key, {
          kind: 'moved',
          reason,
          moved_to_date: newDate.toString(),
          start_time: startTime,
          duration_minutes: duration,
        });
      });
    },

    async addExtra(actor: Actor, slug: string, input: SlotInput): Promise<string> {
      authorizeAttempt(actor, 'occurrence.change');
      const reason = cleanReason(input.reason, false);
      const { date, startTime, duration } = checkSlot(input, {
        date: 'date',
        startTime: 'startTime',
        durationMinutes: 'durationMinutes',
      });
      return write(actor, async (step) => {
        const { repos, at } = step;
        const found = await load(repos, slug);
        await mayChange(repos, actor, found.series);
        if (
          occurrenceOn(found.series.schedule, found.changes, date.toString()) ||
          (await repos.series.change(found.series.id, date.toString()))
        ) {
          throw new RuleError('error.occurrenceExists', { date: date.toString() });
        }
        const start = date
          .toPlainDateTime(Temporal.PlainTime.from(startTime))
          .toZonedDateTime(found.series.schedule.timeZone, { disambiguation: 'compatible' });
        if (Temporal.Instant.compare(start.toInstant(), Temporal.Instant.from(at)) <= 0)
          throw new RuleError('error.occurrencePast');
        await writeChange(step, found.series, date.toString(), {
          kind: 'extra',
          reason,
          moved_to_date: null,
          start_time: startTime,
          duration_minutes: duration,
        });
        return date.toString();
      });
    },
  };
}

export function occurrenceChangeUseCases(deps: AppDeps) {
  return { ...callOffUseCases(deps), ...rescheduleUseCases(deps) };
}
