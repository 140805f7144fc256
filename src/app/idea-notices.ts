import type { Idea } from '../domain/idea.js';
import type { Actor } from '../domain/roles.js';
import type { Repositories } from '../store/store.js';
import { actorOf, followersOf, notifyStep } from './notify.js';

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
    audiences: [await followersOf(repos, 'idea.status_changed', { kind: 'idea', id: idea.id })],
  });
}
