import { ConflictError, type FieldProblem, NotFoundError, ValidationError } from '../domain/errors.js';
import type { StampedChange } from '../domain/ical-feed.js';
import { type Occurrence, occurrenceOn } from '../domain/recurrence.js';
import type { Actor } from '../domain/roles.js';
import { parseDate, type Schedule, validateSchedule } from '../domain/schedule.js';
import { type Series, type SeriesText, validateSeriesText } from '../domain/series.js';
import { freeSlugAmong, slugify } from '../domain/text.js';
import { newId } from '../store/ids.js';
import { type SeriesRow, seriesColumns, toChange, toSeries } from '../store/series.repository.js';
import type { Repositories } from '../store/store.js';
import { audit } from './context.js';
import { notifySubscribers } from './invitations.js';

/**
 * The steps on a series that several use-cases take inside their own transaction: the meetings'
 * own, the agenda's, the minutes' and the planning page's import.
 */

// The importers of a series name the mapper here with the steps they take on it.
export { toSeries };

export interface SeriesWithChanges {
  series: Series;
  changes: StampedChange[];
}

/** Text and schedule problems of one form, reported together. */
export function validateSeriesInput(input: Record<string, unknown>) {
  const problems: FieldProblem[] = [];
  let text: ReturnType<typeof validateSeriesText> | null = null;
  let schedule: Schedule | null = null;
  try {
    text = validateSeriesText(input);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problems.push(...err.problems);
  }
  try {
    schedule = validateSchedule(input);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length > 0 || !text || !schedule) throw new ValidationError(problems);
  return { text, schedule };
}

export async function loadSeriesWithChanges(repos: Repositories, slug: string): Promise<SeriesWithChanges> {
  const row = await repos.series.findBySlug(slug);
  if (!row) throw new NotFoundError('series', slug);
  return { series: toSeries(row), changes: (await repos.series.changes(row.id)).map(toChange) };
}

/** A series with one of its occurrences, named by its key; NotFound when the series has no meeting that day. */
export async function loadSeries(
  repos: Repositories,
  slug: string,
  key: string,
): Promise<SeriesWithChanges & { occurrence: Occurrence }> {
  const found = await loadSeriesWithChanges(repos, slug);
  const date = parseDate(key);
  const occurrence = date ? occurrenceOn(found.series.schedule, found.changes, date.toString()) : null;
  if (!occurrence) throw new NotFoundError('occurrence', key);
  return { ...found, occurrence };
}

/** Stores a new series (inside the caller's transaction). */
export async function insertSeries(
  repos: Repositories,
  actor: Actor,
  text: SeriesText,
  schedule: Schedule,
  at: string,
  groupId: string | null = null,
): Promise<Series> {
  const id = newId();
  const slug = await uniqueSlug(repos, text.title);
  await repos.series.insert({
    id,
    slug,
    ...seriesColumns(text, schedule),
    sequence: 0,
    version: 1,
    created_at: at,
    updated_at: at,
    group_id: groupId,
  });
  await audit(repos, at, actor, 'series.create', { type: 'series', id }, text.title);
  return toSeries((await repos.series.findById(id)) as SeriesRow);
}

/** Replaces a series' text and schedule, raises SEQUENCE and tells subscribers (inside the caller's transaction). */
export async function updateSeries(
  repos: Repositories,
  actor: Actor,
  row: SeriesRow,
  text: SeriesText,
  schedule: Schedule,
  at: string,
): Promise<Series> {
  const ok = await repos.series.update(row.id, row.version, {
    ...seriesColumns(text, schedule),
    sequence: row.sequence + 1,
    updated_at: at,
  });
  if (!ok) throw new ConflictError(toSeries((await repos.series.findById(row.id)) ?? row));
  await notifySubscribers(repos, row.id, { type: 'request' }, at);
  await audit(repos, at, actor, 'series.update', { type: 'series', id: row.id }, text.title);
  return toSeries((await repos.series.findById(row.id)) as SeriesRow);
}

async function uniqueSlug(repos: Repositories, title: string): Promise<string> {
  const base = slugify(title);
  return freeSlugAmong(base, new Set(await repos.series.slugsStartingWith(base)));
}
