import { type Kysely, sql } from 'kysely';
import { DiskFullError } from '../domain/errors.js';
import { accountTokensRepository } from './account-tokens.repository.js';
import { agendaRepository } from './agenda.repository.js';
import { auditRepository } from './audit.repository.js';
import { backupRepository } from './backup.repository.js';
import { boardRepository } from './board.repository.js';
import { changesRepository, STAMP_CHANNEL } from './changes.repository.js';
import { commentsRepository } from './comments.repository.js';
import type { Database, DatabaseStats, Engine } from './db.js';
import { isDiskFull } from './disk-full.js';
import { firstRunRepository } from './first-run.repository.js';
import { followsRepository } from './follows.repository.js';
import { formTokensRepository } from './form-tokens.repository.js';
import { groupsRepository } from './groups.repository.js';
import { ideasRepository } from './ideas.repository.js';
import { identitiesRepository } from './identities.repository.js';
import { newId } from './ids.js';
import { interestRepository } from './interest.repository.js';
import { invitationsRepository } from './invitations.repository.js';
import { liveRepository, type PendingAnnouncements } from './live.repository.js';
import type { LiveBus, LiveEvent } from './live-bus.js';
import { mentionsRepository } from './mentions.repository.js';
import { minutesRepository } from './minutes.repository.js';
import { notificationDigestsRepository } from './notification-digests.repository.js';
import { notificationsRepository } from './notifications.repository.js';
import { outboxRepository } from './outbox.repository.js';
import { ownDataRepository } from './own-data.repository.js';
import { peopleRepository } from './people.repository.js';
import { proposalsRepository } from './proposals.repository.js';
import { rateLimitsRepository } from './rate-limits.repository.js';
import { remindersRepository } from './reminders.repository.js';
import type { DB } from './schema.js';
import { searchRepository } from './search.repository.js';
import { seriesRepository } from './series.repository.js';
import { sessionListRepository } from './session-list.repository.js';
import { sessionsRepository } from './sessions.repository.js';
import { settingsRepository } from './settings.repository.js';
import { subscribersRepository } from './subscribers.repository.js';
import { tokensRepository } from './tokens.repository.js';
import { usersRepository } from './users.repository.js';
import { webhooksRepository } from './webhooks.repository.js';

/** What a repository is bound to: one connection or one transaction. */
interface Binding {
  db: Kysely<DB>;
  engine: Engine;
  bus: LiveBus;
  pending: PendingAnnouncements;
  /** Whether the hub sends mail at all (SMTP_URL is set). */
  mail: boolean;
}

/** A repository that needs only the connection or transaction. */
const onDb =
  <R>(make: (db: Kysely<DB>) => R) =>
  (b: Binding): R =>
    make(b.db);

/** How each repository is made for a binding. */
const REPOSITORIES = {
  users: onDb(usersRepository),
  sessions: onDb(sessionsRepository),
  tokens: onDb(tokensRepository),
  invitations: onDb(invitationsRepository),
  rateLimits: onDb(rateLimitsRepository),
  settings: onDb(settingsRepository),
  ideas: onDb(ideasRepository),
  audit: onDb(auditRepository),
  firstRun: onDb(firstRunRepository),
  series: onDb(seriesRepository),
  subscribers: onDb(subscribersRepository),
  outbox: (b: Binding) => outboxRepository(b.db, b.engine),
  backup: (b: Binding) => backupRepository(b.db, b.engine),
  agenda: onDb(agendaRepository),
  minutes: onDb(minutesRepository),
  changes: onDb(changesRepository),
  board: onDb(boardRepository),
  live: (b: Binding) => liveRepository(b.db, b.engine, b.bus, b.pending),
  formTokens: onDb(formTokensRepository),
  accountTokens: onDb(accountTokensRepository),
  sessionList: onDb(sessionListRepository),
  identities: onDb(identitiesRepository),
  ownData: onDb(ownDataRepository),
  interest: onDb(interestRepository),
  follows: onDb(followsRepository),
  people: onDb(peopleRepository),
  comments: onDb(commentsRepository),
  mentions: onDb(mentionsRepository),
  search: (b: Binding) => searchRepository(b.db, b.engine),
  webhooks: onDb(webhooksRepository),
  notifications: (b: Binding) => notificationsRepository(b.db, b.mail),
  digests: onDb(notificationDigestsRepository),
  reminders: onDb(remindersRepository),
  proposals: onDb(proposalsRepository),
  groups: onDb(groupsRepository),
};

export type Repositories = {
  readonly [K in keyof typeof REPOSITORIES]: ReturnType<(typeof REPOSITORIES)[K]>;
};

/**
 * The repositories of one binding, each made when first used. A transaction touches two or
 * three of them; making all of them (hundreds of query closures) for every write made the heap
 * grow under load for nothing.
 */
class LazyRepositories {
  readonly made = new Map<string, unknown>();
  constructor(readonly binding: Binding) {}
}
for (const [name, make] of Object.entries(REPOSITORIES)) {
  Object.defineProperty(LazyRepositories.prototype, name, {
    get(this: LazyRepositories) {
      let repository = this.made.get(name);
      if (repository === undefined) {
        repository = make(this.binding);
        this.made.set(name, repository);
      }
      return repository;
    },
  });
}

/** Every repository, bound to one connection or transaction. */
export function repositories(
  db: Kysely<DB>,
  engine: Engine,
  bus: LiveBus,
  pending: PendingAnnouncements,
  mail = false,
): Repositories {
  // The getters defined on the prototype above give it every property of Repositories.
  return new LazyRepositories({ db, engine, bus, pending, mail }) as unknown as Repositories;
}

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
  /** Failed queries and pool use, for the metrics. */
  stats(): DatabaseStats;
  /** See `Database.writeMark`: moves with every commit anyone may have made; null if unknown. */
  writeMark(othersWithinMs?: number): string | null;
  close(): Promise<void>;
}

/** How the store is used: whether the hub sends mail (a notification's mail job waits for none otherwise). */
export interface StoreOptions {
  mail?: boolean;
}

export function createStore(database: Database, options: StoreOptions = {}): Store {
  const { db, engine, bus } = database;
  const mail = options.mail ?? false;
  return {
    engine,
    live: bus,
    read: repositories(db, engine, bus, null, mail),
    transaction: async (work) => {
      const pending: LiveEvent[] = [];
      const trx = await db.startTransaction().execute();
      let result: Awaited<ReturnType<typeof work>>;
      try {
        result = await work(repositories(trx, engine, bus, pending, mail));
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
      // Stamps this process keeps for visitors (app/changes.ts) are read afresh by the next
      // request here, not only once PostgreSQL's announcement of a bump comes back.
      bus.deliver({ channel: STAMP_CHANNEL, id: newId() });
      return result;
    },
    ping: () => database.probe(),
    stats: () => database.stats(),
    writeMark: (othersWithinMs) => database.writeMark(othersWithinMs),
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
