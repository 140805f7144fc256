import { connect } from 'node:net';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { REQUEST_TIMEOUTS } from '../src/http/server.js';
import { startOutboxWorker } from '../src/mail/worker.js';
import { isDatabaseUnavailable } from '../src/store/outage.js';
import { buildIdea, buildUser, type TestUser } from './support/factories.js';
import { type Hub, startHub, startPeer } from './support/hub.js';
import { adminQuery } from './support/postgres.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/**
 * The database goes away under a running hub (a restart, a failover, a pooler closing idle
 * connections, a locked SQLite file): the process lives on, says 503 with Retry-After while it
 * lasts, loses nothing it acknowledged and recovers by itself.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(check: () => Promise<T | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => false as const);
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/** Ends every connection PostgreSQL holds for `database`, as a restart or an idle timeout does. */
async function terminateBackends(database: string): Promise<void> {
  await adminQuery(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database}' and pid <> pg_backend_pid()`,
  );
}

function databaseName(url: string | undefined): string {
  if (!url) throw new Error('PostgreSQL only');
  return new URL(url).pathname.slice(1);
}

describe('PostgreSQL ends connections under a running hub', () => {
  let hub: Hub;
  let member: TestUser;
  const poolErrors: unknown[] = [];

  beforeAll(async () => {
    hub = await startHub('postgres');
    member = await buildUser(hub);
  });
  afterAll(async () => {
    await hub.close();
  });

  it('lives on when idle pooled connections are terminated, and answers with new ones', async () => {
    const peer = await startPeer(hub, { onPoolError: (err) => poolErrors.push(err) });
    try {
      // Several idle connections in the pool.
      await Promise.all(Array.from({ length: 4 }, () => peer.server.inject('/api/v1/ideas')));
      await terminateBackends(databaseName(hub.testDb.url));
      await until(async () => poolErrors.length > 0 || false);
      const res = await until(async () => {
        const r = await peer.server.inject('/api/v1/ideas');
        return r.statusCode === 200 ? r : false;
      });
      expect(res.statusCode).toBe(200);
      expect(poolErrors.every(isDatabaseUnavailable)).toBe(true);
    } finally {
      await peer.close();
    }
  });

  it('lives on when a connection is terminated in the middle of a transaction, which fails as unavailable', async () => {
    const failure = await hub.store
      .transaction(async (repos) => {
        await repos.ideas.findBySlug('nothing-here');
        await terminateBackends(databaseName(hub.testDb.url));
        // The client hears of it while no query runs, then the next query fails.
        await sleep(100);
        await repos.ideas.findBySlug('nothing-here');
      })
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(failure).not.toBeNull();
    expect(isDatabaseUnavailable(failure)).toBe(true);
    const res = await until(async () => {
      const r = await hub.server.inject('/api/v1/ideas');
      return r.statusCode === 200 ? r : false;
    });
    expect(res.statusCode).toBe(200);
    expect(member.user.id).toBeTruthy();
  });
});

describe('PostgreSQL away and back', () => {
  let hub: Hub;
  let peer: Hub;
  let proxy: TcpProxy;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub('postgres');
    member = await buildUser(hub);
    await buildIdea(hub, member, { title: 'Kept through the outage' });
    if (!hub.testDb.url) throw new Error('PostgreSQL only');
    proxy = await startTcpProxy(hub.testDb.url);
    peer = await startPeer(hub, { databaseUrl: proxy.url, onPoolError: () => {} });
  });
  afterEach(() => proxy.up());
  afterAll(async () => {
    await peer.close();
    await proxy.close();
    await hub.close();
  });

  it('answers 503 with Retry-After on the API and the pages while the database is away, and recovers by itself', async () => {
    expect((await peer.server.inject('/api/v1/ideas')).statusCode).toBe(200);
    proxy.down();

    const api = await peer.server.inject('/api/v1/ideas');
    expect(api.statusCode).toBe(503);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/u);
    expect(api.headers['retry-after']).toBe('5');
    expect(api.json()).toMatchObject({ status: 503, type: 'urn:plenum:problem:database-unavailable' });

    const page = await peer.server.inject({ url: '/backlog', headers: { 'accept-language': 'de' } });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/html/u);
    expect(page.headers['retry-after']).toBe('5');
    expect(page.body).toContain('Die Datenbank ist gerade nicht erreichbar');

    const write = await peer.server.inject({
      method: 'POST',
      url: '/api/v1/ideas',
      headers: member.auth,
      payload: { title: 'Written while the database was away' },
    });
    expect(write.statusCode).toBe(503);

    expect((await peer.server.inject('/readyz')).statusCode).toBe(503);
    expect((await peer.server.inject('/healthz')).statusCode).toBe(200);

    proxy.up();
    const back = await until(async () => {
      const r = await peer.server.inject('/api/v1/ideas');
      return r.statusCode === 200 ? r : false;
    });
    const titles = (back.json() as { items: { title: string }[] }).items.map((i) => i.title);
    expect(titles).toContain('Kept through the outage');
    expect(titles).not.toContain('Written while the database was away');
    await until(async () => (await peer.server.inject('/readyz')).statusCode === 200 || false);
  });

  it('is not ready while new connections fail, even though pooled ones still answer', async () => {
    await until(async () => (await peer.server.inject('/readyz')).statusCode === 200 || false);
    // Warm connections stay open through the relay; only new ones are dropped.
    await Promise.all(Array.from({ length: 3 }, () => peer.server.inject('/api/v1/ideas')));
    proxy.refuseNew();
    await sleep(1100); // past the probe's reuse window
    expect((await peer.server.inject('/readyz')).statusCode).toBe(503);
    proxy.up();
    await sleep(1100);
    expect((await peer.server.inject('/readyz')).statusCode).toBe(200);
  });

  it('runs one readiness probe at a time however many ask', async () => {
    await sleep(1100);
    const before = await connectionsTo(databaseName(hub.testDb.url));
    const answers = await Promise.all(Array.from({ length: 50 }, () => peer.server.inject('/readyz')));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    const after = await connectionsTo(databaseName(hub.testDb.url));
    // The pool's connections and at most the one probe in flight.
    expect(after - before).toBeLessThanOrEqual(1);
  });

  it('keeps the outbox worker alive while the database is away, and runs the jobs once it is back', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const logged: string[] = [];
    const worker = startOutboxWorker(peer.app, peer.config, null, {
      autoStart: false,
      log: (msg) => logged.push(msg),
    });
    try {
      proxy.down();
      // Two runs at once: the second queues behind the first and must not inherit its failure unheard.
      const runs = await Promise.allSettled([worker.runOnce(), worker.runOnce()]);
      expect(runs.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      for (const r of runs) if (r.status === 'rejected') expect(isDatabaseUnavailable(r.reason)).toBe(true);
      await sleep(50);
      expect(unhandled).toEqual([]);
      proxy.up();
      expect(await until(async () => worker.runOnce().then(() => true))).toBe(true);
    } finally {
      await worker.stop();
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

async function connectionsTo(database: string): Promise<number> {
  const { Client } = (await import('pg')).default;
  const client = new Client({
    connectionString: new URL('/postgres', 'postgres://postgres@127.0.0.1:5432').toString(),
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where datname = $1',
      [database],
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

describe('SQLite locked by another process', () => {
  let hub: Hub;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub('sqlite');
    member = await buildUser(hub);
  });
  afterAll(async () => {
    await hub.close();
  });

  it('answers 503 with Retry-After when the file stays locked past the busy timeout, and writes nothing', async () => {
    const other = new SQLite(hub.config.sqliteFile);
    try {
      other.pragma('busy_timeout = 0');
      other.exec('BEGIN IMMEDIATE');
      const res = await hub.server.inject({
        method: 'POST',
        url: '/api/v1/ideas',
        headers: member.auth,
        payload: { title: 'Written while the file was locked' },
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ type: 'urn:plenum:problem:database-unavailable' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const rows = await sql<{ n: number }>`select count(*) as n from ideas`.execute(hub.testDb.database.db);
    expect(Number(rows.rows[0]?.n)).toBe(0);
  }, 20_000);
});

describe('request timeouts', () => {
  it('are set on the server by default', async () => {
    const hub = await startHub('sqlite');
    try {
      const raw = hub.server.server;
      expect(raw.requestTimeout).toBe(REQUEST_TIMEOUTS.requestMs);
      expect(raw.headersTimeout).toBe(REQUEST_TIMEOUTS.headersMs);
      expect(raw.keepAliveTimeout).toBe(REQUEST_TIMEOUTS.keepAliveMs);
      expect(REQUEST_TIMEOUTS.requestMs).toBeGreaterThan(0);
    } finally {
      await hub.close();
    }
  });

  it('cut clients that trickle a body or their headers', async () => {
    const hub = await startHub('sqlite', {
      timeouts: { headersMs: 500, requestMs: 1000, checkIntervalMs: 100 },
    });
    try {
      const address = await hub.server.listen({ host: '127.0.0.1', port: 0 });
      const { port } = new URL(address);
      const started = Date.now();
      const trickle = (headersOnly: boolean) =>
        new Promise<{ answer: string; ms: number }>((resolve) => {
          const socket = connect(Number(port), '127.0.0.1');
          let answer = '';
          let timer: NodeJS.Timeout | undefined;
          socket.on('connect', () => {
            socket.write(
              headersOnly
                ? 'POST /api/v1/ideas HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                : 'POST /api/v1/ideas HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"title":"',
            );
            timer = setInterval(() => {
              if (!socket.destroyed) socket.write(headersOnly ? 'X-Slow: 1\r\n' : 'a');
            }, 100);
          });
          socket.on('data', (d) => {
            answer += d.toString();
          });
          socket.on('error', () => {});
          socket.on('close', () => {
            clearInterval(timer);
            resolve({ answer, ms: Date.now() - started });
          });
        });
      const results = await Promise.all([
        ...Array.from({ length: 5 }, () => trickle(false)),
        ...Array.from({ length: 2 }, () => trickle(true)),
      ]);
      for (const r of results) {
        expect(r.answer).toMatch(/^HTTP\/1\.1 408/u);
        // Cut at its limit plus one check interval, not held open as before.
        expect(r.ms).toBeLessThan(10_000);
      }
    } finally {
      await hub.close();
    }
  });
});

describe('the database is not up yet when plenum starts', () => {
  it('is recognised as an outage to wait for, not a fault', async () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      PLENUM_DATA_DIR: '/tmp',
    });
    const { openDatabase } = await import('../src/store/db.js');
    const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: ':memory:' });
    try {
      const err = await sql`select 1`.execute(database.db).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(err)).toBe(true);
      await expect(database.probe()).rejects.toBeTruthy();
    } finally {
      await database.close();
    }
  });
});
