import type { AnyDB } from './columns.js';

const AUTHORED = ['ideas', 'agenda_topics'] as const;

/**
 * People may delete their own account. What they proposed stays for the others who work on it,
 * shown as by a former member rather than by nobody in particular (an import names no proposer);
 * a description they asked to be removed is shown as removed at its author's request. Their
 * comments stay in their threads the same way, as by a former member.
 */
export async function up(db: AnyDB): Promise<void> {
  // When the author deleted their account; null while they have one.
  await db.schema.alterTable('comments').addColumn('author_left_at', 'text').execute();
  for (const table of AUTHORED) {
    // When the proposer deleted their account; null while they have one (or none was known).
    await db.schema.alterTable(table).addColumn('proposer_left_at', 'text').execute();
    // When the description was removed at its author's request; null while it stands.
    await db.schema.alterTable(table).addColumn('text_removed_at', 'text').execute();
  }
}

export async function down(db: AnyDB): Promise<void> {
  for (const table of AUTHORED) {
    await db.schema.alterTable(table).dropColumn('text_removed_at').execute();
    await db.schema.alterTable(table).dropColumn('proposer_left_at').execute();
  }
  await db.schema.alterTable('comments').dropColumn('author_left_at').execute();
}
