import * as col from './columns.js';

/**
 * Interest and following. Interest is a member's "I want this too" on an idea: one row per
 * member and idea, so saying it twice stays one. A follow is a member keeping an eye on an idea,
 * a meeting series or a board; the thing followed is named by its kind and id (one table for all
 * kinds, so a later kind needs no new table), and the follows of one thing are read by that pair.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'idea_interest', [
    col.belongsTo('idea_id', 'ideas'),
    col.belongsTo('user_id', 'users'),
    col.texts('created_at'),
    col.primaryKey('idea_interest_pkey', ['idea_id', 'user_id']),
  ]);
  await col.createIndex(db, 'idea_interest_user_idx', 'idea_interest', ['user_id']);

  await col.createTable(db, 'follows', [
    col.belongsTo('user_id', 'users'),
    // idea, series or board, and the id of that row.
    col.texts('target_type', 'target_id', 'created_at'),
    col.primaryKey('follows_pkey', ['user_id', 'target_type', 'target_id']),
  ]);
  await col.createIndex(db, 'follows_target_idx', 'follows', ['target_type', 'target_id']);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'follows', 'idea_interest');
}
