import {
  agendaOrder,
  checkTopicTransition,
  isTopicStatus,
  type Topic,
  validateTopicDraft,
} from '../domain/agenda.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import { authorize, authorizeAttempt } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { toTopic } from '../store/agenda.repository.js';
import type { Repositories } from '../store/store.js';
import type { AppDeps } from './context.js';
import { seriesLeads } from './group-access.js';
import { liveChannel } from './live-channels.js';
import { notifyMeeting } from './meeting-notices.js';
import { loadTopic } from './topics.js';
import { emit } from './webhook-emit.js';
import { checkVersion, writer } from './write.js';

/** A topic's status and timebox, as maintainers (and the proposer, withdrawing) change them. */
export function topicEdits(deps: AppDeps) {
  const write = writer(deps);
  return {
    /** Maintainers accept, defer or mark topics discussed; the proposer may withdraw their own. */
    async setStatus(actor: Actor, topicId: string, version: number, status: unknown): Promise<Topic> {
      authorizeAttempt(actor, 'topic.setStatus');
      if (!isTopicStatus(status)) throw new ValidationError([{ field: 'status', key: 'error.badValue' }]);
      return write(actor, async ({ repos, at, audit, announce }) => {
        const topic = await loadTopic(repos, topicId);
        authorize(actor, 'topic.setStatus', {
          proposerId: topic.proposerId,
          topicStatus: status,
          groupLeads: await seriesLeads(repos, topic.seriesId),
        });
        if (topic.version === version) checkTopicTransition(topic.status, status);
        await checkVersion(topic, version, () =>
          repos.agenda.update(topic.id, version, { status, updated_at: at }),
        );
        await audit('topic.status', { type: 'topic', id: topic.id }, `${topic.status} -> ${status}`);
        await announce(liveChannel.agenda(topic.seriesId, topic.occurrence));
        if (status === 'accepted' || status === 'deferred') {
          const data = { id: topic.id, title: topic.title, from: topic.status, date: topic.occurrence };
          await emit(repos, at, { type: `topic.${status}`, path: `topics/${topic.id}/comments`, data });
          const series = await repos.series.findById(topic.seriesId);
          if (series)
            await notifyMeeting(repos, at, actor, {
              kind: `topic.${status}`,
              subjectId: topic.id,
              series,
              date: topic.occurrence,
              data: { topic: topic.title },
              direct: topic.proposerId ? [topic.proposerId] : [],
            });
        }
        return loadTopic(repos, topic.id);
      });
    },

    /** Maintainers shorten or lengthen a topic's timebox. */
    async setMinutes(actor: Actor, topicId: string, version: number, minutesInput: unknown): Promise<Topic> {
      authorizeAttempt(actor, 'topic.arrange');
      return write(actor, async ({ repos, at, audit, announce }) => {
        const topic = await loadTopic(repos, topicId);
        authorize(actor, 'topic.arrange', { groupLeads: await seriesLeads(repos, topic.seriesId) });
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
  };
}

/**
 * The topic, still at `version`, and the topics of its status on its agenda in their order
 * (itself among them).
 */
async function topicAmongPeers(
  repos: Repositories,
  actor: Actor,
  topicId: string,
  version: number,
): Promise<{ topic: Topic; peers: Topic[] }> {
  const topic = await loadTopic(repos, topicId);
  authorize(actor, 'topic.arrange', { groupLeads: await seriesLeads(repos, topic.seriesId) });
  if (topic.version !== version) throw new ConflictError(topic);
  const agenda = agendaOrder(
    (await repos.agenda.forOccurrence(topic.seriesId, topic.occurrence)).map(toTopic),
  );
  return { topic, peers: agenda.filter((t) => t.status === topic.status) };
}

/** Where a topic stands among the others of its status on its agenda. */
export function topicOrdering(deps: AppDeps) {
  const write = writer(deps);
  return {
    /**
     * Moves a topic one place up or down among the accepted topics (the keyboard alternative
     * to dragging). Both rows are written in one transaction, each checked against its version.
     */
    async move(actor: Actor, topicId: string, version: number, direction: unknown): Promise<Topic> {
      authorizeAttempt(actor, 'topic.arrange');
      if (direction !== 'up' && direction !== 'down')
        throw new ValidationError([{ field: 'direction', key: 'error.badValue' }]);
      return write(actor, async ({ repos, at, audit, announce }) => {
        const { topic, peers } = await topicAmongPeers(repos, actor, topicId, version);
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
      authorizeAttempt(actor, 'topic.arrange');
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0)
        throw new ValidationError([{ field: 'position', key: 'error.badValue' }]);
      return write(actor, async ({ repos, at, audit, announce }) => {
        const { topic, peers } = await topicAmongPeers(repos, actor, topicId, version);
        const order = peers.filter((t) => t.id !== topic.id);
        order.splice(Math.min(index, order.length), 0, topic);
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
