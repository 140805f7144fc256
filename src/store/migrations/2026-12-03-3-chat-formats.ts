import type { AnyDB } from './columns.js';

/**
 * A webhook endpoint may be a chat channel: `format` says what it is sent (`standard`, the
 * signed JSON every endpoint got so far, or slack, mattermost, teams, discord, matrix), and
 * `locale` the language of its chat posts. Existing endpoints stay as they were.
 */
export async function up(db: AnyDB): Promise<void> {
  await db.schema
    .alterTable('webhook_endpoints')
    .addColumn('format', 'text', (c) => c.notNull().defaultTo('standard'))
    .execute();
  await db.schema
    .alterTable('webhook_endpoints')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').dropColumn('locale').execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('format').execute();
}
