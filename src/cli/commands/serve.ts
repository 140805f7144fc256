import type { Command } from 'commander';
import { type Config, loadConfig } from '../../config.js';
import { buildServer, type Server, serverMetrics } from '../../http/server.js';
import { collectWhenIdle, type IdleCollector } from '../../idle-memory.js';
import { smtpTransport, startOutboxWorker } from '../../mail/worker.js';
import { openApp } from '../../runtime.js';

/** How long a stopping instance may take to finish what it holds. */
const SHUTDOWN_LIMIT_MS = 10_000;

/**
 * How long a stopping instance keeps serving after it stopped saying it is ready:
 * PLENUM_SHUTDOWN_DRAIN_MS, 0–5000, default 1000 (a balancer checking readiness every second).
 */
function drainMs(): number {
  const ms = Number(process.env.PLENUM_SHUTDOWN_DRAIN_MS ?? 1000);
  return Number.isInteger(ms) && ms >= 0 && ms <= 5000 ? ms : 1000;
}

/** Routes that probes call on a timer: answering them is not being busy. */
const PROBES = ['/healthz', '/readyz', '/metrics'];

/** A port in use or not ours to take, said with the variable that chooses another. */
function explainListenError(err: unknown, host: string, port: number, variable: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new Error(
      `${host}:${port} is already in use (another Plenum or another server?). Stop it, or set ${variable} to a free port, e.g. ${variable}=${port + 1}.`,
    );
  if (code === 'EACCES')
    return new Error(
      `${host}:${port} may not be opened by this user (ports below 1024 need privileges). Set ${variable} to a port above 1023.`,
    );
  return err;
}

async function listenOrExplain(server: Server, host: string, port: number, variable: string): Promise<void> {
  try {
    await server.listen({ host, port });
  } catch (err) {
    throw explainListenError(err, host, port, variable);
  }
}

/**
 * JSON lines for a log collector; at a terminal, the same records made readable by pino-pretty
 * (a transport in a worker thread, loaded only then).
 */
function loggerOptions(level: string) {
  if (!process.stdout.isTTY) return { level };
  return {
    level,
    transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
  };
}

/**
 * What follows each answer: mail a write queued goes out now rather than at the next poll, and
 * the process counts as busy for its collection of idle memory (null when that is off).
 */
function afterEachAnswer(server: Server, config: Config, worker: { kick(): void }): IdleCollector | null {
  const probes = new Set(PROBES.map((path) => `${config.basePath}${path}`));
  const idle =
    config.idleGcSeconds > 0
      ? collectWhenIdle(config.idleGcSeconds * 1000, (c) => server.log.debug(c, 'idle: memory given back'))
      : null;
  server.addHook('onResponse', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') worker.kick();
    // A balancer's or Prometheus's probes every few seconds must not keep an instance "busy".
    if (idle && !probes.has(request.routeOptions.url ?? '')) idle.touch();
  });
  return idle;
}

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
  const server = await buildServer({ app, config, logger: loggerOptions(config.logLevel) });
  liveError = (err) =>
    server.log.warn({ err }, 'live updates: the PostgreSQL listening connection failed; reconnecting');
  poolError = (err) =>
    server.log.warn({ err }, 'database: a pooled PostgreSQL connection failed; it is dropped and replaced');
  const worker = startOutboxWorker(app, config, config.smtpUrl ? smtpTransport(config) : null, {
    log: (msg, err) => server.log.warn({ err }, msg),
  });
  const idle = afterEachAnswer(server, config, worker);
  const metrics = serverMetrics(server);
  const metricsServer =
    metrics && config.metrics?.port
      ? (await import('../../http/metrics.js')).metricsListener(metrics, config.metrics)
      : null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.log.info({ signal }, 'shutting down');
    // A request or job that hangs must not keep a stopping instance alive past what an
    // orchestrator waits before it kills (Kubernetes: 30 s, Docker: 10 s).
    setTimeout(() => {
      server.log.error('shutdown took over 10 s; exiting with requests or jobs unfinished');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    // First /readyz answers 503 while the instance still serves, long enough for a balancer's
    // health check to notice: a connection it opens after that goes elsewhere, and none is
    // caught between the kernel's accepting it and the server's closing it (a reset, not a refusal).
    app.health.beginStopping();
    await new Promise((resolve) => setTimeout(resolve, drainMs()));
    // From here no connection is accepted, every answer closes its connection, streams end so
    // browsers reconnect elsewhere, and what arrived is finished.
    await server.close();
    idle?.stop();
    metricsServer?.close();
    await worker.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await listenOrExplain(server, config.host, config.port, 'PORT');
  if (metricsServer && config.metrics?.port) {
    const port = config.metrics.port;
    await new Promise<void>((resolve, reject) => {
      metricsServer.once('error', (err) =>
        reject(explainListenError(err, config.host, port, 'PLENUM_METRICS_PORT')),
      );
      metricsServer.listen(port, config.host, resolve);
    });
  }
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
