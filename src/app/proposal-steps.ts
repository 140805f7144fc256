import { ConflictError, NotFoundError } from '../domain/errors.js';
import {
  checkStateChange,
  type Proposal,
  type ProposalDraft,
  type ProposalState,
} from '../domain/proposal.js';
import type { Actor } from '../domain/roles.js';
import { newId } from '../store/ids.js';
import type { ProposalRow } from '../store/proposals.repository.js';
import type { Repositories } from '../store/store.js';
import { liveChannel } from './live-channels.js';

/** The steps on proposals that the forms, the API and the import take inside their own transaction. */

export function toProposal(row: ProposalRow, ideas: string[]): Proposal {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    text: row.text,
    authors: JSON.parse(row.authors) as string[],
    state: row.state as ProposalState,
    ideas,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export async function loadProposal(repos: Repositories, number: number): Promise<Proposal> {
  const row = await repos.proposals.findByNumber(number);
  if (!row) throw new NotFoundError('proposal', String(number));
  return toProposal(row, (await repos.proposals.ideaSlugs([row.id])).get(row.id) ?? []);
}

/** Stores a new proposal with its first history entry and its idea links. */
export async function insertProposal(
  repos: Repositories,
  actor: Actor,
  draft: ProposalDraft & { number: number },
  state: ProposalState,
  ideaIds: readonly string[],
  at: string,
): Promise<Proposal> {
  const id = newId();
  await repos.proposals.insert({
    id,
    number: draft.number,
    title: draft.title,
    text: draft.text,
    authors: JSON.stringify(draft.authors),
    state,
    created_at: at,
    updated_at: at,
    version: 1,
  });
  await repos.proposals.addHistory({
    id: newId(),
    proposal_id: id,
    at,
    actor_id: actor.kind === 'user' ? actor.userId : null,
    from_state: null,
    to_state: state,
    reason: null,
    meeting: null,
  });
  await repos.proposals.setIdeas(id, ideaIds);
  return loadProposal(repos, draft.number);
}

/** Moves a proposal along an allowed transition, with its reason in the history. */
export async function applyState(
  repos: Repositories,
  actor: Actor,
  number: number,
  version: number,
  to: unknown,
  reason: unknown,
  at: string,
): Promise<{ id: string; from: ProposalState; to: ProposalState }> {
  const current = await loadProposal(repos, number);
  if (current.version !== version) throw new ConflictError(current);
  const change = checkStateChange(current.state, to, reason);
  await moveProposal(repos, actor, current, change.to, change.reason, at, null);
  return { id: current.id, from: current.state, to: change.to };
}

/**
 * Stores a checked state change and its history entry; `meeting` (`series-slug/YYYY-MM-DD`)
 * names the meeting whose decision made it.
 */
export async function moveProposal(
  repos: Repositories,
  actor: Actor,
  current: Proposal,
  to: ProposalState,
  reason: string,
  at: string,
  meeting: string | null,
): Promise<void> {
  const saved = await repos.proposals.update(current.id, current.version, { state: to, updated_at: at });
  if (!saved) throw new ConflictError(current);
  await repos.proposals.addHistory({
    id: newId(),
    proposal_id: current.id,
    at,
    actor_id: actor.kind === 'user' ? actor.userId : null,
    from_state: current.state,
    to_state: to,
    reason,
    meeting,
  });
  await repos.live.announce(liveChannel.proposal(current.id));
}

/** A proposal by its id, as stored now. */
export async function loadProposalById(repos: Repositories, id: string): Promise<Proposal | null> {
  const row = await repos.proposals.findById(id);
  return row ? toProposal(row, (await repos.proposals.ideaSlugs([row.id])).get(row.id) ?? []) : null;
}
