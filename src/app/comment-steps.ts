import { type Comment, type StoredComment, shownComment, withheld } from '../domain/comment.js';
import { NotFoundError } from '../domain/errors.js';
import { type Acting, can, commentSubject } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { type CommentRow, toStoredComment, type WithheldShown } from '../store/comments.repository.js';
import type { Repositories } from '../store/store.js';
import { notifyComment } from './comment-notices.js';
import { type CommentTarget, loadTarget } from './comment-targets.js';
import { liveChannel } from './live-channels.js';
import { withMentions } from './mentions.js';
import { emit } from './webhook-emit.js';
import { checkVersion, type Writer, type WriteStep } from './write.js';

/** Steps the comment use-cases and their moderation share, inside their transactions. */

export async function loadComment(repos: Repositories, id: string): Promise<StoredComment> {
  const row = await repos.comments.find(id);
  if (!row) throw new NotFoundError('comment', id);
  return toStoredComment(row);
}

const mayReadHidden = (actor: Acting, c: StoredComment) =>
  can(actor, 'comment.readHidden', commentSubject(c, actor));

/**
 * The comment `id` and what it is about, for a reader who may read that (else NotFoundError):
 * one held for review is there only for its author and the maintainers.
 */
export async function locate(repos: Repositories, actor: Acting, id: string) {
  const comment = await loadComment(repos, id);
  if (withheld(comment) && !mayReadHidden(actor, comment)) throw new NotFoundError('comment', id);
  return { comment, target: await loadTarget(repos, actor, comment.targetType, comment.targetId) };
}

/** The comment as `actor` may read it: a hidden or held one's text to its author and maintainers only. */
export const show = (actor: Acting, c: StoredComment): Comment => shownComment(c, mayReadHidden(actor, c));

/** Which comments held for review a reader's lists include: all for maintainers, else their own. */
export function withheldShownTo(actor: Acting): WithheldShown {
  if (can(actor, 'post.review')) return { all: true };
  return { of: actor !== 'system' && actor.kind === 'user' ? actor.userId : null };
}

/** The columns a change to a comment writes. */
export type CommentChange = Partial<
  Record<
    'body' | 'edited_at' | 'deleted_at' | 'hidden_at' | 'hidden_reason' | 'hidden_by' | 'rejected_reason',
    string
  >
> & { held_at?: null };

/**
 * After a change to a comment: its audit entry, and the pages showing its thread fetch
 * themselves, unless only its author and the maintainers read it (held for review).
 */
export async function changed(step: WriteStep, c: StoredComment, action: string, summary: string) {
  await step.audit(action, { type: 'comment', id: c.id }, summary);
  if (!withheld(c)) await step.announce(liveChannel.comments(c.targetType, c.targetId));
}

/** Rows of comments as the actor sees them, with whom they mention. */
export const shownRows = (repos: Repositories, actor: Acting, rows: CommentRow[]) =>
  withMentions(
    repos,
    rows.map((r) => show(actor, toStoredComment(r))),
  );

/** One comment as the actor sees it, with whom it mentions. */
export async function shownWithMentions(
  repos: Repositories,
  actor: Acting,
  c: StoredComment,
): Promise<Comment> {
  const shown = show(actor, c);
  return (await withMentions(repos, [shown]))[0] ?? shown;
}

/** A change to a comment by the version the writer read, answered with the comment as the writer sees it. */
export function changeOf(write: Writer) {
  return (
    { actor, id, version, action }: { actor: Actor; id: string; version: number; action: string },
    change: (step: WriteStep, c: StoredComment, target: CommentTarget) => Promise<CommentChange>,
  ) =>
    write(actor, async (step) => {
      const { comment, target } = await locate(step.repos, actor, id);
      const row = await change(step, comment, target);
      await checkVersion(comment, version, () =>
        step.repos.comments.update(
          { id, version: comment.version, target_type: comment.targetType },
          { ...row, updated_at: step.at },
        ),
      );
      const now = await loadComment(step.repos, id);
      await changed(step, now, action, comment.id);
      return shownWithMentions(step.repos, actor, now);
    });
}

/**
 * Tells webhooks and the inbox of a comment everyone may read from now on (a new one, or a held
 * one approved), linked to its place in the thread.
 */
export async function emitComment(
  repos: Repositories,
  at: string,
  target: CommentTarget,
  id: string,
  parentId: string | null,
  body: string,
): Promise<void> {
  await emit(repos, at, {
    type: 'comment.created',
    path: `${target.path.replace(/^\//u, '')}#comment-${id}`,
    data: { id, target: { type: target.type, id: target.id, title: target.title }, parentId, body },
  });
  await notifyComment(repos, at, target, id, { followers: true });
}
