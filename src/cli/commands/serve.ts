import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { buildServer } from '../../http/server.js';
import { smtpTransport, startOutboxWorker } from '../../mail/worker.js';
import { openApp } from '../../runtime.js';

async function serve(): Promise<void> {
  const config = loadConfig();
  // The listener may fail before the server (and its logger) exists; then stderr says it.
  let liveError = (err: unknown) => console.error('live updates: the listening connection failed', err);
  let poolError = (err: unknown) => console.error('database: a pooled connection failed', err);
  const { app, store } = await openApp(config, {
    onLiveError: (err) => liveError(err),
    onPoolError: (err) => poolError(err),
    // A database started beside the hub (a compose file, a reboot) may take a while to accept.
    waitForDatabaseMs: 60_000,
    onWaiting: (err) =>
      console.error(`waiting for the database: ${err instanceof Error ? err.message : String(err)}`),
  });
  const server = await buildServer({ app, config, logger: { level: config.logLevel } });
  liveError = (err) =>
    server.log.warn({ err }, 'live updates: the PostgreSQL listening connection failed; reconnecting');
  poolError = (err) =>
    server.log.warn({ err }, 'database: a pooled PostgreSQL connection failed; it is dropped and replaced');
  const worker = startOutboxWorker(app, config, config.smtpUrl ? smtpTransport(config) : null, {
    log: (msg, err) => server.log.warn({ err }, msg),
  });
  server.addHook('onResponse', async (request) => {
    // Writes may have queued mail; send it now rather than at the next poll.
    if (request.method !== 'GET' && request.method !== 'HEAD') worker.kick();
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.log.info({ signal }, 'shutting down');
    await server.close();
    await worker.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await server.listen({ host: config.host, port: config.port });
  const listening = server
    .addresses()
    .map((a) =>
      typeof a === 'string' ? a : `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`,
    );
  server.log.info(
    {
      url: config.baseUrl.toString(),
      listening,
      database: store.engine === 'sqlite' ? config.sqliteFile : 'postgres',
    },
    'Plenum is ready',
  );
}

/** Running the hub: `serve` and `migrate`. */
export function serveCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the hub (HOST, PORT, PLENUM_BASE_URL, PLENUM_DATA_DIR, DATABASE_URL)')
    .action(serve);

  program
    .command('migrate')
    .description('bring the database schema up to date and exit')
    .action(async () => {
      const { store } = await openApp(loadConfig());
      await store.close();
      console.log('Database is up to date.');
    });
}
