import type { Kysely, Selectable } from 'kysely';
import { type SortBy, selectWhere, sorted, type TableWith, view } from './queries.js';
import type { DB } from './schema.js';

/**
 * The rules of tables whose rows hold for a while (mailed links, invitations, sessions, the
 * windows of rate limits): a row counts until it expires. A link used once names `used_at: null`
 * among the columns it is found by.
 */

type ExpiringTable = TableWith<{ expires_at: string }>;

/** The rows of `table` whose columns equal `where` and that have not expired at `now`. */
function unexpired<T extends ExpiringTable>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
  now: string,
) {
  return selectWhere(db, table, where).selectAll().where('expires_at', '>', now);
}

/** The row whose columns equal `where` (a key, such as its hash) if it has not expired at `now`. */
export async function findUnexpired<T extends ExpiringTable>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
  now: string,
): Promise<Selectable<DB[T]> | undefined> {
  return (await unexpired(db, table, where, now).executeTakeFirst()) as Selectable<DB[T]> | undefined;
}

/** The rows whose columns equal `where` that have not expired at `now`, in the order of `sort`. */
export async function listUnexpired<T extends ExpiringTable>(
  db: Kysely<DB>,
  table: T,
  where: Partial<Selectable<DB[T]>>,
  now: string,
  sort: readonly SortBy<T>[],
): Promise<Selectable<DB[T]>[]> {
  return (await sorted(unexpired(db, table, where, now), sort).execute()) as Selectable<DB[T]>[];
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
