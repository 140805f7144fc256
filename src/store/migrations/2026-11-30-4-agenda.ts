import {
  type AnyDB,
  belongsTo,
  createIndex,
  id,
  integers,
  optionalTexts,
  refersTo,
  texts,
  tracked,
} from './columns.js';

export async function up(db: AnyDB): Promise<void> {
  await db.schema
    .createTable('agenda_topics')
    .$call(id)
    .$call(belongsTo('series_id', 'meeting_series'))
    .$call(texts('occurrence', 'title', 'description', 'links'))
    .$call(integers('minutes'))
    .$call(texts('status'))
    .$call(integers('position'))
    .$call(refersTo('proposer_id', 'users'))
    .$call(optionalTexts('carried_from'))
    .$call(refersTo('idea_id', 'ideas'))
    .$call(texts('notes'))
    .$call(tracked)
    .execute();
  await createIndex(db, 'agenda_topics_occurrence_idx', 'agenda_topics', ['series_id', 'occurrence']);
  await createIndex(db, 'agenda_topics_idea_idx', 'agenda_topics', ['idea_id']);
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.dropTable('agenda_topics').execute();
}
