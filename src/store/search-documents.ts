import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { type SearchKind, spelledOutForm } from '../domain/search.js';
import type { DB } from './schema.js';

/**
 * The search index's documents, one per searchable item, written in the transaction that
 * writes the item. The shared write helpers of queries.ts (insertRow, insertRows,
 * updateVersioned) call `indexRows` after every write to a table listed here, so no repository
 * or use-case has to remember it; the few writes that bypass them call it themselves.
 */

interface Document {
  id: string;
  kind: SearchKind;
  title: string;
  body: string;
}

/** Longest text a document keeps: beyond it, a comment or minutes is not searched further. */
const MAX_BODY = 100_000;

/** Rows a query reads (and documents a statement writes) at once. */
const BATCH = 500;

type Source = (db: Kysely<DB>, ids: readonly string[] | null) => Promise<Document[]>;

/** How each indexed table's rows read as documents; `ids` null reads them all. */
const SOURCES: Partial<Record<keyof DB, Source>> = {
  ideas: async (db, ids) =>
    documents(
      'idea',
      await some(db.selectFrom('ideas').select(['id', 'title', 'description']), ids),
      (r) => ({ title: r.title, body: r.description }),
    ),
  agenda_topics: async (db, ids) =>
    documents(
      'topic',
      await some(db.selectFrom('agenda_topics').select(['id', 'title', 'description', 'notes']), ids),
      (r) => ({ title: r.title, body: `${r.description} ${r.notes}` }),
    ),
  minutes: async (db, ids) =>
    documents('minutes', await some(db.selectFrom('minutes').select(['id', 'body']), ids), (r) => ({
      title: '',
      body: r.body,
    })),
  decisions: async (db, ids) =>
    documents(
      'decision',
      await some(db.selectFrom('decisions').select(['id', 'text', 'reason']), ids),
      (r) => ({ title: '', body: `${r.text} ${r.reason ?? ''}` }),
    ),
  // A proposal is found by its number too, as people name it ("proposal 12").
  proposals: async (db, ids) =>
    documents(
      'proposal',
      await some(db.selectFrom('proposals').select(['id', 'number', 'title', 'text']), ids),
      (r) => ({ title: `${r.number}. ${r.title}`, body: r.text }),
    ),
  board_items: async (db, ids) =>
    documents('card', await some(db.selectFrom('board_items').select(['id', 'title', 'body']), ids), (r) => ({
      title: r.title,
      body: r.body,
    })),
  // A deleted comment has no text left to find; a hidden one is found by those who may read it.
  comments: async (db, ids) =>
    documents(
      'comment',
      (await some(db.selectFrom('comments').select(['id', 'body', 'deleted_at']), ids)).filter(
        (r) => r.deleted_at === null && r.body !== '',
      ),
      (r) => ({ title: '', body: r.body }),
    ),
};

/** The documents of `kind` of these rows, with the title and body `text` reads from each. */
function documents<R extends { id: string }>(
  kind: SearchKind,
  rows: readonly R[],
  text: (row: R) => { title: string; body: string },
): Document[] {
  return rows.map((r) => ({ id: r.id, kind, ...text(r) }));
}

/** The rows of a query with these ids, or all of them. */
function some<T extends keyof DB, O>(
  query: SelectQueryBuilder<DB, T, O>,
  ids: readonly string[] | null,
): Promise<O[]> {
  return (ids === null ? query : query.where(sql.ref('id'), 'in', ids)).execute();
}

/**
 * The tables SQLite's FTS5 keeps for the index (`search_fts` and its shadow tables): engine
 * machinery beside the schema, neither in schema.ts nor in a backup.
 */
export function isFullTextMachinery(table: string): boolean {
  return /^search_fts(_(data|idx|content|docsize|config))?$/u.test(table);
}

async function write(db: Kysely<DB>, docs: readonly Document[]): Promise<void> {
  if (docs.length === 0) return;
  const rows = docs.map((d) => {
    const body = d.body.length > MAX_BODY ? d.body.slice(0, MAX_BODY) : d.body;
    return { id: d.id, kind: d.kind, title: d.title, body, alt: spelledOutForm(`${d.title}\n${body}`) };
  });
  await db
    .insertInto('search_documents')
    .values(rows)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        title: eb.ref('excluded.title'),
        body: eb.ref('excluded.body'),
        alt: eb.ref('excluded.alt'),
      })),
    )
    .execute();
}

/** Writes (or removes) the documents of these rows of `table`, as the rows are now. */
export async function indexRows(db: Kysely<DB>, table: keyof DB, ids: readonly string[]): Promise<void> {
  const source = SOURCES[table];
  if (!source || ids.length === 0) return;
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const docs = await source(db, batch);
    const kept = new Set(docs.map((d) => d.id));
    const gone = batch.filter((id) => !kept.has(id));
    if (gone.length > 0) await db.deleteFrom('search_documents').where('id', 'in', gone).execute();
    await write(db, docs);
  }
}

/** Every document written again from the items (after a restore, which carries none). */
export async function rebuildSearchIndex(db: Kysely<DB>): Promise<number> {
  await db.deleteFrom('search_documents').execute();
  let written = 0;
  for (const source of Object.values(SOURCES)) {
    const docs = await source(db, null);
    for (let i = 0; i < docs.length; i += BATCH) await write(db, docs.slice(i, i + BATCH));
    written += docs.length;
  }
  return written;
}
