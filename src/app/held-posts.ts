import { can } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { Repositories } from '../store/store.js';
import { holdFirstPosts } from './settings.js';

/**
 * Whether a new post by `actor` waits for review: while an admin holds the first posts of new
 * members, until that many of theirs were published. Maintainers and admins are never held.
 */
export async function mustHold(
  repos: Repositories,
  actor: Extract<Actor, { kind: 'user' }>,
): Promise<boolean> {
  if (can(actor, 'post.review')) return false;
  const first = await holdFirstPosts(repos);
  return first > 0 && (await repos.comments.publishedPosts(actor.userId)) < first;
}
