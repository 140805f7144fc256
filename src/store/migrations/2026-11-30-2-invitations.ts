import * as col from './columns.js';

export async function up(db: col.AnyDB): Promise<void> {
  await db.schema
    .createTable('calendar_subscribers')
    .$call(col.id)
    .$call(col.belongsTo('series_id', 'meeting_series'))
    .$call(col.texts('email', 'locale', 'status', 'created_at'))
    .$call(col.optionalTexts('confirmation_sent_at', 'confirmed_at', 'unsubscribed_at'))
    .$call(col.version)
    .addUniqueConstraint('calendar_subscribers_series_email_uq', ['series_id', 'email'])
    .execute();
  await col.createIndex(db, 'calendar_subscribers_series_status_idx', 'calendar_subscribers', [
    'series_id',
    'status',
  ]);

  // Work to do after a transaction commits (mail now; webhooks and reminders later). Rows are
  // claimed with a lease, so a crashed worker's rows are taken over and each job runs once.
  await db.schema
    .createTable('outbox')
    .$call(col.id)
    .$call(col.texts('kind', 'payload', 'status'))
    .$call(col.integers('attempts'))
    .$call(col.texts('run_after'))
    .$call(col.optionalTexts('claimed_by', 'claimed_until', 'last_error'))
    .$call(col.texts('created_at'))
    .$call(col.optionalTexts('done_at'))
    .execute();
  await col.createIndex(db, 'outbox_status_run_after_idx', 'outbox', ['status', 'run_after']);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'outbox', 'calendar_subscribers');
}
