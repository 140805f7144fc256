import { type Kysely, sql } from 'kysely';
import type { Engine } from './db.js';
import { newId } from './ids.js';
import { type LiveBus, type LiveEvent, PG_CHANNEL } from './live-bus.js';
import type { DB } from './schema.js';

/** The changes one transaction announces; null outside a transaction. */
export type PendingAnnouncements = LiveEvent[] | null;

export function liveRepository(db: Kysely<DB>, engine: Engine, bus: LiveBus, pending: PendingAnnouncements) {
  const announced = new Set<string>();
  return {
    /**
     * Says that what `channel` shows has changed. Inside a transaction it takes effect only when
     * the transaction commits: PostgreSQL holds a NOTIFY back until COMMIT (and drops it on
     * ROLLBACK), and on SQLite the store delivers the pending events after the commit.
     */
    async announce(channel: string): Promise<void> {
      if (announced.has(channel)) return;
      announced.add(channel);
      const event: LiveEvent = { channel, id: newId() };
      if (engine === 'postgres') {
        await sql`select pg_notify(${PG_CHANNEL}, ${JSON.stringify(event)})`.execute(db);
      } else if (pending) {
        pending.push(event);
      } else {
        bus.deliver(event);
      }
    },
  };
}
