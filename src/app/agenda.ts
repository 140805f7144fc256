import { Temporal } from 'temporal-polyfill';
import {
  agendaOrder,
  type Topic,
  type TopicStop,
  timebox,
  topicStops,
  validateTopicDraft,
} from '../domain/agenda.js';
import { RuleError } from '../domain/errors.js';
import { authorizeUser, can } from '../domain/policy.js';
import type { ProposalState } from '../domain/proposal.js';
import type { Occurrence } from '../domain/recurrence.js';
import type { Actor } from '../domain/roles.js';
import { type TopicRow, toTopic } from '../store/agenda.repository.js';
import { toIdeaSummary } from '../store/ideas.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { nominationUseCases } from './agenda-nominations.js';
import { workInProgress } from './board.js';
import type { AppDeps } from './context.js';
import { groupLeadsOf } from './group-access.js';
import { ideaByReference } from './idea-reference.js';
import { type LimitsUseCases, takeProposal } from './limits.js';
import { liveChannel } from './live-channels.js';
import { notifyMeeting } from './meeting-notices.js';
import { loadSeries, type SeriesWithChanges } from './series-steps.js';
import { topicEdits, topicOrdering } from './topic-arrangement.js';
import { loadTopic } from './topics.js';
import { emit } from './webhook-emit.js';
import { writer } from './write.js';

export function agendaUseCases(deps: AppDeps, limits: LimitsUseCases) {
  return {
    ...agendaReads(deps),
    ...nominationUseCases(deps),
    propose: proposer(deps, limits),
    ...topicEdits(deps),
    ...topicOrdering(deps),
  };
}

export type AgendaUseCases = ReturnType<typeof agendaUseCases>;

/** A topic at one meeting it was on, with its series' slug and title; `carriedTo` where it went on from there. */
export type TopicAtStop = Topic & TopicStop & { seriesSlug: string; seriesTitle: string };

/**
 * Topics at every meeting they were on, oldest meeting first: a topic carried over is listed at
 * the meetings it left too, so an idea or proposal decided at one and carried on keeps it.
 */
const atEveryStop = (rows: (TopicRow & { series_slug: string; series_title: string })[]) =>
  rows
    .flatMap((row) => {
      const topic = toTopic(row);
      return topicStops(topic).map(
        (stop): TopicAtStop => ({
          ...topic,
          ...stop,
          seriesSlug: row.series_slug,
          seriesTitle: row.series_title,
        }),
      );
    })
    .sort((a, b) => (a.occurrence < b.occurrence ? -1 : a.occurrence > b.occurrence ? 1 : 0));

/** The proposals topics bring, by id, as their lines show them. */
async function proposalsOf(repos: Repositories, topics: readonly Topic[]) {
  const ids = [...new Set(topics.flatMap((x) => (x.proposalId ? [x.proposalId] : [])))];
  const rows = await repos.proposals.findByIds(ids);
  return new Map(
    rows.map((r) => [r.id, { id: r.id, number: r.number, title: r.title, state: r.state as ProposalState }]),
  );
}

function agendaReads({ store }: AppDeps) {
  return {
    /** One meeting's agenda with its timebox and the overview of current projects. */
    async forOccurrence(slug: string, key: string) {
      const found = await loadSeries(store.read, slug, key);
      const topics = agendaOrder(
        (await store.read.agenda.forOccurrence(found.series.id, found.occurrence.key)).map(toTopic),
      );
      const minutes = Math.round(found.occurrence.start.until(found.occurrence.end).total('minutes'));
      const overview = (await store.read.ideas.list({ statuses: ['roadmap', 'in_progress'] })).map(
        toIdeaSummary,
      );
      const work = await workInProgress(store.read);
      const linked = [...new Set(topics.flatMap((x) => (x.ideaId ? [x.ideaId] : [])))];
      const ideas = new Map(
        (await store.read.ideas.findByIds(linked)).map((row) => [row.id, toIdeaSummary(row)] as const),
      );
      const comments = await store.read.comments.visibleCounts(
        'topic',
        topics.map((x) => x.id),
      );
      const proposals = await proposalsOf(store.read, topics);
      return {
        ...found,
        topics,
        timebox: timebox(topics, minutes),
        overview,
        work,
        ideas,
        comments,
        proposals,
      };
    },

    /** One topic, as stored now. */
    async topic(id: string): Promise<Topic> {
      return loadTopic(store.read, id);
    },

    /** Where a topic stands: its series and meeting, for showing that agenda again. */
    async meetingOf(topicId: string): Promise<{ slug: string; key: string } | null> {
      const row = await store.read.agenda.findById(topicId);
      const series = row ? await store.read.series.findById(row.series_id) : undefined;
      return row && series ? { slug: series.slug, key: row.occurrence } : null;
    },

    /** The meetings an idea was brought to, with what became of the topic there. */
    forIdea: async (ideaId: string) => atEveryStop(await store.read.agenda.forIdea(ideaId)),

    /** The meetings an enhancement proposal was brought to, likewise. */
    forProposal: async (proposalId: string) => atEveryStop(await store.read.agenda.forProposal(proposalId)),
  };
}

/** A topic can be brought to a meeting that is neither over nor cancelled. */
async function openOccurrence(
  repos: Repositories,
  slug: string,
  key: string,
  now: Temporal.Instant,
): Promise<SeriesWithChanges & { occurrence: Occurrence }> {
  const found = await loadSeries(repos, slug, key);
  if (found.occurrence.status === 'cancelled') throw new RuleError('error.topicCancelled');
  if (Temporal.Instant.compare(found.occurrence.end.toInstant(), now) <= 0)
    throw new RuleError('error.topicPast');
  return found;
}

/** The idea a proposal names by slug or id, if it names one. */
function proposer(deps: AppDeps, limits: LimitsUseCases) {
  const write = writer(deps);
  /** A proposal through a door names its `client`, counted with the account (src/app/limits.ts). */
  return async (
    actor: Actor,
    slug: string,
    key: string,
    input: Record<string, unknown>,
    client?: string,
  ): Promise<Topic> => {
    authorizeUser(actor, 'topic.propose');
    const draft = validateTopicDraft(input);
    if (client !== undefined) await takeProposal(limits, actor, client);
    return write(actor, async ({ repos, at, audit, announce }) => {
      const now = Temporal.Instant.fromEpochMilliseconds(deps.now().getTime());
      const found = await openOccurrence(repos, slug, key, now);
      const ideaId = (await ideaByReference(repos, input.idea))?.id ?? null;
      const id = newId();
      await repos.agenda.insert({
        id,
        series_id: found.series.id,
        occurrence: found.occurrence.key,
        title: draft.title,
        description: draft.description,
        links: JSON.stringify(draft.links),
        minutes: draft.minutes,
        // Maintainers (and the leads of the series' group) put their own topics straight on the agenda.
        status: can(actor, 'topic.proposeAccepted', {
          groupLeads: await groupLeadsOf(repos, found.series.groupId),
        })
          ? 'accepted'
          : 'proposed',
        position: (await repos.agenda.maxPosition(found.series.id, found.occurrence.key)) + 1,
        proposer_id: actor.userId,
        carried_from: null,
        carried_through: '[]',
        idea_id: ideaId,
        proposal_id: null,
        notes: '',
        created_at: at,
        updated_at: at,
        version: 1,
      });
      await audit('topic.propose', { type: 'topic', id }, `${found.occurrence.key}: ${draft.title}`);
      await announce(liveChannel.agenda(found.series.id, found.occurrence.key));
      const topic = await loadTopic(repos, id);
      await emit(repos, at, {
        type: 'topic.proposed',
        path: `meetings/${found.series.slug}/${found.occurrence.key}`,
        data: {
          id,
          title: draft.title,
          status: topic.status,
          series: found.series.slug,
          date: found.occurrence.key,
        },
      });
      await notifyMeeting(repos, at, actor, {
        kind: 'topic.proposed',
        subjectId: id,
        series: found.series,
        date: found.occurrence.key,
        data: { topic: draft.title },
      });
      return topic;
    });
  };
}
