import type { Idea } from './idea.js';
import { type Actor, isMaintainer } from './roles.js';

/** Maintainers edit any idea; a member edits their own proposal until it has been triaged. */
export function canEditIdea(actor: Actor, idea: Pick<Idea, 'proposerId' | 'status'>): boolean {
  if (isMaintainer(actor)) return true;
  return actor.kind === 'user' && idea.proposerId === actor.userId && idea.status === 'proposed';
}
