import type { CompiledQuery, Kysely } from 'kysely';
import { newId } from './ids.js';
import type { DB } from './schema.js';

/** What a change marker stands for; each is bumped by the repositories that write that data. */
export type ChangeTopic = 'ideas' | 'settings' | 'users';

/**
 * The live channel on which a new stamp is announced: by PostgreSQL for every bump, whoever
 * writes it (migration 2026-12-07-3), and by the store after each commit of its own.
 */
export const STAMP_CHANNEL = 'changes';

export function changesRepository(db: Kysely<DB>) {
  let stampsQuery: CompiledQuery<{ topic: string; stamp: string }> | undefined;
  return {
    /**
     * Every marker in one short text. Read it before the data a cache entry is built from:
     * a write that lands in between then only makes the entry stale at once, never the reverse.
     */
    async stamps(): Promise<string> {
      // Read on every cached request: compiled once, as building the query cost more than running it.
      stampsQuery ??= db.selectFrom('change_markers').select(['topic', 'stamp']).orderBy('topic').compile();
      const { rows } = await db.executeQuery(stampsQuery);
      let out = '';
      for (const r of rows) out += `${r.topic}=${r.stamp};`;
      return out;
    },

    /** A new stamp for `topic`; called after the write it announces, on the same connection or transaction. */
    async bump(topic: ChangeTopic): Promise<void> {
      await db
        .insertInto('change_markers')
        .values({ topic, stamp: newId() })
        .onConflict((oc) => oc.column('topic').doUpdateSet((eb) => ({ stamp: eb.ref('excluded.stamp') })))
        .execute();
    },
  };
}
