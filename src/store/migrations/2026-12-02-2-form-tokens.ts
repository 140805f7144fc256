import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current row types
type AnyDB = Kysely<any>;

/**
 * One-time tokens of forms that create something. The first submission claims its token; a
 * second one with the same token (a double click, a resent POST) finds it and is sent to what
 * the first made instead of making it again. Kept in the database, so instances sharing it agree.
 */
export async function up(db: AnyDB): Promise<void> {
  await db.schema
    .createTable('form_tokens')
    // SHA-256 of the token the form carried (hex).
    .addColumn('token_hash', 'text', (c) => c.primaryKey().notNull())
    // 'pending' while the first submission runs, 'done' once it has answered.
    .addColumn('state', 'text', (c) => c.notNull())
    // Where the first submission sent the browser, if it redirected.
    .addColumn('location', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Old tokens are deleted by age.
  await db.schema.createIndex('form_tokens_created_at_idx').on('form_tokens').column('created_at').execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.dropTable('form_tokens').execute();
}
