import { ValidationError } from '../../domain/errors.js';
import { allowedTransitions, checkTransition, isIdeaStatus } from '../../domain/idea-status.js';
import { DEFAULT_OBJECTION_HOURS, type Decision, validateDecisionText } from '../../domain/minutes.js';
import { authorize, authorizeAttempt, authorizeUser } from '../../domain/policy.js';
import { type Actor, isRole } from '../../domain/roles.js';
import { newId } from '../../store/ids.js';
import { type DecisionRow, toDecision } from '../../store/minutes.repository.js';
import type { Repositories } from '../../store/store.js';
import { type AppDeps, audit } from '../context.js';
import { groupLeadsOf } from '../group-access.js';
import { applyStatus, loadIdea } from '../idea-steps.js';
import { liveChannel } from '../live-channels.js';
import { writer } from '../write.js';
import {
  emitDecision,
  findIdea,
  meetingMinutes,
  meetingPage,
  mustHaveBegun,
  readableDecision,
  storedDecision,
  withObjections,
} from './meeting.js';
import { applyProposalDecision, proposalTarget } from './proposal-decisions.js';

/** The outbox job that makes a proposed decision final when its window closes. */
export const FINALIZE_DECISION = 'decision.finalize';

export async function openObjectionWindow(repos: Repositories, row: DecisionRow, at: string): Promise<void> {
  const deadline = new Date(Date.parse(at) + (row.objection_hours ?? DEFAULT_OBJECTION_HOURS) * 3_600_000);
  if (
    !(await repos.minutes.updateDecision(row.id, 'proposed', { objection_deadline: deadline.toISOString() }))
  )
    return;
  await emitDecision(repos, 'decision.proposed', row, at, { objectionDeadline: deadline.toISOString() });
  await repos.outbox.enqueue({
    id: newId(),
    kind: FINALIZE_DECISION,
    payload: JSON.stringify({ decision: row.id }),
    created_at: at,
    run_after: deadline.toISOString(),
  });
}

/** The maintainer who recorded a decision, acting when it takes effect later (or anonymous if gone). */
export async function deciderOf(repos: Repositories, row: DecisionRow): Promise<Actor> {
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
 * Applies the change a decision makes to its idea's status and its proposal's state, when it
 * takes effect (its minutes are published, or its objection window closed). The backlog may have
 * moved on since it was recorded; a decision that no longer applies is kept as text and the idea
 * stays as it is.
 */
export async function applyDecision(
  repos: Repositories,
  actor: Actor,
  row: DecisionRow,
  seriesSlug: string | null,
  at: string,
): Promise<void> {
  const meeting = seriesSlug ? `${seriesSlug}/${row.occurrence}` : null;
  await applyProposalDecision(repos, actor, row, meeting, at);
  if (!row.idea_id || !isIdeaStatus(row.to_status)) return;
  const idea = await loadIdea(repos, row.idea_id);
  if (idea.status === row.to_status || !allowedTransitions(idea.status).includes(row.to_status)) return;
  await applyStatus(repos, actor, idea, row.to_status, row.reason ?? row.text, at, meeting);
}

/** The idea status a decision form asks for, or null for none. */
function statusOf(input: Record<string, unknown>) {
  const status = input.status === undefined || input.status === '' ? null : input.status;
  if (status !== null && !isIdeaStatus(status)) {
    throw new ValidationError([
      { field: 'status', key: 'error.unknownStatus', params: { status: String(status).slice(0, 40) } },
    ]);
  }
  return status;
}

/**
 * Run by the outbox worker when a window has closed: without objection the decision becomes
 * final and only now changes the idea. Safe to run twice or early; it then does nothing.
 */
async function finalizeDecision(
  deps: AppDeps,
  decisionId: string,
): Promise<'final' | 'waiting' | 'unchanged'> {
  const at = deps.now().toISOString();
  // The outbox worker's step, not a user's write: who it acts as is read inside the transaction.
  return deps.store.transaction(async (repos) => {
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
    await emitDecision(repos, 'decision.final', row, at);
    await repos.live.announce(liveChannel.agenda(row.series_id, row.occurrence));
    // The proposal's page shows the decision final, whether or not the proposal could still move.
    if (row.proposal_id) await repos.live.announce(liveChannel.proposal(row.proposal_id));
    return 'final';
  });
}

/** A decision, a meeting's decisions and an idea's, as the reader may see them. */
function decisionReads(deps: AppDeps) {
  const { store, now } = deps;
  const iso = () => now().toISOString();
  /** Decisions in published minutes, with their objections and series. */
  const withSeries = async (rows: Awaited<ReturnType<typeof store.read.minutes.decisionsForIdea>>) => {
    const objections = await store.read.minutes.objections(rows.map((r) => r.id));
    return rows.map((row) => ({
      ...toDecision(row, objections, iso()),
      seriesSlug: row.series_slug,
      seriesTitle: row.series_title,
    }));
  };
  return {
    /** One decision, for whoever may read its meeting's decisions (404 before that to no one else). */
    async decision(actor: Actor, id: string): Promise<Decision> {
      await readableDecision(store.read, actor, id);
      return storedDecision(store.read, id, iso());
    },

    /** A meeting's decisions a page at a time; none before publication for those who may not read drafts. */
    decisionPage: meetingPage(store.read, 'decisions', store.read.minutes.decisionPage, (rows) =>
      withObjections(store.read, rows, iso()),
    ),

    /** Decisions taken on an idea, for its page. */
    decisionsForIdea: async (ideaId: string) => withSeries(await store.read.minutes.decisionsForIdea(ideaId)),

    /** Decisions taken on an enhancement proposal, for its page. */
    decisionsForProposal: async (proposalId: string) =>
      withSeries(await store.read.minutes.decisionsForProposal(proposalId)),
  };
}

/** Decisions: recorded by maintainers, final at once or by lazy consensus; read as the minutes are. */
export function decisionUseCases(deps: AppDeps) {
  const write = writer(deps);

  return {
    /**
     * Records a decision. One that changes an idea's status does so when it is public: at once
     * in published minutes, else when the minutes are published (with an objection window, when
     * that closes). Until then the idea, its status reason and history show nothing of it.
     */
    async decide(actor: Actor, slug: string, key: string, input: Record<string, unknown>): Promise<Decision> {
      authorizeAttempt(actor, 'decision.record');
      return write(actor, async ({ repos, at, audit, announce }) => {
        const { found, row: minutes } = await meetingMinutes(repos, slug, key);
        // A group's lead decides in their group's meetings, and on their group's ideas only.
        authorizeUser(actor, 'decision.record', {
          groupLeads: await groupLeadsOf(repos, found.series.groupId),
        });
        const { text, reason, objectionHours } = validateDecisionText(input);
        const status = statusOf(input);
        mustHaveBegun(found, minutes, at);
        const idea = await findIdea(repos, input.idea);
        if (idea && status) {
          authorize(actor, 'idea.changeStatus', { groupLeads: await groupLeadsOf(repos, idea.groupId) });
        }
        if (status && !idea) throw new ValidationError([{ field: 'idea', key: 'error.decisionNeedsIdea' }]);
        const target = await proposalTarget(repos, input);
        const lazy = objectionHours !== null;
        const published = minutes?.status === 'published';
        // Checked now even when it waits for objections or publication, so a decision can never
        // be one the backlog refuses later for a reason known today.
        if (idea && status) checkTransition(idea.status, status, reason ?? text);
        const id = newId();
        await repos.minutes.insertDecision({
          id,
          series_id: found.series.id,
          occurrence: found.occurrence.key,
          text,
          idea_id: idea?.id ?? null,
          to_status: idea ? status : null,
          proposal_id: target.proposal?.id ?? null,
          proposal_state: target.to,
          reason,
          created_by: actor.userId,
          created_at: at,
          state: lazy ? 'proposed' : 'final',
          objection_hours: objectionHours,
          objection_deadline: null,
          final_at: lazy ? null : at,
          version: 1,
        });
        const row = (await repos.minutes.findDecision(id)) as DecisionRow;
        if (!lazy && published) await applyDecision(repos, actor, row, found.series.slug, at);
        if (lazy && published) await openObjectionWindow(repos, row, at);
        if (!lazy && published) await emitDecision(repos, 'decision.final', row, at);
        await audit('decision.create', { type: 'series', id: found.series.id }, text);
        await announce(liveChannel.agenda(found.series.id, found.occurrence.key));
        if (target.proposal) await announce(liveChannel.proposal(target.proposal.id));
        return storedDecision(repos, id, at);
      });
    },

    /**
     * Run by the outbox worker when a window has closed: without objection the decision becomes
     * final and only now changes the idea. Safe to run twice or early; it then does nothing.
     */
    finalizeDue: (decisionId: string) => finalizeDecision(deps, decisionId),

    ...decisionReads(deps),
  };
}
