import { Temporal } from 'temporal-polyfill';
import {
  ConflictError,
  type FieldProblem,
  NotFoundError,
  RuleError,
  ValidationError,
} from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { type Occurrence, occurrenceOn, occurrencesBetween, upcoming } from '../domain/recurrence.js';
import type { Actor } from '../domain/roles.js';
import { MAX_DURATION_MINUTES, parseDate, parseTime } from '../domain/schedule.js';
import type { Series } from '../domain/series.js';
import { hasControlCharacters } from '../domain/text.js';
import { newId } from '../store/ids.js';
import { type ChangeRow, toChange, toSeries } from '../store/series.repository.js';
import type { Repositories } from '../store/store.js';
import { type AppDeps, audit } from './context.js';
import { notifySubscribers } from './invitations.js';
import { liveChannel } from './live-channels.js';
import {
  insertSeries,
  loadSeries,
  loadSeriesWithChanges,
  type SeriesWithChanges,
  updateSeries,
  validateSeriesInput,
} from './series-steps.js';
import { carryOverTopics } from './topics.js';

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

export function meetingsUseCases({ store, now }: AppDeps) {
  const iso = () => now().toISOString();
  const instant = () => Temporal.Instant.fromEpochMilliseconds(now().getTime());

  const load = loadSeriesWithChanges;

  /** The occurrence a change refers to must exist and must not be over. */
  function requireChangeable(found: SeriesWithChanges, key: string): Occurrence {
    const date = parseDate(key);
    if (!date) throw new ValidationError([{ field: 'date', key: 'error.badDate' }]);
    const occurrence = occurrenceOn(found.series.schedule, found.changes, date.toString());
    if (!occurrence) throw new NotFoundError('occurrence', key);
    if (Temporal.Instant.compare(occurrence.end.toInstant(), instant()) <= 0)
      throw new RuleError('error.occurrencePast');
    return occurrence;
  }

  /** Writes one occurrence change (insert or replace) and raises the series' SEQUENCE. */
  async function writeChange(
    repos: Repositories,
    actor: Actor,
    series: Series,
    date: string,
    fields: Pick<ChangeRow, 'kind' | 'reason' | 'moved_to_date' | 'start_time' | 'duration_minutes'>,
  ): Promise<void> {
    const at = iso();
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
      repos,
      at,
      actor,
      `occurrence.${fields.kind}`,
      { type: 'series', id: series.id },
      `${date}${fields.reason ? `: ${fields.reason}` : ''}`,
    );
    await repos.live.announce(liveChannel.agenda(series.id, date));
  }

  return {
    async list(): Promise<Series[]> {
      return (await store.read.series.list()).map(toSeries);
    },

    async get(slug: string): Promise<SeriesWithChanges> {
      return load(store.read, slug);
    },

    /** The next occurrences of a series, cancelled ones included and marked. */
    async upcoming(slug: string, count: number): Promise<SeriesWithChanges & { occurrences: Occurrence[] }> {
      const found = await load(store.read, slug);
      return { ...found, occurrences: upcoming(found.series.schedule, found.changes, instant(), count) };
    },

    /** Every series with its next occurrences, for the meetings page and the home page. */
    async overview(count: number): Promise<(SeriesWithChanges & { occurrences: Occurrence[] })[]> {
      const all = await store.read.series.list();
      return Promise.all(
        all.map(async (row) => {
          const series = toSeries(row);
          const changes = (await store.read.series.changes(row.id)).map(toChange);
          return { series, changes, occurrences: upcoming(series.schedule, changes, instant(), count) };
        }),
      );
    },

    async occurrence(slug: string, key: string): Promise<SeriesWithChanges & { occurrence: Occurrence }> {
      return loadSeries(store.read, slug, key);
    },

    async between(slug: string, from: Temporal.Instant, to: Temporal.Instant) {
      const found = await load(store.read, slug);
      return { ...found, occurrences: occurrencesBetween(found.series.schedule, found.changes, from, to) };
    },

    async create(actor: Actor, input: Record<string, unknown>): Promise<Series> {
      authorize(actor, 'series.edit');
      const { text, schedule } = validateSeriesInput(input);
      const at = iso();
      return store.transaction((repos) => insertSeries(repos, actor, text, schedule, at));
    },

    /** Any edit raises SEQUENCE, so calendars that imported the series take the new version. */
    async update(
      actor: Actor,
      slug: string,
      version: number,
      input: Record<string, unknown>,
    ): Promise<Series> {
      authorize(actor, 'series.edit');
      const { text, schedule } = validateSeriesInput(input);
      const at = iso();
      return store.transaction(async (repos) => {
        const row = await repos.series.findBySlug(slug);
        if (!row) throw new NotFoundError('series', slug);
        if (row.version !== version) throw new ConflictError(toSeries(row));
        return updateSeries(repos, actor, row, text, schedule, at);
      });
    },

    /** Returns the occurrence as cancelled (a called-off extra meeting no longer exists afterwards). */
    async cancel(actor: Actor, slug: string, key: string, reasonInput: unknown): Promise<Occurrence> {
      authorize(actor, 'occurrence.change');
      const reason = cleanReason(reasonInput, true);
      return store.transaction(async (repos) => {
        const found = await load(repos, slug);
        const occurrence = requireChangeable(found, key);
        if (occurrence.status === 'cancelled') throw new RuleError('error.alreadyCancelled');
        if (occurrence.status === 'extra') {
          // An extra meeting that is called off simply disappears; nobody expects it any more.
          const existing = await repos.series.change(found.series.id, occurrence.key);
          if (existing) await repos.series.deleteChange(existing.id, existing.version);
          await repos.series.touch(found.series.id, iso());
          await notifySubscribers(repos, found.series.id, { type: 'request' }, iso());
          await audit(
            repos,
            iso(),
            actor,
            'occurrence.cancelled',
            { type: 'series', id: found.series.id },
            `${key}: ${reason}`,
          );
          await repos.live.announce(liveChannel.agenda(found.series.id, occurrence.key));
          await carryOverTopics(repos, await load(repos, slug), occurrence.key, instant(), iso());
          return { ...occurrence, status: 'cancelled', reason };
        }
        await writeChange(repos, actor, found.series, occurrence.key, {
          kind: 'cancelled',
          reason,
          moved_to_date: null,
          start_time: null,
          duration_minutes: null,
        });
        // Accepted topics go on to the next meeting, which says where they came from.
        await carryOverTopics(repos, await load(repos, slug), occurrence.key, instant(), iso());
        return { ...occurrence, status: 'cancelled', reason };
      });
    },

    async move(actor: Actor, slug: string, key: string, input: SlotInput): Promise<void> {
      authorize(actor, 'occurrence.change');
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
      await store.transaction(async (repos) => {
        const found = await load(repos, slug);
        const occurrence = requireChangeable(found, key);
        if (occurrence.status === 'extra') throw new RuleError('error.moveExtra');
        const original = parseDate(occurrence.key) as Temporal.PlainDate;
        if (Math.abs(original.until(newDate, { largestUnit: 'days' }).days) > MAX_MOVE_DAYS) {
          throw new ValidationError([
            { field: 'newDate', key: 'error.moveTooFar', params: { days: MAX_MOVE_DAYS } },
          ]);
        }
        await writeChange(repos, actor, found.series, occurrence.key, {
          kind: 'moved',
          reason,
          moved_to_date: newDate.toString(),
          start_time: startTime,
          duration_minutes: duration,
        });
      });
    },

    async addExtra(actor: Actor, slug: string, input: SlotInput): Promise<string> {
      authorize(actor, 'occurrence.change');
      const reason = cleanReason(input.reason, false);
      const { date, startTime, duration } = checkSlot(input, {
        date: 'date',
        startTime: 'startTime',
        durationMinutes: 'durationMinutes',
      });
      return store.transaction(async (repos) => {
        const found = await load(repos, slug);
        if (
          occurrenceOn(found.series.schedule, found.changes, date.toString()) ||
          (await repos.series.change(found.series.id, date.toString()))
        ) {
          throw new RuleError('error.occurrenceExists', { date: date.toString() });
        }
        const start = date
          .toPlainDateTime(Temporal.PlainTime.from(startTime))
          .toZonedDateTime(found.series.schedule.timeZone, { disambiguation: 'compatible' });
        if (Temporal.Instant.compare(start.toInstant(), instant()) <= 0)
          throw new RuleError('error.occurrencePast');
        await writeChange(repos, actor, found.series, date.toString(), {
          kind: 'extra',
          reason,
          moved_to_date: null,
          start_time: startTime,
          duration_minutes: duration,
        });
        return date.toString();
      });
    },

    /** Takes back a cancellation or a move: the occurrence is as the schedule says again. */
    async restore(actor: Actor, slug: string, key: string): Promise<void> {
      authorize(actor, 'occurrence.change');
      await store.transaction(async (repos) => {
        const found = await load(repos, slug);
        requireChangeable(found, key);
        const existing = await repos.series.change(found.series.id, key);
        if (!existing || existing.kind === 'extra') throw new RuleError('error.nothingToRestore');
        if (!(await repos.series.deleteChange(existing.id, existing.version))) throw new ConflictError(null);
        await repos.series.touch(found.series.id, iso());
        await notifySubscribers(repos, found.series.id, { type: 'request' }, iso());
        await audit(repos, iso(), actor, 'occurrence.restored', { type: 'series', id: found.series.id }, key);
        await repos.live.announce(liveChannel.agenda(found.series.id, key));
      });
    },
  };
}

export type MeetingsUseCases = ReturnType<typeof meetingsUseCases>;
