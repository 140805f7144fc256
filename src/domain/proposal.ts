import { type FieldProblem, RuleError, ValidationError } from './errors.js';
import { IDEA_LIMITS } from './idea.js';
import { MAX_REASON_LENGTH } from './idea-status.js';
import { textField, wholeNumberField } from './text.js';

/**
 * An enhancement proposal: a numbered design document in Markdown, with its authors and a state
 * that moves only along TRANSITIONS, each move with a reason kept in its history.
 */
export const PROPOSAL_STATES = [
  'in_discussion',
  'accepted',
  'declined',
  'in_progress',
  'completed',
  'aborted',
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/**
 * | from          | to                                   |
 * |---------------|--------------------------------------|
 * | in_discussion | accepted, declined, aborted          |
 * | accepted      | in_progress, aborted                 |
 * | in_progress   | completed, aborted                   |
 * | declined      | in_discussion (reopened)             |
 * | completed     | — (final)                            |
 * | aborted       | — (final)                            |
 * Only maintainers and admins change a state at all, so reopening needs no rule of its own.
 */
const TRANSITIONS: Record<ProposalState, readonly ProposalState[]> = {
  in_discussion: ['accepted', 'declined', 'aborted'],
  accepted: ['in_progress', 'aborted'],
  in_progress: ['completed', 'aborted'],
  declined: ['in_discussion'],
  completed: [],
  aborted: [],
};

export interface ProposalHistoryEntry {
  id: string;
  at: string;
  actorName: string | null;
  /** null for the first entry: the proposal was written down in this state. */
  fromState: ProposalState | null;
  toState: ProposalState;
  reason: string | null;
  /** `series-slug/YYYY-MM-DD` of the meeting whose decision made the change, if one did. */
  meeting: string | null;
}

export interface Proposal {
  id: string;
  number: number;
  title: string;
  text: string;
  authors: string[];
  state: ProposalState;
  /** Slugs of the linked ideas. */
  ideas: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What a page shows of a proposal it links: number, title and state. */
export interface ProposalSummary {
  id: string;
  number: number;
  title: string;
  state: ProposalState;
}

export interface ProposalDraft {
  number: number | null;
  title: string;
  text: string;
  authors: string[];
  /** Idea references as typed (id, slug or title words); the app resolves them. */
  ideas: string[];
}

export const PROPOSAL_LIMITS = {
  number: 99_999,
  title: IDEA_LIMITS.title,
  text: IDEA_LIMITS.description,
  authors: 20,
  author: 100,
  ideas: 20,
} as const;

export function isProposalState(value: unknown): value is ProposalState {
  return typeof value === 'string' && (PROPOSAL_STATES as readonly string[]).includes(value);
}

export function allowedStates(from: ProposalState): readonly ProposalState[] {
  return TRANSITIONS[from];
}

function cleanList(value: unknown, field: string, max: number, each: number, problems: FieldProblem[]) {
  if (value === undefined || value === null || value === '') return [];
  const raw = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) {
    problems.push({ field, key: 'error.notTextList' });
    return [];
  }
  const items = [...new Set((raw as string[]).map((v) => v.replace(/\s+/gu, ' ').trim()).filter(Boolean))];
  // Counted before each is checked: a list of thousands is one problem, not thousands.
  if (items.length > max) {
    problems.push({ field, key: 'error.tooMany', params: { max } });
    return [];
  }
  return items.map((item) => textField(item, field, each, problems, { line: true }));
}

/** Accepts loosely shaped input (form or JSON) and returns a clean draft, or throws every problem at once. */
export function validateProposalDraft(input: {
  number?: unknown;
  title?: unknown;
  text?: unknown;
  authors?: unknown;
  ideas?: unknown;
}): ProposalDraft {
  const problems: FieldProblem[] = [];
  const number = wholeNumberField(
    input.number,
    'number',
    { min: 1, max: PROPOSAL_LIMITS.number, key: 'proposal.badNumber' },
    problems,
  );
  const title = textField(input.title, 'title', PROPOSAL_LIMITS.title, problems, {
    required: true,
    line: true,
  });
  const text = textField(input.text, 'text', PROPOSAL_LIMITS.text, problems);
  const authors = cleanList(
    input.authors,
    'authors',
    PROPOSAL_LIMITS.authors,
    PROPOSAL_LIMITS.author,
    problems,
  );
  const ideas = cleanList(input.ideas, 'ideas', PROPOSAL_LIMITS.ideas, 200, problems);
  if (problems.length > 0) throw new ValidationError(problems);
  return { number, title, text, authors, ideas };
}

/** Checks a state change and returns the reason to store; every change needs one. */
export function checkStateChange(
  from: ProposalState,
  to: unknown,
  reason: unknown,
): {
  to: ProposalState;
  reason: string;
} {
  if (!isProposalState(to)) {
    throw new ValidationError([
      { field: 'state', key: 'proposal.unknownState', params: { state: String(to).slice(0, 40) } },
    ]);
  }
  if (from === to) throw new RuleError('proposal.sameState', { state: to });
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from].join(', ');
    throw new RuleError('proposal.badTransition', { from, to, allowed: allowed === '' ? '—' : allowed });
  }
  const problems: FieldProblem[] = [];
  const text = textField(reason, 'reason', MAX_REASON_LENGTH, problems, { required: true });
  if (problems.length > 0) throw new ValidationError(problems);
  return { to, reason: text };
}

/**
 * The state a meeting's decision is to move a proposal to: one its transitions allow from the
 * state it is in now, else a refusal (422) naming the states that are allowed.
 */
export function checkDecisionTarget(from: ProposalState, to: unknown): ProposalState {
  if (isProposalState(to) && TRANSITIONS[from].includes(to)) return to;
  const allowed = TRANSITIONS[from].join(', ');
  const shown = String(to).slice(0, 40);
  throw new RuleError('proposal.badTransition', { from, to: shown, allowed: allowed === '' ? '—' : allowed });
}
