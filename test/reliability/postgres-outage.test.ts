import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { plenumCli, requireBuild, type Served, serve } from '../support/child.js';
import { adminQuery, databaseUrl } from '../support/postgres.js';
import { type PrivatePostgres, startPrivatePostgres } from '../support/private-postgres.js';

/**
 * PostgreSQL goes away under a `plenum serve` that is busy writing and reading: stopped and
 * started again (cleanly, then as in a crash), and its connections terminated one after the
 * other. The process must live through it, answer 503 (problem+json, Retry-After) while the
 * database is away and nothing else above 499, lose no write it acknowledged, and be ready
 * again within seconds of the database's return.
 */

const WRITERS = 8;
const READERS = 4;
const TIMEOUT = 300_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Tally {
  acks: { id: string; title: string }[];
  statuses: Map<number, number>;
  /** Anything but 2xx, 503-as-promised and the redirects of pages: each one fails the test. */
  faults: string[];
}

function startLoad(url: string, token: string) {
  const tally: Tally = { acks: [], statuses: new Map(), faults: [] };
  let stopped = false;
  const count = (status: number) => tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
  const check503 = (res: Response, api: boolean) => {
    if (res.headers.get('retry-after') === null) tally.faults.push(`503 without Retry-After on ${res.url}`);
    if (api && !res.headers.get('content-type')?.startsWith('application/problem+json'))
      tally.faults.push(`503 that is no problem document on ${res.url}`);
  };
  const writer = async (w: number) => {
    for (let n = 0; !stopped; n++) {
      const title = `Outage ${w}.${n} ${randomBytes(3).toString('hex')}`;
      try {
        const res = await fetch(`${url}/api/v1/ideas`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title, description: 'Written while the database comes and goes.' }),
        });
        count(res.status);
        if (res.status === 201) {
          const body = (await res.json()) as { id: string; title: string };
          tally.acks.push({ id: body.id, title: body.title });
        } else {
          if (res.status === 503) check503(res, true);
          else tally.faults.push(`${res.status} on a write: ${(await res.text()).slice(0, 300)}`);
          await sleep(50);
        }
      } catch (err) {
        tally.faults.push(`write failed without an answer: ${String(err)}`);
        await sleep(100);
      }
    }
  };
  const reader = async (r: number) => {
    const paths = ['/backlog', '/api/v1/ideas?limit=20', '/meetings', '/'];
    for (let n = 0; !stopped; n++) {
      const path = paths[(r + n) % paths.length] ?? '/';
      try {
        const res = await fetch(`${url}${path}`);
        count(res.status);
        await res.arrayBuffer();
        if (res.status === 503) check503(res, path.startsWith('/api/'));
        else if (res.status >= 400) tally.faults.push(`${res.status} on GET ${path}`);
        if (res.status !== 200) await sleep(50);
      } catch (err) {
        tally.faults.push(`GET ${path} failed without an answer: ${String(err)}`);
        await sleep(100);
      }
    }
  };
  const done = Promise.all([
    ...Array.from({ length: WRITERS }, (_, w) => writer(w)),
    ...Array.from({ length: READERS }, (_, r) => reader(r)),
  ]);
  return {
    tally,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

async function until(check: () => Promise<boolean> | boolean, ms: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(25);
  }
}

async function ready(url: string): Promise<number> {
  return (await fetch(`${url}/readyz`).catch(() => null))?.status ?? 0;
}

async function storedIdeas(url: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const res = await fetch(
      `${url}/api/v1/ideas?status=proposed&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string; title: string }[]; nextCursor: string | null };
    for (const item of body.items) found.set(item.id, item.title);
    cursor = body.nextCursor;
  } while (cursor);
  return found;
}

function tokenFor(env: Record<string, string>): string {
  plenumCli(['user', 'add', '--email', 'writer@example.org', '--name', 'Writer', '--role', 'maintainer'], {
    ...env,
    PLENUM_PASSWORD: 'a long enough password',
  });
  return plenumCli(['token', 'create', '--email', 'writer@example.org', '--name', 'outage test'], env).trim();
}

/** Every acknowledged write is stored, the process never died, and nothing but 503 went wrong. */
async function verify(server: Served, tally: Tally): Promise<void> {
  expect(server.child.exitCode).toBeNull();
  expect(server.child.signalCode).toBeNull();
  expect(tally.faults).toEqual([]);
  const stored = await storedIdeas(server.url);
  const missing = tally.acks.filter((a) => stored.get(a.id) !== a.title);
  expect(missing).toEqual([]);
  expect(server.output()).not.toMatch(/unexpected error|Unhandled|uncaught/iu);
}

describe('PostgreSQL stopped and started under load', () => {
  let postgres: PrivatePostgres | null = null;
  let server: Served | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'plenum-outage-'));

  afterAll(async () => {
    await server?.stop();
    postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'lives through a clean stop and a crash of the database, 503 while it is away, nothing acknowledged lost',
    async () => {
      requireBuild();
      postgres = await startPrivatePostgres();
      const env = { PLENUM_DATA_DIR: dir, DATABASE_URL: postgres.url };
      const token = tokenFor(env);
      server = await serve(env);
      const load = startLoad(server.url, token);
      const report: string[] = [];
      try {
        for (const mode of ['fast', 'immediate'] as const) {
          const before = load.tally.acks.length;
          await until(() => load.tally.acks.length - before >= 50, 30_000, 'writes before the stop');
          const unavailableBefore = load.tally.statuses.get(503) ?? 0;
          postgres.stop(mode);
          const away = Date.now();
          await until(async () => (await ready(server?.url ?? '')) === 503, 10_000, '/readyz says 503');
          await sleep(2000);
          const unavailable = (load.tally.statuses.get(503) ?? 0) - unavailableBefore;
          expect(unavailable).toBeGreaterThan(0);
          expect(server.child.exitCode).toBeNull();
          postgres.start();
          const recoveredMs = await until(
            async () => (await ready(server?.url ?? '')) === 200,
            20_000,
            '/readyz 200 after the restart',
          );
          const writesBack = load.tally.acks.length;
          const writesMs = await until(
            () => load.tally.acks.length - writesBack >= 20,
            20_000,
            'writes after the restart',
          );
          report.push(
            `${mode} stop: away ${Date.now() - away - recoveredMs - writesMs} ms with ${unavailable} answers 503, ready ${recoveredMs} ms after the start, writing again ${writesMs} ms later`,
          );
        }
      } finally {
        await load.stop();
      }
      console.log(
        `postgres restart: ${report.join('; ')}; ${load.tally.acks.length} writes acknowledged; statuses ${JSON.stringify(Object.fromEntries(load.tally.statuses))}`,
      );
      await verify(server, load.tally);
    },
    TIMEOUT,
  );
});

describe('PostgreSQL connections terminated under load', () => {
  const dbName = `plenum_terminate_${randomBytes(6).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'plenum-terminate-'));
  let server: Served | null = null;

  afterAll(async () => {
    await server?.stop();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'lives on, answers 503 at worst and keeps every acknowledged write',
    async () => {
      requireBuild();
      await adminQuery(`CREATE DATABASE ${dbName}`);
      const env = { PLENUM_DATA_DIR: dir, DATABASE_URL: databaseUrl(dbName) };
      const token = tokenFor(env);
      server = await serve(env);
      const load = startLoad(server.url, token);
      const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
      await admin.connect();
      let terminated = 0;
      try {
        for (let round = 0; round < 8; round++) {
          const before = load.tally.acks.length;
          await until(
            () => load.tally.acks.length - before >= 20,
            20_000,
            `writes before termination ${round}`,
          );
          const { rows } = await admin.query<{ n: string }>(
            `select count(*) filter (where pg_terminate_backend(pid)) as n
               from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
            [dbName],
          );
          terminated += Number(rows[0]?.n ?? 0);
        }
        const after = load.tally.acks.length;
        await until(() => load.tally.acks.length - after >= 20, 20_000, 'writes after the last termination');
      } finally {
        await admin.end();
        await load.stop();
      }
      console.log(
        `postgres terminations: ${terminated} connections ended in 8 rounds; ${load.tally.acks.length} writes acknowledged; statuses ${JSON.stringify(Object.fromEntries(load.tally.statuses))}`,
      );
      expect(terminated).toBeGreaterThan(0);
      await verify(server, load.tally);
    },
    TIMEOUT,
  );
});
