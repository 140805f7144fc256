import { type FieldProblem, RuleError, ValidationError } from './errors.js';
import { textField } from './text.js';

/** What a comment may be about. */
export const COMMENT_TARGETS = ['idea', 'topic', 'decision', 'proposal'] as const;
export type CommentTargetType = (typeof COMMENT_TARGETS)[number];

export const COMMENT_LIMITS = { body: 10_000, reason: 1000 } as const;

/**
 * How a comment stands: shown, emptied by its author, hidden by a maintainer, waiting for a
 * maintainer's review (a new member's first posts, when an admin holds them), or rejected then.
 */
export type CommentState = 'visible' | 'deleted' | 'hidden' | 'held' | 'rejected';

/** A comment as stored, before it is shown to anyone. */
export interface StoredComment {
  id: string;
  targetType: CommentTargetType;
  targetId: string;
  parentId: string | null;
  authorId: string | null;
  authorName: string | null;
  /** The author deleted their account: shown as a former member. */
  authorLeft: boolean;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  hiddenAt: string | null;
  hiddenReason: string | null;
  /** Since when it waits for review; null once approved, or never held. */
  heldAt: string | null;
  rejectedReason: string | null;
  version: number;
}

/** A member a comment's text names by `@handle` (as written), linked to their page. */
export interface Mention {
  handle: string;
  id: string;
  name: string;
}

/** A comment as one reader sees it: the text only where they may read it. */
export interface Comment
  extends Pick<
    StoredComment,
    | 'id'
    | 'targetType'
    | 'targetId'
    | 'parentId'
    | 'authorId'
    | 'authorName'
    | 'authorLeft'
    | 'createdAt'
    | 'editedAt'
    | 'version'
  > {
  state: CommentState;
  /** Null for a deleted comment, and for a hidden one to whoever is neither its author nor a maintainer. */
  body: string | null;
  /** Why a maintainer hid it, to those who may read it. */
  hiddenReason: string | null;
  /** Whom the text mentions, to those who may read the text (else none). */
  mentions: Mention[];
  /** Why a maintainer rejected it in review, to its author and maintainers. */
  rejectedReason: string | null;
}

export function stateOf(
  c: Pick<StoredComment, 'deletedAt' | 'hiddenAt'> &
    Partial<Pick<StoredComment, 'heldAt' | 'rejectedReason'>>,
): CommentState {
  if (c.deletedAt !== null) return 'deleted';
  if (c.heldAt) return c.rejectedReason ? 'rejected' : 'held';
  return c.hiddenAt !== null ? 'hidden' : 'visible';
}

/** Held or rejected in review: shown to its author and the maintainers only, to others not at all. */
export const withheld = (c: Pick<StoredComment, 'heldAt' | 'deletedAt'>): boolean =>
  c.heldAt !== null && c.deletedAt === null;

/** The comment as a reader sees it; `mayReadHidden` when they wrote it or moderate. */
export function shownComment(c: StoredComment, mayReadHidden: boolean): Comment {
  const state = stateOf(c);
  const readable = state === 'visible' || (state !== 'deleted' && mayReadHidden);
  return {
    id: c.id,
    targetType: c.targetType,
    targetId: c.targetId,
    parentId: c.parentId,
    authorId: c.authorId,
    authorName: c.authorName,
    authorLeft: c.authorLeft,
    state,
    body: readable ? c.body : null,
    hiddenReason: state === 'hidden' && mayReadHidden ? c.hiddenReason : null,
    rejectedReason: state === 'rejected' && mayReadHidden ? c.rejectedReason : null,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    version: c.version,
    mentions: [],
  };
}

/** A comment's text: 1 to 10 000 characters once trimmed. */
export function validateCommentBody(body: unknown): string {
  const problems: FieldProblem[] = [];
  const text = textField(body, 'body', COMMENT_LIMITS.body, problems, { required: true });
  if (problems.length > 0) throw new ValidationError(problems);
  return text;
}

/** Why a comment is hidden or reported: a short required text. */
export function validateCommentReason(reason: unknown): string {
  const problems: FieldProblem[] = [];
  const text = textField(reason, 'reason', COMMENT_LIMITS.reason, problems, { required: true });
  if (problems.length > 0) throw new ValidationError(problems);
  return text;
}

/**
 * Threads are one level deep, and a reply keeps to a thread someone can still read: a reply to
 * a reply, or to a deleted or hidden comment, is refused.
 */
export function checkReplyTo(parent: StoredComment, target: { type: string; id: string }): void {
  if (parent.targetType !== target.type || parent.targetId !== target.id)
    throw new ValidationError([{ field: 'parentId', key: 'comment.parentElsewhere' }]);
  if (parent.parentId !== null) throw new RuleError('comment.replyToReply');
  if (stateOf(parent) !== 'visible') throw new RuleError('comment.replyToGone');
}

/** Only a comment still shown may be edited, hidden or replied to. */
export function checkStillShown(c: StoredComment): void {
  if (stateOf(c) !== 'visible') throw new RuleError('comment.gone');
}
