import * as col from './columns.js';

export async function up(db: col.AnyDB): Promise<void> {
  await db.schema
    .createTable('minutes')
    .$call(col.id)
    .$call(col.belongsTo('series_id', 'meeting_series'))
    .$call(col.texts('occurrence', 'body'))
    .$call(col.optionalIntegers('attendee_count'))
    .$call(col.texts('attendee_names', 'status'))
    .$call(col.optionalTexts('published_at', 'overview', 'overview_work'))
    // Someone other than a maintainer named to write this meeting's notes.
    .$call(col.refersTo('note_taker_id', 'users'))
    .$call(col.tracked)
    .addUniqueConstraint('minutes_series_occurrence_uq', ['series_id', 'occurrence'])
    .execute();

  await db.schema
    .createTable('decisions')
    .$call(col.id)
    .$call(col.belongsTo('series_id', 'meeting_series'))
    .$call(col.texts('occurrence', 'text'))
    .$call(col.refersTo('idea_id', 'ideas'))
    .$call(col.optionalTexts('to_status', 'reason'))
    .$call(col.refersTo('created_by', 'users'))
    .$call(col.texts('created_at'))
    // final (taken), proposed (objection window open or not yet started) or objected.
    .$call(col.texts('state'))
    .$call(col.optionalIntegers('objection_hours'))
    .$call(col.optionalTexts('objection_deadline', 'final_at'))
    .execute();
  await col.createIndex(db, 'decisions_occurrence_idx', 'decisions', ['series_id', 'occurrence']);
  await col.createIndex(db, 'decisions_idea_idx', 'decisions', ['idea_id']);

  await db.schema
    .createTable('action_items')
    .$call(col.id)
    .$call(col.belongsTo('series_id', 'meeting_series'))
    .$call(col.texts('occurrence', 'text', 'assignee'))
    .$call(col.optionalTexts('due_date'))
    .$call(col.refersTo('idea_id', 'ideas'))
    .$call(col.integers('done'))
    .$call(col.tracked)
    .execute();
  await col.createIndex(db, 'action_items_occurrence_idx', 'action_items', ['series_id', 'occurrence']);

  await db.schema
    .createTable('objections')
    .$call(col.id)
    .$call(col.belongsTo('decision_id', 'decisions'))
    .$call(col.refersTo('user_id', 'users'))
    .$call(col.texts('reason', 'created_at'))
    .addUniqueConstraint('objections_decision_user_uq', ['decision_id', 'user_id'])
    .execute();

  // A status change decided in a meeting links back to it from the idea's history.
  await db.schema.alterTable('idea_history').addColumn('meeting', 'text').execute();
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('idea_history').dropColumn('meeting').execute();
  await col.dropTables(db, 'action_items', 'objections', 'decisions', 'minutes');
}
