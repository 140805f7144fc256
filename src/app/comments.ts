import {
  type Comment,
  type CommentTargetType,
  checkReplyTo,
  checkStillShown,
  validateCommentBody,
  withheld,
} from '../domain/comment.js';
import { authorize, authorizeAttempt, authorizeUser, commentSubject } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { newId } from '../store/ids.js';
import { afterComment, COMMENT_HOOKS, type CommentHook } from './comment-hooks.js';
import { commentModeration } from './comment-moderation.js';
import { notifyComment, retellComment } from './comment-notices.js';
import {
  type CommentChange,
  changed,
  changeOf,
  emitComment,
  loadComment,
  locate,
  shownRows,
  shownWithMentions,
  withheldShownTo,
} from './comment-steps.js';
import { type CommentTarget, loadTarget } from './comment-targets.js';
import type { AppDeps } from './context.js';
import { mustHold } from './held-posts.js';
import type { LimitsUseCases } from './limits.js';
import { recordMentions } from './mentions.js';
import { type Page, type PageRequest, pageOf } from './paging.js';
import { writer } from './write.js';

/** A thread shown on one page holds at most this many comments (the API pages through more). */
export const THREAD_PAGE = 500;

export interface NewComment {
  body: string;
  /** The thread's first comment, for a reply. */
  parentId?: string | null | undefined;
}

export type { CommentReport } from './comment-moderation.js';

/** Comments on ideas, agenda topics and decisions: read as their subject is, written by members. */
export function commentsUseCases(
  deps: AppDeps,
  limits: LimitsUseCases,
  hooks: readonly CommentHook[] = COMMENT_HOOKS,
) {
  return { ...commentReads(deps), ...commentWrites(deps, limits, hooks), ...commentModeration(deps) };
}

function commentReads({ store }: AppDeps) {
  const read = store.read;
  return {
    /** What a thread is about; NotFoundError for what the actor may not read. */
    target: (actor: Actor, type: CommentTargetType, ref: string): Promise<CommentTarget> =>
      loadTarget(read, actor, type, ref),

    /** A target's comments in the order they were written, a page at a time. */
    async list(
      actor: Actor,
      type: CommentTargetType,
      ref: string,
      page: PageRequest,
    ): Promise<Page<Comment>> {
      const target = await loadTarget(read, actor, type, ref);
      return pageOf(
        page,
        (after, limit) => read.comments.page(target.type, target.id, after, limit, withheldShownTo(actor)),
        (rows) => shownRows(read, actor, rows),
      );
    },

    /** The comments a page shows under what they are about. */
    async thread(actor: Actor, target: CommentTarget): Promise<Comment[]> {
      const rows = await read.comments.page(
        target.type,
        target.id,
        null,
        THREAD_PAGE,
        withheldShownTo(actor),
      );
      return shownRows(read, actor, rows);
    },

    /** One comment with what it is about. */
    async get(actor: Actor, id: string): Promise<{ comment: Comment; target: CommentTarget }> {
      const { comment, target } = await locate(read, actor, id);
      return { comment: await shownWithMentions(read, actor, comment), target };
    },

    /** The earlier texts of an edited comment, newest first: for its author and maintainers. */
    async history(actor: Actor, id: string) {
      authorizeAttempt(actor, 'comment.readHidden');
      const { comment } = await locate(read, actor, id);
      authorize(actor, 'comment.readHidden', commentSubject(comment, actor));
      const rows = await read.comments.history(comment.id);
      return rows.map((r) => ({ id: r.id, body: r.body, replacedAt: r.replaced_at }));
    },

    /** How many comments each target shows to everyone. */
    counts: (type: CommentTargetType, ids: readonly string[]) => read.comments.visibleCounts(type, ids),
  };
}

/** The row of a new comment. */
function newCommentRow(
  id: string,
  target: CommentTarget,
  parentId: string | null,
  authorId: string,
  body: string,
  at: string,
) {
  return {
    id,
    target_type: target.type,
    target_id: target.id,
    parent_id: parentId,
    author_id: authorId,
    body,
    edited_at: null,
    deleted_at: null,
    hidden_at: null,
    hidden_reason: null,
    hidden_by: null,
    author_left_at: null,
    held_at: null,
    rejected_reason: null,
    created_at: at,
    updated_at: at,
    version: 1,
  };
}

function commentWrites(deps: AppDeps, limits: LimitsUseCases, hooks: readonly CommentHook[]) {
  const write = writer(deps);

  const update = changeOf(write);

  return {
    /**
     * A new comment, or a reply to the first comment of a thread. Counted against the writer's
     * account and their client (`client`) first, so a flood is refused before it is read.
     */
    async create(
      actor: Actor,
      type: CommentTargetType,
      ref: string,
      input: NewComment,
      client: string,
    ): Promise<Comment> {
      authorizeUser(actor, 'comment.write');
      const body = validateCommentBody(input.body);
      await limits.take('commentsPerAccount', actor.userId, 'comment.tooMany');
      await limits.take('commentsPerClient', client, 'comment.tooMany');
      return write(actor, async (step) => {
        const { repos, at } = step;
        const target = await loadTarget(repos, actor, type, ref);
        // An empty parent (a form's blank field, an API client's "") is no reply at all.
        const parentId = input.parentId || null;
        if (parentId) checkReplyTo(await loadComment(repos, parentId), target);
        const id = newId();
        const held = (await mustHold(repos, actor)) ? at : null;
        await repos.comments.insert({
          ...newCommentRow(id, target, parentId, actor.userId, body, at),
          held_at: held,
        });
        const comment = await loadComment(repos, id);
        await changed(step, comment, 'comment.create', target.title);
        await afterComment(hooks, { repos, at, actor, comment, target });
        // A comment held for review reaches nobody outside until a maintainer approves it.
        if (held === null) await emitComment(repos, at, target, id, parentId, body);
        return shownWithMentions(repos, actor, comment);
      });
    },

    /** The author changes the text; the text before is kept in its history. */
    async edit(actor: Actor, id: string, version: number, body: unknown): Promise<Comment> {
      authorizeAttempt(actor, 'comment.edit');
      const text = validateCommentBody(body);
      return update(
        { actor, id, version, action: 'comment.edit' },
        async ({ repos, at }, c, target): Promise<CommentChange> => {
          authorizeUser(actor, 'comment.edit', commentSubject(c, actor));
          checkStillShown(c);
          if (c.body === text) return {};
          await repos.comments.addHistory({ id: newId(), comment_id: c.id, body: c.body, replaced_at: at });
          // Whom the new text names and the old did not is mentioned now; the others were already.
          await recordMentions({ repos, at, actor, comment: { id: c.id, body: text }, target });
          if (!withheld(c)) await notifyComment(repos, at, target, c.id, { followers: false });
          await retellComment(repos, c, text);
          return { body: text, edited_at: at };
        },
      );
    },

    /** The author takes a comment back: its text goes, a placeholder keeps the thread's replies in place. */
    async remove(actor: Actor, id: string, version: number): Promise<Comment> {
      authorizeAttempt(actor, 'comment.delete');
      return update(
        { actor, id, version, action: 'comment.delete' },
        async ({ repos, at }, c): Promise<CommentChange> => {
          authorize(actor, 'comment.delete', commentSubject(c, actor));
          if (c.deletedAt !== null) return {};
          await repos.comments.forgetHistory(c.id);
          await retellComment(repos, c, null);
          return { body: '', deleted_at: at };
        },
      );
    },
  };
}

export type CommentsUseCases = ReturnType<typeof commentsUseCases>;
