import { Temporal } from 'temporal-polyfill';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { authorize, authorizeAttempt } from '../domain/policy.js';
import { type Occurrence, occurrencesBetween, upcoming } from '../domain/recurrence.js';
import type { Actor } from '../domain/roles.js';
import type { Series } from '../domain/series.js';
import { toChange, toSeries } from '../store/series.repository.js';
import type { AppDeps } from './context.js';
import { groupIdOf, groupLeadsOf, groupToCreateIn } from './group-access.js';
import { groupOfInput, moveToChosenGroup } from './group-choice.js';
import { occurrenceChangeUseCases } from './occurrence-changes.js';
import {
  insertSeries,
  loadSeries,
  loadSeriesWithChanges,
  type SeriesWithChanges,
  updateSeries,
  validateSeriesInput,
} from './series-steps.js';
import { writer } from './write.js';

/** Making and editing a series. */
function seriesWrites(deps: AppDeps) {
  const write = writer(deps);
  return {
    /** A group's lead creates series only in a group they lead (`input.group`, its slug). */
    async create(actor: Actor, input: Record<string, unknown>): Promise<Series> {
      authorizeAttempt(actor, 'series.edit');
      const { group, ...fields } = input;
      const { text, schedule } = validateSeriesInput(fields);
      return write(actor, async ({ repos, at }) =>
        insertSeries(
          repos,
          actor,
          text,
          schedule,
          at,
          await groupToCreateIn(repos, actor, 'series.edit', group),
        ),
      );
    },

    /**
     * Any edit raises SEQUENCE, so calendars that imported the series take the new version;
     * `input.group`, when given, moves the series as `group.assign` allows.
     */
    async update(
      actor: Actor,
      slug: string,
      version: number,
      input: Record<string, unknown>,
    ): Promise<Series> {
      authorizeAttempt(actor, 'series.edit');
      return write(actor, async ({ repos, at }) => {
        const row = await repos.series.findBySlug(slug);
        if (!row) throw new NotFoundError('series', slug);
        authorize(actor, 'series.edit', { groupLeads: await groupLeadsOf(repos, row.group_id) });
        const { group, ...fields } = input;
        const { text, schedule } = validateSeriesInput(fields);
        if (row.version !== version) throw new ConflictError(toSeries(row));
        const updated = await updateSeries(repos, actor, row, text, schedule, at);
        const subject = {
          table: 'meeting_series',
          type: 'series',
          id: row.id,
          groupId: row.group_id,
        } as const;
        await moveToChosenGroup(repos, actor, subject, groupOfInput(group), at);
        return group === undefined ? updated : toSeries((await repos.series.findById(row.id)) ?? row);
      });
    },
  };
}

export function meetingsUseCases(deps: AppDeps) {
  const { store, now } = deps;
  const instant = () => Temporal.Instant.fromEpochMilliseconds(now().getTime());
  const load = loadSeriesWithChanges;

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

    /** Every series (or a group's) with its next occurrences, for the meetings page and the home page. */
    async overview(
      count: number,
      group?: string,
    ): Promise<(SeriesWithChanges & { occurrences: Occurrence[] })[]> {
      const groupId = group ? await groupIdOf(store.read, group) : undefined;
      const all = (await store.read.series.list()).filter(
        (r) => groupId === undefined || r.group_id === groupId,
      );
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

    ...seriesWrites(deps),
    ...occurrenceChangeUseCases(deps),
  };
}

export type MeetingsUseCases = ReturnType<typeof meetingsUseCases>;
