import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server as NodeServer } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { App } from '../app/app.js';
import type { MetricsConfig } from '../metrics-config.js';

/** Whatever the metrics read besides requests: the app's outbox and the process's streams. */
interface MetricSources {
  app: App;
  openStreams: () => number;
}

/**
 * The hub's metrics in one registry of its own (not prom-client's global one, so two servers in
 * one process, as in tests, keep theirs apart). Process metrics, event-loop lag and the heap
 * come from prom-client's defaults; outbox and pool figures are read when scraped.
 */
export function createMetrics({ app, openStreams }: MetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'plenum_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by route template and status.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  outboxGauges(registry, app);
  databaseGauges(registry, app);
  new Gauge({
    name: 'plenum_live_streams_open',
    help: 'Event streams of live pages this process holds open.',
    registers: [registry],
    collect() {
      this.set(openStreams());
    },
  });
  return {
    registry,
    observe(request: FastifyRequest, reply: FastifyReply): void {
      // The route's template, not its URL: one series per route, whatever the slugs.
      const route = request.routeOptions.url ?? 'unmatched';
      requests.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

function outboxGauges(registry: Registry, app: App): void {
  // One query feeds both gauges: a scrape collects them at once and shares the answer.
  let reading: ReturnType<App['outbox']['backlog']> | null = null;
  const backlog = () => {
    reading ??= app.outbox.backlog().finally(() => {
      reading = null;
    });
    return reading;
  };
  new Gauge({
    name: 'plenum_outbox_jobs',
    help: 'Outbox jobs by kind and state: pending (to be run) or failed (given up).',
    labelNames: ['kind', 'state'],
    registers: [registry],
    async collect() {
      const rows = await backlog();
      this.reset();
      for (const row of rows) {
        this.set({ kind: row.kind, state: 'pending' }, row.pending);
        this.set({ kind: row.kind, state: 'failed' }, row.failed);
      }
    },
  });
  new Gauge({
    name: 'plenum_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest pending outbox job, by kind (0 when none waits).',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const rows = await backlog();
      this.reset();
      for (const row of rows) this.set({ kind: row.kind }, row.oldestAgeSeconds);
    },
  });
}

function databaseGauges(registry: Registry, app: App): void {
  new Gauge({
    name: 'plenum_database_query_errors',
    help: 'Queries that failed since start (a counter kept by the database layer).',
    registers: [registry],
    collect() {
      this.set(app.health.database().queryErrors);
    },
  });
  new Gauge({
    name: 'plenum_database_pool_connections',
    help: 'PostgreSQL pool connections by state: total, idle, and requests waiting for one.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = app.health.database().pool;
      if (!pool) return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
}

/** Compares in constant time, so a scraper's token cannot be guessed byte by byte. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const sent = Buffer.from(/^Bearer\s+(\S+)$/iu.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return sent.length === wanted.length && timingSafeEqual(sent, wanted);
}

/** `/metrics` in Prometheus text beside the pages, behind the bearer token when one is set. */
export function installMetrics(
  server: FastifyInstance,
  metrics: Metrics,
  config: MetricsConfig,
  prefix: string,
): void {
  server.addHook('onResponse', async (request, reply) => metrics.observe(request, reply));
  if (config.port !== null) return;
  server.get(`${prefix}/metrics`, { config: { ownCredentials: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (config.token !== null && !tokenMatches(request.headers.authorization, config.token))
      return reply.code(401).header('www-authenticate', 'Bearer').send({ status: 'unauthorized' });
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/** `/metrics` alone on a port of its own (PLENUM_METRICS_PORT): nothing else answers there. */
export function metricsListener(metrics: Metrics, config: MetricsConfig): NodeServer {
  return createServer((req, res) => {
    if (req.url !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    if (config.token !== null && !tokenMatches(req.headers.authorization, config.token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
}
