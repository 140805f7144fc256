import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { IdeaStatus } from '../domain/idea-status.js';
import { authorize, authorizeAttempt } from '../domain/policy.js';
import {
  isProposalState,
  type Proposal,
  type ProposalDraft,
  type ProposalHistoryEntry,
  type ProposalState,
  validateProposalDraft,
} from '../domain/proposal.js';
import type { Actor } from '../domain/roles.js';
import { isUniqueViolation } from '../store/db.js';
import type { Repositories } from '../store/store.js';
import type { AppDeps } from './context.js';
import { ideaByReference } from './idea-reference.js';
import { liveChannel } from './live-channels.js';
import { type ImportFile, type ImportSummary, importProposals } from './proposal-import.js';
import { applyState, insertProposal, loadProposal, toProposal } from './proposal-steps.js';
import { writer } from './write.js';

/** Proposal fields as they arrive from a form or JSON body, checked by the domain. */
export type ProposalInput = Parameters<typeof validateProposalDraft>[0];

/** A proposal's number as an address names it; anything else names no proposal. */
export function proposalNumber(value: string): number {
  if (!/^[1-9]\d{0,5}$/u.test(value)) throw new NotFoundError('proposal', value.slice(0, 20));
  return Number(value);
}

/** The ideas a draft names, resolved as idea references are everywhere else. */
async function linkedIdeas(repos: Repositories, draft: ProposalDraft): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, reference] of draft.ideas.entries()) {
    const row = await ideaByReference(repos, reference, `ideas[${i}]`);
    if (row && !ids.includes(row.id)) ids.push(row.id);
  }
  return ids;
}

/** The number a new proposal takes: the one asked for if free, else the next after the highest. */
async function numberFor(repos: Repositories, asked: number | null): Promise<number> {
  if (asked === null) return (await repos.proposals.highestNumber()) + 1;
  if (await repos.proposals.findByNumber(asked)) {
    throw new ValidationError([{ field: 'number', key: 'proposal.numberTaken', params: { number: asked } }]);
  }
  return asked;
}

/** A second proposal given the same number at the same moment: the unique index refuses it. */
function numberRace(err: unknown, number: number | null): never {
  if (isUniqueViolation(err)) {
    throw new ValidationError([
      { field: 'number', key: 'proposal.numberTaken', params: { number: number ?? '' } },
    ]);
  }
  throw err;
}

/** The columns of a draft's title, text and authors, as a proposal stores them. */
const storedText = (draft: ProposalDraft) => ({
  title: draft.title,
  text: draft.text,
  authors: JSON.stringify(draft.authors),
});

export function proposalsUseCases(deps: AppDeps) {
  return { ...proposalReads(deps), ...proposalWrites(deps) };
}

function proposalReads({ store }: AppDeps) {
  return {
    /** Every proposal in number order, or those in the states asked for. */
    async list(states: readonly ProposalState[] = []): Promise<Proposal[]> {
      const rows = await store.read.proposals.list(states);
      const ideas = await store.read.proposals.ideaSlugs(rows.map((r) => r.id));
      return rows.map((r) => toProposal(r, ideas.get(r.id) ?? []));
    },

    async get(number: number): Promise<{
      proposal: Proposal;
      history: ProposalHistoryEntry[];
      ideas: { slug: string; title: string; status: IdeaStatus }[];
    }> {
      const proposal = await loadProposal(store.read, number);
      const history = (await store.read.proposals.history(proposal.id)).map((h) => ({
        id: h.id,
        at: h.at,
        actorName: h.actor_name,
        fromState: h.from_state as ProposalState | null,
        toState: h.to_state as ProposalState,
        reason: h.reason,
        meeting: h.meeting,
      }));
      const ideas = (await store.read.proposals.ideaSummaries(proposal.id)).map((i) => ({
        ...i,
        status: i.status as IdeaStatus,
      }));
      return { proposal, history, ideas };
    },

    /** Proposals linking one idea, for its page. */
    async forIdea(ideaId: string): Promise<Proposal[]> {
      return (await store.read.proposals.forIdea(ideaId)).map((r) => toProposal(r, []));
    },
  };
}

function proposalWrites(deps: AppDeps) {
  const write = writer(deps);
  return {
    async create(actor: Actor, input: ProposalInput & { state?: unknown }): Promise<Proposal> {
      authorize(actor, 'proposal.create');
      const draft = validateProposalDraft(input);
      const state = input.state ?? 'in_discussion';
      if (!isProposalState(state)) {
        throw new ValidationError([
          { field: 'state', key: 'proposal.unknownState', params: { state: String(state).slice(0, 40) } },
        ]);
      }
      try {
        return await write(actor, async ({ repos, at, audit }) => {
          const number = await numberFor(repos, draft.number);
          const ideaIds = await linkedIdeas(repos, draft);
          const proposal = await insertProposal(repos, actor, { ...draft, number }, state, ideaIds, at);
          await audit('proposal.create', { type: 'proposal', id: proposal.id }, `${number}: ${draft.title}`);
          return proposal;
        });
      } catch (err) {
        return numberRace(err, draft.number);
      }
    },

    /** Edits number, title, text, authors and linked ideas; a stale version is a conflict. */
    async update(actor: Actor, number: number, version: number, input: ProposalInput): Promise<Proposal> {
      authorizeAttempt(actor, 'proposal.edit');
      const draft = validateProposalDraft(input);
      try {
        return await write(actor, async ({ repos, at, audit, announce }) => {
          const current = await loadProposal(repos, number);
          authorize(actor, 'proposal.edit');
          if (current.version !== version) throw new ConflictError(current);
          const renumbered = draft.number !== null && draft.number !== current.number;
          const newNumber = renumbered ? await numberFor(repos, draft.number) : current.number;
          const ideaIds = await linkedIdeas(repos, draft);
          const saved = await repos.proposals.update(current.id, version, {
            ...storedText(draft),
            number: newNumber,
            updated_at: at,
          });
          if (!saved) throw new ConflictError(current);
          await repos.proposals.setIdeas(current.id, ideaIds);
          await announce(liveChannel.proposal(current.id));
          await audit('proposal.edit', { type: 'proposal', id: current.id }, `${newNumber}: ${draft.title}`);
          return loadProposal(repos, newNumber);
        });
      } catch (err) {
        return numberRace(err, draft.number);
      }
    },

    /** Moves a proposal to another state along the allowed transitions, with a reason. */
    async changeState(
      actor: Actor,
      number: number,
      version: number,
      to: unknown,
      reason: unknown,
    ): Promise<Proposal> {
      authorize(actor, 'proposal.changeState');
      return write(actor, async ({ repos, at, audit }) => {
        const { from, to: moved, id } = await applyState(repos, actor, number, version, to, reason, at);
        await audit('proposal.state', { type: 'proposal', id }, `${from} → ${moved}`);
        return loadProposal(repos, number);
      });
    },

    /**
     * Creates or updates proposals from a docs repository's Markdown files, all in one
     * transaction: any bad file refuses the whole import, naming the file.
     */
    async importFiles(actor: Actor | 'system', files: readonly ImportFile[]): Promise<ImportSummary> {
      authorize(actor, 'proposal.create');
      return write(actor, ({ repos, at, actor: who }) => importProposals(repos, who, files, at));
    },
  };
}

export type ProposalsUseCases = ReturnType<typeof proposalsUseCases>;
