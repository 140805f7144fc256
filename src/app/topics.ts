import type { Temporal } from 'temporal-polyfill';
import { DEFAULT_TOPIC_MINUTES, type Topic, toCarryOver } from '../domain/agenda.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import type { IdeaLink } from '../domain/idea.js';
import { toTopic } from '../store/agenda.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { liveChannel } from './live-channels.js';
import { nextMeeting } from './next-meeting.js';
import type { SeriesWithChanges } from './series-steps.js';

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
  const next = await nextMeeting(repos, found, now, fromKey);
  if (!next) return { to: null, moved: 0 };
  let position = await repos.agenda.maxPosition(found.series.id, next.key);
  for (const topic of moving) {
    position += 1;
    const ok = await repos.agenda.update(topic.id, topic.version, {
      occurrence: next.key,
      carried_from: fromKey,
      carried_through: JSON.stringify([...topic.carriedThrough, fromKey]),
      position,
      updated_at: at,
    });
    if (!ok) throw new ConflictError(topic);
  }
  await repos.live.announce(liveChannel.agenda(found.series.id, fromKey));
  await repos.live.announce(liveChannel.agenda(found.series.id, next.key));
  return { to: next.key, moved: moving.length };
}

/**
 * Adds a 5-minute topic (accepted unless told) at the end of one meeting's agenda (inside the caller's
 * transaction), for topics the hub puts there itself: nominations and objections.
 */
export async function appendAcceptedTopic(
  repos: Repositories,
  seriesId: string,
  key: string,
  topic: {
    title: string;
    description: string;
    links: readonly IdeaLink[];
    proposerId: string | null;
    ideaId: string | null;
    carriedFrom: string | null;
    at: string;
    proposalId?: string | null;
    /** A member's nomination of a proposal waits for a maintainer as any topic of theirs does. */
    status?: 'accepted' | 'proposed';
  },
): Promise<string> {
  const id = newId();
  await repos.agenda.insert({
    id,
    series_id: seriesId,
    occurrence: key,
    title: topic.title,
    description: topic.description,
    links: JSON.stringify(topic.links),
    minutes: DEFAULT_TOPIC_MINUTES,
    status: topic.status ?? 'accepted',
    position: (await repos.agenda.maxPosition(seriesId, key)) + 1,
    proposer_id: topic.proposerId,
    carried_from: topic.carriedFrom,
    // Put here from an earlier meeting, never on its agenda: it was carried through none.
    carried_through: '[]',
    idea_id: topic.ideaId,
    proposal_id: topic.proposalId ?? null,
    notes: '',
    created_at: topic.at,
    updated_at: topic.at,
    version: 1,
  });
  return id;
}

/**
 * Puts a topic on the series' next meeting (next-meeting.ts), inside the caller's transaction,
 * accepted and marked as coming from `fromKey`; null when the series has no such meeting.
 */
export async function putOnNextAgenda(
  repos: Repositories,
  found: SeriesWithChanges,
  fromKey: string,
  now: Temporal.Instant,
  topic: { title: string; description: string; proposerId: string | null; ideaId: string | null; at: string },
): Promise<string | null> {
  const next = await nextMeeting(repos, found, now, fromKey);
  if (!next) return null;
  await appendAcceptedTopic(repos, found.series.id, next.key, {
    ...topic,
    links: [],
    carriedFrom: fromKey,
  });
  await repos.live.announce(liveChannel.agenda(found.series.id, next.key));
  return next.key;
}

/** One topic as stored now, inside the caller's transaction or read. */
export async function loadTopic(repos: Repositories, id: string): Promise<Topic> {
  const row = await repos.agenda.findById(id);
  if (!row) throw new NotFoundError('topic', id);
  return toTopic(row);
}
