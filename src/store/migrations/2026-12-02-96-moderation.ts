import type { AnyDB } from './columns.js';

/**
 * The first posts of a new member may wait for a maintainer's review (an admin setting): a held
 * comment or idea is shown only to its author and the maintainers until it is approved. And a
 * maintainer may dismiss a report of a comment: it leaves the triage queue but stays on record.
 */
export async function up(db: AnyDB): Promise<void> {
  for (const table of ['comments', 'ideas']) {
    // Since when it waits for review; null once approved (and for every post never held).
    await db.schema.alterTable(table).addColumn('held_at', 'text').execute();
    // Why a maintainer rejected it while held, which its author reads; null unless rejected.
    await db.schema.alterTable(table).addColumn('rejected_reason', 'text').execute();
  }
  // When and by whom a report was dismissed, and their note; null while it waits in the queue.
  await db.schema.alterTable('comment_reports').addColumn('dismissed_at', 'text').execute();
  await db.schema.alterTable('comment_reports').addColumn('dismissed_by', 'text').execute();
  await db.schema.alterTable('comment_reports').addColumn('dismissed_note', 'text').execute();
}

export async function down(db: AnyDB): Promise<void> {
  for (const column of ['dismissed_note', 'dismissed_by', 'dismissed_at'])
    await db.schema.alterTable('comment_reports').dropColumn(column).execute();
  for (const table of ['ideas', 'comments']) {
    await db.schema.alterTable(table).dropColumn('rejected_reason').execute();
    await db.schema.alterTable(table).dropColumn('held_at').execute();
  }
}
