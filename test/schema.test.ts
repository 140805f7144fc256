import { readFileSync } from 'node:fs';
import { sql, type TableMetadata } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFullTextMachinery } from '../src/store/search-documents.js';
import { ENGINES, type Engine, openTestDatabase, type TestDatabase } from './support/hub.js';

/**
 * Schema and migrations must not drift: the row types in src/store/schema.ts, the tables the
 * migrations create on SQLite and the ones they create on PostgreSQL are all the same.
 */

interface ColumnShape {
  /** `text` or `integer`, the only column types the schema uses. */
  type: 'text' | 'integer';
  nullable: boolean;
}
type SchemaShape = Record<string, Record<string, ColumnShape>>;

/** Reads the declared tables from the text of schema.ts (and schema-accounts.ts): the `DB` interface maps names to row interfaces. */
function declaredSchema(): SchemaShape {
  // The row types of the account tables sit in a module of their own beside it.
  const source = [
    'schema.ts',
    'schema-accounts.ts',
    'schema-comments.ts',
    'schema-webhooks.ts',
    'schema-participation.ts',
    'schema-notifications.ts',
    'schema-proposals.ts',
    'schema-groups.ts',
    'schema-board.ts',
  ]
    .map((file) => readFileSync(new URL(`../src/store/${file}`, import.meta.url), 'utf8'))
    .join('\n');
  const bodies = new Map<string, string>();
  for (const m of source.matchAll(/export interface (\w+) \{([^}]*)\}/gu)) bodies.set(m[1] ?? '', m[2] ?? '');
  const db = bodies.get('DB');
  if (db === undefined) throw new Error('schema.ts has no DB interface');
  const fieldsOf = (body: string) =>
    [...body.matchAll(/^\s*(\w+)\s*:\s*([^;]+);/gmu)].map((m) => ({
      name: m[1] ?? '',
      type: (m[2] ?? '').trim(),
    }));

  const shape: SchemaShape = {};
  for (const { name: table, type: rowInterface } of fieldsOf(db)) {
    const body = bodies.get(rowInterface);
    if (body === undefined)
      throw new Error(`DB.${table} names ${rowInterface}, which schema.ts does not declare`);
    const columns: Record<string, ColumnShape> = {};
    for (const { name, type } of fieldsOf(body)) {
      const parts = type.split('|').map((p) => p.trim());
      const base = parts.filter((p) => p !== 'null');
      if (base.length !== 1 || (base[0] !== 'string' && base[0] !== 'number')) {
        throw new Error(
          `${rowInterface}.${name} has type "${type}"; the schema stores only text and integers`,
        );
      }
      columns[name] = { type: base[0] === 'string' ? 'text' : 'integer', nullable: parts.includes('null') };
    }
    shape[table] = columns;
  }
  return shape;
}

function engineType(engine: Engine, dataType: string): ColumnShape['type'] | `other: ${string}` {
  const t = dataType.toLowerCase();
  if (t === 'text') return 'text';
  if (engine === 'sqlite' ? t === 'integer' : t === 'int4') return 'integer';
  return `other: ${dataType}`;
}

/** Column names that make up each table's primary key. */
async function primaryKeys(testDb: TestDatabase, tables: string[]): Promise<Record<string, string[]>> {
  const { db, engine } = testDb.database;
  const keys: Record<string, string[]> = {};
  for (const table of tables) {
    if (engine === 'sqlite') {
      const { rows } = await sql<{
        name: string;
        pk: number;
      }>`select name, pk from pragma_table_info(${table})`.execute(db);
      keys[table] = rows.filter((r) => r.pk > 0).map((r) => r.name);
    } else {
      const { rows } = await sql<{ name: string }>`
        select a.attname as name
        from pg_index i
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = ${table}::regclass and i.indisprimary`.execute(db);
      keys[table] = rows.map((r) => r.name);
    }
  }
  return keys;
}

/**
 * What the engine actually built. SQLite, for historic reasons, lets a non-INTEGER PRIMARY KEY
 * column hold NULL unless it is declared NOT NULL; the migrations rely on PRIMARY KEY alone, so
 * introspection reports those columns nullable. `primaryKeysAreNotNull` reads them as the schema
 * means them; the separate test below shows what SQLite really enforces.
 */
async function builtSchema(
  testDb: TestDatabase,
  options: { primaryKeysAreNotNull: boolean },
): Promise<SchemaShape> {
  // SQLite's FTS5 tables of the search index are the engine's machinery, not the schema's tables.
  const tables: TableMetadata[] = (await testDb.database.db.introspection.getTables()).filter(
    (t) => !isFullTextMachinery(t.name),
  );
  const keys = await primaryKeys(
    testDb,
    tables.map((t) => t.name),
  );
  const shape: SchemaShape = {};
  for (const table of tables) {
    const columns: Record<string, ColumnShape> = {};
    for (const c of table.columns) {
      const isKey = keys[table.name]?.includes(c.name) ?? false;
      columns[c.name] = {
        type: engineType(testDb.database.engine, c.dataType) as ColumnShape['type'],
        nullable: c.isNullable && !(options.primaryKeysAreNotNull && isKey),
      };
    }
    shape[table.name] = columns;
  }
  return shape;
}

const declared = declaredSchema();
const databases = {} as Record<Engine, TestDatabase>;

beforeAll(async () => {
  for (const engine of ENGINES) databases[engine] = await openTestDatabase(engine);
});
afterAll(async () => {
  for (const engine of ENGINES) await databases[engine]?.drop();
});

describe('schema.ts as read by this test', () => {
  it('declares the tables the code uses, with their columns', () => {
    expect(Object.keys(declared)).toEqual(
      expect.arrayContaining(['users', 'ideas', 'idea_tags', 'audit_log']),
    );
    expect(declared.users?.password_hash).toEqual({ type: 'text', nullable: true });
    expect(declared.users?.email).toEqual({ type: 'text', nullable: false });
    expect(declared.ideas?.version).toEqual({ type: 'integer', nullable: false });
    expect(declared.idea_tags).toEqual({
      idea_id: { type: 'text', nullable: false },
      tag: { type: 'text', nullable: false },
    });
  });
});

describe.each(ENGINES)('migrations on %s', (engine) => {
  it('create exactly the tables and columns of schema.ts, with their types and nullability', async () => {
    const built = await builtSchema(databases[engine], { primaryKeysAreNotNull: true });
    expect(Object.keys(built).sort()).toEqual(Object.keys(declared).sort());
    for (const table of Object.keys(declared)) {
      expect({ table, columns: built[table] }).toEqual({ table, columns: declared[table] });
    }
  });

  it('keep the bookkeeping of applied migrations out of the application tables', async () => {
    const all = await databases[engine].database.db.introspection.getTables({
      withInternalKyselyTables: true,
    });
    const internal = all.map((t) => t.name).filter((n) => !(n in declared) && !isFullTextMachinery(n));
    expect(internal.sort()).toEqual(['kysely_migration', 'kysely_migration_lock']);
  });

  it('give every table a primary key', async () => {
    const keys = await primaryKeys(databases[engine], Object.keys(declared));
    const without = Object.entries(keys)
      .filter(([, columns]) => columns.length === 0)
      .map(([table]) => table);
    expect(without).toEqual([]);
    expect(keys.idea_tags?.sort()).toEqual(['idea_id', 'tag']);
  });
});

describe('SQLite and PostgreSQL', () => {
  it('have the same tables, columns, types and nullability', async () => {
    const sqlite = await builtSchema(databases.sqlite, { primaryKeysAreNotNull: true });
    const postgres = await builtSchema(databases.postgres, { primaryKeysAreNotNull: false });
    expect(sqlite).toEqual(postgres);
  });

  it('PostgreSQL refuses NULL in every column schema.ts declares non-null, primary keys included', async () => {
    const built = await builtSchema(databases.postgres, { primaryKeysAreNotNull: false });
    expect(built).toEqual(declared);
  });

  // SQLite, unlike PostgreSQL, lets a non-integer primary key hold NULL unless NOT NULL is
  // spelled out; the migrations spell it out.
  it('SQLite refuses NULL in primary key columns, as PostgreSQL does', async () => {
    const built = await builtSchema(databases.sqlite, { primaryKeysAreNotNull: false });
    expect(built).toEqual(declared);
  });
});
