import * as col from './columns.js';

export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'meeting_series', [
    col.id,
    col.uniqueText('slug'),
    col.texts('title', 'purpose'),
    col.integers('weekday'),
    col.texts('start_time'),
    col.integers('duration_minutes'),
    col.texts('time_zone', 'week_rule'),
    col.optionalIntegers('interval_weeks'),
    col.texts('start_date'),
    col.optionalTexts('end_date'),
    col.texts('platform'),
    col.optionalTexts('join_url'),
    col.texts('languages'),
    col.integers('recorded'),
    col.texts('invitation_info', 'contribute_note'),
    col.integers('sequence'),
    col.version,
    col.timestamps,
  ]);

  await col.createTable(db, 'occurrence_changes', [
    col.id,
    col.belongsTo('series_id', 'meeting_series'),
    col.texts('date', 'kind'),
    col.optionalTexts('reason', 'moved_to_date', 'start_time'),
    col.optionalIntegers('duration_minutes'),
    col.integers('sequence'),
    col.version,
    col.timestamps,
    col.unique('occurrence_changes_series_date_uq', ['series_id', 'date']),
  ]);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'occurrence_changes', 'meeting_series');
}
