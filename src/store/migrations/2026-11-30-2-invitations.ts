import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current row types
type AnyDB = Kysely<any>;

export async function up(db: AnyDB): Promise<void> {
  await db.schema
    .createTable('calendar_subscribers')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('series_id', 'text', (c) => c.notNull().references('meeting_series.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmation_sent_at', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('calendar_subscribers_series_email_uq', ['series_id', 'email'])
    .execute();
  await db.schema
    .createIndex('calendar_subscribers_series_status_idx')
    .on('calendar_subscribers')
    .columns(['series_id', 'status'])
    .execute();

  // Work to do after a transaction commits (mail now; webhooks and reminders later). Rows are
  // claimed with a lease, so a crashed worker's rows are taken over and each job runs once.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_status_run_after_idx')
    .on('outbox')
    .columns(['status', 'run_after'])
    .execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.dropTable('outbox').execute();
  await db.schema.dropTable('calendar_subscribers').execute();
}
