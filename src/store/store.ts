import type { Kysely } from 'kysely';
import { agendaRepository } from './agenda.repository.js';
import { auditRepository } from './audit.repository.js';
import { backupRepository } from './backup.repository.js';
import { boardRepository } from './board.repository.js';
import { changesRepository } from './changes.repository.js';
import type { Database, Engine } from './db.js';
import { ideasRepository } from './ideas.repository.js';
import { invitationsRepository } from './invitations.repository.js';
import { liveRepository, type PendingAnnouncements } from './live.repository.js';
import type { LiveBus, LiveEvent } from './live-bus.js';
import { minutesRepository } from './minutes.repository.js';
import { outboxRepository } from './outbox.repository.js';
import { rateLimitsRepository } from './rate-limits.repository.js';
import type { DB } from './schema.js';
import { seriesRepository } from './series.repository.js';
import { sessionsRepository } from './sessions.repository.js';
import { settingsRepository } from './settings.repository.js';
import { subscribersRepository } from './subscribers.repository.js';
import { tokensRepository } from './tokens.repository.js';
import { usersRepository } from './users.repository.js';

/** Every repository, bound to one connection or transaction. */
export function repositories(db: Kysely<DB>, engine: Engine, bus: LiveBus, pending: PendingAnnouncements) {
  return {
    users: usersRepository(db),
    sessions: sessionsRepository(db),
    tokens: tokensRepository(db),
    invitations: invitationsRepository(db),
    rateLimits: rateLimitsRepository(db),
    settings: settingsRepository(db),
    ideas: ideasRepository(db),
    audit: auditRepository(db),
    series: seriesRepository(db),
    subscribers: subscribersRepository(db),
    outbox: outboxRepository(db, engine),
    backup: backupRepository(db, engine),
    agenda: agendaRepository(db),
    minutes: minutesRepository(db),
    changes: changesRepository(db),
    board: boardRepository(db),
    live: liveRepository(db, engine, bus, pending),
  };
}

export type Repositories = ReturnType<typeof repositories>;

export interface Store {
  engine: Engine;
  /** Committed changes as they happen, for live pages; written through `repos.live.announce`. */
  live: LiveBus;
  /** Repositories outside a transaction, for reads. */
  read: Repositories;
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a query on a connection opened now (see `Database.probe`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createStore(database: Database): Store {
  const { db, engine, bus } = database;
  return {
    engine,
    live: bus,
    read: repositories(db, engine, bus, null),
    transaction: async (work) => {
      const pending: LiveEvent[] = [];
      const result = await db.transaction().execute((trx) => work(repositories(trx, engine, bus, pending)));
      // Only now is the change visible to a page that fetches itself again.
      for (const event of pending) bus.deliver(event);
      return result;
    },
    ping: () => database.probe(),
    close: () => database.close(),
  };
}
