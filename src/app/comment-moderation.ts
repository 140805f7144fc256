import {
  type Comment,
  type CommentTargetType,
  checkStillShown,
  stateOf,
  validateCommentReason,
} from '../domain/comment.js';
import { type FieldProblem, RuleError, ValidationError } from '../domain/errors.js';
import { authorize, authorizeUser } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { textField } from '../domain/text.js';
import type { CommentReportRow, HeldCommentRow } from '../store/comments.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { retellComment } from './comment-notices.js';
import { changeOf, emitComment, locate, show } from './comment-steps.js';
import { loadTarget } from './comment-targets.js';
import type { AppDeps } from './context.js';
import { type Page, type PageRequest, pageOf } from './paging.js';
import { writer } from './write.js';

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

/** A comment waiting for a maintainer's review, for the triage queue. */
export interface HeldComment {
  id: string;
  authorName: string | null;
  authorLeft: boolean;
  body: string;
  createdAt: string;
  version: number;
  /** What it is about, and where it is shown, with its anchor. */
  targetTitle: string;
  path: string;
}

/** The dismissal of reports: which one (else every open report of the comment), and a note. */
export interface Dismissal {
  reportId?: string | undefined;
  note?: string | null | undefined;
}

/** The anchored path of each row's comment, leaving out rows whose subject is gone. */
async function withPaths<
  R extends { target_type: string; target_id: string; comment_id?: string; id: string },
>(repos: Repositories, actor: Actor, rows: readonly R[]): Promise<{ row: R; path: string; title: string }[]> {
  const targets = new Map<string, { path: string; title: string } | null>();
  const out: { row: R; path: string; title: string }[] = [];
  for (const row of rows) {
    const key = `${row.target_type}:${row.target_id}`;
    if (!targets.has(key)) {
      const type = row.target_type as CommentTargetType;
      targets.set(key, await loadTarget(repos, actor, type, row.target_id).catch(() => null));
    }
    const target = targets.get(key);
    if (target)
      out.push({ row, path: `${target.path}#comment-${row.comment_id ?? row.id}`, title: target.title });
  }
  return out;
}

const toReport = ({ row: r, path }: { row: CommentReportRow; path: string }): CommentReport => ({
  id: r.id,
  commentId: r.comment_id,
  reason: r.reason,
  reporterName: r.reporter_name,
  authorName: r.author_name,
  authorLeft: r.author_left_at !== null,
  body: r.body,
  createdAt: r.created_at,
  path,
});

const toHeld = ({
  row: r,
  path,
  title,
}: {
  row: HeldCommentRow;
  path: string;
  title: string;
}): HeldComment => ({
  id: r.id,
  authorName: r.author_name,
  authorLeft: r.author_left_at !== null,
  body: r.body,
  createdAt: r.created_at,
  version: r.version,
  targetTitle: title,
  path,
});

/** A maintainer's optional note on dismissed reports: at most 1000 characters. */
function dismissalNote(note: unknown): string | null {
  if (note === undefined || note === null || note === '') return null;
  const problems: FieldProblem[] = [];
  const text = textField(note, 'note', 1000, problems, { required: false });
  if (problems.length > 0) throw new ValidationError(problems);
  return text === '' ? null : text;
}

/** What maintainers look at in the triage queue: reported comments and those held for review. */
function moderationReads({ store }: AppDeps) {
  const read = store.read;
  return {
    /** Open reports of comments still shown, oldest first. */
    async openReports(actor: Actor, limit = 100): Promise<CommentReport[]> {
      authorize(actor, 'comment.hide');
      return (await withPaths(read, actor, await read.comments.openReports(limit))).map(toReport);
    },

    /** One comment as a maintainer reviewing it reads it, held or not. */
    async forReview(actor: Actor, id: string): Promise<Comment> {
      authorize(actor, 'post.review');
      return show(actor, (await locate(read, actor, id)).comment);
    },

    /** Comments held for review, oldest first, a page at a time. */
    async heldComments(actor: Actor, page: PageRequest = { limit: 100 }): Promise<Page<HeldComment>> {
      authorize(actor, 'post.review');
      return pageOf(
        page,
        (after, limit) => read.comments.held(after, limit),
        async (rows) => (await withPaths(read, actor, rows)).map(toHeld),
      );
    },
  };
}

/** Hiding comments, and reporting them to those who may. */
function hidingAndReporting(deps: AppDeps) {
  const write = writer(deps);
  const update = changeOf(write);
  return {
    /** A maintainer hides a comment from everyone but its author and the maintainers, saying why. */
    async hide(actor: Actor, id: string, version: number, reason: unknown): Promise<Comment> {
      authorizeUser(actor, 'comment.hide');
      const why = validateCommentReason(reason);
      return update({ actor, id, version, action: 'comment.hide' }, async ({ repos, at }, c) => {
        checkStillShown(c);
        await retellComment(repos, c, null);
        return { hidden_at: at, hidden_reason: why, hidden_by: actor.userId };
      });
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
          dismissed_at: null,
          dismissed_by: null,
          dismissed_note: null,
        });
        if (reported) await step.audit('comment.report', { type: 'comment', id: comment.id }, why);
        return { reported };
      });
    },
  };
}

/** Moderating comments: hiding, reports and their dismissal, reviewing held comments. */
export function commentModeration(deps: AppDeps) {
  const write = writer(deps);
  const update = changeOf(write);
  const review = (
    actor: Actor,
    id: string,
    version: number,
    change: { rejected_reason?: string },
    action: string,
  ) =>
    update({ actor, id, version, action }, async ({ repos, at }, c, target) => {
      if (stateOf(c) !== 'held') throw new RuleError('comment.notHeld');
      if ('rejected_reason' in change) return change;
      // Published only now, so only now do webhooks hear of it.
      await emitComment(repos, at, target, c.id, c.parentId, c.body);
      return { held_at: null };
    });
  return {
    ...moderationReads(deps),
    ...hidingAndReporting(deps),

    /**
     * A maintainer dismisses one open report of a comment, or all of them: they leave the queue
     * and stay on record with the note. Nothing open to dismiss is a 404.
     */
    async dismissReports(actor: Actor, id: string, input: Dismissal): Promise<{ dismissed: number }> {
      authorizeUser(actor, 'comment.hide');
      const note = dismissalNote(input.note);
      return write(actor, async (step) => {
        const { comment } = await locate(step.repos, actor, id);
        const dismissed = await step.repos.comments.dismissReports(comment.id, input.reportId ?? null, {
          dismissed_at: step.at,
          dismissed_by: actor.userId,
          dismissed_note: note,
        });
        if (dismissed === 0) throw new RuleError('comment.noOpenReports');
        await step.audit('comment.dismissReports', { type: 'comment', id: comment.id }, note ?? '');
        return { dismissed };
      });
    },

    /** A maintainer publishes a held comment: everyone reads it from now on. */
    approve: (actor: Actor, id: string, version: number): Promise<Comment> => {
      authorizeUser(actor, 'post.review');
      return review(actor, id, version, {}, 'comment.approve');
    },

    /** A maintainer turns a held comment down, saying why; only its author and maintainers read it. */
    reject: (actor: Actor, id: string, version: number, reason: unknown): Promise<Comment> => {
      authorizeUser(actor, 'post.review');
      const why = validateCommentReason(reason);
      return review(actor, id, version, { rejected_reason: why }, 'comment.reject');
    },
  };
}
