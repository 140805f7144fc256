import type { DecisionRow } from '../store/minutes.repository.js';
import type { Repositories } from '../store/store.js';
import { followersOf, type Notice, notifyStep } from './notify.js';

/** Who a decision's notice names: whoever objected last, or whoever took the decision. */
async function actorOfDecision(
  repos: Repositories,
  type: 'decision.proposed' | 'decision.final' | 'decision.objected',
  row: DecisionRow,
): Promise<Notice['actor']> {
  if (type === 'decision.objected') {
    const last = (await repos.minutes.objections([row.id])).at(-1);
    return last?.user_id ? { id: last.user_id, name: last.user_name ?? '' } : null;
  }
  const decider = row.created_by ? await repos.users.findById(row.created_by) : undefined;
  return decider ? { id: decider.id, name: decider.name } : null;
}

/**
 * Tells the followers of a meeting series of a decision its readers can see: proposed (with the
 * end of its objection window), final, objected to. A final decision that moves an idea is the
 * same event as the idea's status change, so a member following both hears of it once.
 */
export async function notifyDecision(
  repos: Repositories,
  type: 'decision.proposed' | 'decision.final' | 'decision.objected',
  row: DecisionRow,
  at: string,
  extra: { objectionDeadline?: string; objection?: string },
): Promise<void> {
  const movesIdea = type === 'decision.final' && row.idea_id !== null && row.to_status !== null;
  await notifyStep(repos, at, {
    eventKey: movesIdea ? `idea-status:${row.idea_id}:${at}` : `${type}:${row.id}:${at}`,
    actor: await actorOfDecision(repos, type, row),
    thread: { type: 'decision', id: row.id, title: row.text },
    path: `/decisions/${row.id}/comments`,
    data: {
      date: row.occurrence,
      deadline: extra.objectionDeadline ?? null,
      reason: extra.objection ?? null,
    },
    audiences: [...(await followersOf(repos, type, { kind: 'series', id: row.series_id }))],
  });
}
