import * as col from './columns.js';

export async function up(db: col.AnyDB): Promise<void> {
  await db.schema
    .createTable('meeting_series')
    .$call(col.id)
    .$call(col.uniqueText('slug'))
    .$call(col.texts('title', 'purpose'))
    .$call(col.integers('weekday'))
    .$call(col.texts('start_time'))
    .$call(col.integers('duration_minutes'))
    .$call(col.texts('time_zone', 'week_rule'))
    .$call(col.optionalIntegers('interval_weeks'))
    .$call(col.texts('start_date'))
    .$call(col.optionalTexts('end_date'))
    .$call(col.texts('platform'))
    .$call(col.optionalTexts('join_url'))
    .$call(col.texts('languages'))
    .$call(col.integers('recorded'))
    .$call(col.texts('invitation_info', 'contribute_note'))
    .$call(col.integers('sequence'))
    .$call(col.version)
    .$call(col.timestamps)
    .execute();

  await db.schema
    .createTable('occurrence_changes')
    .$call(col.id)
    .$call(col.belongsTo('series_id', 'meeting_series'))
    .$call(col.texts('date', 'kind'))
    .$call(col.optionalTexts('reason', 'moved_to_date', 'start_time'))
    .$call(col.optionalIntegers('duration_minutes'))
    .$call(col.integers('sequence'))
    .$call(col.version)
    .$call(col.timestamps)
    .addUniqueConstraint('occurrence_changes_series_date_uq', ['series_id', 'date'])
    .execute();
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'occurrence_changes', 'meeting_series');
}
