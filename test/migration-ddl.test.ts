import { readFileSync, writeFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateTo } from '../src/store/migrate.js';
import type { DB } from '../src/store/schema.js';
import { freshDatabase } from './support/fresh-database.js';
import { ENGINES, type Engine } from './support/hub.js';

/**
 * Migrations are history: databases in the field have run them, so what a migration builds must
 * never change, whatever is done to the code that spells it. Each point below is migrated on a
 * fresh database of each engine and the complete schema it leaves compared, text for text, with
 * the one recorded beside this file when that point was the newest migration. Later migrations
 * do not move a point; to record a new one, add its name and run once with
 * PLENUM_WRITE_DDL_SNAPSHOTS=1, then read the new files before committing them.
 */
const POINTS = ['2026-12-02-2-form-tokens'];

const SNAPSHOTS = new URL('./migration-ddl/', import.meta.url);
const WRITE = process.env.PLENUM_WRITE_DDL_SNAPSHOTS === '1';

/** Kysely's own bookkeeping tables follow Kysely's version, not the migrations. */
const OWN = (name: string) => !name.startsWith('kysely_');

/** Every table, index and trigger SQLite keeps, with the statement that made it. */
async function sqliteSchema(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
    select type, name, tbl_name, sql from sqlite_master order by name`.execute(db);
  return rows
    .filter((r) => OWN(r.tbl_name))
    .map((r) => `-- ${r.type} ${r.name} on ${r.tbl_name}\n${r.sql ?? '(made by SQLite for a constraint)'};\n`)
    .join('\n');
}

/** Columns (order, type, collation, default, nullability), constraints and indexes of each table. */
async function postgresSchema(db: Kysely<DB>): Promise<string> {
  const columns = await sql<{
    table: string;
    num: number;
    name: string;
    type: string;
    collation: string | null;
    default: string | null;
    not_null: boolean;
  }>`
    select c.relname as table, a.attnum as num, a.attname as name,
      format_type(a.atttypid, a.atttypmod) as type,
      case when a.attcollation <> t.typcollation then co.collname end as collation,
      pg_get_expr(d.adbin, d.adrelid) as default, a.attnotnull as not_null
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_type t on t.oid = a.atttypid
    left join pg_collation co on co.oid = a.attcollation
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`.execute(db);
  const constraints = await sql<{ table: string; name: string; definition: string }>`
    select c.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as definition
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public'
    order by c.relname, k.conname`.execute(db);
  const indexes = await sql<{ table: string; name: string; definition: string }>`
    select tablename as table, indexname as name, indexdef as definition
    from pg_indexes where schemaname = 'public'
    order by tablename, indexname`.execute(db);

  const tables = new Map<string, string[]>();
  const add = (table: string, line: string) => {
    if (!OWN(table)) return;
    tables.set(table, [...(tables.get(table) ?? []), line]);
  };
  for (const c of columns.rows) {
    const parts = [`column ${c.num} ${c.name} ${c.type}`];
    if (c.collation !== null) parts.push(`collate "${c.collation}"`);
    if (c.not_null) parts.push('not null');
    if (c.default !== null) parts.push(`default ${c.default}`);
    add(c.table, parts.join(' '));
  }
  for (const k of constraints.rows) add(k.table, `constraint ${k.name} ${k.definition}`);
  for (const i of indexes.rows) add(i.table, `index ${i.name} ${i.definition}`);
  return [...tables.entries()]
    .map(([table, lines]) => `table ${table}\n  ${lines.join('\n  ')}\n`)
    .join('\n');
}

/** The schema a fresh database has after migrating to each point in turn (up or down). */
async function schemaAfter(engine: Engine, ...points: string[]): Promise<string> {
  const fresh = await freshDatabase(engine);
  try {
    for (const point of points) await migrateTo(fresh.database.db, point);
    const { db } = fresh.database;
    return engine === 'sqlite' ? await sqliteSchema(db) : await postgresSchema(db);
  } finally {
    await fresh.drop();
  }
}

describe.each(ENGINES)('the schema the migrations build on %s', (engine) => {
  it.each(POINTS)('up to %s is the one recorded', async (point) => {
    const schema = await schemaAfter(engine, point);
    const file = new URL(`${point}.${engine}.txt`, SNAPSHOTS);
    if (WRITE) writeFileSync(file, schema);
    expect(schema).toBe(readFileSync(file, 'utf8'));
  });

  // Undoing the rate limits recreates the sign-in attempt log the initial migration made.
  it('undoing the migrations since the board leaves what the board migration left', async () => {
    const undone = await schemaAfter(engine, '2026-12-02-2-form-tokens', '2026-11-30-7-board');
    expect(undone).toBe(await schemaAfter(engine, '2026-11-30-7-board'));
  });
});
