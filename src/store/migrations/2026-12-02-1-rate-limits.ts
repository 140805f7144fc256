import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current row types
type AnyDB = Kysely<any>;

/**
 * One counter per limited key (a client, an address, a pair of both) and window, shared by every
 * instance on the database. It replaces the sign-in attempt log, which only sign-in used: every
 * limit now counts here (see src/app/limits.ts).
 */
export async function up(db: AnyDB): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('resets_at', 'text', (c) => c.notNull())
    .execute();
  // Expired counters are swept by this column.
  await db.schema.createIndex('rate_limits_resets_at_idx').on('rate_limits').column('resets_at').execute();
  await db.schema.dropTable('login_attempts').execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_attempts_key_at_idx')
    .on('login_attempts')
    .columns(['key', 'at'])
    .execute();
  await db.schema.dropTable('rate_limits').execute();
}
