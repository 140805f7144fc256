import type { AnyDB } from './columns.js';

/**
 * A maintainer may start a meeting before its time (`minutes.started_at`, the instant they did):
 * from then on its notes, decisions and action items can be written, as from its scheduled start.
 * The minutes row of a meeting started before anything was written holds version 0 (nothing
 * written yet), so the first save of its notes still sends version 0.
 */
export async function up(db: AnyDB): Promise<void> {
  await db.schema.alterTable('minutes').addColumn('started_at', 'text').execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.alterTable('minutes').dropColumn('started_at').execute();
}
