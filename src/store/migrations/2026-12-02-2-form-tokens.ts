import * as col from './columns.js';

/**
 * One-time tokens of forms that create something. The first submission claims its token; a
 * second one with the same token (a double click, a resent POST) finds it and is sent to what
 * the first made instead of making it again. Kept in the database, so instances sharing it agree.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'form_tokens', [
    // SHA-256 of the token the form carried (hex).
    col.key('token_hash'),
    // 'pending' while the first submission runs, 'done' once it has answered.
    col.texts('state'),
    // Where the first submission sent the browser, if it redirected.
    col.optionalTexts('location'),
    col.texts('created_at'),
  ]);
  // Old tokens are deleted by age.
  await col.createIndex(db, 'form_tokens_created_at_idx', 'form_tokens', ['created_at']);
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.dropTable('form_tokens').execute();
}
