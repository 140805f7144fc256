import type { StoredComment } from '../domain/comment.js';
import type { SignedIn } from '../domain/policy.js';
import type { Repositories } from '../store/store.js';
import type { CommentTarget } from './comment-targets.js';
import { followCommented } from './follows.js';
import { recordMentions } from './mentions.js';

/** A comment just written (a new one or a reply), inside the transaction that stores it. */
export interface CommentMade {
  repos: Repositories;
  /** The instant of the write. */
  at: string;
  actor: SignedIn;
  comment: StoredComment;
  target: CommentTarget;
}

/**
 * What else happens when someone comments, in the same transaction: a hook that throws takes
 * the comment back with it. Features that react to comments add theirs to COMMENT_HOOKS: today,
 * whoever comments follows what they commented on, and the members the comment mentions are
 * recorded (and follow it too).
 */
export type CommentHook = (made: CommentMade) => Promise<void>;

export const COMMENT_HOOKS: readonly CommentHook[] = [followCommented, recordMentions];

/** Runs the hooks one after another, in their order. */
export async function afterComment(hooks: readonly CommentHook[], made: CommentMade): Promise<void> {
  for (const hook of hooks) await hook(made);
}
