import {
  type DeleteResult,
  type ExpressionBuilder,
  type Insertable,
  type InsertResult,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  type StringReference,
  sql,
  type Updateable,
  type UpdateResult,
} from 'kysely';
import type { DB, IdeasTable, UsersTable } from './schema.js';
import { indexRows } from './search-documents.js';

/**
 * The query shapes every repository shares. Each is written once here so that a rule (a version
 * check, a page after a cursor) cannot drift between tables.
 *
 * Kysely cannot check a query on a table that is a type parameter, so each helper runs its query
 * on a narrowed view of the database (`view(db, table)`): one table, known to have the columns the
 * query uses. The signatures keep the callers' typing exact (`Selectable<DB[T]>` in and out).
 */

/** The tables whose rows have all of `Columns`. */
export type TableWith<Columns> = { [T in keyof DB]: DB[T] extends Columns ? T : never }[keyof DB];

/** Any row, for statements that only pass a whole row through. */
type Row = Record<string, unknown>;

/**
 * `db` seen as a database of the single table `table` with `Columns`; the name the view gives it
 * is a placeholder for the type checker, the SQL names `table` itself.
 */
export function view<Columns>(db: Kysely<DB>, table: keyof DB) {
  return { db: db as unknown as Kysely<{ t: Columns }>, table: table as 't' };
}

/** True when a write touched exactly one row (a lost race or a stale version touches none). */
export function wroteOne(result: InsertResult | UpdateResult | DeleteResult): boolean {
  const n =
    'numInsertedOrUpdatedRows' in result
      ? (result.numInsertedOrUpdatedRows ?? 0n)
      : 'numUpdatedRows' in result
        ? result.numUpdatedRows
        : result.numDeletedRows;
  return Number(n) === 1;
}

/**
 * The condition that the columns of a row equal `where`; a column given as null must be null
 * (SQL's `= null` would match no row).
 */
function equal(where: Row) {
  return (eb: ExpressionBuilder<{ t: Row }, 't'>) =>
    eb.and(
      Object.entries(where).map(([column, value]) =>
        value === null ? eb(column, 'is', null) : eb(column, '=', value),
      ),
    );
}

/**
 * The rows of `table` whose columns equal `where`, as a query to select from; further conditions
 * name the columns as strings (the view does not know the table's columns).
 */
export function selectWhere<T extends keyof DB>(db: Kysely<DB>, table: T, where: Partial<Selectable<DB[T]>>) {
  const v = view<Row>(db, table);
  return v.db.selectFrom(v.table).where(equal(where));
}

/** The row of `table` whose columns equal `where` (one row: the columns are a key). */
export async function findBy<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
): Promise<Selectable<DB[T]> | undefined> {
  return (await selectWhere(db, table, where).selectAll().executeTakeFirst()) as
    | Selectable<DB[T]>
    | undefined;
}

/** A column of `table` to sort by: ascending, or `[column, 'desc']`. */
export type SortBy<T extends keyof DB> = (keyof DB[T] & string) | readonly [keyof DB[T] & string, 'desc'];

/** `query` (on a view of one table) in the order of `sort`. */
export function sorted<T extends keyof DB, O>(
  query: SelectQueryBuilder<{ t: Row }, 't', O>,
  sort: readonly SortBy<T>[],
): SelectQueryBuilder<{ t: Row }, 't', O> {
  let q = query;
  for (const by of sort) q = typeof by === 'string' ? q.orderBy(by) : q.orderBy(by[0], by[1]);
  return q;
}

/** The rows of `table` whose columns equal `where`, in the order of `sort`. */
export async function listBy<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
  sort: readonly SortBy<T>[],
): Promise<Selectable<DB[T]>[]> {
  return (await sorted(selectWhere(db, table, where).selectAll(), sort).execute()) as Selectable<DB[T]>[];
}

/** The columns `columns` of the rows of `table` whose columns equal `where`, in the order of `sort`. */
export async function pickBy<T extends keyof DB, C extends keyof Selectable<DB[T]> & string>(
  db: Kysely<DB>,
  table: T,
  columns: readonly C[],
  where: Partial<Selectable<DB[T]>>,
  sort: readonly SortBy<T>[],
): Promise<Pick<Selectable<DB[T]>, C>[]> {
  const query = selectWhere(db, table, where).select(columns as readonly string[]);
  return (await sorted(query, sort).execute()) as Pick<Selectable<DB[T]>, C>[];
}

/** Whether `table` holds a row whose columns equal `where`. */
export async function exists<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
): Promise<boolean> {
  const query = selectWhere(db, table, where).select(sql<number>`1`.as('one'));
  return (await query.executeTakeFirst()) !== undefined;
}

/** How many rows of `table` have columns equal to `where`. */
export async function countBy<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
): Promise<number> {
  const query = selectWhere(db, table, where).select(sql<number>`count(*)`.as('n'));
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Deletes the rows of `table` whose columns equal `where`; true when there was exactly one. */
export async function deleteBy<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
): Promise<boolean> {
  const v = view<Row>(db, table);
  return wroteOne(await v.db.deleteFrom(v.table).where(equal(where)).executeTakeFirst());
}

/**
 * Writes `changes` to the rows of `table` whose columns equal `where`; how many rows it wrote.
 * A mark set once (a link used, a token revoked) names its column as null in `where`, so a row
 * another request marked first stays as it is. It writes no search documents: a change to what
 * a searchable row shows is indexed by its caller (`indexRows`).
 */
export async function updateBy<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
  changes: Updateable<DB[T]>,
): Promise<number> {
  const v = view<Row>(db, table);
  const result = await v.db
    .updateTable(v.table)
    .set(changes as Row)
    .where(equal(where))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The row of `table` with this id. */
export function findById<T extends TableWith<{ id: string }>>(
  db: Kysely<DB>,
  table: T,
  id: string,
): Promise<Selectable<DB[T]> | undefined> {
  return findBy(db, table, { id } as Partial<Selectable<DB[T]>>);
}

export async function insertRow<T extends keyof DB>(db: Kysely<DB>, table: T, row: Insertable<DB[T]>) {
  const v = view<Row>(db, table);
  await v.db.insertInto(v.table).values(row).execute();
  await indexWritten(db, table, [row]);
}

/** The search documents of rows just written to a searchable table, in the same transaction. */
function indexWritten(db: Kysely<DB>, table: keyof DB, rows: readonly unknown[]): Promise<void> {
  const ids = rows
    .map((r) => (r as { id?: unknown }).id)
    .filter((id): id is string => typeof id === 'string');
  return indexRows(db, table, ids);
}

/**
 * Rows per multi-row insert: a few dozen columns each stays far below PostgreSQL's 65 535 and
 * SQLite's 32 766 bind parameters per statement.
 */
const INSERT_CHUNK = 500;

function chunks<R>(list: readonly R[], size: number): R[][] {
  const out: R[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Many rows, in statements of a bounded number of parameters. */
export async function insertRows<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  rows: readonly Insertable<DB[T]>[],
): Promise<void> {
  const v = view<Row>(db, table);
  for (const chunk of chunks(rows, INSERT_CHUNK)) await v.db.insertInto(v.table).values(chunk).execute();
  await indexWritten(db, table, rows);
}

/**
 * Inserts unless a row with the same `conflict` key exists (two first writers at once: the key
 * lets one in, the other waits for it and inserts nothing); true if this one was inserted.
 */
export async function insertUnlessExists<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  row: Insertable<DB[T]>,
  conflict: (keyof DB[T] & string) | readonly (keyof DB[T] & string)[],
): Promise<boolean> {
  const columns = typeof conflict === 'string' ? [conflict] : conflict;
  const v = view<Row>(db, table);
  const result = await v.db
    .insertInto(v.table)
    .values(row)
    .onConflict((oc) => oc.columns(columns).doNothing())
    .executeTakeFirst();
  return wroteOne(result);
}

type Versioned = { id: string; version: number };

/**
 * Writes `changes` to the row `id` when its version is still `version`, and counts the version
 * up; false means someone else changed it first (or it is gone).
 */
export async function updateVersioned<T extends TableWith<Versioned>>(
  db: Kysely<DB>,
  table: T,
  id: string,
  version: number,
  changes: Partial<Omit<Selectable<DB[T]>, 'id' | 'version'>>,
): Promise<boolean> {
  const v = view<Versioned>(db, table);
  const result = await v.db
    .updateTable(v.table)
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!wroteOne(result)) return false;
  await indexRows(db, table, [id]);
  return true;
}

/** Slugs of `table` that are `base` or `base-…`, for choosing a free one. */
export async function slugsStartingWith(db: Kysely<DB>, table: TableWith<{ slug: string }>, base: string) {
  const v = view<{ slug: string }>(db, table);
  const rows = await v.db
    .selectFrom(v.table)
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return rows.map((r) => r.slug);
}

/**
 * Up to `limit` rows of `query`, newest first: by `column` descending, rows of the same moment by
 * the key `id` descending (so that a page is the same on both engines).
 */
export function newestFirst<QDB, TB extends keyof QDB, O>(
  query: SelectQueryBuilder<QDB, TB, O>,
  column: StringReference<QDB, TB>,
  id: StringReference<QDB, TB>,
  limit: number,
): Promise<O[]> {
  return query.orderBy(sql.ref(column), 'desc').orderBy(sql.ref(id), 'desc').limit(limit).execute();
}

/**
 * Up to `limit` rows of `query` in the order of the key `column`, after the key `after` (a cursor
 * of a previous page; null for the first page).
 */
export function pageAfter<QDB, TB extends keyof QDB, O>(
  query: SelectQueryBuilder<QDB, TB, O>,
  column: StringReference<QDB, TB>,
  after: string | null,
  limit: number,
): Promise<O[]> {
  const key = sql.ref(column);
  const q = after === null ? query : query.where(key, '>', after);
  return q.orderBy(key).limit(limit).execute();
}

/**
 * Up to `limit` rows of `query`, newest first by the time-ordered key `column`, before the key
 * `before` (the cursor of the page above; null for the newest).
 */
export function pageBefore<QDB, TB extends keyof QDB, O>(
  query: SelectQueryBuilder<QDB, TB, O>,
  column: StringReference<QDB, TB>,
  before: string | null,
  limit: number,
): Promise<O[]> {
  const key = sql.ref(column);
  const q = before === null ? query : query.where(key, '<', before);
  return q.orderBy(key, 'desc').limit(limit).execute();
}

/** Finding by id, inserting and updating-with-version of one versioned table. */
export function versionedTable<T extends TableWith<Versioned>>(db: Kysely<DB>, table: T) {
  return {
    find: (id: string) => findById(db, table, id),
    insert: (row: Insertable<DB[T]>) => insertRow(db, table, row),
    /** Writes when the version still matches; false means someone else changed it first. */
    update: (id: string, version: number, changes: Partial<Omit<Selectable<DB[T]>, 'id' | 'version'>>) =>
      updateVersioned(db, table, id, version, changes),
  };
}

/** The columns of `T` that can hold a user's id. */
type UserColumn<T extends keyof DB> = {
  [C in keyof DB[T]]: DB[T][C] extends string | null ? C : never;
}[keyof DB[T]] &
  string;

/**
 * Rows of `table` with the name of the user its `userColumn` names, as `as` (null when it names
 * none or the account is gone: the rows stay).
 */
export function selectWithUserName<T extends Exclude<keyof DB, 'users'>, A extends string>(
  db: Kysely<DB>,
  table: T,
  userColumn: UserColumn<T>,
  as: A,
) {
  // The view of the one table and `users`; the SQL names `table` itself.
  const v = db as unknown as Kysely<{ t: Row; users: UsersTable }>;
  const t = table as 't';
  const query = v
    .selectFrom(t)
    .leftJoin('users', 'users.id', `${t}.${userColumn}`)
    .selectAll(t)
    .select((eb) => eb.ref('users.name').as(as));
  // What the loosely typed view built is exactly this query on the real schema.
  return query as unknown as SelectQueryBuilder<
    DB,
    T | 'users',
    Selectable<DB[T]> & Record<A, string | null>
  >;
}

/**
 * Rows of `table` with the slug and title of the idea its `idea_id` names (`idea_slug`,
 * `idea_title`; null when it names none).
 */
export function selectWithIdea<T extends TableWith<{ idea_id: string | null }>>(db: Kysely<DB>, table: T) {
  // The view of the one table and `ideas`; the SQL names `table` itself.
  const v = db as unknown as Kysely<{ t: { idea_id: string | null }; ideas: IdeasTable }>;
  const t = table as 't';
  const query = v
    .selectFrom(t)
    .leftJoin('ideas', 'ideas.id', `${t}.idea_id`)
    .selectAll(t)
    .select(['ideas.slug as idea_slug', 'ideas.title as idea_title']);
  // What the loosely typed view built is exactly this query on the real schema.
  return query as unknown as SelectQueryBuilder<
    DB,
    T | 'ideas',
    Selectable<DB[T]> & { idea_slug: string | null; idea_title: string | null }
  >;
}
