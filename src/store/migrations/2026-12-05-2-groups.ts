import * as col from './columns.js';

/**
 * Groups: teams of a community (special interest groups, working groups), each with its leads
 * and members. Ideas, meeting series and boards may belong to one group or to none; when a group
 * goes, what belonged to it stays, ungrouped. SQLite adds a column with a reference only when
 * the column may be NULL, which these are.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'groups', [
    col.id,
    col.uniqueText('slug'),
    col.texts('name', 'description'),
    col.tracked,
  ]);
  await col.createTable(db, 'group_members', [
    col.belongsTo('group_id', 'groups'),
    col.belongsTo('user_id', 'users'),
    col.texts('role', 'created_at'),
    col.primaryKey('group_members_pkey', ['group_id', 'user_id']),
  ]);
  await col.createIndex(db, 'group_members_user_idx', 'group_members', ['user_id']);
  for (const table of GROUPED) {
    await db.schema
      .alterTable(table)
      .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('set null'))
      .execute();
    await col.createIndex(db, `${table}_group_idx`, table, ['group_id']);
  }
}

const GROUPED = ['ideas', 'meeting_series', 'boards'] as const;

export async function down(db: col.AnyDB): Promise<void> {
  for (const table of GROUPED) {
    await db.schema.dropIndex(`${table}_group_idx`).execute();
    await db.schema.alterTable(table).dropColumn('group_id').execute();
  }
  await col.dropTables(db, 'group_members', 'groups');
}
