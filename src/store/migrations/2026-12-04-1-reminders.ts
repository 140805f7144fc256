import * as col from './columns.js';

/**
 * Meeting reminders. A series says whether its followers and invitation subscribers are
 * reminded 24 hours (`remind_24h`, with the agenda) and 15 minutes (`remind_15m`) before each
 * meeting; both on, for existing series too.
 *
 * An outbox job may carry a `unique_key`: a job queued twice under one key is one row, so two
 * instances sweeping for due reminders at once, or one sweeping twice, queue each reminder once.
 * Jobs without a key (NULL) are as many as queued.
 *
 * `meeting_reminders` holds one row per occurrence and reminder sent (its original date as the
 * occurrence's name): the agenda of a meeting a maintainer marked ready early is not sent again
 * 24 hours before, whatever the outbox holds.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await db.schema
    .alterTable('meeting_series')
    .addColumn('remind_24h', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('meeting_series')
    .addColumn('remind_15m', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('outbox').addColumn('unique_key', 'text').execute();
  await db.schema.createIndex('outbox_unique_key').unique().on('outbox').column('unique_key').execute();
  await col.createTable(db, 'meeting_reminders', [
    col.belongsTo('series_id', 'meeting_series'),
    col.texts('occurrence', 'kind', 'sent_at'),
    col.primaryKey('meeting_reminders_pk', ['series_id', 'occurrence', 'kind']),
  ]);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'meeting_reminders');
  await db.schema.dropIndex('outbox_unique_key').execute();
  await db.schema.alterTable('outbox').dropColumn('unique_key').execute();
  await db.schema.alterTable('meeting_series').dropColumn('remind_15m').execute();
  await db.schema.alterTable('meeting_series').dropColumn('remind_24h').execute();
}
