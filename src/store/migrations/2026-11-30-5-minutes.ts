import * as col from './columns.js';

export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'minutes', [
    col.id,
    col.belongsTo('series_id', 'meeting_series'),
    col.texts('occurrence', 'body'),
    col.optionalIntegers('attendee_count'),
    col.texts('attendee_names', 'status'),
    col.optionalTexts('published_at', 'overview', 'overview_work'),
    // Someone other than a maintainer named to write this meeting's notes.
    col.refersTo('note_taker_id', 'users'),
    col.tracked,
    col.unique('minutes_series_occurrence_uq', ['series_id', 'occurrence']),
  ]);

  await col.createTable(db, 'decisions', [
    col.id,
    col.belongsTo('series_id', 'meeting_series'),
    col.texts('occurrence', 'text'),
    col.refersTo('idea_id', 'ideas'),
    col.optionalTexts('to_status', 'reason'),
    col.refersTo('created_by', 'users'),
    col.texts('created_at'),
    // final (taken), proposed (objection window open or not yet started) or objected.
    col.texts('state'),
    col.optionalIntegers('objection_hours'),
    col.optionalTexts('objection_deadline', 'final_at'),
  ]);
  await col.createIndex(db, 'decisions_occurrence_idx', 'decisions', ['series_id', 'occurrence']);
  await col.createIndex(db, 'decisions_idea_idx', 'decisions', ['idea_id']);

  await col.createTable(db, 'action_items', [
    col.id,
    col.belongsTo('series_id', 'meeting_series'),
    col.texts('occurrence', 'text', 'assignee'),
    col.optionalTexts('due_date'),
    col.refersTo('idea_id', 'ideas'),
    col.integers('done'),
    col.tracked,
  ]);
  await col.createIndex(db, 'action_items_occurrence_idx', 'action_items', ['series_id', 'occurrence']);

  await col.createTable(db, 'objections', [
    col.id,
    col.belongsTo('decision_id', 'decisions'),
    col.refersTo('user_id', 'users'),
    col.texts('reason', 'created_at'),
    col.unique('objections_decision_user_uq', ['decision_id', 'user_id']),
  ]);

  // A status change decided in a meeting links back to it from the idea's history.
  await db.schema.alterTable('idea_history').addColumn('meeting', 'text').execute();
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('idea_history').dropColumn('meeting').execute();
  await col.dropTables(db, 'action_items', 'objections', 'decisions', 'minutes');
}
