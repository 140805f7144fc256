import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { preparePrivateDatabaseFile } from '../private-files.js';
import { type LiveBus, memoryBus, postgresBus } from './live-bus.js';
import type { DB } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Announcements of committed changes, for live pages. */
  bus: LiveBus;
  close(): Promise<void>;
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
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//u.test(url);
}

export function openDatabase(options: DatabaseOptions): Database {
  if (isPostgresUrl(options.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const bus = postgresBus(options.databaseUrl, options.onLiveError ? { onError: options.onLiveError } : {});
    return {
      db,
      engine: 'postgres',
      bus,
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
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  const bus = memoryBus();
  return {
    db,
    engine: 'sqlite',
    bus,
    close: async () => {
      await bus.close();
      await db.destroy();
    },
  };
}

/** True for a violated unique constraint, on either engine (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
