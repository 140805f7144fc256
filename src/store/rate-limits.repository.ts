import { type Kysely, sql } from 'kysely';
import { deleteBy } from './queries.js';
import type { DB } from './schema.js';
import { deleteExpired } from './token-rows.js';

export interface Hits {
  hits: number;
  /** When the window of this count ends (ISO-8601 UTC). */
  resetsAt: string;
}

/**
 * Fixed-window counters of the rate limits, in the database so that every instance counts the
 * same hits. A hit is one statement (an upsert), atomic on both engines: two instances counting
 * the same key at once both get a distinct count.
 */
export function rateLimitsRepository(db: Kysely<DB>) {
  return {
    /** Counts one hit of `key`; a window that has ended starts over, ending at `resetsAt`. */
    async hit(key: string, now: string, resetsAt: string): Promise<Hits> {
      const row = await db
        .insertInto('rate_limits')
        .values({ key, hits: 1, resets_at: resetsAt })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            // Both expressions read the row as it was before this update.
            hits: sql<number>`case when rate_limits.resets_at <= ${now} then 1 else rate_limits.hits + 1 end`,
            resets_at: sql<string>`case when rate_limits.resets_at <= ${now} then excluded.resets_at else rate_limits.resets_at end`,
          }),
        )
        .returning(['hits', 'resets_at'])
        .executeTakeFirstOrThrow();
      return { hits: Number(row.hits), resetsAt: row.resets_at };
    },

    /** The count of `key` in its current window, without counting (0 once the window ended). */
    async read(key: string, now: string): Promise<Hits | null> {
      const row = await db
        .selectFrom('rate_limits')
        .select(['hits', 'resets_at'])
        .where('key', '=', key)
        .where('resets_at', '>', now)
        .executeTakeFirst();
      return row ? { hits: Number(row.hits), resetsAt: row.resets_at } : null;
    },

    /** Takes one hit back, e.g. an attempt that turned out to be a right password. */
    async unhit(key: string): Promise<void> {
      await db
        .updateTable('rate_limits')
        .set({ hits: sql<number>`case when hits > 0 then hits - 1 else 0 end` })
        .where('key', '=', key)
        .execute();
    },

    async clear(key: string): Promise<void> {
      await deleteBy(db, 'rate_limits', { key });
    },

    async deleteExpired(now: string): Promise<void> {
      await deleteExpired(db, 'rate_limits', now, 'resets_at');
    },
  };
}
