import type { Temporal } from 'temporal-polyfill';
import { isTopicStatus, type Topic, toCarryOver } from '../domain/agenda.js';
import { ConflictError } from '../domain/errors.js';
import type { IdeaLink } from '../domain/idea.js';
import { upcoming } from '../domain/recurrence.js';
import type { TopicRow } from '../store/agenda.repository.js';
import type { Repositories } from '../store/store.js';
import { liveChannel } from './live-channels.js';
import type { SeriesWithChanges } from './meetings.js';

export function toTopic(row: TopicRow): Topic {
  return {
    id: row.id,
    seriesId: row.series_id,
    occurrence: row.occurrence,
    title: row.title,
    description: row.description,
    links: JSON.parse(row.links) as IdeaLink[],
    minutes: row.minutes,
    status: isTopicStatus(row.status) ? row.status : 'proposed',
    position: row.position,
    proposerId: row.proposer_id,
    proposerName: row.proposer_name,
    carriedFrom: row.carried_from,
    ideaId: row.idea_id,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/**
 * Moves the accepted, undiscussed topics of one occurrence to the series' next one (inside the
 * caller's transaction): after a cancellation, or when the minutes of a meeting are published.
 */
export async function carryOverTopics(
  repos: Repositories,
  found: SeriesWithChanges,
  fromKey: string,
  now: Temporal.Instant,
  at: string,
): Promise<{ to: string | null; moved: number }> {
  const topics = (await repos.agenda.forOccurrence(found.series.id, fromKey)).map(toTopic);
  const moving = toCarryOver(topics);
  if (moving.length === 0) return { to: null, moved: 0 };
  const next = upcoming(found.series.schedule, found.changes, now, 10).find(
    (o) => o.key !== fromKey && o.status !== 'cancelled',
  );
  if (!next) return { to: null, moved: 0 };
  let position = await repos.agenda.maxPosition(found.series.id, next.key);
  for (const topic of moving) {
    position += 1;
    const ok = await repos.agenda.update(topic.id, topic.version, {
      occurrence: next.key,
      carried_from: fromKey,
      position,
      updated_at: at,
    });
    if (!ok) throw new ConflictError(topic);
  }
  await repos.live.announce(liveChannel.agenda(found.series.id, fromKey));
  await repos.live.announce(liveChannel.agenda(found.series.id, next.key));
  return { to: next.key, moved: moving.length };
}
