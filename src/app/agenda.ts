import { Temporal } from 'temporal-polyfill';
import {
  agendaOrder,
  checkTopicTransition,
  isTopicStatus,
  type Topic,
  timebox,
  validateTopicDraft,
} from '../domain/agenda.js';
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../domain/errors.js';
import { IDEA_LIMITS, type IdeaLink } from '../domain/idea.js';
import { type Action, authorize, authorizeAttempt, authorizeUser, can } from '../domain/policy.js';
import { type Occurrence, upcoming } from '../domain/recurrence.js';
import type { Actor } from '../domain/roles.js';
import { type TopicRow, toTopic } from '../store/agenda.repository.js';
import { toIdeaSummary } from '../store/ideas.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { workInProgress } from './board.js';
import type { AppDeps } from './context.js';
import { liveChannel } from './live-channels.js';
import { loadSeries, loadSeriesWithChanges, type SeriesWithChanges } from './series-steps.js';
import { nominationMode } from './settings.js';
import { appendAcceptedTopic } from './topics.js';
import { checkVersion, writer } from './write.js';

/** Topics that still stand on an agenda; a nomination is not repeated beside one of them. */
const ACTIVE_TOPIC_STATUSES: readonly string[] = ['proposed', 'accepted', 'deferred'];

/** Ideas and board cards are nominated under rules of their own. */
const nominationAction = (kind: 'idea' | 'item'): Action =>
  kind === 'idea' ? 'idea.nominate' : 'item.nominate';

export function agendaUseCases({ store, now }: AppDeps) {
  const instant = () => Temporal.Instant.fromEpochMilliseconds(now().getTime());
  const write = writer({ store, now });

  /**
   * Puts what `subject` names on the agenda of the series' next meeting by itself, accepted, the
   * way agendas are built from labelled issues. Maintainers nominate; members too when an admin
   * allows it. Something already standing on that agenda is not added twice.
   */
  async function nominateWith(
    actor: Actor,
    kind: 'idea' | 'item',
    seriesSlug: unknown,
    subject: (repos: Repositories) => Promise<{
      title: string;
      links: IdeaLink[];
      ideaId: string | null;
      entity: { type: string; id: string };
      same: (topic: TopicRow) => boolean;
    }>,
  ): Promise<Topic> {
    authorizeAttempt(actor, nominationAction(kind));
    return write(actor, async ({ repos, at, audit, announce }) => {
      authorizeUser(actor, nominationAction(kind), {
        membersNominate: (await nominationMode(repos)) === 'members',
      });
      const what = await subject(repos);
      const series = await nominationSeries(repos, seriesSlug);
      const found = await loadSeriesWithChanges(repos, series);
      const next = upcoming(found.series.schedule, found.changes, instant(), 10).find(
        (o) => o.status !== 'cancelled' && Temporal.Instant.compare(o.start.toInstant(), instant()) > 0,
      );
      if (!next) throw new RuleError('error.noNextMeeting');
      const onIt = (await repos.agenda.forOccurrence(found.series.id, next.key)).find(
        (t) => ACTIVE_TOPIC_STATUSES.includes(t.status) && what.same(t),
      );
      if (onIt) throw new RuleError('error.alreadyOnAgenda', { date: next.key });
      const id = await appendAcceptedTopic(repos, found.series.id, next.key, {
        title: what.title,
        description: '',
        links: what.links,
        proposerId: actor.userId,
        ideaId: what.ideaId,
        carriedFrom: null,
        at,
      });
      await audit('topic.nominate', what.entity, `${series}/${next.key}`);
      await announce(liveChannel.agenda(found.series.id, next.key));
      return loadTopic(repos, id);
    });
  }

  /** The series a nomination is for: the one named, or the only one there is. */
  async function nominationSeries(repos: Repositories, slug: unknown): Promise<string> {
    if (typeof slug === 'string' && slug.trim() !== '') return slug.trim();
    const all = await repos.series.list();
    if (all.length === 1 && all[0]) return all[0].slug;
    throw new ValidationError([
      { field: 'series', key: all.length === 0 ? 'error.noSeries' : 'error.required' },
    ]);
  }

  /** A topic can be brought to a meeting that is neither over nor cancelled. */
  async function openOccurrence(
    repos: Repositories,
    slug: string,
    key: string,
  ): Promise<SeriesWithChanges & { occurrence: Occurrence }> {
    const found = await loadSeries(repos, slug, key);
    if (found.occurrence.status === 'cancelled') throw new RuleError('error.topicCancelled');
    if (Temporal.Instant.compare(found.occurrence.end.toInstant(), instant()) <= 0)
      throw new RuleError('error.topicPast');
    return found;
  }

  async function loadTopic(repos: Repositories, id: string): Promise<Topic> {
    const row = await repos.agenda.findById(id);
    if (!row) throw new NotFoundError('topic', id);
    return toTopic(row);
  }

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
      return { ...found, topics, timebox: timebox(topics, minutes), overview, work };
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
    async forIdea(ideaId: string): Promise<(Topic & { seriesSlug: string; seriesTitle: string })[]> {
      return (await store.read.agenda.forIdea(ideaId)).map((row) => ({
        ...toTopic(row),
        seriesSlug: row.series_slug,
        seriesTitle: row.series_title,
      }));
    },

    /** Refuses `actor` unless they may nominate an idea or a card now (the form asks first). */
    async authorizeNomination(actor: Actor, kind: 'idea' | 'item'): Promise<void> {
      authorizeAttempt(actor, nominationAction(kind));
      authorize(actor, nominationAction(kind), {
        membersNominate: (await nominationMode(store.read)) === 'members',
      });
    },

    /** Whether `actor` may nominate an idea or a card now, for pages deciding what to offer. */
    async mayNominate(actor: Actor, kind: 'idea' | 'item'): Promise<boolean> {
      return can(actor, nominationAction(kind), {
        membersNominate: (await nominationMode(store.read)) === 'members',
      });
    },

    /**
     * Puts an idea on the agenda of the series' next meeting by itself, accepted, the way agendas
     * are built from labelled issues. Maintainers nominate; members too when an admin allows it.
     */
    async nominate(actor: Actor, ideaRef: string, seriesSlug: unknown): Promise<Topic> {
      return nominateWith(actor, 'idea', seriesSlug, async (repos) => {
        const idea = (await repos.ideas.findBySlug(ideaRef)) ?? (await repos.ideas.findById(ideaRef));
        if (!idea) throw new NotFoundError('idea', ideaRef);
        if (idea.status === 'removed') throw new RuleError('error.nominateRemoved');
        return {
          title: idea.title,
          links: [],
          ideaId: idea.id,
          entity: { type: 'idea', id: idea.id },
          same: (t) => t.idea_id === idea.id,
        };
      });
    },

    /** The same for a card of the board: it comes with its links and its idea, if it has one. */
    async nominateItem(actor: Actor, itemId: string, seriesSlug: unknown): Promise<Topic> {
      return nominateWith(actor, 'item', seriesSlug, async (repos) => {
        const item = await repos.board.findItem(itemId);
        if (!item) throw new NotFoundError('item', itemId);
        return {
          title: Array.from(item.title).slice(0, IDEA_LIMITS.title).join(''),
          links: (JSON.parse(item.links) as IdeaLink[]).slice(0, IDEA_LIMITS.links),
          ideaId: item.idea_id,
          entity: { type: 'item', id: item.id },
          same: (t) => t.title === item.title,
        };
      });
    },

    async propose(actor: Actor, slug: string, key: string, input: Record<string, unknown>): Promise<Topic> {
      authorizeUser(actor, 'topic.propose');
      const draft = validateTopicDraft(input);
      return write(actor, async ({ repos, at, audit, announce }) => {
        const found = await openOccurrence(repos, slug, key);
        let ideaId: string | null = null;
        if (typeof input.idea === 'string' && input.idea.trim() !== '') {
          const idea =
            (await repos.ideas.findBySlug(input.idea.trim())) ??
            (await repos.ideas.findById(input.idea.trim()));
          if (!idea)
            throw new ValidationError([
              { field: 'idea', key: 'error.topicIdea', params: { idea: input.idea.slice(0, 80) } },
            ]);
          ideaId = idea.id;
        }
        const id = newId();
        await repos.agenda.insert({
          id,
          series_id: found.series.id,
          occurrence: found.occurrence.key,
          title: draft.title,
          description: draft.description,
          links: JSON.stringify(draft.links),
          minutes: draft.minutes,
          // Maintainers put their own topics straight on the agenda.
          status: can(actor, 'topic.proposeAccepted') ? 'accepted' : 'proposed',
          position: (await repos.agenda.maxPosition(found.series.id, found.occurrence.key)) + 1,
          proposer_id: actor.userId,
          carried_from: null,
          idea_id: ideaId,
          notes: '',
          created_at: at,
          updated_at: at,
          version: 1,
        });
        await audit('topic.propose', { type: 'topic', id }, `${found.occurrence.key}: ${draft.title}`);
        await announce(liveChannel.agenda(found.series.id, found.occurrence.key));
        return loadTopic(repos, id);
      });
    },

    /** Maintainers accept, defer or mark topics discussed; the proposer may withdraw their own. */
    async setStatus(actor: Actor, topicId: string, version: number, status: unknown): Promise<Topic> {
      authorizeAttempt(actor, 'topic.setStatus');
      if (!isTopicStatus(status)) throw new ValidationError([{ field: 'status', key: 'error.badValue' }]);
      return write(actor, async ({ repos, at, audit, announce }) => {
        const topic = await loadTopic(repos, topicId);
        authorize(actor, 'topic.setStatus', { proposerId: topic.proposerId, topicStatus: status });
        if (topic.version === version) checkTopicTransition(topic.status, status);
        await checkVersion(topic, version, () =>
          repos.agenda.update(topic.id, version, { status, updated_at: at }),
        );
        await audit('topic.status', { type: 'topic', id: topic.id }, `${topic.status} -> ${status}`);
        await announce(liveChannel.agenda(topic.seriesId, topic.occurrence));
        return loadTopic(repos, topic.id);
      });
    },

    /** Maintainers shorten or lengthen a topic's timebox. */
    async setMinutes(actor: Actor, topicId: string, version: number, minutesInput: unknown): Promise<Topic> {
      authorize(actor, 'topic.arrange');
      return write(actor, async ({ repos, at, audit, announce }) => {
        const topic = await loadTopic(repos, topicId);
        const { minutes } = validateTopicDraft({
          title: topic.title,
          links: topic.links,
          minutes: minutesInput,
        });
        await checkVersion(topic, version, () =>
          repos.agenda.update(topic.id, version, { minutes, updated_at: at }),
        );
        await audit('topic.minutes', { type: 'topic', id: topic.id }, `${topic.minutes} -> ${minutes}`);
        await announce(liveChannel.agenda(topic.seriesId, topic.occurrence));
        return loadTopic(repos, topic.id);
      });
    },

    /**
     * Moves a topic one place up or down among the accepted topics (the keyboard alternative
     * to dragging). Both rows are written in one transaction, each checked against its version.
     */
    async move(actor: Actor, topicId: string, version: number, direction: unknown): Promise<Topic> {
      authorize(actor, 'topic.arrange');
      if (direction !== 'up' && direction !== 'down')
        throw new ValidationError([{ field: 'direction', key: 'error.badValue' }]);
      return write(actor, async ({ repos, at, audit, announce }) => {
        const topic = await loadTopic(repos, topicId);
        if (topic.version !== version) throw new ConflictError(topic);
        const peers = agendaOrder(
          (await repos.agenda.forOccurrence(topic.seriesId, topic.occurrence)).map(toTopic),
        ).filter((t) => t.status === topic.status);
        const index = peers.findIndex((t) => t.id === topic.id);
        const other = peers[direction === 'up' ? index - 1 : index + 1];
        if (!other) return topic;
        // Distinct positions even if two topics once shared one.
        const [a, b] =
          other.position === topic.position
            ? [topic.position + (direction === 'up' ? -1 : 1), topic.position]
            : [other.position, topic.position];
        if (!(await repos.agenda.update(topic.id, topic.version, { position: a, updated_at: at })))
          throw new ConflictError(topic);
        if (!(await repos.agenda.update(other.id, other.version, { position: b, updated_at: at })))
          throw new ConflictError(other);
        await audit('topic.move', { type: 'topic', id: topic.id }, direction);
        await announce(liveChannel.agenda(topic.seriesId, topic.occurrence));
        return loadTopic(repos, topic.id);
      });
    },

    /**
     * Puts a topic at `index` (from 0) among the topics of its status on that agenda, as a drag
     * and drop does; the others are renumbered in one transaction, keeping their order.
     */
    async moveTo(actor: Actor, topicId: string, version: number, index: unknown): Promise<Topic> {
      authorize(actor, 'topic.arrange');
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0)
        throw new ValidationError([{ field: 'position', key: 'error.badValue' }]);
      return write(actor, async ({ repos, at, audit, announce }) => {
        const topic = await loadTopic(repos, topicId);
        if (topic.version !== version) throw new ConflictError(topic);
        const peers = agendaOrder(
          (await repos.agenda.forOccurrence(topic.seriesId, topic.occurrence)).map(toTopic),
        ).filter((t) => t.status === topic.status && t.id !== topic.id);
        const order = [...peers];
        order.splice(Math.min(index, peers.length), 0, topic);
        const base = Math.min(...order.map((t) => t.position));
        for (const [i, t] of order.entries()) {
          if (t.position === base + i) continue;
          if (!(await repos.agenda.update(t.id, t.version, { position: base + i, updated_at: at })))
            throw new ConflictError(t);
        }
        await audit('topic.move', { type: 'topic', id: topic.id }, `to ${index}`);
        await announce(liveChannel.agenda(topic.seriesId, topic.occurrence));
        return loadTopic(repos, topic.id);
      });
    },
  };
}

export type AgendaUseCases = ReturnType<typeof agendaUseCases>;
