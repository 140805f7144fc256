import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type App, createApp } from '../../src/app/app.js';
import type { LimitOverrides } from '../../src/app/limits.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { LiveStreamOptions } from '../../src/http/live-stream.js';
import { buildServer, type RequestTimeouts, type Server } from '../../src/http/server.js';
import { type Database, type Engine, openDatabase } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { createStore, type Store } from '../../src/store/store.js';
import { adminQuery, databaseUrl, dropDatabase } from './postgres.js';

export type { Engine };
export const ENGINES: Engine[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  database: Database;
  /** DATABASE_URL for PostgreSQL, or undefined for SQLite. */
  url: string | undefined;
  /** Directory holding the SQLite file. */
  dir: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of the given engine: a new SQLite file, or a clone of the PostgreSQL template. */
export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'plenum-test-'));
  if (engine === 'sqlite') {
    const database = openDatabase({ sqliteFile: join(dir, 'plenum.sqlite') });
    await migrateToLatest(database.db);
    return {
      database,
      url: undefined,
      dir,
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `plenum_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  const url = databaseUrl(name);
  const database = openDatabase({ databaseUrl: url, sqliteFile: ':memory:', poolSize: 5 });
  await migrateToLatest(database.db);
  return {
    database,
    url,
    dir,
    drop: async () => {
      await database.close();
      await dropDatabase(name);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Hub {
  engine: Engine;
  app: App;
  store: Store;
  server: Server;
  config: Config;
  testDb: TestDatabase;
  close(): Promise<void>;
}

export interface HubOptions {
  /** PLENUM_BASE_URL, e.g. `https://example.org/planning/`. */
  baseUrl?: string;
  now?: () => Date;
  /** Further environment, e.g. SMTP_URL. */
  env?: Record<string, string>;
  /** Limits of the live pages' event streams. */
  live?: LiveStreamOptions;
  /** Shorter request timeouts than production's. */
  timeouts?: Partial<RequestTimeouts>;
  /** startPeer: reach the database at this URL instead (e.g. through a relay that can cut it). */
  databaseUrl?: string;
  /** Told when a pooled connection breaks. */
  onPoolError?: (err: unknown) => void;
  /** Limits against abuse, raised or lowered (see src/app/limits.ts). */
  limits?: LimitOverrides;
  /** Whether webhooks may reach private networks, asked at each use (PLENUM_WEBHOOK_ALLOW_PRIVATE by default). */
  webhookAllowPrivate?: () => boolean;
}

/** Tests propose many ideas and topics as one member from one address; the limit's own tests lower it. */
const MANY_PROPOSALS: LimitOverrides = {
  proposalsPerAccount: { max: 100_000 },
  proposalsPerClient: { max: 100_000 },
};

/** A whole hub (use-cases and HTTP server) on a fresh database; requests go through Fastify's inject. */
export async function startHub(engine: Engine, options: HubOptions = {}): Promise<Hub> {
  const testDb = await openTestDatabase(engine);
  const config = loadConfig({
    PLENUM_DATA_DIR: testDb.dir,
    PLENUM_BASE_URL: options.baseUrl ?? 'http://127.0.0.1:8080/',
    ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
    ...options.env,
  });
  const store = createStore(testDb.database, { mail: Boolean(config.smtpUrl) });
  const app = createApp(store, options.now, {
    limits: { ...MANY_PROPOSALS, ...options.limits },
    webhooks: { allowPrivate: options.webhookAllowPrivate ?? (() => config.webhookAllowPrivate) },
  });
  const server = await buildServer({
    app,
    config,
    live: options.live ?? {},
    timeouts: options.timeouts ?? {},
  });
  await server.ready();
  return {
    engine,
    app,
    store,
    server,
    config,
    testDb,
    close: async () => {
      await server.close();
      await testDb.drop();
    },
  };
}

/**
 * A second Plenum instance on the database of `hub` (PostgreSQL), as when several instances
 * serve one community: its own pool, its own listener and its own HTTP server.
 */
export async function startPeer(hub: Hub, options: HubOptions = {}): Promise<Hub> {
  if (!hub.testDb.url) throw new Error('instances share a database only on PostgreSQL');
  const database = openDatabase({
    databaseUrl: options.databaseUrl ?? hub.testDb.url,
    sqliteFile: ':memory:',
    poolSize: 5,
    ...(options.onPoolError ? { onPoolError: options.onPoolError, onLiveError: options.onPoolError } : {}),
  });
  const store = createStore(database, { mail: Boolean(hub.config.smtpUrl) });
  const app = createApp(store, options.now, { limits: { ...MANY_PROPOSALS, ...options.limits } });
  const server = await buildServer({
    app,
    config: hub.config,
    live: options.live ?? {},
    timeouts: options.timeouts ?? {},
  });
  await server.ready();
  return {
    engine: hub.engine,
    app,
    store,
    server,
    config: hub.config,
    testDb: { ...hub.testDb, database, drop: () => database.close() },
    close: async () => {
      await server.close();
      await database.close();
    },
  };
}
