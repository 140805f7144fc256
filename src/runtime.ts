import { setTimeout as sleep } from 'node:timers/promises';
import { type App, createApp } from './app/app.js';
import type { Config } from './config.js';
import { openDatabase } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { isDatabaseUnavailable } from './store/outage.js';
import { createStore, type Store } from './store/store.js';

export interface OpenAppOptions {
  onLiveError?: (err: unknown) => void;
  onPoolError?: (err: unknown) => void;
  /**
   * How long to wait for a database that is not up yet (a container started beside it, a
   * restart under way) before giving up; told of each failed try.
   */
  waitForDatabaseMs?: number;
  onWaiting?: (err: unknown) => void;
}

/** Opens the configured database, brings its schema up to date and wires the use-cases. */
export async function openApp(
  config: Config,
  options: OpenAppOptions = {},
): Promise<{ app: App; store: Store }> {
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.sqliteFile,
    ...(options.onLiveError ? { onLiveError: options.onLiveError } : {}),
    ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
  });
  const giveUpAt = Date.now() + (options.waitForDatabaseMs ?? 0);
  for (;;) {
    try {
      await migrateToLatest(database.db);
      break;
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() >= giveUpAt) {
        await database.close();
        throw err;
      }
      options.onWaiting?.(err);
      await sleep(1000);
    }
  }
  const store = createStore(database, { mail: config.smtpUrl !== undefined });
  return {
    app: createApp(store, undefined, { webhooks: { allowPrivate: () => config.webhookAllowPrivate } }),
    store,
  };
}
