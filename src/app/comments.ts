import {
  type Comment,
  type CommentTargetType,
  checkReplyTo,
  checkStillShown,
  type StoredComment,
  shownComment,
  validateCommentBody,
  validateCommentReason,
} from '../domain/comment.js';
import { NotFoundError } from '../domain/errors.js';
import {
  type Acting,
  authorize,
  authorizeAttempt,
  authorizeUser,
  can,
  commentSubject,
} from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { toStoredComment } from '../store/comments.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { afterComment, COMMENT_HOOKS, type CommentHook } from './comment-hooks.js';
import { type CommentTarget, loadTarget } from './comment-targets.js';
import type { AppDeps } from './context.js';
import type { LimitsUseCases } from './limits.js';
import { liveChannel } from './live-channels.js';
import { type Page, type PageRequest, pageOf } from './paging.js';
import { emit } from './webhook-emit.js';
import { checkVersion, type Writer, type WriteStep, writer } from './write.js';

/** A thread shown on one page holds at most this many comments (the API pages through more). */
export const THREAD_PAGE = 500;

export interface NewComment {
  body: string;
  /** The thread's first comment, for a reply. */
  parentId?: string | null | undefined;
}

export interface CommentReport {
  id: string;
  commentId: string;
  reason: string;
  reporterName: string | null;
  authorName: string | null;
  /** The author deleted their account. */
  authorLeft: boolean;
  body: string;
  createdAt: string;
  /** Where the comment is shown, with its anchor. */
  path: string;
}

async function loadComment(repos: Repositories, id: string): Promise<StoredComment> {
  const row = await repos.comments.find(id);
  if (!row) throw new NotFoundError('comment', id);
  return toStoredComment(row);
}

/** The comment `id` and what it is about, for a reader who may read that (else NotFoundError). */
async function locate(repos: Repositories, actor: Acting, id: string) {
  const comment = await loadComment(repos, id);
  return { comment, target: await loadTarget(repos, actor, comment.targetType, comment.targetId) };
}

/** The comment as `actor` may read it: a hidden one's text to its author and maintainers only. */
export const show = (actor: Acting, c: StoredComment): Comment =>
  shownComment(c, can(actor, 'comment.readHidden', commentSubject(c, actor)));

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
        (after, limit) => read.comments.page(target.type, target.id, after, limit),
        (rows) => rows.map((r) => show(actor, toStoredComment(r))),
      );
    },

    /** The comments a page shows under what they are about. */
    async thread(actor: Actor, target: CommentTarget): Promise<Comment[]> {
      const rows = await read.comments.page(target.type, target.id, null, THREAD_PAGE);
      return rows.map((r) => show(actor, toStoredComment(r)));
    },

    /** One comment with what it is about. */
    async get(actor: Actor, id: string): Promise<{ comment: Comment; target: CommentTarget }> {
      const { comment, target } = await locate(read, actor, id);
      return { comment: show(actor, comment), target };
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

    /** Reported comments still shown, for the triage queue. */
    async openReports(actor: Actor, limit = 100): Promise<CommentReport[]> {
      authorize(actor, 'comment.hide');
      const rows = await read.comments.openReports(limit);
      const paths = new Map<string, string>();
      const reports: CommentReport[] = [];
      for (const r of rows) {
        const key = `${r.target_type}:${r.target_id}`;
        if (!paths.has(key)) {
          const target = await loadTarget(read, actor, r.target_type as CommentTargetType, r.target_id).catch(
            () => null,
          );
          paths.set(key, target?.path ?? '');
        }
        const path = paths.get(key) ?? '';
        if (path === '') continue;
        reports.push({
          id: r.id,
          commentId: r.comment_id,
          reason: r.reason,
          reporterName: r.reporter_name,
          authorName: r.author_name,
          authorLeft: r.author_left_at !== null,
          body: r.body,
          createdAt: r.created_at,
          path: `${path}#comment-${r.comment_id}`,
        });
      }
      return reports;
    },
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
    created_at: at,
    updated_at: at,
    version: 1,
  };
}

/** The columns a change to a comment writes. */
type CommentChange = Partial<
  Record<'body' | 'edited_at' | 'deleted_at' | 'hidden_at' | 'hidden_reason' | 'hidden_by', string>
>;

/** After a change to a comment: its audit entry, and the pages showing its thread fetch themselves. */
async function changed(step: WriteStep, c: StoredComment, action: string, summary: string) {
  await step.audit(action, { type: 'comment', id: c.id }, summary);
  await step.announce(liveChannel.comments(c.targetType, c.targetId));
}

/** Tells webhooks of a new comment, linked to its place in the thread. */
async function emitComment(
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
        if (input.parentId) checkReplyTo(await loadComment(repos, input.parentId), target);
        const id = newId();
        await repos.comments.insert(
          newCommentRow(id, target, input.parentId ?? null, actor.userId, body, at),
        );
        const comment = await loadComment(repos, id);
        await changed(step, comment, 'comment.create', target.title);
        await afterComment(hooks, { repos, at, actor, comment, target });
        await emitComment(repos, at, target, id, input.parentId ?? null, body);
        return show(actor, comment);
      });
    },

    /** The author changes the text; the text before is kept in its history. */
    async edit(actor: Actor, id: string, version: number, body: unknown): Promise<Comment> {
      authorizeAttempt(actor, 'comment.edit');
      const text = validateCommentBody(body);
      return update(
        actor,
        id,
        version,
        async ({ repos, at }, c): Promise<CommentChange> => {
          authorize(actor, 'comment.edit', commentSubject(c, actor));
          checkStillShown(c);
          if (c.body !== text)
            await repos.comments.addHistory({ id: newId(), comment_id: c.id, body: c.body, replaced_at: at });
          return c.body === text ? {} : { body: text, edited_at: at };
        },
        'comment.edit',
      );
    },

    /** The author takes a comment back: its text goes, a placeholder keeps the thread's replies in place. */
    async remove(actor: Actor, id: string, version: number): Promise<Comment> {
      authorizeAttempt(actor, 'comment.delete');
      return update(
        actor,
        id,
        version,
        async ({ repos, at }, c): Promise<CommentChange> => {
          authorize(actor, 'comment.delete', commentSubject(c, actor));
          if (c.deletedAt !== null) return {};
          await repos.comments.forgetHistory(c.id);
          return { body: '', deleted_at: at };
        },
        'comment.delete',
      );
    },
  };
}

/** Hiding comments and reporting them to those who may. */
function commentModeration(deps: AppDeps) {
  const write = writer(deps);
  const update = changeOf(write);
  return {
    /** A maintainer hides a comment from everyone but its author and the maintainers, saying why. */
    async hide(actor: Actor, id: string, version: number, reason: unknown): Promise<Comment> {
      authorizeUser(actor, 'comment.hide');
      const why = validateCommentReason(reason);
      return update(
        actor,
        id,
        version,
        async ({ at }, c) => {
          checkStillShown(c);
          return { hidden_at: at, hidden_reason: why, hidden_by: actor.userId };
        },
        'comment.hide',
      );
    },

    /** A member asks the maintainers to look at a comment; once per member and comment. */
    async report(actor: Actor, id: string, reason: unknown): Promise<{ reported: boolean }> {
      authorizeUser(actor, 'comment.report');
      const why = validateCommentReason(reason);
      return write(actor, async (step) => {
        const { comment } = await locate(step.repos, actor, id);
        checkStillShown(comment);
        const reported = await step.repos.comments.addReport({
          id: newId(),
          comment_id: comment.id,
          reporter_id: actor.userId,
          reason: why,
          created_at: step.at,
        });
        if (reported) await step.audit('comment.report', { type: 'comment', id: comment.id }, why);
        return { reported };
      });
    },
  };
}

/** A change to a comment by the version the writer read, answered with the comment as the writer sees it. */
function changeOf(write: Writer) {
  return (
    actor: Actor,
    id: string,
    version: number,
    change: (step: WriteStep, c: StoredComment) => Promise<CommentChange>,
    action: string,
  ) =>
    write(actor, async (step) => {
      const { comment } = await locate(step.repos, actor, id);
      const row = await change(step, comment);
      await checkVersion(comment, version, () =>
        step.repos.comments.update(
          { id, version: comment.version, target_type: comment.targetType },
          {
            ...row,
            updated_at: step.at,
          },
        ),
      );
      await changed(step, comment, action, comment.id);
      return show(actor, await loadComment(step.repos, id));
    });
}

export type CommentsUseCases = ReturnType<typeof commentsUseCases>;
