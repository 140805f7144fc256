import { sql } from 'kysely';
import type * as col from './columns.js';

/**
 * Enhancement proposals become searchable: the proposals there are before this take their
 * documents now (by number, title and text); later writes index themselves.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await sql`insert into search_documents (id, kind, title, body, alt)
    select id, 'proposal', cast(number as text) || '. ' || title, text, '' from proposals`.execute(db);
}

export async function down(db: col.AnyDB): Promise<void> {
  await sql`delete from search_documents where kind = 'proposal'`.execute(db);
}
