import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { preparePrivateDatabaseFile } from '../private-files.js';
import { type LiveBus, memoryBus, postgresBus } from './live-bus.js';
import { pgDriver } from './pg-driver.js';
import type { DB } from './schema.js';
import { sqliteWriteMark } from './sqlite-write-mark.js';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Announcements of committed changes, for live pages. */
  bus: LiveBus;
  /**
   * Proves the database answers now: a query on a connection opened for the purpose on
   * PostgreSQL (a pooled one may have survived an outage that new ones cannot get through).
   */
  probe(): Promise<void>;
  /** What an operator watches: queries that failed, and the PostgreSQL pool's connections. */
  stats(): DatabaseStats;
  /**
   * A value that differs from an earlier one whenever a change may have been committed since:
   * by this connection or by any other process on the file. Taken without a query on SQLite
   * (see store/sqlite-write-mark.ts); null on PostgreSQL, which cannot tell without asking.
   * `othersWithinMs` lets a look at other processes' commits stand that long (this process's own
   * always count at once).
   */
  writeMark(othersWithinMs?: number): string | null;
  close(): Promise<void>;
}

export interface DatabaseStats {
  queryErrors: number;
  /** null on SQLite, which has one connection and no pool. */
  pool: { total: number; idle: number; waiting: number } | null;
}

/** Counts failed queries as Kysely reports them, for the metrics. */
function errorCounter() {
  const counter = {
    errors: 0,
    log: (event: LogEvent) => {
      if (event.level === 'error') counter.errors++;
    },
  };
  return counter;
}

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; anything else is ignored in favour of sqliteFile. */
  databaseUrl?: string | undefined;
  /** Path of the SQLite file, or `:memory:`. */
  sqliteFile: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /** Told when the PostgreSQL connection that listens for live updates fails (it reconnects). */
  onLiveError?: (err: unknown) => void;
  /** Told when a pooled PostgreSQL connection breaks (it is dropped; the next query opens another). */
  onPoolError?: (err: unknown) => void;
}

/** How long a query waits for a connection before the request is answered 503. */
const CONNECT_TIMEOUT_MS = 5000;
/** A readiness probe's answer is reused this long, so that polling it cannot exhaust connections. */
const PROBE_REUSE_MS = 1000;

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//u.test(url);
}

export function openDatabase(options: DatabaseOptions): Database {
  if (isPostgresUrl(options.databaseUrl)) {
    const connectionString = options.databaseUrl;
    const report = options.onPoolError ?? (() => {});
    let pool: pg.Pool | null = null;
    // Kysely asks for the pool once, on the first query.
    const makePool = async () => {
      const { Pool } = await pgDriver();
      pool = new Pool({
        connectionString,
        max: options.poolSize ?? 10,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        // A peer that vanished without closing (failover, a cut network) is found by TCP keepalive.
        keepAlive: true,
      });
      // A connection ended by the server (restart, failover, an idle timeout, a pooler) emits
      // 'error' on its client: while idle, the pool re-emits it on itself; while checked out, on
      // the client alone. Either without a listener would end the process. The broken client is
      // not queryable any more, and the pool drops it when it is released.
      pool.on('connect', (client) => client.on('error', report));
      pool.on('error', () => {
        // Already reported by the client's own listener above.
      });
      return pool;
    };
    const errors = errorCounter();
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: makePool }), log: errors.log });
    const bus = postgresBus(connectionString, options.onLiveError ? { onError: options.onLiveError } : {});
    return {
      db,
      engine: 'postgres',
      bus,
      probe: reused(PROBE_REUSE_MS, () => probeFreshConnection(connectionString)),
      writeMark: () => null,
      stats: () => ({
        queryErrors: errors.errors,
        pool: pool
          ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }
          : { total: 0, idle: 0, waiting: 0 },
      }),
      close: async () => {
        await bus.close();
        await db.destroy();
      },
    };
  }
  if (options.sqliteFile !== ':memory:') preparePrivateDatabaseFile(options.sqliteFile);
  const sqlite = new SQLite(options.sqliteFile);
  // WAL lets readers run beside the single writer; NORMAL sync is durable against process
  // crashes (the WAL is fsynced at checkpoints), which is the failure a server sees most.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const errors = errorCounter();
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), log: errors.log });
  const bus = memoryBus();
  const writeMark = sqliteWriteMark(sqlite, options.sqliteFile);
  return {
    db,
    engine: 'sqlite',
    bus,
    probe: async () => {
      sqlite.prepare('select 1').get();
    },
    writeMark: writeMark.mark,
    stats: () => ({ queryErrors: errors.errors, pool: null }),
    close: async () => {
      await bus.close();
      await db.destroy();
      writeMark.close();
    },
  };
}

/** Opens a connection of its own, asks `select 1` and closes it again. */
async function probeFreshConnection(connectionString: string): Promise<void> {
  const { Client } = await pgDriver();
  const client = new Client({
    connectionString,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: CONNECT_TIMEOUT_MS,
  });
  client.on('error', () => {
    // The failed connect or query rejects below; this only keeps the event from ending the process.
  });
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs `work` once for all callers while it runs, and hands its answer to those who come within
 * `ms` after it ended: however often a prober asks, one probe at a time reaches the database.
 */
function reused(ms: number, work: () => Promise<void>): () => Promise<void> {
  let answer: Promise<void> | null = null;
  let endedAt = 0;
  let running = false;
  return () => {
    if (answer && (running || Date.now() - endedAt < ms)) return answer;
    running = true;
    answer = work().finally(() => {
      running = false;
      endedAt = Date.now();
    });
    // Each caller awaits the answer; a refusal kept for later callers is not an unhandled one.
    answer.catch(() => {});
    return answer;
  };
}

/** True for a violated unique constraint, on either engine (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
