import * as col from './columns.js';

/**
 * Interest milestones an idea has reached (5, 10, 25 … members interested): one row each, so a
 * milestone is told of once, however often interest drops below it and rises again. And the
 * Matrix client-server target of a chat endpoint: the room it posts to and the access token it
 * posts with (a secret like a webhook's; '' for every other endpoint).
 */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'idea_interest_milestones', [
    col.belongsTo('idea_id', 'ideas'),
    col.integers('milestone'),
    col.texts('reached_at'),
    col.primaryKey('idea_interest_milestones_pkey', ['idea_id', 'milestone']),
  ]);
  await db.schema.alterTable('webhook_endpoints').addColumn('matrix_room', 'text').execute();
  await db.schema
    .alterTable('webhook_endpoints')
    .addColumn('access_token', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').dropColumn('access_token').execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('matrix_room').execute();
  await col.dropTables(db, 'idea_interest_milestones');
}
