import { PostgresAdapter, sql } from 'kysely';
import * as col from './columns.js';

/**
 * Hub-wide search: one document per idea, comment, agenda topic, minutes, decision and board
 * card (the item's id, its kind, title, text, and the text with German letters written out,
 * ä → ae, so "ueberwachung" finds "Überwachung"), indexed by each engine's own full-text index:
 * an FTS5 table on SQLite (unicode61 with diacritics removed), a GIN index over a tsvector of an
 * unaccent-aware configuration on PostgreSQL. Who may read a hit is decided when searching,
 * from the items themselves; the documents only say what matches.
 */
export async function up(db: col.AnyDB): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await col.createTable(db, 'search_documents', [col.id, col.texts('kind', 'title', 'body', 'alt')]);
  if (postgres) {
    // unaccent is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    await sql`create extension if not exists unaccent`.execute(db);
    await sql`create text search configuration plenum_search (copy = simple)`.execute(db);
    await sql`alter text search configuration plenum_search
      alter mapping for word, hword, hword_part, numword, numhword, hword_numpart
      with unaccent, simple`.execute(db);
    await sql`create index search_documents_words on search_documents using gin ((
      setweight(to_tsvector('plenum_search'::regconfig, title), 'A') ||
      to_tsvector('plenum_search'::regconfig, body || ' ' || alt)))`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(
      title, body, alt, content = 'search_documents', content_rowid = 'rowid',
      tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
    // The FTS table holds no text of its own; these keep it in step with its documents.
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts (rowid, title, body, alt) values (new.rowid, new.title, new.body, new.alt);
    end`.execute(db);
    await sql`create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts (search_fts, rowid, title, body, alt)
        values ('delete', old.rowid, old.title, old.body, old.alt);
    end`.execute(db);
    await sql`create trigger search_documents_au after update on search_documents begin
      insert into search_fts (search_fts, rowid, title, body, alt)
        values ('delete', old.rowid, old.title, old.body, old.alt);
      insert into search_fts (rowid, title, body, alt) values (new.rowid, new.title, new.body, new.alt);
    end`.execute(db);
  }
  await backfill(db);
}

/** Documents for what the hub holds already, as the items were when this migration ran. */
async function backfill(db: col.AnyDB): Promise<void> {
  const sources = [
    sql`select id, 'idea' as kind, title, description as body from ideas`,
    sql`select id, 'topic' as kind, title, description || ' ' || notes as body from agenda_topics`,
    sql`select id, 'minutes' as kind, '' as title, body from minutes`,
    sql`select id, 'decision' as kind, '' as title, text || ' ' || coalesce(reason, '') as body from decisions`,
    sql`select id, 'card' as kind, title, body from board_items`,
    sql`select id, 'comment' as kind, '' as title, body from comments where deleted_at is null and body <> ''`,
  ];
  for (const source of sources) {
    await sql`insert into search_documents (id, kind, title, body, alt)
      select id, kind, title, body, '' from (${source}) as s`.execute(db);
  }
  const german = await sql<{ id: string; title: string; body: string }>`
    select id, title, body from search_documents
    where title || body like '%ä%' or title || body like '%ö%' or title || body like '%ü%'
      or title || body like '%ß%' or title || body like '%Ä%' or title || body like '%Ö%'
      or title || body like '%Ü%'`.execute(db);
  const spelled: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };
  for (const row of german.rows) {
    const alt = `${row.title}\n${row.body}`.replace(/[äöüßÄÖÜ]/gu, (c) => spelled[c.toLowerCase()] ?? c);
    await sql`update search_documents set alt = ${alt} where id = ${row.id}`.execute(db);
  }
}

export async function down(db: col.AnyDB): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!postgres) await sql`drop table search_fts`.execute(db);
  await col.dropTables(db, 'search_documents');
  if (postgres) await sql`drop text search configuration plenum_search`.execute(db);
}
