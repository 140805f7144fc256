import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

/** Failed sign-ins, kept in the database so every instance sees the same count. */
export function loginAttemptsRepository(db: Kysely<DB>) {
  return {
    async record(id: string, keys: string[], at: string): Promise<void> {
      if (keys.length === 0) return;
      await db
        .insertInto('login_attempts')
        .values(keys.map((key, i) => ({ id: `${id}-${i}`, key, at })))
        .execute();
    },

    /** Attempts per key since `since`, and the oldest of them (to tell when the limit lifts). */
    async countSince(key: string, since: string): Promise<{ count: number; oldest: string | null }> {
      const row = await db
        .selectFrom('login_attempts')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('at').as('oldest')])
        .where('key', '=', key)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      return { count: Number(row.n), oldest: row.oldest ?? null };
    },

    /** Removes the rows one attempt recorded (after it turned out to be a successful sign-in). */
    async forget(id: string, keyCount: number): Promise<void> {
      await db
        .deleteFrom('login_attempts')
        .where(
          'id',
          'in',
          Array.from({ length: keyCount }, (_, i) => `${id}-${i}`),
        )
        .execute();
    },

    async clear(key: string): Promise<void> {
      await db.deleteFrom('login_attempts').where('key', '=', key).execute();
    },

    async deleteOlderThan(before: string): Promise<void> {
      await db.deleteFrom('login_attempts').where('at', '<=', before).execute();
    },
  };
}
