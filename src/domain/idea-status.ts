import { RuleError, ValidationError } from './errors.js';
import { hasControlCharacters, hasLoneSurrogate } from './text.js';

/** The life of an idea. `declined` and `removed` always carry a reason. */
export const IDEA_STATUSES = [
  'proposed',
  'backlog',
  'roadmap',
  'in_progress',
  'done',
  'declined',
  'removed',
] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** Statuses shown on the public backlog when no status filter is chosen. */
export const OPEN_STATUSES: readonly IdeaStatus[] = ['proposed', 'backlog', 'roadmap', 'in_progress'];

const TRANSITIONS: Record<IdeaStatus, readonly IdeaStatus[]> = {
  // Triage: a proposal is accepted into the backlog or declined.
  proposed: ['backlog', 'declined'],
  backlog: ['roadmap', 'in_progress', 'removed'],
  roadmap: ['in_progress', 'backlog', 'removed'],
  in_progress: ['done', 'roadmap', 'backlog', 'removed'],
  // Reopening is a normal event in planning; nothing is final except by choice.
  done: ['in_progress'],
  declined: ['proposed', 'backlog'],
  removed: ['backlog'],
};

const NEEDS_REASON: readonly IdeaStatus[] = ['declined', 'removed'];

export function isIdeaStatus(value: unknown): value is IdeaStatus {
  return typeof value === 'string' && (IDEA_STATUSES as readonly string[]).includes(value);
}

export function allowedTransitions(from: IdeaStatus): readonly IdeaStatus[] {
  return TRANSITIONS[from];
}

export const MAX_REASON_LENGTH = 2000;

/**
 * Checks a status change and returns the reason to store (trimmed, or null).
 * Throws RuleError for a transition the lifecycle does not allow.
 */
export function checkTransition(
  from: IdeaStatus,
  to: IdeaStatus,
  reason: string | null | undefined,
): string | null {
  if (from === to) throw new RuleError('error.sameStatus', { status: to });
  if (!TRANSITIONS[from].includes(to)) {
    throw new RuleError('error.invalidTransition', { from, to, allowed: TRANSITIONS[from].join(', ') });
  }
  const trimmed = (reason ?? '').trim();
  if (trimmed.length > MAX_REASON_LENGTH) {
    throw new ValidationError([
      { field: 'reason', key: 'error.tooLong', params: { max: MAX_REASON_LENGTH } },
    ]);
  }
  if (hasControlCharacters(trimmed) || hasLoneSurrogate(trimmed)) {
    throw new ValidationError([{ field: 'reason', key: 'error.badCharacters' }]);
  }
  if (NEEDS_REASON.includes(to) && trimmed === '') {
    throw new ValidationError([{ field: 'reason', key: 'error.reasonRequired', params: { status: to } }]);
  }
  return trimmed === '' ? null : trimmed;
}
