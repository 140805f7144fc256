import * as col from './columns.js';

/**
 * Comments on ideas, agenda topics and decisions, one level of replies deep; the earlier texts
 * of edited ones; and members' reports of a comment, which maintainers read in the triage queue.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'comments', [
    col.id,
    // `idea`, `topic` or `decision`, and its id: one table for the three, so a thread reads alike.
    col.texts('target_type', 'target_id'),
    // Replies name their thread's first comment; that one is never removed, only emptied.
    col.refersTo('parent_id', 'comments'),
    col.refersTo('author_id', 'users'),
    col.texts('body'),
    col.optionalTexts('edited_at', 'deleted_at', 'hidden_at', 'hidden_reason'),
    col.refersTo('hidden_by', 'users'),
    col.tracked,
  ]);
  await col.createIndex(db, 'comments_target_idx', 'comments', ['target_type', 'target_id', 'id']);
  await col.createTable(db, 'comment_history', [
    col.id,
    col.belongsTo('comment_id', 'comments'),
    // The text as it was before an edit, and when the edit replaced it.
    col.texts('body', 'replaced_at'),
  ]);
  await col.createIndex(db, 'comment_history_comment_idx', 'comment_history', ['comment_id']);
  await col.createTable(db, 'comment_reports', [
    col.id,
    col.belongsTo('comment_id', 'comments'),
    col.refersTo('reporter_id', 'users'),
    col.texts('reason', 'created_at'),
    col.unique('comment_reports_comment_reporter_key', ['comment_id', 'reporter_id']),
  ]);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'comment_reports', 'comment_history', 'comments');
}
