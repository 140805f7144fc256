import type { Idea } from './idea.js';
import { type Actor, isMaintainer } from './roles.js';

/** Maintainers edit any idea; a member edits their own proposal until it has been triaged. */
export function canEditIdea(actor: Actor, idea: Pick<Idea, 'proposerId' | 'status'>): boolean {
  if (isMaintainer(actor)) return true;
  return actor.kind === 'user' && idea.proposerId === actor.userId && idea.status === 'proposed';
}

/**
 * Who may put something on the next meeting's agenda by nomination: maintainers always; members
 * an idea too, when an admin allows it. Board cards stay with the maintainers, who keep the board.
 * The one rule for both doors (form and API) and for the pages that offer the button.
 */
export function canNominate(actor: Actor, subject: 'idea' | 'item', membersNominateIdeas: boolean): boolean {
  if (isMaintainer(actor)) return true;
  return actor.kind === 'user' && subject === 'idea' && membersNominateIdeas;
}
