import * as col from './columns.js';

export async function up(db: col.AnyDB): Promise<void> {
  await db.schema
    .createTable('agenda_topics')
    .$call(col.id)
    .$call(col.belongsTo('series_id', 'meeting_series'))
    .$call(col.texts('occurrence', 'title', 'description', 'links'))
    .$call(col.integers('minutes'))
    .$call(col.texts('status'))
    .$call(col.integers('position'))
    .$call(col.refersTo('proposer_id', 'users'))
    .$call(col.optionalTexts('carried_from'))
    .$call(col.refersTo('idea_id', 'ideas'))
    .$call(col.texts('notes'))
    .$call(col.tracked)
    .execute();
  await col.createIndex(db, 'agenda_topics_occurrence_idx', 'agenda_topics', ['series_id', 'occurrence']);
  await col.createIndex(db, 'agenda_topics_idea_idx', 'agenda_topics', ['idea_id']);
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.dropTable('agenda_topics').execute();
}
