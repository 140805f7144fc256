import { type App, createApp } from './app/app.js';
import type { Config } from './config.js';
import { openDatabase } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { createStore, type Store } from './store/store.js';

/** Opens the configured database, brings its schema up to date and wires the use-cases. */
export async function openApp(
  config: Config,
  options: { onLiveError?: (err: unknown) => void } = {},
): Promise<{ app: App; store: Store }> {
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.sqliteFile,
    ...(options.onLiveError ? { onLiveError: options.onLiveError } : {}),
  });
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  const store = createStore(database);
  return { app: createApp(store), store };
}
