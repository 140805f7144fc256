import * as col from './columns.js';

/**
 * The daily digest. A member may choose `digest` as their mail: once a day, at `digest_hour`
 * on their own clock (their profile's zone, UTC without one), one mail bundles what reached
 * their inbox since the last one. `digest_due` is the instant of the next digest, the one the
 * queued outbox job was made for (a job for another instant is stale: the member changed their
 * hour, zone or choice since); `digest_since` is when they chose the digest: nothing older goes
 * into one.
 *
 * A notification says whether mail settled it: `mailed_at` is set when its own mail is queued,
 * when a digest takes it (`digest_id` names that digest) or passes it over as of a kind the
 * member muted, so no event is mailed twice. A digest is one row per member and due instant
 * (unique), written in the transaction that takes its notifications: a job that runs again
 * finds it and sends nothing more.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await db.schema
    .alterTable('notification_settings')
    .addColumn('digest_hour', 'integer', (c) => c.notNull().defaultTo(8))
    .execute();
  await db.schema.alterTable('notification_settings').addColumn('digest_due', 'text').execute();
  await db.schema.alterTable('notification_settings').addColumn('digest_since', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('mailed_at', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('digest_id', 'text').execute();

  await col.createTable(db, 'notification_digests', [
    col.id,
    col.belongsTo('user_id', 'users'),
    col.texts('due', 'created_at'),
    col.integers('count'),
    col.unique('notification_digests_user_due', ['user_id', 'due']),
  ]);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'notification_digests');
  await db.schema.alterTable('notifications').dropColumn('digest_id').execute();
  await db.schema.alterTable('notifications').dropColumn('mailed_at').execute();
  await db.schema.alterTable('notification_settings').dropColumn('digest_since').execute();
  await db.schema.alterTable('notification_settings').dropColumn('digest_due').execute();
  await db.schema.alterTable('notification_settings').dropColumn('digest_hour').execute();
}
