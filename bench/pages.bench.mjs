// What every page request costs before its route runs: the hub's settings and, for a member, the
// count of their unread notifications. Run with `npm run bench:pages` (builds first), or
// `node bench/pages.bench.mjs` after `npm run build`.
//
// Per engine: `plenum serve` on a fresh database with 200 ideas; a maintainer with 30 unread
// notifications signs in through the form. Each route then gets 1000 requests one after another
// on one keep-alive connection (total time, p50/p95), and 1000 more from 16 connections
// (autocannon, requests per second). On PostgreSQL the database's committed transactions over
// the sequential run give the statements per request (each read outside a transaction is one).
//
// Environment: BENCH_ENGINES=sqlite,postgres  BENCH_REQUESTS=1000
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (needs CREATE DATABASE)

import { Agent, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { openDatabase } from '../dist/store/db.js';
import { adminQuery, freshDatabase } from './support/databases.mjs';
import { get, sleep, startHub } from './support/processes.mjs';
import { seed } from './support/seed.mjs';
import { table } from './support/table.mjs';

const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').filter(Boolean);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONNECTIONS = 16;
const UNREAD = 30;
/** PostgreSQL hands a backend's counters to pg_stat_database within 10 s of it going idle. */
const STATS_DELAY_MS = 11_000;

/** Unread notifications for the seeded maintainer, as other members' comments would leave them. */
async function addNotifications({ databaseUrl, sqliteFile }) {
  const database = openDatabase({ databaseUrl, sqliteFile });
  try {
    const user = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'bench@example.org')
      .executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    const rows = Array.from({ length: UNREAD }, (_, i) => ({
      id: `bench-notification-${String(i).padStart(4, '0')}`,
      user_id: user.id,
      event_key: `bench:${i}`,
      kind: 'comment.created',
      thread_type: 'idea',
      thread_id: 'none',
      thread_title: `Idea ${i}`,
      path: '/backlog',
      actor_id: null,
      actor_name: 'Someone',
      data: '{}',
      created_at: at,
      follow_type: null,
      follow_id: null,
      read_at: null,
    }));
    await database.db.insertInto('notifications').values(rows).execute();
  } finally {
    await database.close();
  }
}

/** Signs in through the form as the seeded maintainer; the cookie header to send. */
async function signIn(port) {
  const agent = new Agent({ keepAlive: false });
  const form = await get(port, '/login', agent);
  const csrf = /name="_csrf" value="([^"]+)"/u.exec(form.body.toString())?.[1];
  if (!csrf) throw new Error('no CSRF token on /login');
  const cookies = (form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  const body = new URLSearchParams({
    email: 'bench@example.org',
    password: 'correct horse battery',
    _csrf: csrf,
  });
  const res = await new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/login',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
      },
      (r) => {
        r.resume();
        r.on('end', () => resolve(r));
      },
    );
    req.on('error', reject);
    req.end(body.toString());
  });
  const session = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  if (!session.some((c) => c.startsWith('plenum_session=')))
    throw new Error(`sign-in answered ${res.statusCode}`);
  return [...cookies, ...session].join('; ');
}

/** Transactions committed in the database so far (PostgreSQL), once the hub's counters are in. */
async function commits(name) {
  await sleep(STATS_DELAY_MS);
  const { rows } = await adminQuery(`SELECT xact_commit FROM pg_stat_database WHERE datname = '${name}'`);
  return Number(rows[0].xact_commit);
}

async function sequential(port, path, cookie) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const headers = cookie ? { cookie } : {};
  for (let i = 0; i < 50; i++) await get(port, path, agent, headers);
  const times = [];
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await get(port, path, agent, headers);
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    if (cookie && !res.body.toString().includes(`data-testid="unread-count" aria-hidden="true">${UNREAD}<`))
      throw new Error(`${path}: no unread count`);
  }
  const total = performance.now() - started;
  agent.destroy();
  times.sort((a, b) => a - b);
  const rank = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  return { total, p50: rank(50), p95: rank(95) };
}

async function concurrent(port, path, cookie) {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    amount: REQUESTS,
    headers: cookie ? { cookie } : {},
    // A shared machine under load can hold a request for seconds; counted, not fatal.
    timeout: 60,
  });
  if (r.non2xx > 0 || r.errors > 0) console.error(`${path}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.duration > 0 ? REQUESTS / r.duration : Number.NaN;
}

async function run(engine) {
  const database = await freshDatabase(engine);
  const dbName = database.env.DATABASE_URL ? new URL(database.env.DATABASE_URL).pathname.slice(1) : null;
  try {
    await seed({ ...database.seedOptions, count: 200 });
    await addNotifications(database.seedOptions);
    const hub = await startHub(database.env);
    try {
      const cookie = await signIn(hub.port);
      const rows = [];
      for (const [name, path, who] of [
        ['/ideas/new, signed in', '/ideas/new', cookie],
        ['/backlog, signed in', '/backlog', cookie],
        ['/backlog, anonymous (shared cache)', '/backlog', null],
      ]) {
        const before = dbName ? await commits(dbName) : 0;
        const seq = await sequential(hub.port, path, who);
        const statements = dbName ? ((await commits(dbName)) - before) / REQUESTS : Number.NaN;
        const rps = await concurrent(hub.port, path, who);
        rows.push({ name, ...seq, statements, rps });
      }
      return rows;
    } finally {
      await hub.stop();
    }
  } finally {
    await database.drop();
  }
}

const out = [];
for (const engine of ENGINES) {
  const load = loadavg()[0];
  for (const r of await run(engine)) {
    out.push([
      engine,
      r.name,
      r.total.toFixed(0),
      r.p50.toFixed(2),
      r.p95.toFixed(2),
      Number.isNaN(r.statements) ? '–' : r.statements.toFixed(2),
      r.rps.toFixed(0),
      load.toFixed(1),
    ]);
  }
}
console.log(
  table(
    [
      'engine',
      'route',
      `${REQUESTS} in a row, ms`,
      'p50 ms',
      'p95 ms',
      'statements / request',
      `req/s (${CONNECTIONS} conn.)`,
      'load avg',
    ],
    out,
    2,
  ),
);
