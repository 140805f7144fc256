import { ValidationError } from '../../domain/errors.js';
import {
  allowedStates,
  checkDecisionTarget,
  isProposalState,
  type Proposal,
  type ProposalState,
} from '../../domain/proposal.js';
import type { Actor } from '../../domain/roles.js';
import type { DecisionRow } from '../../store/minutes.repository.js';
import type { Repositories } from '../../store/store.js';
import { audit } from '../context.js';
import { liveChannel } from '../live-channels.js';
import { loadProposalById, moveProposal, toProposal } from '../proposal-steps.js';

/**
 * Decisions about enhancement proposals: a decision names a proposal by its number and may move
 * it to another state, under the same lazy consensus as a decision on an idea's status.
 */

const empty = (value: unknown) => value === undefined || value === null || value === '';

/** The proposal a decision form or body names by number; null when it names none. */
async function namedProposal(repos: Repositories, value: unknown): Promise<Proposal | null> {
  if (empty(value)) return null;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const row = /^[1-9]\d{0,5}$/u.test(text) ? await repos.proposals.findByNumber(Number(text)) : undefined;
  if (!row) {
    throw new ValidationError([
      { field: 'proposal', key: 'error.noSuchProposal', params: { number: text.slice(0, 20) } },
    ]);
  }
  return toProposal(row, []);
}

/**
 * The proposal a decision concerns and the state it is to take, checked against the proposal's
 * transitions now: a decision can never be one the proposal refuses later for a reason known today.
 */
export async function proposalTarget(
  repos: Repositories,
  input: { proposal?: unknown; proposalState?: unknown },
): Promise<{ proposal: Proposal | null; to: ProposalState | null }> {
  const proposal = await namedProposal(repos, input.proposal);
  if (empty(input.proposalState)) return { proposal, to: null };
  if (!proposal) throw new ValidationError([{ field: 'proposal', key: 'error.decisionNeedsProposal' }]);
  return { proposal, to: checkDecisionTarget(proposal.state, input.proposalState) };
}

/**
 * Moves a decision's proposal when the decision takes effect. The proposal may have moved on
 * since it was recorded; a decision that no longer applies is kept as text and changes nothing.
 */
export async function applyProposalDecision(
  repos: Repositories,
  actor: Actor,
  row: DecisionRow,
  meeting: string | null,
  at: string,
): Promise<void> {
  if (!row.proposal_id || !isProposalState(row.proposal_state)) return;
  const proposal = await loadProposalById(repos, row.proposal_id);
  if (!proposal || !allowedStates(proposal.state).includes(row.proposal_state)) return;
  await moveProposal(repos, actor, proposal, row.proposal_state, row.reason ?? row.text, at, meeting);
  const summary = `${proposal.state} → ${row.proposal_state}`;
  await audit(repos, at, actor, 'proposal.state', { type: 'proposal', id: proposal.id }, summary);
}

/**
 * Tells the pages of the proposals a meeting concerns (on its agenda, or named by its decisions)
 * that the meeting moved on: it started, its minutes came out, a decision became final. Their
 * pages show the meeting's phase and its published decisions.
 */
export async function announceMeetingProposals(
  repos: Repositories,
  seriesId: string,
  occurrence: string,
): Promise<void> {
  const topics = await repos.agenda.forOccurrence(seriesId, occurrence);
  const decisions = await repos.minutes.decisions(seriesId, occurrence);
  const ids = new Set([...topics, ...decisions].flatMap((r) => (r.proposal_id ? [r.proposal_id] : [])));
  for (const id of ids) await repos.live.announce(liveChannel.proposal(id));
}
