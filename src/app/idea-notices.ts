import type { Idea } from '../domain/idea.js';
import { isInterestMilestone } from '../domain/interest-milestones.js';
import type { Actor } from '../domain/roles.js';
import type { Repositories } from '../store/store.js';
import { actorOf, followersOf, notifyStep } from './notify.js';
import { emit } from './webhook-emit.js';

/** Tells the followers of an idea that its status changed (inside the change's transaction). */
export async function notifyIdeaStatus(
  repos: Repositories,
  at: string,
  actor: Actor,
  idea: Pick<Idea, 'id' | 'slug' | 'title' | 'status'>,
  change: { to: string; reason: string | null },
): Promise<void> {
  await notifyStep(repos, at, {
    eventKey: `idea-status:${idea.id}:${at}`,
    actor: actorOf(actor),
    thread: { type: 'idea', id: idea.id, title: idea.title },
    path: `/ideas/${idea.slug}`,
    data: { from: idea.status, to: change.to, reason: change.reason },
    audiences: [...(await followersOf(repos, 'idea.status_changed', { kind: 'idea', id: idea.id }))],
  });
}

/**
 * Tells maintainers and admins of an idea that waits for triage (they triage): when it is
 * proposed, or, held for review, when a maintainer publishes it — the one who published it
 * knows. Ideas made straight into another status by a maintainer wait for nobody and are told
 * of to webhooks only. The hub has no follow of the backlog as a whole; the followers of a
 * tag or of the backlog would join this audience.
 */
export async function notifyProposed(
  repos: Repositories,
  at: string,
  idea: Pick<Idea, 'id' | 'slug' | 'title' | 'status' | 'proposerId' | 'proposerName'>,
  by: Actor,
): Promise<void> {
  if (idea.status !== 'proposed') return;
  const triagers = await repos.users.activeIdsWithRoles(['maintainer', 'admin']);
  const publisher = by.kind === 'user' ? by.userId : null;
  await notifyStep(repos, at, {
    eventKey: `idea-proposed:${idea.id}`,
    actor: idea.proposerId ? { id: idea.proposerId, name: idea.proposerName ?? '' } : null,
    thread: { type: 'idea', id: idea.id, title: idea.title },
    path: `/ideas/${idea.slug}`,
    data: { status: idea.status },
    audiences: [{ kind: 'idea.proposed', userIds: triagers.filter((id) => id !== publisher), follow: null }],
  });
}

/**
 * Tells an idea's proposer and followers that interest in it reached a milestone (5, 10, 25 …),
 * the first time it does: the milestone is stored with the idea, so interest that drops below
 * and rises again tells nobody twice. Webhooks hear of it too. Nobody in particular did it, so
 * the notice names no actor (the member whose "+1" it was hears of it as well).
 */
export async function notifyInterestMilestone(
  repos: Repositories,
  at: string,
  idea: Pick<Idea, 'id' | 'slug' | 'title' | 'proposerId'>,
  count: number,
): Promise<void> {
  if (!isInterestMilestone(count) || !(await repos.interest.reachMilestone(idea.id, count, at))) return;
  await notifyStep(repos, at, {
    eventKey: `idea-interest:${idea.id}:${count}`,
    actor: null,
    thread: { type: 'idea', id: idea.id, title: idea.title },
    path: `/ideas/${idea.slug}`,
    data: { count: String(count) },
    audiences: [
      { kind: 'idea.interest_milestone', userIds: idea.proposerId ? [idea.proposerId] : [], follow: null },
      ...(await followersOf(repos, 'idea.interest_milestone', { kind: 'idea', id: idea.id })),
    ],
  });
  await emit(repos, at, {
    type: 'idea.interest_milestone',
    path: `ideas/${idea.slug}`,
    data: { id: idea.id, slug: idea.slug, title: idea.title, count },
  });
}
