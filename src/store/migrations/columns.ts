import type { CreateTableBuilder, Kysely } from 'kysely';

/**
 * The column rules the migrations share, each said once. Released migrations use them, so
 * whatever one of these emits is history: test/migration-ddl.test.ts compares the schema the
 * migrations build with the one recorded, and any change here that alters it fails there.
 * A rule that must change makes a new helper, used by new migrations only.
 */

// Migrations see the schema as it was when they were written, not today's DB type.
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current row types
export type AnyDB = Kysely<any>;

type Table = CreateTableBuilder<string, string>;
/** Adds columns (or a constraint) to a table being created: `createTable(db, 't', [id, texts('a', 'b')])`. */
export type Columns = (table: Table) => Table;

/** A text primary key. SQLite lets a text primary key hold NULL unless told otherwise, so it is. */
export const key =
  (name: string): Columns =>
  (t) =>
    t.addColumn(name, 'text', (c) => c.primaryKey().notNull());

export const id: Columns = key('id');

function each(names: string[], add: (t: Table, name: string) => Table): Columns {
  return (table) => names.reduce(add, table);
}

/** Required text columns. */
export const texts = (...names: string[]): Columns =>
  each(names, (t, name) => t.addColumn(name, 'text', (c) => c.notNull()));

/** A required text column no two rows share (a slug, an address, a token's hash). */
export const uniqueText =
  (name: string): Columns =>
  (t) =>
    t.addColumn(name, 'text', (c) => c.notNull().unique());

/** Text columns that may be NULL. */
export const optionalTexts = (...names: string[]): Columns =>
  each(names, (t, name) => t.addColumn(name, 'text'));

/** Required integer columns (SQLite and PostgreSQL both store 0/1 flags in these too). */
export const integers = (...names: string[]): Columns =>
  each(names, (t, name) => t.addColumn(name, 'integer', (c) => c.notNull()));

/** Integer columns that may be NULL. */
export const optionalIntegers = (...names: string[]): Columns =>
  each(names, (t, name) => t.addColumn(name, 'integer'));

/** When a row was made and last changed (ISO instants, as text). */
export const timestamps: Columns = texts('created_at', 'updated_at');

/** The optimistic-locking counter behind If-Match and stale-form checks. */
export const version: Columns = integers('version');

/** The counter as the first migration made it: new rows start at 1 without saying so. */
export const versionFromOne: Columns = (t) =>
  t.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));

/** Made, changed and versioned: the columns every editable row ends with. */
export const tracked: Columns = (t) => t.$call(timestamps).$call(version);

/** The row belongs to a row of `table` and goes when it goes. */
export const belongsTo =
  (name: string, table: string): Columns =>
  (t) =>
    t.addColumn(name, 'text', (c) => c.notNull().references(`${table}.id`).onDelete('cascade'));

/** The row may point at a row of `table`; the pointer is cleared when that row goes. */
export const refersTo =
  (name: string, table: string): Columns =>
  (t) =>
    t.addColumn(name, 'text', (c) => c.references(`${table}.id`).onDelete('set null'));

/** A unique constraint over `columns`, named as PostgreSQL and SQLite will show it. */
export const unique =
  (name: string, columns: string[]): Columns =>
  (t) =>
    t.addUniqueConstraint(name, columns);

/** A primary key over several columns. */
export const primaryKey =
  (name: string, columns: string[]): Columns =>
  (t) =>
    t.addPrimaryKeyConstraint(name, columns);

/** Creates `name` with the columns (and constraints) in the order given. */
export async function createTable(db: AnyDB, name: string, columns: Columns[]): Promise<void> {
  const table: Table = db.schema.createTable(name);
  await columns.reduce((t, add) => add(t), table).execute();
}

/** An index on `table` over `columns`, in that order. */
export async function createIndex(db: AnyDB, name: string, table: string, columns: string[]): Promise<void> {
  await db.schema.createIndex(name).on(table).columns(columns).execute();
}

/** Drops the tables in the order given (dependents first). */
export async function dropTables(db: AnyDB, ...tables: string[]): Promise<void> {
  for (const table of tables) await db.schema.dropTable(table).execute();
}
