import * as col from './columns.js';

export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'calendar_subscribers', [
    col.id,
    col.belongsTo('series_id', 'meeting_series'),
    col.texts('email', 'locale', 'status', 'created_at'),
    col.optionalTexts('confirmation_sent_at', 'confirmed_at', 'unsubscribed_at'),
    col.version,
    col.unique('calendar_subscribers_series_email_uq', ['series_id', 'email']),
  ]);
  await col.createIndex(db, 'calendar_subscribers_series_status_idx', 'calendar_subscribers', [
    'series_id',
    'status',
  ]);

  // Work to do after a transaction commits (mail now; webhooks and reminders later). Rows are
  // claimed with a lease, so a crashed worker's rows are taken over and each job runs once.
  await col.createTable(db, 'outbox', [
    col.id,
    col.texts('kind', 'payload', 'status'),
    col.integers('attempts'),
    col.texts('run_after'),
    col.optionalTexts('claimed_by', 'claimed_until', 'last_error'),
    col.texts('created_at'),
    col.optionalTexts('done_at'),
  ]);
  await col.createIndex(db, 'outbox_status_run_after_idx', 'outbox', ['status', 'run_after']);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'outbox', 'calendar_subscribers');
}
