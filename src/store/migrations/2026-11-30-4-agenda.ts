import * as col from './columns.js';

export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'agenda_topics', [
    col.id,
    col.belongsTo('series_id', 'meeting_series'),
    col.texts('occurrence', 'title', 'description', 'links'),
    col.integers('minutes'),
    col.texts('status'),
    col.integers('position'),
    col.refersTo('proposer_id', 'users'),
    col.optionalTexts('carried_from'),
    col.refersTo('idea_id', 'ideas'),
    col.texts('notes'),
    col.tracked,
  ]);
  await col.createIndex(db, 'agenda_topics_occurrence_idx', 'agenda_topics', ['series_id', 'occurrence']);
  await col.createIndex(db, 'agenda_topics_idea_idx', 'agenda_topics', ['idea_id']);
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.dropTable('agenda_topics').execute();
}
