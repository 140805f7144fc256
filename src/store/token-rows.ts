import type { Kysely, Selectable } from 'kysely';
import { type SortBy, selectWhere, sorted, type TableWith, view } from './queries.js';
import type { DB } from './schema.js';

/**
 * The rules of tables whose rows hold for a while (mailed links, invitations, sessions, the
 * windows of rate limits): a row counts until it expires, and a link once it is used no more.
 */

/** Tables of links that are used once and expire. */
type LinkTable = TableWith<{ used_at: string | null; expires_at: string }>;

/** The rows of `table` whose columns equal `where` that are neither used nor expired at `now`. */
function unused<T extends LinkTable>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
  now: string,
) {
  return selectWhere(db, table, where).selectAll().where('used_at', 'is', null).where('expires_at', '>', now);
}

/** The link whose columns equal `where` (its hash is a key), if it is neither used nor expired. */
export async function findUnused<T extends LinkTable>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
  now: string,
): Promise<Selectable<DB[T]> | undefined> {
  return (await unused(db, table, where, now).executeTakeFirst()) as Selectable<DB[T]> | undefined;
}

/** The links whose columns equal `where` that are neither used nor expired, in the order of `sort`. */
export async function listUnused<T extends LinkTable>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
  now: string,
  sort: readonly SortBy<T>[],
): Promise<Selectable<DB[T]>[]> {
  return (await sorted(unused(db, table, where, now), sort).execute()) as Selectable<DB[T]>[];
}

/** The rows of `table` whose columns equal `where` that have not expired at `now`, in the order of `sort`. */
export async function listUnexpired<T extends TableWith<{ expires_at: string }>>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
  now: string,
  sort: readonly SortBy<T>[],
): Promise<Selectable<DB[T]>[]> {
  const query = selectWhere(db, table, where).selectAll().where('expires_at', '>', now);
  return (await sorted(query, sort).execute()) as Selectable<DB[T]>[];
}

/** Deletes the rows of `table` that have expired at `now`: their `column` is `now` or earlier. */
export async function deleteExpired<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  now: string,
  column: keyof DB[T] & string,
): Promise<void> {
  const v = view<Record<string, unknown>>(db, table);
  await v.db
    .deleteFrom(v.table)
    .where(column as string, '<=', now)
    .execute();
}
