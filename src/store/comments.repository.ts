import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { CommentTargetType, StoredComment } from '../domain/comment.js';
import { changesRepository } from './changes.repository.js';
import {
  countBy,
  deleteBy,
  insertRow,
  insertUnlessExists,
  listBy,
  newestFirst,
  pageAfter,
  selectWithUserName,
  updateBy,
  versionedTable,
} from './queries.js';
import type { CommentHistoryTable, CommentReportsTable, CommentsTable, DB } from './schema.js';

export type CommentRow = Selectable<CommentsTable> & { author_name: string | null };
export type CommentReportRow = Selectable<CommentReportsTable> & {
  reporter_name: string | null;
  target_type: string;
  target_id: string;
  body: string;
  author_name: string | null;
  author_left_at: string | null;
};

/** Which comments held for review a list includes: all of them (maintainers), or one author's. */
export type WithheldShown = { all: true } | { of: string | null };

/** A comment waiting for review, with what the triage queue shows of it. */
export type HeldCommentRow = CommentRow & { comment_id?: undefined };

export function commentsRepository(db: Kysely<DB>) {
  const rows = versionedTable(db, 'comments');
  const withAuthor = () => selectWithUserName(db, 'comments', 'author_id', 'author_name');
  // The backlog shows how many comments each idea has: its cached pages go with a new one.
  const ideasChanged = (targetType: string) =>
    targetType === 'idea' ? changesRepository(db).bump('ideas') : Promise.resolve();
  return {
    async find(id: string): Promise<CommentRow | undefined> {
      return withAuthor().where('comments.id', '=', id).executeTakeFirst();
    },

    /** A target's comments in the order they were written, a page after the id `after`. */
    page(
      targetType: string,
      targetId: string,
      after: string | null,
      limit: number,
      withheld: WithheldShown,
    ): Promise<CommentRow[]> {
      let query = withAuthor()
        .where('comments.target_type', '=', targetType)
        .where('comments.target_id', '=', targetId);
      if (!('all' in withheld)) {
        const author = withheld.of;
        query = query.where((eb) =>
          author === null
            ? eb('comments.held_at', 'is', null)
            : eb.or([eb('comments.held_at', 'is', null), eb('comments.author_id', '=', author)]),
        );
      }
      return pageAfter(query, 'comments.id', after, limit);
    },

    async insert(row: Selectable<CommentsTable>): Promise<void> {
      await rows.insert(row);
      await ideasChanged(row.target_type);
    },

    /** Writes when the version still matches; false means someone else changed it first. */
    async update(
      current: Pick<CommentRow, 'id' | 'version' | 'target_type'>,
      changes: Partial<Omit<Selectable<CommentsTable>, 'id' | 'version'>>,
    ): Promise<boolean> {
      const done = await rows.update(current.id, current.version, changes);
      if (done) await ideasChanged(current.target_type);
      return done;
    },

    /** Comments everyone may read, per target. */
    async visibleCounts(targetType: string, targetIds: readonly string[]): Promise<Map<string, number>> {
      if (targetIds.length === 0) return new Map();
      const found = await db
        .selectFrom('comments')
        .select(['target_id', sql<number>`count(*)`.as('n')])
        .where('target_type', '=', targetType)
        .where('target_id', 'in', targetIds)
        .where(readableByAll)
        .groupBy('target_id')
        .execute();
      return new Map(found.map((r) => [r.target_id, Number(r.n)]));
    },

    ...historyAndReports(db),
    ...review(db),
  };
}

/** Comments held for review, and what decides whether a member's next post is held. */
function review(db: Kysely<DB>) {
  const withAuthor = () => selectWithUserName(db, 'comments', 'author_id', 'author_name');
  return {
    /** Comments waiting for review (neither rejected nor deleted), oldest first, a page after `after`. */
    held(after: string | null, limit: number): Promise<HeldCommentRow[]> {
      const query = withAuthor()
        .where('comments.held_at', 'is not', null)
        .where('comments.rejected_reason', 'is', null)
        .where('comments.deleted_at', 'is', null);
      return pageAfter(query, 'comments.id', after, limit);
    },

    /** How many of a member's comments and ideas were published, i.e. never held or approved. */
    async publishedPosts(userId: string): Promise<number> {
      const comments = await countBy(db, 'comments', { author_id: userId, held_at: null });
      return comments + (await countBy(db, 'ideas', { proposer_id: userId, held_at: null }));
    },

    /** The author's comments not deleted, newest first. */
    byAuthor(authorId: string, limit: number): Promise<CommentRow[]> {
      const query = withAuthor()
        .where('comments.author_id', '=', authorId)
        .where('comments.deleted_at', 'is', null);
      return newestFirst(query, 'comments.created_at', 'comments.id', limit);
    },
  };
}

/** Earlier texts of edited comments, and members' reports of comments. */
function historyAndReports(db: Kysely<DB>) {
  return {
    async addHistory(row: Selectable<CommentHistoryTable>): Promise<void> {
      await insertRow(db, 'comment_history', row);
    },

    history(commentId: string): Promise<Selectable<CommentHistoryTable>[]> {
      return listBy(db, 'comment_history', { comment_id: commentId }, [
        ['replaced_at', 'desc'],
        ['id', 'desc'],
      ]);
    },

    /** A deleted comment keeps no earlier text either. */
    async forgetHistory(commentId: string): Promise<void> {
      await deleteBy(db, 'comment_history', { comment_id: commentId });
    },

    /** One report per member and comment; false when this member had reported it already. */
    addReport(row: Selectable<CommentReportsTable>): Promise<boolean> {
      return insertUnlessExists(db, 'comment_reports', row, ['comment_id', 'reporter_id']);
    },

    /** Dismisses the open report `reportId` of a comment, or all of them when null; how many. */
    async dismissReports(
      commentId: string,
      reportId: string | null,
      dismissal: Pick<Selectable<CommentReportsTable>, 'dismissed_at' | 'dismissed_by' | 'dismissed_note'>,
    ): Promise<number> {
      const open = { comment_id: commentId, dismissed_at: null };
      return updateBy(db, 'comment_reports', reportId === null ? open : { ...open, id: reportId }, dismissal);
    },

    /** Reports of comments still shown to everyone, oldest first: what maintainers have to look at. */
    openReports(limit: number): Promise<CommentReportRow[]> {
      return db
        .selectFrom('comment_reports')
        .innerJoin('comments', 'comments.id', 'comment_reports.comment_id')
        .leftJoin('users as reporter', 'reporter.id', 'comment_reports.reporter_id')
        .leftJoin('users as author', 'author.id', 'comments.author_id')
        .selectAll('comment_reports')
        .select([
          'comments.target_type',
          'comments.target_id',
          'comments.body',
          'comments.author_left_at',
          'reporter.name as reporter_name',
          'author.name as author_name',
        ])
        .where('comments.deleted_at', 'is', null)
        .where('comments.hidden_at', 'is', null)
        .where('comment_reports.dismissed_at', 'is', null)
        .orderBy('comment_reports.created_at')
        .orderBy('comment_reports.id')
        .limit(limit)
        .execute();
    },
  };
}

/** A comment everyone may read: not deleted, not hidden, not held for review (or rejected there). */
export function readableByAll(eb: ExpressionBuilder<DB, 'comments'>) {
  return eb.and([
    eb('comments.deleted_at', 'is', null),
    eb('comments.hidden_at', 'is', null),
    eb('comments.held_at', 'is', null),
  ]);
}

/** The row as the domain holds it. */
export function toStoredComment(row: CommentRow): StoredComment {
  return {
    id: row.id,
    targetType: row.target_type as CommentTargetType,
    targetId: row.target_id,
    parentId: row.parent_id,
    authorId: row.author_id,
    authorName: row.author_name,
    authorLeft: row.author_left_at !== null,
    body: row.body,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    hiddenAt: row.hidden_at,
    hiddenReason: row.hidden_reason,
    heldAt: row.held_at,
    rejectedReason: row.rejected_reason,
    version: row.version,
  };
}
