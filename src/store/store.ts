import { type Kysely, sql } from 'kysely';
import { DiskFullError } from '../domain/errors.js';
import { accountTokensRepository } from './account-tokens.repository.js';
import { agendaRepository } from './agenda.repository.js';
import { auditRepository } from './audit.repository.js';
import { backupRepository } from './backup.repository.js';
import { boardRepository } from './board.repository.js';
import { changesRepository } from './changes.repository.js';
import { commentsRepository } from './comments.repository.js';
import type { Database, Engine } from './db.js';
import { isDiskFull } from './disk-full.js';
import { formTokensRepository } from './form-tokens.repository.js';
import { ideasRepository } from './ideas.repository.js';
import { identitiesRepository } from './identities.repository.js';
import { invitationsRepository } from './invitations.repository.js';
import { liveRepository, type PendingAnnouncements } from './live.repository.js';
import type { LiveBus, LiveEvent } from './live-bus.js';
import { minutesRepository } from './minutes.repository.js';
import { outboxRepository } from './outbox.repository.js';
import { rateLimitsRepository } from './rate-limits.repository.js';
import type { DB } from './schema.js';
import { seriesRepository } from './series.repository.js';
import { sessionListRepository } from './session-list.repository.js';
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
    formTokens: formTokensRepository(db),
    accountTokens: accountTokensRepository(db),
    sessionList: sessionListRepository(db),
    identities: identitiesRepository(db),
    comments: commentsRepository(db),
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
  /**
   * Tries a write that needs room and takes it back: throws (DiskFullError) when the database
   * could not grow now. SQLite only; PostgreSQL's own disk is not the server's to probe.
   */
  probeWrite(): Promise<void>;
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
      const trx = await db.startTransaction().execute();
      let result: Awaited<ReturnType<typeof work>>;
      try {
        result = await work(repositories(trx, engine, bus, pending));
        await trx.commit().execute();
      } catch (err) {
        // SQLite ends a transaction by itself after some failures, a full disk among them; the
        // ROLLBACK then fails with "cannot rollback", which must not hide what went wrong.
        await trx
          .rollback()
          .execute()
          .catch(() => undefined);
        throw isDiskFull(err) ? new DiskFullError(err) : err;
      }
      // Only now is the change visible to a page that fetches itself again.
      for (const event of pending) bus.deliver(event);
      return result;
    },
    ping: () => database.probe(),
    probeWrite: async () => {
      if (engine !== 'sqlite') return;
      const trx = await db.startTransaction().execute();
      try {
        // Larger than a page, so it needs pages the file may not have room for.
        await sql`insert into settings (key, value, version, updated_at)
          values ('readyz.probe', ${'x'.repeat(8192)}, 0, '')`.execute(trx);
      } catch (err) {
        throw isDiskFull(err) ? new DiskFullError(err) : err;
      } finally {
        await trx
          .rollback()
          .execute()
          .catch(() => undefined);
      }
    },
    close: () => database.close(),
  };
}
