import type { AnyDB } from './columns.js';

/**
 * A series may meet on the Nth weekday of every month (`week_rule` 'monthly'): `month_ordinal`
 * holds which one, 1 to 5 or -1 for the last, and is NULL for every other rule. Existing series
 * keep their weekly rules.
 */
export async function up(db: AnyDB): Promise<void> {
  await db.schema.alterTable('meeting_series').addColumn('month_ordinal', 'integer').execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.alterTable('meeting_series').dropColumn('month_ordinal').execute();
}
