import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { metricsListener } from '../src/http/metrics.js';
import { serverMetrics } from '../src/http/server.js';
import { newId } from '../src/store/ids.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

const TOKEN = 'scrape-token-0123456789abcdef';

/** One sample of the Prometheus text format: `name{label="value",…} number`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition format as Prometheus reads it (comments, samples with labels), for the test alone. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/u.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/gu)) {
      labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/gu, (_m, c) => (c === 'n' ? '\n' : c));
    }
    const raw = match[3] as string;
    samples.push({ name: match[1] as string, labels, value: raw === '+Inf' ? Infinity : Number(raw) });
  }
  return samples;
}

function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

describe.each(ENGINES)('metrics (%s)', (engine) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub(engine, { env: { PLENUM_METRICS: '1', PLENUM_METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => hub.close());

  const scrape = async () => {
    const res = await hub.server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return parseExposition(res.body);
  };

  it('refuses a scrape without the token, or with a wrong one', async () => {
    expect((await hub.server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await hub.server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('counts a request in the histogram of its route template and status', async () => {
    const before = await scrape();
    const count = (s: Sample[]) =>
      find(s, 'plenum_http_request_duration_seconds_count', {
        route: '/api/v1/ideas/:id',
        status_code: '404',
        method: 'GET',
      })?.value ?? 0;
    await hub.server.inject({ method: 'GET', url: '/api/v1/ideas/no-such-idea' });
    await hub.server.inject({ method: 'GET', url: '/api/v1/ideas/another-missing-one' });
    const after = await scrape();
    expect(count(after) - count(before)).toBe(2);
    const le = find(after, 'plenum_http_request_duration_seconds_bucket', {
      route: '/api/v1/ideas/:id',
      le: '+Inf',
    });
    expect(le?.value).toBe(count(after));
    // Process metrics and event-loop lag come along.
    expect(find(after, 'process_resident_memory_bytes')?.value).toBeGreaterThan(0);
    expect(find(after, 'nodejs_eventloop_lag_seconds')).toBeDefined();
    expect(find(after, 'plenum_live_streams_open')?.value).toBe(0);
    expect(find(after, 'plenum_database_query_errors')).toBeDefined();
    if (engine === 'postgres')
      expect(find(after, 'plenum_database_pool_connections', { state: 'total' })?.value).toBeGreaterThan(0);
  });

  it('shows the outbox queue by kind with the age of its oldest job', async () => {
    const queuedAt = new Date(Date.now() - 90_000).toISOString();
    await hub.store.transaction((repos) =>
      repos.outbox.enqueue({
        id: newId(),
        kind: 'metrics-probe',
        payload: '{}',
        created_at: queuedAt,
        run_after: '2999-01-01T00:00:00.000Z',
      }),
    );
    const samples = await scrape();
    expect(find(samples, 'plenum_outbox_jobs', { kind: 'metrics-probe', state: 'pending' })?.value).toBe(1);
    expect(find(samples, 'plenum_outbox_jobs', { kind: 'metrics-probe', state: 'failed' })?.value).toBe(0);
    const age =
      find(samples, 'plenum_outbox_oldest_pending_age_seconds', { kind: 'metrics-probe' })?.value ?? 0;
    expect(age).toBeGreaterThanOrEqual(89);
  });

  it('serves /metrics alone on a port of its own when one is set', async () => {
    const metrics = serverMetrics(hub.server);
    if (!metrics) throw new Error('metrics are on in this hub');
    const listener = metricsListener(metrics, { token: TOKEN, port: 1 });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as AddressInfo;
    try {
      const ok = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(ok.status).toBe(200);
      expect(find(parseExposition(await ok.text()), 'plenum_live_streams_open')).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/backlog`)).status).toBe(404);
    } finally {
      listener.close();
    }
  });
});

describe('metrics configuration', () => {
  it('is off by default, and /metrics does not exist then', () => {
    expect(loadConfig({}).metrics).toBeNull();
  });
  it('explains what it refuses', () => {
    expect(() => loadConfig({ PLENUM_METRICS: 'yes' })).toThrow(/PLENUM_METRICS must be 1 or 0/u);
    expect(() => loadConfig({ PLENUM_METRICS: '1', PLENUM_METRICS_TOKEN: 'short' })).toThrow(/at least 16/u);
    expect(() => loadConfig({ PLENUM_METRICS: '1', PLENUM_METRICS_PORT: '70000' })).toThrow(/1–65535/u);
    expect(() => loadConfig({ PLENUM_METRICS_TOKEN: TOKEN })).toThrow(/need PLENUM_METRICS=1/u);
    expect(loadConfig({ PLENUM_METRICS: '1', PLENUM_METRICS_PORT: '9464' }).metrics).toEqual({
      token: null,
      port: 9464,
    });
  });
});
