// Live fan-out: how long a change takes to reach every open page. Run with `npm run bench` (after
// the HTTP figures) or alone with `npm run bench:live` (both build first). Prints figures only.
//
// 500 event streams (what the board page opens: GET /board/events) are held by this process,
// each as its own connection from its own client address (X-Forwarded-For behind a trusted
// proxy, as browsers behind Caddy look). Then a maintainer moves a card through the API, and
// each stream's time from the request being sent until its `change` event arrived is recorded.
//   - postgres ×2: two `plenum serve` on one PostgreSQL, half the streams at each; the move is
//     made on the first, so half the events cross LISTEN/NOTIFY to the second instance.
//   - sqlite ×1: one `plenum serve` on SQLite with all the streams.
//   - baseline: a bare node:http server (bench/support/bare-sse.mjs) holding as many streams
//     and writing one event to each on `POST /write`, measured by the same client in the same run.
// Memory per stream: the resident size the instances grew by once the streams were open,
// divided by the streams they hold.
//
// Environment: BENCH_STREAMS=500  BENCH_WRITES=5 (moves, one after the other, pooled)
//   BENCH_LIVE=postgres,sqlite  BENCH_DATABASE_URL (as http.bench.mjs)

import { spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { freshDatabase } from './support/databases.mjs';
import { freePort, get, ROOT, rssOf, sleep, startChild, startHub } from './support/processes.mjs';
import { table } from './support/table.mjs';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 500);
const WRITES = Number(process.env.BENCH_WRITES ?? 5);
const SETUPS = (process.env.BENCH_LIVE ?? 'postgres,sqlite').split(',').filter(Boolean);
/** A stream that has not seen the event by then counts as missed. */
const DEADLINE_MS = 10_000;

/** One open event stream; `arm(t0)` starts waiting for the next `change` event. */
function openStream(port, path, index) {
  return new Promise((resolve, reject) => {
    const stream = { index, port, seen: 0, armedAt: null, arrivedMs: null, waiter: null, req: null };
    // One client address each: the hub limits streams and connects per client.
    const forwarded = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      agent: false,
      headers: { 'x-forwarded-for': forwarded },
    });
    stream.req = req;
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream ${index} answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (text) => {
        stream.seen += 1;
        if (stream.armedAt !== null && stream.arrivedMs === null && text.includes('event: change')) {
          stream.arrivedMs = performance.now() - stream.armedAt;
          stream.waiter?.();
        }
      });
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Waits until every stream has its event or the deadline passed. */
function arrivals(streams) {
  return Promise.race([
    Promise.all(
      streams.map((s) =>
        s.arrivedMs !== null
          ? null
          : new Promise((resolve) => {
              s.waiter = resolve;
            }),
      ),
    ),
    sleep(DEADLINE_MS),
  ]);
}

function arm(streams, t0) {
  for (const s of streams) {
    s.armedAt = t0;
    s.arrivedMs = null;
    s.waiter = null;
  }
}

/** Opens `count` streams spread over `targets` ({port, path}) in turn, a few at a time. */
async function openStreams(targets, count) {
  const streams = [];
  for (let i = 0; i < count; i += 25) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 25); j++) {
      const target = targets[j % targets.length];
      batch.push(openStream(target.port, target.path, j));
    }
    streams.push(...(await Promise.all(batch)));
  }
  // The hub's first event tells a stream opened without a cursor to fetch the page once: let
  // those pass before anything is measured.
  await sleep(1500);
  return streams;
}

function closeStreams(streams) {
  for (const s of streams) s.req.destroy();
}

/** A POST with a JSON body; resolves with status, headers and parsed body. */
function send(port, method, path, body, headers) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: text.startsWith('{') ? JSON.parse(text) : text,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const rank = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function summary(times, missed) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    n: sorted.length,
    missed,
    p50: rank(sorted, 50),
    p95: rank(sorted, 95),
    p99: rank(sorted, 99),
    max: sorted.at(-1),
  };
}

/** Each write in turn: `write()` is sent, and every stream's time to its event recorded. */
async function measure(streams, write) {
  const times = [];
  const answers = [];
  let missed = 0;
  for (let round = 0; round < WRITES; round++) {
    const t0 = performance.now();
    arm(streams, t0);
    const answered = write(round).then(() => answers.push(performance.now() - t0));
    await Promise.all([arrivals(streams), answered]);
    for (const s of streams) {
      if (s.arrivedMs === null) missed += 1;
      else times.push(s.arrivedMs);
    }
    await sleep(500);
  }
  return {
    ...summary(times, missed),
    answerMs: answers.sort((a, b) => a - b)[Math.floor(answers.length / 2)],
  };
}

async function baseline() {
  const port = await freePort();
  const bare = startChild(['bench/support/bare-sse.mjs', String(port)], {});
  while (!bare.output().includes('listening')) {
    if (bare.child.exitCode !== null) throw new Error(`baseline exited:\n${bare.output()}`);
    await sleep(5);
  }
  try {
    await sleep(1000);
    const before = rssOf(bare.child.pid);
    const streams = await openStreams([{ port, path: '/events' }], STREAMS);
    const perStream = ((rssOf(bare.child.pid) - before) * 1024) / STREAMS;
    const figures = await measure(streams, () => send(port, 'POST', '/write'));
    closeStreams(streams);
    return { name: `bare node:http ×1`, perStream, ...figures };
  } finally {
    await bare.stop();
  }
}

/** The CLI against a data directory or database, as an operator runs it. */
function cli(args, env) {
  const r = spawnSync(process.execPath, ['bin/plenum.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`plenum ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** An admin's token and one card on the default board, moved between two columns by `move(round)`. */
async function boardCard(port, env) {
  cli(['user', 'add', '--email', 'ops@example.org', '--name', 'Ops', '--role', 'admin'], {
    ...env,
    PLENUM_PASSWORD: 'a long enough password',
  });
  const token = /plm_[\w-]+/u.exec(
    cli(['token', 'create', '--email', 'ops@example.org', '--name', 'bench'], env),
  )?.[0];
  const auth = { authorization: `Bearer ${token}` };
  const created = await send(port, 'POST', '/api/v1/boards/default/items', { title: 'Fan-out' }, auth);
  if (created.status !== 201 && created.status !== 200)
    throw new Error(`item: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  // The ETag is read before the clock starts; each move's answer carries the next one.
  let etag = (await get(port, `/api/v1/items/${id}`, new Agent({ keepAlive: false }))).headers.etag;
  return async (round) => {
    const moved = await send(
      port,
      'POST',
      `/api/v1/items/${id}/move`,
      { column: round % 2 === 0 ? 'in_progress' : 'todo' },
      { ...auth, 'if-match': etag },
    );
    if (moved.status !== 200) throw new Error(`move: ${moved.status} ${JSON.stringify(moved.body)}`);
    etag = moved.headers.etag;
  };
}

async function hubs(engine, instances) {
  const database = await freshDatabase(engine);
  const servers = [];
  try {
    const env = { ...database.env, PLENUM_TRUST_PROXY: '127.0.0.1' };
    for (let i = 0; i < instances; i++)
      servers.push(await startHub({ ...env, PLENUM_DATA_DIR: `${database.dir}/${i}` }));
    // SQLite keeps its file in the data directory: one instance, the directory of the first.
    const move = await boardCard(servers[0].port, { ...env, PLENUM_DATA_DIR: `${database.dir}/0` });
    await sleep(1000);
    const before = servers.map((s) => rssOf(s.child.pid));
    const streams = await openStreams(
      servers.map((s) => ({ port: s.port, path: '/board/events' })),
      STREAMS,
    );
    const grown = servers.reduce((sum, s, i) => sum + rssOf(s.child.pid) - before[i], 0);
    const figures = await measure(streams, move);
    const local = instances > 1 ? summaryOf(streams, servers[0].port) : null;
    closeStreams(streams);
    return { name: `${engine} ×${instances}`, perStream: (grown * 1024) / STREAMS, ...figures, local };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  }
}

/** The last write's times, split by whether the stream was at the instance that made it. */
function summaryOf(streams, writerPort) {
  const at = (same) =>
    streams.filter((s) => (s.port === writerPort) === same && s.arrivedMs !== null).map((s) => s.arrivedMs);
  const p50 = (values) =>
    rank(
      [...values].sort((a, b) => a - b),
      50,
    );
  return { writer: p50(at(true)), other: p50(at(false)) };
}

const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');

async function main() {
  console.log(`Plenum live fan-out benchmark, ${new Date().toISOString()}`);
  console.log(
    `${STREAMS} event streams, ${WRITES} writes one after the other (times pooled); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  const rows = [];
  const runs = { postgres: () => hubs('postgres', 2), sqlite: () => hubs('sqlite', 1) };
  for (const setup of SETUPS) {
    process.stderr.write(`live: ${setup}…\n`);
    rows.push(await runs[setup]());
    process.stderr.write('live: baseline…\n');
    rows.push(await baseline());
  }
  console.log(
    table(
      [
        'server',
        'events',
        'missed',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'write answered ms',
        'KB RSS per stream',
      ],
      rows.map((r) => [
        r.name,
        r.n,
        r.missed,
        f1(r.p50),
        f1(r.p95),
        f1(r.p99),
        f1(r.max),
        f1(r.answerMs),
        f1(r.perStream),
      ]),
    ),
  );
  for (const r of rows.filter((row) => row.local))
    console.log(
      `\n${r.name}, last write: p50 ${f1(r.local.writer)} ms at the instance that made it, ${f1(r.local.other)} ms at the other one (LISTEN/NOTIFY).`,
    );
  const worst = rows.filter((r) => !r.name.startsWith('bare')).map((r) => r.p99);
  console.log(
    `\nGoal p99 < 1000 ms: ${worst.every((p) => p < 1000) ? 'met' : 'NOT met'} (${worst.map(f1).join(' / ')} ms)`,
  );
  console.log(
    `load average after the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();
