import type { AnyDB } from './columns.js';

/**
 * Decisions get the optimistic-locking counter every other editable row has, so the API can
 * answer an ETag for one and an objection can say which state of it the objector saw. Rows
 * already stored start at 1, as new ones do.
 */
export async function up(db: AnyDB): Promise<void> {
  await db.schema
    .alterTable('decisions')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.alterTable('decisions').dropColumn('version').execute();
}
