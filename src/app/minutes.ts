import { Temporal } from 'temporal-polyfill';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleError,
  ValidationError,
} from '../domain/errors.js';
import { type IdeaStatus, isIdeaStatus } from '../domain/idea-status.js';
import {
  type ActionItem,
  type Decision,
  type Minutes,
  validateActionItem,
  validateDecisionText,
  validateMinutesInput,
} from '../domain/minutes.js';
import { type Actor, isMaintainer, isSignedIn } from '../domain/roles.js';
import { newId } from '../store/ids.js';
import type { ActionItemRow, DecisionRow, MinutesRow } from '../store/minutes.repository.js';
import type { Repositories } from '../store/store.js';
import { type AppDeps, audit } from './context.js';
import { applyStatus, loadIdea } from './ideas.js';
import { liveChannel } from './live-channels.js';
import { loadSeries } from './meetings.js';
import { carryOverTopics } from './topics.js';

function toMinutes(row: MinutesRow): Minutes {
  return {
    id: row.id,
    seriesId: row.series_id,
    occurrence: row.occurrence,
    body: row.body,
    attendeeCount: row.attendee_count,
    attendeeNames: row.attendee_names,
    status: row.status === 'published' ? 'published' : 'draft',
    publishedAt: row.published_at,
    overview: row.overview ? (JSON.parse(row.overview) as Minutes['overview']) : null,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function toDecision(row: DecisionRow): Decision {
  return {
    id: row.id,
    occurrence: row.occurrence,
    text: row.text,
    ideaId: row.idea_id,
    ideaSlug: row.idea_slug,
    ideaTitle: row.idea_title,
    toStatus: isIdeaStatus(row.to_status) ? row.to_status : null,
    reason: row.reason,
    createdAt: row.created_at,
  };
}

function toActionItem(row: ActionItemRow): ActionItem {
  return {
    id: row.id,
    occurrence: row.occurrence,
    text: row.text,
    assignee: row.assignee,
    dueDate: row.due_date,
    ideaId: row.idea_id,
    done: row.done === 1,
    version: row.version,
  };
}

export function minutesUseCases({ store, now }: AppDeps) {
  const iso = () => now().toISOString();
  const instant = () => Temporal.Instant.fromEpochMilliseconds(now().getTime());

  function requireMaintainer(actor: Actor): asserts actor is Extract<Actor, { kind: 'user' }> {
    if (!isMaintainer(actor) || actor.kind !== 'user') throw new ForbiddenError(!isSignedIn(actor));
  }

  async function findIdea(repos: Repositories, ref: unknown) {
    if (typeof ref !== 'string' || ref.trim() === '') return null;
    const row = (await repos.ideas.findBySlug(ref.trim())) ?? (await repos.ideas.findById(ref.trim()));
    if (!row)
      throw new ValidationError([
        { field: 'idea', key: 'error.topicIdea', params: { idea: ref.slice(0, 80) } },
      ]);
    return loadIdea(repos, row.id);
  }

  return {
    /** What a reader sees of a meeting's record: drafts only for maintainers. */
    async forOccurrence(actor: Actor, slug: string, key: string) {
      const found = await loadSeries(store.read, slug, key);
      const row = await store.read.minutes.find(found.series.id, found.occurrence.key);
      const minutes = row ? toMinutes(row) : null;
      const visible = minutes && (minutes.status === 'published' || isMaintainer(actor)) ? minutes : null;
      const published = minutes?.status === 'published';
      return {
        minutes: visible,
        decisions:
          published || isMaintainer(actor)
            ? (await store.read.minutes.decisions(found.series.id, found.occurrence.key)).map(toDecision)
            : [],
        actionItems:
          published || isMaintainer(actor)
            ? (await store.read.minutes.actionItems(found.series.id, found.occurrence.key)).map(toActionItem)
            : [],
      };
    },

    /** Saves the draft (or edits published minutes); a stale version gets the other's text back. */
    async save(
      actor: Actor,
      slug: string,
      key: string,
      version: number,
      input: Record<string, unknown>,
    ): Promise<Minutes> {
      requireMaintainer(actor);
      const values = validateMinutesInput(input);
      const at = iso();
      return store.transaction(async (repos) => {
        const found = await loadSeries(repos, slug, key);
        const row = await repos.minutes.find(found.series.id, found.occurrence.key);
        if (!row) {
          if (version !== 0) throw new ConflictError(null);
          const id = newId();
          await repos.minutes.insert({
            id,
            series_id: found.series.id,
            occurrence: found.occurrence.key,
            body: values.body,
            attendee_count: values.attendeeCount,
            attendee_names: values.attendeeNames,
            status: 'draft',
            published_at: null,
            overview: null,
            created_at: at,
            updated_at: at,
            version: 1,
          });
        } else {
          if (row.version !== version) throw new ConflictError(toMinutes(row));
          const ok = await repos.minutes.update(row.id, version, {
            body: values.body,
            attendee_count: values.attendeeCount,
            attendee_names: values.attendeeNames,
            updated_at: at,
          });
          if (!ok)
            throw new ConflictError(
              toMinutes((await repos.minutes.find(found.series.id, found.occurrence.key)) ?? row),
            );
        }
        await audit(
          repos,
          at,
          actor,
          'minutes.save',
          { type: 'series', id: found.series.id },
          found.occurrence.key,
        );
        await repos.live.announce(liveChannel.agenda(found.series.id, found.occurrence.key));
        return toMinutes((await repos.minutes.find(found.series.id, found.occurrence.key)) as MinutesRow);
      });
    },

    /**
     * Publishes: the overview of current projects is frozen as it is now, and topics accepted
     * but not discussed go on to the next meeting.
     */
    async publish(actor: Actor, slug: string, key: string, version: number): Promise<Minutes> {
      requireMaintainer(actor);
      const at = iso();
      return store.transaction(async (repos) => {
        const found = await loadSeries(repos, slug, key);
        const row = await repos.minutes.find(found.series.id, found.occurrence.key);
        if (!row) throw new NotFoundError('minutes', key);
        if (row.version !== version) throw new ConflictError(toMinutes(row));
        if (row.status === 'published') throw new RuleError('error.minutesPublished');
        const overview = (await repos.ideas.list({ statuses: ['roadmap', 'in_progress'] }))
          .map((i) => ({ slug: i.slug, title: i.title, status: i.status as IdeaStatus }))
          .sort((a, b) => a.title.localeCompare(b.title));
        const ok = await repos.minutes.update(row.id, version, {
          status: 'published',
          published_at: at,
          overview: JSON.stringify(overview),
          updated_at: at,
        });
        if (!ok) throw new ConflictError(toMinutes(row));
        await carryOverTopics(repos, found, found.occurrence.key, instant(), at);
        await audit(
          repos,
          at,
          actor,
          'minutes.publish',
          { type: 'series', id: found.series.id },
          found.occurrence.key,
        );
        await repos.live.announce(liveChannel.agenda(found.series.id, found.occurrence.key));
        return toMinutes((await repos.minutes.find(found.series.id, found.occurrence.key)) as MinutesRow);
      });
    },

    /**
     * Records a decision. One that changes an idea's status does so in the same transaction,
     * and the idea's history names the meeting.
     */
    async decide(actor: Actor, slug: string, key: string, input: Record<string, unknown>): Promise<Decision> {
      requireMaintainer(actor);
      const { text, reason } = validateDecisionText(input);
      const status = input.status === undefined || input.status === '' ? null : input.status;
      if (status !== null && !isIdeaStatus(status)) {
        throw new ValidationError([
          { field: 'status', key: 'error.unknownStatus', params: { status: String(status).slice(0, 40) } },
        ]);
      }
      const at = iso();
      return store.transaction(async (repos) => {
        const found = await loadSeries(repos, slug, key);
        const idea = await findIdea(repos, input.idea);
        if (status && !idea) throw new ValidationError([{ field: 'idea', key: 'error.decisionNeedsIdea' }]);
        if (idea && status) {
          await applyStatus(
            repos,
            actor,
            idea,
            status,
            reason ?? text,
            at,
            `${found.series.slug}/${found.occurrence.key}`,
          );
        }
        const id = newId();
        await repos.minutes.insertDecision({
          id,
          series_id: found.series.id,
          occurrence: found.occurrence.key,
          text,
          idea_id: idea?.id ?? null,
          to_status: status,
          reason,
          created_by: actor.userId,
          created_at: at,
        });
        await audit(repos, at, actor, 'decision.create', { type: 'series', id: found.series.id }, text);
        await repos.live.announce(liveChannel.agenda(found.series.id, found.occurrence.key));
        const decisions = await repos.minutes.decisions(found.series.id, found.occurrence.key);
        return toDecision(decisions.find((d) => d.id === id) as DecisionRow);
      });
    },

    async addActionItem(
      actor: Actor,
      slug: string,
      key: string,
      input: Record<string, unknown>,
    ): Promise<ActionItem> {
      requireMaintainer(actor);
      const values = validateActionItem(input);
      const at = iso();
      return store.transaction(async (repos) => {
        const found = await loadSeries(repos, slug, key);
        const idea = await findIdea(repos, input.idea);
        const row: ActionItemRow = {
          id: newId(),
          series_id: found.series.id,
          occurrence: found.occurrence.key,
          text: values.text,
          assignee: values.assignee,
          due_date: values.dueDate,
          idea_id: idea?.id ?? null,
          done: 0,
          created_at: at,
          updated_at: at,
          version: 1,
        };
        await repos.minutes.insertActionItem(row);
        await audit(repos, at, actor, 'action.create', { type: 'series', id: found.series.id }, values.text);
        await repos.live.announce(liveChannel.agenda(found.series.id, found.occurrence.key));
        return toActionItem(row);
      });
    },

    async setActionDone(actor: Actor, id: string, version: number, done: boolean): Promise<ActionItem> {
      requireMaintainer(actor);
      const at = iso();
      return store.transaction(async (repos) => {
        const row = await repos.minutes.findActionItem(id);
        if (!row) throw new NotFoundError('action item', id);
        if (row.version !== version) throw new ConflictError(toActionItem(row));
        if (!(await repos.minutes.updateActionItem(id, version, { done: done ? 1 : 0, updated_at: at }))) {
          throw new ConflictError(toActionItem(row));
        }
        await audit(repos, at, actor, 'action.done', { type: 'action_item', id }, done ? 'done' : 'open');
        await repos.live.announce(liveChannel.agenda(row.series_id, row.occurrence));
        return toActionItem((await repos.minutes.findActionItem(id)) as ActionItemRow);
      });
    },

    /** Published minutes of a series, newest first, for the Atom feed. */
    async published(slug: string, limit = 50) {
      const rows = await store.read.series.findBySlug(slug);
      if (!rows) throw new NotFoundError('series', slug);
      const minutes = (await store.read.minutes.published(rows.id, limit)).map(toMinutes);
      return Promise.all(
        minutes.map(async (m) => ({
          minutes: m,
          decisions: (await store.read.minutes.decisions(rows.id, m.occurrence)).map(toDecision),
        })),
      );
    },

    /** Decisions taken on an idea, for its page. */
    async decisionsForIdea(ideaId: string) {
      return (await store.read.minutes.decisionsForIdea(ideaId)).map((row) => ({
        ...toDecision(row),
        seriesSlug: row.series_slug,
        seriesTitle: row.series_title,
      }));
    },
  };
}

export type MinutesUseCases = ReturnType<typeof minutesUseCases>;
