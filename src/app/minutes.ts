import { Temporal } from 'temporal-polyfill';
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../domain/errors.js';
import { IDEA_LIMITS } from '../domain/idea.js';
import { allowedTransitions, checkTransition, type IdeaStatus, isIdeaStatus } from '../domain/idea-status.js';
import {
  type ActionItem,
  DEFAULT_OBJECTION_HOURS,
  type Decision,
  type Minutes,
  objectionsOpen,
  validateActionItem,
  validateDecisionText,
  validateMinutesInput,
  validateObjection,
} from '../domain/minutes.js';
import { type Action, authorize, authorizeAttempt, authorizeUser, can } from '../domain/policy.js';
import { type Actor, isRole } from '../domain/roles.js';
import { newId } from '../store/ids.js';
import type { ActionItemRow, DecisionRow, MinutesRow, ObjectionRow } from '../store/minutes.repository.js';
import type { Repositories } from '../store/store.js';
import { workInProgress } from './board.js';
import { type AppDeps, audit } from './context.js';
import { applyStatus, loadIdea } from './idea-steps.js';
import { liveChannel } from './live-channels.js';
import { loadSeries, loadSeriesWithChanges } from './series-steps.js';
import { carryOverTopics, putOnNextAgenda } from './topics.js';

function toMinutes(row: MinutesRow): Minutes {
  return {
    id: row.id,
    seriesId: row.series_id,
    occurrence: row.occurrence,
    body: row.body,
    attendeeCount: row.attendee_count,
    attendeeNames: row.attendee_names,
    noteTakerId: row.note_taker_id,
    noteTakerName: row.note_taker_name ?? null,
    status: row.status === 'published' ? 'published' : 'draft',
    publishedAt: row.published_at,
    overview: row.overview ? (JSON.parse(row.overview) as Minutes['overview']) : null,
    overviewWork: row.overview_work ? (JSON.parse(row.overview_work) as Minutes['overviewWork']) : null,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function toDecision(row: DecisionRow, objections: readonly ObjectionRow[], at: string): Decision {
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
    state: row.state === 'proposed' || row.state === 'objected' ? row.state : 'final',
    objectionHours: row.objection_hours,
    objectionDeadline: row.objection_deadline,
    finalAt: row.final_at,
    objections: objections
      .filter((o) => o.decision_id === row.id)
      .map((o) => ({ id: o.id, userName: o.user_name, reason: o.reason, createdAt: o.created_at })),
    open: objectionsOpen({ state: row.state, objectionDeadline: row.objection_deadline }, at),
  };
}

/** Empty draft minutes of one meeting, as first stored. */
function draftRow(seriesId: string, occurrence: string, at: string): Omit<MinutesRow, 'note_taker_name'> {
  return {
    id: newId(),
    series_id: seriesId,
    occurrence,
    body: '',
    attendee_count: null,
    attendee_names: '',
    status: 'draft',
    published_at: null,
    overview: null,
    overview_work: null,
    note_taker_id: null,
    created_at: at,
    updated_at: at,
    version: 1,
  };
}

/** Decisions with their objections, in one query for all of them. */
async function withObjections(repos: Repositories, rows: DecisionRow[], at: string): Promise<Decision[]> {
  const objections = await repos.minutes.objections(rows.map((r) => r.id));
  return rows.map((r) => toDecision(r, objections, at));
}

/** The outbox job that makes a proposed decision final when its window closes. */
export const FINALIZE_DECISION = 'decision.finalize';

async function openObjectionWindow(repos: Repositories, row: DecisionRow, at: Date): Promise<void> {
  const deadline = new Date(at.getTime() + (row.objection_hours ?? DEFAULT_OBJECTION_HOURS) * 3_600_000);
  if (
    !(await repos.minutes.updateDecision(row.id, 'proposed', { objection_deadline: deadline.toISOString() }))
  )
    return;
  await repos.outbox.enqueue({
    id: newId(),
    kind: FINALIZE_DECISION,
    payload: JSON.stringify({ decision: row.id }),
    created_at: at.toISOString(),
    run_after: deadline.toISOString(),
  });
}

/** The maintainer who recorded a decision, acting when it takes effect later (or anonymous if gone). */
async function deciderOf(repos: Repositories, row: DecisionRow): Promise<Actor> {
  const creator = row.created_by ? await repos.users.findById(row.created_by) : undefined;
  return creator
    ? {
        kind: 'user',
        userId: creator.id,
        role: isRole(creator.role) ? creator.role : 'member',
        name: creator.name,
      }
    : { kind: 'anonymous' };
}

/**
 * Applies the status change a decision makes to its idea, when it takes effect (its minutes are
 * published, or its objection window closed). The backlog may have moved on since it was
 * recorded; a decision that no longer applies is kept as text and the idea stays as it is.
 */
async function applyDecision(
  repos: Repositories,
  actor: Actor,
  row: DecisionRow,
  seriesSlug: string | null,
  at: string,
): Promise<void> {
  if (!row.idea_id || !isIdeaStatus(row.to_status)) return;
  const idea = await loadIdea(repos, row.idea_id);
  if (idea.status === row.to_status || !allowedTransitions(idea.status).includes(row.to_status)) return;
  await applyStatus(
    repos,
    actor,
    idea,
    row.to_status,
    row.reason ?? row.text,
    at,
    seriesSlug ? `${seriesSlug}/${row.occurrence}` : null,
  );
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

  /** The meeting's minutes row, as the policy's subject: its note-taker may write too. */
  const ofMeeting = (row: { note_taker_id: string | null } | undefined) => ({
    noteTakerId: row?.note_taker_id ?? null,
  });

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
    /** Refuses `actor` unless the policy lets them do `action` to this meeting's minutes. */
    async authorizeFor(actor: Actor, action: Action, slug: string, key: string): Promise<void> {
      authorizeAttempt(actor, action);
      const found = await loadSeries(store.read, slug, key);
      authorize(
        actor,
        action,
        ofMeeting(await store.read.minutes.find(found.series.id, found.occurrence.key)),
      );
    },

    /** Whether `actor` may write this meeting's notes and action items. */
    async mayWrite(actor: Actor, slug: string, key: string): Promise<boolean> {
      if (can(actor, 'minutes.write')) return true;
      if (actor.kind !== 'user') return false;
      const found = await loadSeries(store.read, slug, key);
      const row = await store.read.minutes.find(found.series.id, found.occurrence.key);
      return can(actor, 'minutes.write', ofMeeting(row));
    },

    /** What a reader sees of a meeting's record: drafts only for maintainers. */
    async forOccurrence(actor: Actor, slug: string, key: string) {
      const found = await loadSeries(store.read, slug, key);
      const row = await store.read.minutes.find(found.series.id, found.occurrence.key);
      const minutes = row ? toMinutes(row) : null;
      const writer = can(actor, 'minutes.readDraft', ofMeeting(row));
      const visible = minutes && (minutes.status === 'published' || writer) ? minutes : null;
      const published = minutes?.status === 'published';
      return {
        minutes: visible,
        decisions:
          published || can(actor, 'decision.readDraft')
            ? await withObjections(
                store.read,
                await store.read.minutes.decisions(found.series.id, found.occurrence.key),
                iso(),
              )
            : [],
        actionItems:
          published || writer
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
      const at = iso();
      return store.transaction(async (repos) => {
        const found = await loadSeries(repos, slug, key);
        const row = await repos.minutes.find(found.series.id, found.occurrence.key);
        authorize(actor, 'minutes.write', ofMeeting(row));
        const values = validateMinutesInput(input);
        if (!row) {
          if (version !== 0) throw new ConflictError(null);
          await repos.minutes.insert({
            ...draftRow(found.series.id, found.occurrence.key, at),
            body: values.body,
            attendee_count: values.attendeeCount,
            attendee_names: values.attendeeNames,
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
      authorize(actor, 'minutes.publish');
      const at = iso();
      return store.transaction(async (repos) => {
        const found = await loadSeries(repos, slug, key);
        const row = await repos.minutes.find(found.series.id, found.occurrence.key);
        if (!row) throw new NotFoundError('minutes', key);
        if (row.version !== version) throw new ConflictError(toMinutes(row));
        if (row.status === 'published') throw new RuleError('error.minutesPublished');
        const decisions = await repos.minutes.decisions(found.series.id, found.occurrence.key);
        // Decisions taken directly in the draft change their ideas only now that they are public,
        // and before the overview is frozen, so it shows what the meeting decided.
        for (const d of decisions) {
          if (d.state === 'final')
            await applyDecision(repos, await deciderOf(repos, d), d, found.series.slug, at);
        }
        const overview = (await repos.ideas.list({ statuses: ['roadmap', 'in_progress'] }))
          .map((i) => ({ slug: i.slug, title: i.title, status: i.status as IdeaStatus }))
          .sort((a, b) => a.title.localeCompare(b.title));
        const ok = await repos.minutes.update(row.id, version, {
          status: 'published',
          published_at: at,
          overview: JSON.stringify(overview),
          overview_work: JSON.stringify(await workInProgress(repos)),
          updated_at: at,
        });
        if (!ok) throw new ConflictError(toMinutes(row));
        await carryOverTopics(repos, found, found.occurrence.key, instant(), at);
        // Readers can object only once they can read the decision, so its window opens now.
        for (const d of decisions) {
          if (d.state === 'proposed' && d.objection_deadline === null)
            await openObjectionWindow(repos, d, now());
        }
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
     * Records a decision. One that changes an idea's status does so when it is public: at once
     * in published minutes, else when the minutes are published (with an objection window, when
     * that closes). Until then the idea, its status reason and history show nothing of it.
     */
    async decide(actor: Actor, slug: string, key: string, input: Record<string, unknown>): Promise<Decision> {
      authorizeUser(actor, 'decision.record');
      const { text, reason, objectionHours } = validateDecisionText(input);
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
        const lazy = objectionHours !== null;
        const minutes = await repos.minutes.find(found.series.id, found.occurrence.key);
        const published = minutes?.status === 'published';
        if (idea && status) {
          // Checked now even when it waits for objections or publication, so a decision can never
          // be one the backlog refuses later for a reason known today.
          checkTransition(idea.status, status, reason ?? text);
          if (!lazy && published)
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
          state: lazy ? 'proposed' : 'final',
          objection_hours: objectionHours,
          objection_deadline: null,
          final_at: lazy ? null : at,
        });
        const row = (await repos.minutes.findDecision(id)) as DecisionRow;
        if (lazy && published) await openObjectionWindow(repos, row, now());
        await audit(repos, at, actor, 'decision.create', { type: 'series', id: found.series.id }, text);
        await repos.live.announce(liveChannel.agenda(found.series.id, found.occurrence.key));
        return (
          await withObjections(repos, [(await repos.minutes.findDecision(id)) as DecisionRow], iso())
        )[0] as Decision;
      });
    },

    /**
     * Anyone signed in may object while the window is open. The decision then changes nothing
     * and goes on the next meeting's agenda, with the objection as its description.
     */
    async object(actor: Actor, decisionId: string, input: Record<string, unknown>): Promise<Decision> {
      authorizeUser(actor, 'decision.object');
      const reason = validateObjection(input);
      const at = iso();
      return store.transaction(async (repos) => {
        const row = await repos.minutes.findDecision(decisionId);
        if (!row) throw new NotFoundError('decision', decisionId);
        const open =
          (row.state === 'proposed' || row.state === 'objected') &&
          row.objection_deadline !== null &&
          row.objection_deadline > at;
        if (!open) throw new RuleError('error.objectionClosed');
        if (
          !(await repos.minutes.insertObjection({
            id: newId(),
            decision_id: row.id,
            user_id: actor.userId,
            reason,
            created_at: at,
          }))
        ) {
          throw new RuleError('error.objectedAlready');
        }
        if (row.state === 'proposed') {
          await repos.minutes.updateDecision(row.id, 'proposed', { state: 'objected' });
          const series = await repos.series.findById(row.series_id);
          if (series) {
            await putOnNextAgenda(
              repos,
              await loadSeriesWithChanges(repos, series.slug),
              row.occurrence,
              instant(),
              {
                title: Array.from(row.text.replace(/\s+/gu, ' ')).slice(0, IDEA_LIMITS.title).join(''),
                description: reason,
                proposerId: actor.userId,
                ideaId: row.idea_id,
                at,
              },
            );
          }
        }
        await audit(repos, at, actor, 'decision.object', { type: 'decision', id: row.id }, reason);
        await repos.live.announce(liveChannel.agenda(row.series_id, row.occurrence));
        return (
          await withObjections(repos, [(await repos.minutes.findDecision(row.id)) as DecisionRow], iso())
        )[0] as Decision;
      });
    },

    /**
     * Run by the outbox worker when a window has closed: without objection the decision becomes
     * final and only now changes the idea. Safe to run twice or early; it then does nothing.
     */
    async finalizeDue(decisionId: string): Promise<'final' | 'waiting' | 'unchanged'> {
      const at = iso();
      return store.transaction(async (repos) => {
        const row = await repos.minutes.findDecision(decisionId);
        if (row?.state !== 'proposed' || row.objection_deadline === null) return 'unchanged';
        if (row.objection_deadline > at) return 'waiting';
        if ((await repos.minutes.objections([row.id])).length > 0) return 'unchanged';
        if (!(await repos.minutes.updateDecision(row.id, 'proposed', { state: 'final', final_at: at })))
          return 'unchanged';
        const actor = await deciderOf(repos, row);
        const series = await repos.series.findById(row.series_id);
        await applyDecision(repos, actor, row, series?.slug ?? null, at);
        await audit(repos, at, actor, 'decision.final', { type: 'decision', id: row.id }, row.text);
        await repos.live.announce(liveChannel.agenda(row.series_id, row.occurrence));
        return 'final';
      });
    },

    /**
     * Names a member to write this meeting's notes and action items (an empty e-mail clears it).
     * Publishing and decisions stay with the maintainers.
     */
    async setNoteTaker(actor: Actor, slug: string, key: string, email: unknown): Promise<Minutes> {
      authorize(actor, 'minutes.nameNoteTaker');
      const at = iso();
      return store.transaction(async (repos) => {
        const found = await loadSeries(repos, slug, key);
        let user: { id: string; name: string } | undefined;
        if (typeof email === 'string' && email.trim() !== '') {
          user = await repos.users.findByEmail(email.trim().toLowerCase());
          if (!user) throw new ValidationError([{ field: 'noteTaker', key: 'error.noSuchUser' }]);
        } else if (email !== undefined && email !== null && email !== '') {
          throw new ValidationError([{ field: 'noteTaker', key: 'error.notText' }]);
        }
        let row = await repos.minutes.find(found.series.id, found.occurrence.key);
        if (!row) {
          await repos.minutes.insert(draftRow(found.series.id, found.occurrence.key, at));
          row = (await repos.minutes.find(found.series.id, found.occurrence.key)) as MinutesRow;
        }
        await repos.minutes.setNoteTaker(row.id, user?.id ?? null);
        await audit(
          repos,
          at,
          actor,
          'minutes.noteTaker',
          { type: 'series', id: found.series.id },
          `${found.occurrence.key}: ${user?.name ?? '-'}`,
        );
        await repos.live.announce(liveChannel.agenda(found.series.id, found.occurrence.key));
        return toMinutes((await repos.minutes.find(found.series.id, found.occurrence.key)) as MinutesRow);
      });
    },

    async addActionItem(
      actor: Actor,
      slug: string,
      key: string,
      input: Record<string, unknown>,
    ): Promise<ActionItem> {
      const at = iso();
      return store.transaction(async (repos) => {
        const found = await loadSeries(repos, slug, key);
        authorize(
          actor,
          'action.write',
          ofMeeting(await repos.minutes.find(found.series.id, found.occurrence.key)),
        );
        const values = validateActionItem(input);
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
      authorize(actor, 'action.setDone');
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
          decisions: await withObjections(
            store.read,
            await store.read.minutes.decisions(rows.id, m.occurrence),
            iso(),
          ),
        })),
      );
    },

    /** Decisions taken on an idea, for its page. */
    async decisionsForIdea(ideaId: string) {
      const rows = await store.read.minutes.decisionsForIdea(ideaId);
      const objections = await store.read.minutes.objections(rows.map((r) => r.id));
      return rows.map((row) => ({
        ...toDecision(row, objections, iso()),
        seriesSlug: row.series_slug,
        seriesTitle: row.series_title,
      }));
    },
  };
}

export type MinutesUseCases = ReturnType<typeof minutesUseCases>;
