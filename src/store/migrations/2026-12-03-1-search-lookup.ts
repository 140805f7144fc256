import { PostgresAdapter, sql } from 'kysely';
import type * as col from './columns.js';

/**
 * PostgreSQL answered a search for a rare word in 25–30 ms where the index itself needs well
 * under one, for two reasons measured at 300 000 documents. GIN's fast update parks new entries
 * in a pending list that every search reads in full until a vacuum merges it (5 000 entries after
 * a rebuild: 6 ms a query); documents are written one item at a time, so each goes into the
 * index at once instead. And the planner cannot tell how many documents a word's prefix finds
 * (it guesses thousands where there are ten), so it started parallel workers for every search
 * (10–15 ms to start them); a lookup through the index is never worth them. SQLite needs neither.
 */
export async function up(db: col.AnyDB): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter index search_documents_words set (fastupdate = off)`.execute(db);
  await sql`select gin_clean_pending_list('search_documents_words'::regclass)`.execute(db);
  await sql`alter table search_documents set (parallel_workers = 0)`.execute(db);
}

export async function down(db: col.AnyDB): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table search_documents reset (parallel_workers)`.execute(db);
  await sql`alter index search_documents_words reset (fastupdate)`.execute(db);
}
