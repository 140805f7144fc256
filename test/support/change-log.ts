import { sql } from 'kysely';
import type { Database } from '../../src/store/db.js';
import { isFullTextMachinery } from '../../src/store/search-documents.js';

/**
 * Which tables a request wrote, told by triggers installed in a test database (SQLite allows none
 * on the search index's FTS5 tables, which follow search_documents anyway): every insert,
 * delete and real update of a row appends the table's name to a log, so asking costs one
 * indexed query however many rows the database holds. (Digesting every table before and after
 * each request, as db-snapshot.ts does, grows with the fixtures a long table of requests makes.)
 * The log lives in the test database only; the hub never reads it.
 */
export interface ChangeLog {
  /** The position of the log now: the changes made so far. */
  mark(): Promise<number>;
  /** The tables written since `mark` (sorted, each once). */
  since(mark: number): Promise<string[]>;
}

const LOG = 'test_change_log';

/**
 * Columns whose change is no write of the request's own: a bearer token's "last used" stamp
 * moves on every authenticated read.
 */
const VOLATILE: Record<string, readonly string[]> = { api_tokens: ['last_used_at'] };

const quote = (name: string) => `"${name.replace(/"/gu, '""')}"`;

export async function installChangeLog(database: Database): Promise<ChangeLog> {
  const { db } = database;
  const tables = (await db.introspection.getTables()).filter(
    (t) =>
      !t.name.startsWith('kysely_') &&
      !t.name.startsWith('sqlite_') &&
      !isFullTextMachinery(t.name) &&
      t.name !== LOG,
  );
  const statements: string[] = [];
  if (database.engine === 'postgres') {
    statements.push(
      `create table ${LOG} (id bigserial primary key, table_name text not null)`,
      `create function ${LOG}_append() returns trigger language plpgsql as $$
         begin insert into ${LOG} (table_name) values (TG_TABLE_NAME); return null; end $$`,
    );
  } else {
    statements.push(`create table ${LOG} (id integer primary key autoincrement, table_name text not null)`);
  }
  for (const table of tables) {
    const name = quote(table.name);
    const volatile = VOLATILE[table.name] ?? [];
    const columns = table.columns.map((c) => c.name).filter((c) => !volatile.includes(c));
    const trigger = (what: string) => quote(`${LOG}_${table.name}_${what}`);
    if (database.engine === 'postgres') {
      const row = (side: string) => `row(${columns.map((c) => `${side}.${quote(c)}`).join(', ')})`;
      statements.push(
        `create trigger ${trigger('write')} after insert or delete on ${name}
           for each row execute function ${LOG}_append()`,
        `create trigger ${trigger('update')} after update on ${name}
           for each row when (${row('old')} is distinct from ${row('new')}) execute function ${LOG}_append()`,
      );
    } else {
      const append = `insert into ${LOG} (table_name) values ('${table.name.replace(/'/gu, "''")}');`;
      const differs = columns.map((c) => `old.${quote(c)} is not new.${quote(c)}`).join(' or ');
      statements.push(
        `create trigger ${trigger('insert')} after insert on ${name} begin ${append} end`,
        `create trigger ${trigger('delete')} after delete on ${name} begin ${append} end`,
        `create trigger ${trigger('update')} after update on ${name} when ${differs} begin ${append} end`,
      );
    }
  }
  for (const statement of statements) await sql.raw(statement).execute(db);

  return {
    async mark() {
      const { rows } = await sql<{ n: number | string | null }>`
        select max(id) as n from ${sql.table(LOG)}`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },
    async since(mark) {
      const { rows } = await sql<{ table_name: string }>`
        select distinct table_name from ${sql.table(LOG)} where id > ${mark} order by table_name`.execute(db);
      return rows.map((r) => r.table_name);
    },
  };
}
