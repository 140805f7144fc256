import type { WorkInProgress } from './board.js';
import { type FieldProblem, ValidationError } from './errors.js';
import type { IdeaStatus } from './idea-status.js';
import type { ProposalState } from './proposal.js';
import { parseDate } from './schedule.js';
import { textField, wholeNumberField } from './text.js';

/**
 * The written record of a meeting (meetings are not recorded, so this is the record): notes,
 * how many attended (names only with consent), decisions and action items.
 */

export interface Minutes {
  id: string;
  seriesId: string;
  occurrence: string;
  body: string;
  attendeeCount: number | null;
  attendeeNames: string;
  /** A member named to write this meeting's notes and action items (maintainers always may). */
  noteTakerId: string | null;
  noteTakerName: string | null;
  status: 'draft' | 'published';
  publishedAt: string | null;
  /** The roadmap and in-progress ideas as they were when the minutes were published. */
  overview: { slug: string; title: string; status: IdeaStatus }[] | null;
  /** The board cards in progress then. */
  overviewWork: WorkInProgress[] | null;
  /** When a maintainer started the meeting ahead of its time. */
  startedAt: string | null;
  updatedAt: string;
  version: number;
}

export interface Decision {
  id: string;
  occurrence: string;
  text: string;
  ideaId: string | null;
  ideaSlug: string | null;
  ideaTitle: string | null;
  toStatus: IdeaStatus | null;
  /** The enhancement proposal it concerns, and the state it moves it to when it takes effect. */
  proposalId: string | null;
  proposalNumber: number | null;
  proposalTitle: string | null;
  toState: ProposalState | null;
  reason: string | null;
  createdAt: string;
  /**
   * final: taken (and applied to the idea). proposed: lazy consensus, it becomes final by itself
   * when its objection window closes without objection. objected: someone objected; it goes back
   * to the next meeting and changes nothing.
   */
  state: DecisionState;
  objectionHours: number | null;
  /** When the window closes; null while the minutes holding it are still a draft. */
  objectionDeadline: string | null;
  finalAt: string | null;
  objections: Objection[];
  /** Whether objections are taken now (as of when it was read). */
  open: boolean;
  /** Counts its changes; the ETag of the API. */
  version: number;
}

export type DecisionState = 'final' | 'proposed' | 'objected';

/** A proposed or objected decision takes (further) objections until its deadline. */
export function objectionsOpen(
  decision: { state: string; objectionDeadline: string | null },
  at: string,
): boolean {
  return decision.state !== 'final' && decision.objectionDeadline !== null && decision.objectionDeadline > at;
}

export interface Objection {
  id: string;
  userName: string | null;
  reason: string;
  createdAt: string;
}

/** The habit of many open-source foundations: three days for anyone to object. */
export const DEFAULT_OBJECTION_HOURS = 72;
export const MAX_OBJECTION_HOURS = 24 * 30;

export interface ActionItem {
  id: string;
  occurrence: string;
  text: string;
  assignee: string;
  dueDate: string | null;
  ideaId: string | null;
  done: boolean;
  version: number;
}

export const MINUTES_LIMITS = {
  body: 50_000,
  names: 2000,
  decision: 2000,
  action: 500,
  assignee: 100,
  attendees: 10_000,
} as const;

export function validateMinutesInput(input: {
  body?: unknown;
  attendeeCount?: unknown;
  attendeeNames?: unknown;
}) {
  const problems: FieldProblem[] = [];
  const body = textField(input.body, 'body', MINUTES_LIMITS.body, problems);
  const names = textField(input.attendeeNames, 'attendeeNames', MINUTES_LIMITS.names, problems);
  const attendeeCount = wholeNumberField(
    input.attendeeCount,
    'attendeeCount',
    { min: 0, max: MINUTES_LIMITS.attendees, key: 'error.badAttendeeCount' },
    problems,
  );
  if (problems.length > 0) throw new ValidationError(problems);
  return { body, attendeeCount, attendeeNames: names };
}

/**
 * The text of a decision and, when it is to wait for objections, the window in hours
 * (`objectionHours`; empty or absent means the decision is taken at once).
 */
export function validateDecisionText(input: { text?: unknown; reason?: unknown; objectionHours?: unknown }) {
  const problems: FieldProblem[] = [];
  const decision = textField(input.text, 'text', MINUTES_LIMITS.decision, problems, { required: true });
  const reason = textField(input.reason, 'reason', MINUTES_LIMITS.decision, problems);
  const objectionHours = wholeNumberField(
    input.objectionHours,
    'objectionHours',
    { min: 1, max: MAX_OBJECTION_HOURS, key: 'error.badObjectionHours' },
    problems,
  );
  if (problems.length > 0) throw new ValidationError(problems);
  return { text: decision, reason: reason === '' ? null : reason, objectionHours };
}

export function validateObjection(input: { reason?: unknown }): string {
  const problems: FieldProblem[] = [];
  const reason = textField(input.reason, 'reason', MINUTES_LIMITS.decision, problems, { required: true });
  if (problems.length > 0) throw new ValidationError(problems);
  return reason;
}

export function validateActionItem(input: { text?: unknown; assignee?: unknown; dueDate?: unknown }) {
  const problems: FieldProblem[] = [];
  const action = textField(input.text, 'text', MINUTES_LIMITS.action, problems, {
    required: true,
    line: true,
  });
  const assignee = textField(input.assignee, 'assignee', MINUTES_LIMITS.assignee, problems, { line: true });
  let dueDate: string | null = null;
  if (typeof input.dueDate === 'string' && input.dueDate.trim() !== '') {
    const d = parseDate(input.dueDate);
    if (!d) problems.push({ field: 'dueDate', key: 'error.badDate' });
    else dueDate = d.toString();
  } else if (input.dueDate !== undefined && input.dueDate !== null && typeof input.dueDate !== 'string') {
    problems.push({ field: 'dueDate', key: 'error.badDate' });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return { text: action, assignee, dueDate };
}
