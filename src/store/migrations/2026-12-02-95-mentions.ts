import { freeHandle, handleFromName } from '../../domain/handle.js';
import * as col from './columns.js';

/**
 * Mentions. Every member gets a handle, what `@handle` in a comment names: made from the display
 * name (numbered where two names give the same), lower-case, and unique. SQLite cannot add a
 * required or unique column to a table that has rows, so the column may be NULL to the database
 * and a unique index keeps two accounts from sharing one; the application always sets it.
 *
 * A mention row says that a comment named a member (with the handle as it was written), once per
 * comment and member: what the member's inbox will read, newest first.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('users').addColumn('handle', 'text').execute();
  const users: { id: string; name: string }[] = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const taken = new Set<string>();
  for (const user of users) {
    const handle = await freeHandle(handleFromName(user.name), async (h) => taken.has(h));
    taken.add(handle);
    await db.updateTable('users').set({ handle }).where('id', '=', user.id).execute();
  }
  await db.schema.createIndex('users_handle_key').on('users').column('handle').unique().execute();

  await col.createTable(db, 'mentions', [
    col.belongsTo('comment_id', 'comments'),
    col.belongsTo('user_id', 'users'),
    col.texts('handle', 'created_at'),
    col.primaryKey('mentions_pkey', ['comment_id', 'user_id']),
  ]);
  await col.createIndex(db, 'mentions_user_idx', 'mentions', ['user_id', 'created_at']);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'mentions');
  await db.schema.dropIndex('users_handle_key').execute();
  await db.schema.alterTable('users').dropColumn('handle').execute();
}
