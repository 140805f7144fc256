import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  heapSnapshotOptions,
  liveHeapBytes,
  plenumCli,
  requireBuild,
  residentBytes,
  type Served,
  serve,
} from '../support/child.js';

/**
 * 500 connections for 30 seconds against `plenum serve` on SQLite, reading pages, feeds and the
 * API while proposals are written: no 5xx, no socket error or timeout, and the server's memory
 * settles: what its heap holds after a full collection at the end is within 20 % of what it held
 * after a warm-up of the same load (a leak grows it with every request), and its resident size
 * has not run away (see the bound below).
 *
 * The connections are opened (and accepted) before the load starts and then kept alive, as a
 * reverse proxy keeps its pool. Node accepts one new connection per turn of its event loop, so
 * 500 connections opened all at once against a server that is already saturated by the first
 * ones trickle in over a minute (autocannon opens them that way, and then reports the stragglers
 * as timeouts); that is a property of Node's accept loop, not of the hub.
 */

const CONNECTIONS = 500;
const DURATION_S = Number(process.env.PLENUM_LOAD_SECONDS ?? 30);
const WARM_UP_S = 10;
/** A request that has no answer after this long counts as an error. */
const REQUEST_TIMEOUT_MS = 30_000;

interface Mix {
  ideaId: string;
  ideaSlug: string;
  seriesSlug: string;
  token: string;
}

interface Step {
  method: 'GET' | 'POST';
  path: string;
  body?: () => string;
}

/** One round of the mix: mostly reads of pages, feeds and the API, one write in ten. */
function steps(mix: Mix): Step[] {
  return [
    { method: 'GET', path: '/backlog?status=backlog' },
    { method: 'GET', path: '/api/v1/ideas?status=backlog&limit=50' },
    { method: 'GET', path: `/meetings/${mix.seriesSlug}.ics` },
    { method: 'GET', path: `/api/v1/ideas/${mix.ideaId}` },
    { method: 'GET', path: '/meetings' },
    {
      method: 'POST',
      path: '/api/v1/ideas',
      body: () => JSON.stringify({ title: `Load ${randomBytes(5).toString('hex')}`, tags: ['load'] }),
    },
    { method: 'GET', path: `/ideas/${mix.ideaSlug}` },
    { method: 'GET', path: `/api/v1/series/${mix.seriesSlug}/next` },
    { method: 'GET', path: '/' },
    { method: 'GET', path: `/meetings/${mix.seriesSlug}/badge.svg` },
  ];
}

interface Tally {
  requests: number;
  statuses: Map<number, number>;
  errors: Map<string, number>;
  latencies: number[];
  sockets: Set<Socket>;
  seconds: number;
}

function newTally(): Tally {
  return {
    requests: 0,
    statuses: new Map(),
    errors: new Map(),
    latencies: [],
    sockets: new Set(),
    seconds: 0,
  };
}

function send(agent: Agent, base: URL, step: Step, token: string, tally: Tally): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    const body = step.body?.();
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: step.method,
        path: step.path,
        headers: body
          ? {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            }
          : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          tally.requests++;
          tally.latencies.push(performance.now() - started);
          tally.statuses.set(res.statusCode ?? 0, (tally.statuses.get(res.statusCode ?? 0) ?? 0) + 1);
          resolve();
        });
        res.on('error', (err) => fail(err));
      },
    );
    const fail = (err: Error & { code?: string }) => {
      const key = err.code ?? err.message;
      tally.errors.set(key, (tally.errors.get(key) ?? 0) + 1);
      resolve();
    };
    req.on('socket', (socket) => tally.sockets.add(socket));
    req.setTimeout(REQUEST_TIMEOUT_MS, () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
    );
    req.on('error', fail);
    req.end(body);
  });
}

/** Every connection runs the mix, request after request (each from its own place in it), until the time is up. */
async function load(agent: Agent, base: URL, mix: Mix, seconds: number): Promise<Tally> {
  const tally = newTally();
  const plan = steps(mix);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      for (let i = c; performance.now() < until; i++) {
        await send(agent, base, plan[i % plan.length] as Step, mix.token, tally);
      }
    }),
  );
  tally.seconds = (performance.now() - started) / 1000;
  return tally;
}

function summary(t: Tally): string {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0);
  const codes = [...t.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
  const errors = [...t.errors].map(([e, n]) => `${e}×${n}`).join(' ') || 'none';
  return `${t.requests} requests in ${t.seconds.toFixed(1)} s (${Math.round(t.requests / t.seconds)}/s) over ${t.sockets.size} connections; latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms; ${codes}; errors ${errors}`;
}

describe('500 connections against plenum serve on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plenum-load-'));
  const snapshots = mkdtempSync(join(tmpdir(), 'plenum-load-heap-'));
  const env = { PLENUM_DATA_DIR: dir, NODE_OPTIONS: heapSnapshotOptions(snapshots) };
  let server: Served;
  let mix: Mix;
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });

  beforeAll(async () => {
    requireBuild();
    plenumCli(['user', 'add', '--email', 'load@example.org', '--name', 'Load', '--role', 'maintainer'], {
      ...env,
      PLENUM_PASSWORD: 'a long enough password',
    });
    const token = plenumCli(['token', 'create', '--email', 'load@example.org'], env).trim();
    server = await serve(env);
    const api = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string; slug: string };
    };
    let idea = { id: '', slug: '' };
    for (let i = 0; i < 60; i++) {
      idea = await api('/ideas', {
        title: `Backlog idea ${i}`,
        description: `Some **Markdown** for idea ${i}.`,
        tags: ['seed', `t${i % 7}`],
        status: 'backlog',
      });
    }
    const series = await api('/series', {
      title: 'Planning meeting',
      weekRule: 'odd',
      weekday: 1,
      startTime: '14:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      startDate: '2026-01-05',
      joinUrl: 'https://meet.example.org/planning',
    });
    mix = { ideaId: idea.id, ideaSlug: idea.slug, seriesSlug: series.slug, token };
  }, 120_000);

  afterAll(async () => {
    agent.destroy();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(snapshots, { recursive: true, force: true });
  });

  it(
    `answers every request of ${DURATION_S} s of mixed reads and writes on ${CONNECTIONS} connections, and its memory settles`,
    async () => {
      const base = new URL(server.url);
      // Open all connections while the server is idle: one cheap request each, at once.
      const opened = newTally();
      await Promise.all(
        Array.from({ length: CONNECTIONS }, () =>
          send(agent, base, { method: 'GET', path: '/healthz' }, '', opened),
        ),
      );
      expect(opened.errors.size).toBe(0);
      expect(opened.sockets.size).toBe(CONNECTIONS);

      const warm = await load(agent, base, mix, WARM_UP_S);
      // Snapshot first: writing one leaves the process a larger resident size of its own.
      const heapBefore = await liveHeapBytes(server, snapshots);
      const before = residentBytes(server.pid);
      const result = await load(agent, base, mix, DURATION_S);
      const after = residentBytes(server.pid);
      const heapAfter = await liveHeapBytes(server, snapshots);
      const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
      console.log(`load warm-up: ${summary(warm)}`);
      console.log(
        `load: ${summary(result)}; server RSS ${mb(before)} after warm-up, ${mb(after)} at the end; live heap (snapshot) ${mb(heapBefore)} → ${mb(heapAfter)}`,
      );

      expect(server.child.exitCode).toBeNull();
      expect(Object.fromEntries(result.errors)).toEqual({});
      expect([...result.statuses.keys()].filter((s) => s >= 500)).toEqual([]);
      expect([...result.statuses.keys()].sort()).toEqual([200, 201]);
      // Concurrency held: all the connections carried the load, and no new ones were needed.
      expect(result.sockets.size).toBe(CONNECTIONS);
      expect(result.requests).toBeGreaterThan(CONNECTIONS * 2);
      expect(Math.abs(heapAfter - heapBefore) / heapBefore).toBeLessThanOrEqual(0.2);
      // The resident size also counts the room V8 keeps for garbage not yet collected, which
      // follows how busy the machine is (10–47 % more than after the warm-up on the same build
      // while the live heap stayed flat); the bound is loose, for a leak outside the heap.
      expect(Math.abs(after - before) / before).toBeLessThanOrEqual(0.6);
    },
    (WARM_UP_S + DURATION_S) * 1000 + 180_000,
  );
});
