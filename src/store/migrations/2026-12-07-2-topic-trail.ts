import { sql } from 'kysely';
import type * as col from './columns.js';

/**
 * The meetings a topic was carried over from, oldest first (`agenda_topics.carried_through`, a
 * JSON list of occurrence keys): a topic moves to the next meeting when it was not discussed,
 * and without this only the last meeting it left was known (`carried_from`), so a proposal or
 * idea decided at one meeting and carried on lost that meeting from its page. Topics carried
 * before this knew only that last one, which is all they are given; so are the topics the hub
 * put on an agenda from an earlier meeting, as their "carried over" chip already says.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await db.schema
    .alterTable('agenda_topics')
    .addColumn('carried_through', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db
    .updateTable('agenda_topics')
    .set({ carried_through: sql`'["' || carried_from || '"]'` })
    .where('carried_from', 'is not', null)
    .execute();
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('agenda_topics').dropColumn('carried_through').execute();
}
