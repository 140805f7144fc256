import type * as col from './columns.js';

/**
 * A series may meet on a weekday counted from another one of the month, "the Wednesday after
 * the fourth Tuesday" (`week_rule` 'monthlyAfter'): `month_ordinal` holds which one is counted
 * (1 to 4) and `after_weekday` its ISO weekday (1 = Monday); NULL for every other rule.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('meeting_series').addColumn('after_weekday', 'integer').execute();
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('meeting_series').dropColumn('after_weekday').execute();
}
