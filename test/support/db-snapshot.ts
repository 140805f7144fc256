import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../src/store/db.js';
import { isFullTextMachinery } from '../../src/store/search-documents.js';

/**
 * Columns that change on every authenticated read and so say nothing about whether a request
 * wrote anything: a bearer token's "last used" stamp.
 */
const VOLATILE: Record<string, string[]> = { api_tokens: ['last_used_at'] };

export interface SnapshotOptions {
  /** Tables left out, e.g. `login_attempts`, which a refused sign-in writes on purpose. */
  ignore?: readonly string[];
}

interface Plan {
  tables: string[];
  query: string;
}

const plans = new WeakMap<Database, Promise<Plan>>();

const quoteIdent = (name: string) => `"${name.replace(/"/gu, '""')}"`;

/**
 * One statement that reads every table of the schema (found by introspection, so a new table is
 * included at once) as one text per table, rows in a stable order.
 */
function planFor(database: Database): Promise<Plan> {
  let plan = plans.get(database);
  if (!plan) {
    plan = database.db.introspection.getTables().then((all) => {
      const tables = all
        .filter(
          (t) =>
            !t.name.startsWith('kysely_') && !t.name.startsWith('sqlite_') && !isFullTextMachinery(t.name),
        )
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const parts = tables.map((t) => {
        const volatile = VOLATILE[t.name] ?? [];
        const columns = t.columns
          .map((c) => c.name)
          .filter((c) => !volatile.includes(c))
          .sort();
        const table = quoteIdent(t.name);
        if (database.engine === 'postgres') {
          const rowText = `row(${columns.map(quoteIdent).join(', ')})::text`;
          return `(select count(*) || ':' || coalesce(md5(string_agg(x, E'\\n' order by x)), '') from (select ${rowText} as x from ${table}) s) as ${quoteIdent(t.name)}`;
        }
        const rowText = columns.map((c) => `quote(${quoteIdent(c)})`).join(` || ',' || `);
        return `(select count(*) || ':' || coalesce(group_concat(x, char(10)), '') from (select ${rowText} as x from ${table} order by x)) as ${quoteIdent(t.name)}`;
      });
      return { tables: tables.map((t) => t.name), query: `select ${parts.join(',\n')}` };
    });
    plans.set(database, plan);
  }
  return plan;
}

/** The last snapshot per database and its SQLite change counter, to skip reading unchanged tables. */
const lastSeen = new WeakMap<Database, { changes: number; key: string; snapshot: Record<string, string> }>();

/** A digest per table over every row, so any insert, update or delete shows. */
export async function snapshotDatabase(
  database: Database,
  options: SnapshotOptions = {},
): Promise<Record<string, string>> {
  const key = JSON.stringify(options.ignore ?? []);
  let changes = -1;
  if (database.engine === 'sqlite') {
    // SQLite counts every row written on its connection, and the hub has just this one: an
    // unchanged count means unchanged tables.
    const counted = await sql<{ n: number }>`select total_changes() as n`.execute(database.db);
    changes = Number(counted.rows[0]?.n ?? -1);
    const seen = lastSeen.get(database);
    if (seen && seen.changes === changes && seen.key === key) return { ...seen.snapshot };
  }
  const snapshot = await readSnapshot(database, options);
  if (changes >= 0) lastSeen.set(database, { changes, key, snapshot: { ...snapshot } });
  return snapshot;
}

async function readSnapshot(database: Database, options: SnapshotOptions): Promise<Record<string, string>> {
  const plan = await planFor(database);
  const result = await sql<Record<string, string>>`${sql.raw(plan.query)}`.execute(database.db);
  const values = result.rows[0] ?? {};
  const out: Record<string, string> = {};
  for (const table of plan.tables) {
    if (options.ignore?.includes(table)) continue;
    const text = String(values[table] ?? '');
    out[table] =
      database.engine === 'postgres' ? text : createHash('sha256').update(text).digest('base64url');
  }
  return out;
}

/** The tables whose digest differs between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}
