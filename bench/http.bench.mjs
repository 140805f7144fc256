// Serving figures of the hub, on SQLite and on PostgreSQL, each next to a baseline measured in
// the same run. Run with `npm run bench` (builds first), or `node bench/http.bench.mjs` after
// `npm run build`. Prints figures only; the goals are not asserted, because timings depend on
// the machine and on what else runs on it.
//
// P1 — throughput: the hub runs as `node bin/plenum.js serve` in its own process on a database
//   with 200 ideas; the load generator is wrk where installed (one thread, 64 connections),
//   else autocannon in this process (see bench/support/load.mjs). Each route is loaded in
//   rounds next to a bare node:http server (bench/support/bare-server.mjs, again its own
//   process) that answers the identical bytes, status and headers: the practical limit for Node
//   on this machine. With two cores the load generator itself can be the limit (it gets one core
//   at best), so each row also gives the CPU share of the server and of the load generator, and
//   the server's CPU time per request: base µs / hub µs is the ratio a server-bound run would show.
// P3 — start and scale: cold start to the first 200 of /healthz with a fresh data directory or
//   database, idle RSS, and list latency (sequential requests, p50/p95) with 100 000 ideas.
//   "first ms" is the first request of a kind, which finds no cache (as after any write);
//   "a new search each time" never hits one.
//
// Environment: BENCH_ENGINES=sqlite,postgres  BENCH_DURATION=3 (seconds per P1 run)  BENCH_ROUNDS=5
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (needs CREATE DATABASE)
//   BENCH_LARGE=100000 (ideas for the P3 list figures)  BENCH_JSON=file (raw results)
//   BENCH_LOAD=wrk|autocannon (the load generator; wrk when installed)
//   BENCH_PIN=0 (servers and wrk not held to cores of their own; see bench/support/load.mjs)

import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { adminQuery, freshDatabase } from './support/databases.mjs';
import {
  CORE_SPEEDS,
  coreSpeeds,
  LOAD_GENERATOR,
  load as loadOn,
  PINNING,
  pinServer,
  SHORT_LOOP,
  serverCoreMs,
} from './support/load.mjs';
import { freePort, get, idleRss, sleep, startChild, startHub } from './support/processes.mjs';
import { seed } from './support/seed.mjs';
import { table } from './support/table.mjs';

const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').filter(Boolean);
const DURATION = Number(process.env.BENCH_DURATION ?? 3);
/** Each route is loaded in rounds (hub as a browser reads, hub plain, baseline), see throughput(). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARM_UP = 3;
/** Warm-up of a later round: the processes are warm, the connections are new. */
const ROUND_WARM_UP = 1;
const CONNECTIONS = 64;
const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
const COLD_STARTS = 5;
const LIST_REQUESTS = 200;
/** A slow route gets fewer requests: at least 10, and no more once this many seconds have passed. */
const LIST_SECONDS = 20;

// The backlog page is served from cached, precompressed bytes, so it should keep up with a bare
// server sending the same bytes; the JSON list is built per request and may cost a little more.
const GOALS = {
  htmlRatio: 1.0,
  jsonRatio: 0.8,
  p99: 25,
  coldStart: 1500,
  restart: 1000,
  rss: 90,
  listP95: 30,
};

// ——— processes and ports ———

/** Starts the bare node:http server answering exactly `recorded`. */
async function startBaseline(recorded, dir) {
  const file = join(dir, `response-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(recorded));
  const port = await freePort();
  const bare = startChild(['bench/support/bare-server.mjs', file, String(port)], {});
  for (;;) {
    if (bare.output().includes('listening')) break;
    if (bare.child.exitCode !== null) throw new Error(`baseline exited:\n${bare.output()}`);
    await sleep(5);
  }
  pinServer(bare.child.pid);
  return { ...bare, port };
}

/** The response of the hub as a recording: headers the socket layer adds are left to Node. */
async function record(port, path) {
  const res = await get(port, path, new Agent({ keepAlive: true }));
  if (res.status !== 200)
    throw new Error(`${path} answered ${res.status}: ${res.body.toString().slice(0, 300)}`);
  const headers = {};
  for (let i = 0; i < res.raw.length; i += 2) {
    const name = res.raw[i];
    if (/^(date|connection|keep-alive|transfer-encoding)$/iu.test(name)) continue;
    const value = res.raw[i + 1];
    if (headers[name] === undefined) headers[name] = value;
    else headers[name] = [].concat(headers[name], value);
  }
  return { status: res.status, headers, body: res.body.toString('base64'), bytes: res.body.length };
}

/** What a browser asks for (Chromium's list without zstd, which the hub does not make). */
const BROWSER_ENCODINGS = 'gzip, deflate, br';

/** The measured load on one route of a server (bench/support/load.mjs). */
const load = (port, path, serverPid, headers = {}, warmUp = WARM_UP) =>
  loadOn(`http://127.0.0.1:${port}${path}`, serverPid, {
    connections: CONNECTIONS,
    seconds: DURATION,
    warmUp,
    headers,
  });

/** How much the core's speed may differ within a round, or from the fastest at the start, for the round to count as steady or at full speed. */
const STEADY = 1.15;

/**
 * One route in rounds, each round the hub read as a browser reads it, read plain, and the
 * baseline, one after the other, all on the same core (see PINNING). On this kind of machine
 * (two shared cores) a core now and then runs at half speed for reasons outside both processes,
 * and at half speed the hub's JavaScript slows more than the baseline's copying into the socket.
 * The core's speed is looked at before, between and after a round's runs: a round in which it
 * changed (marked * in "by round") compared a server on a fast core with one on a slow core; a
 * steady round on a slowed core (marked °) measured the machine's slow phase. The ratio is the
 * median of the rounds at full speed, else of the steady ones, else of all, and says which.
 */
async function rounds(hub, bare, path) {
  const all = [];
  for (let round = 0; round < ROUNDS; round++) {
    const speeds = [serverCoreMs()];
    const warmUp = round === 0 ? WARM_UP : ROUND_WARM_UP;
    const compressed = await load(
      hub.port,
      path,
      hub.child.pid,
      { 'accept-encoding': BROWSER_ENCODINGS },
      warmUp,
    );
    const plain = await load(hub.port, path, hub.child.pid, {}, warmUp);
    speeds.push(serverCoreMs());
    const base = await load(bare.port, path, bare.child.pid, {}, warmUp);
    speeds.push(serverCoreMs());
    const steady = speeds[0] === null || Math.max(...speeds) / Math.min(...speeds) <= STEADY;
    const full = speeds[0] === null || (steady && Math.max(...speeds) <= Math.min(...CORE_SPEEDS) * STEADY);
    all.push({ compressed, plain, base, steady, full });
  }
  const [counted, which] = all.some((r) => r.full)
    ? [all.filter((r) => r.full), 'at full speed']
    : all.some((r) => r.steady)
      ? [all.filter((r) => r.steady), 'steady, none at full speed']
      : [all, 'none steady'];
  const summary = (kind) => ({
    hub: medianFigures(counted.map((r) => r[kind])),
    base: medianFigures(counted.map((r) => r.base)),
    ratios: counted.map((r) => r[kind].rps / r.base.rps),
    cpuRatios: counted.map((r) => cpuPerRequest(r.base) / cpuPerRequest(r[kind])),
    byRound: all.map((r) => `${f2(r[kind].rps / r.base.rps)}${r.full ? '' : r.steady ? '°' : '*'}`),
    counted: `${counted.length} of ${all.length} rounds, ${which}`,
  });
  return { compressed: summary('compressed'), plain: summary('plain') };
}

/** The median of each figure over the rounds; failed requests are summed. */
function medianFigures(runs) {
  const figures = {};
  for (const key of Object.keys(runs[0])) {
    figures[key] = ['non2xx', 'errors'].includes(key)
      ? runs.reduce((sum, run) => sum + run[key], 0)
      : median(runs.map((run) => run[key]));
  }
  figures.cpuPerRequest = median(runs.map(cpuPerRequest));
  return figures;
}

/** Sequential requests on one keep-alive connection: p50 and p95 of the server's answer time. */
async function sequential(port, paths, count) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const first = performance.now();
  const firstRes = await get(port, paths(0), agent);
  const firstMs = performance.now() - first;
  if (firstRes.status !== 200) throw new Error(`${paths(0)} answered ${firstRes.status}`);
  const times = [];
  const until = performance.now() + LIST_SECONDS * 1000;
  for (let i = 1; i <= count && (i <= 10 || performance.now() < until); i++) {
    const t0 = performance.now();
    const res = await get(port, paths(i), agent);
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${paths(i)} answered ${res.status}`);
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  const rank = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  return { first: firstMs, p50: rank(50), p95: rank(95), n: times.length };
}

// ——— the phases ———

/** Starts a bare `node:http` server that answers 200; resolves with the time to its first 200. */
async function bareStart() {
  const port = await freePort();
  const started = performance.now();
  const bare = startChild(
    ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
    {},
  );
  const agent = new Agent({ keepAlive: false });
  for (;;) {
    try {
      if ((await get(port, '/', agent)).status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  const ms = performance.now() - started;
  await bare.stop();
  return ms;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Start to the first 200 of /healthz: on a fresh database (migrations included), then again on
 * the same one (what a restart costs), each next to a bare Node.js server started in the same
 * round, so the figures carry the machine's load with them.
 */
async function coldStart(engine) {
  const fresh = [];
  const existing = [];
  const bare = [];
  let rss = { early: Number.NaN, settled: Number.NaN };
  for (let i = 0; i < COLD_STARTS; i++) {
    const database = await freshDatabase(engine);
    try {
      bare.push(await bareStart());
      const first = await startHub(database.env);
      fresh.push(first.startMs);
      await first.stop();
      const again = await startHub(database.env);
      existing.push(again.startMs);
      if (i === COLD_STARTS - 1) rss = await idleRss(again.child.pid);
      await again.stop();
    } finally {
      await database.drop();
    }
  }
  return { median: median(fresh), existing: median(existing), bare: median(bare), rss };
}

async function throughput(engine) {
  const database = await freshDatabase(engine);
  try {
    await seed({ ...database.seedOptions, count: 200 });
    const hub = await startHub(database.env);
    pinServer(hub.child.pid);
    const rows = [];
    try {
      for (const [name, path] of [
        ['/backlog (HTML, 200 ideas)', '/backlog'],
        ['/api/v1/ideas (JSON, 100 ideas)', '/api/v1/ideas'],
      ]) {
        const recorded = await record(hub.port, path);
        const wire = await wireBytes(hub.port, path);
        // The hub as a browser reads it (compressed bytes it made once), and as a client that
        // takes only plain bytes; the baseline sends the plain bytes, as a server without
        // compression would.
        const bare = await startBaseline(recorded, database.dir);
        let measured;
        try {
          measured = await rounds(hub, bare, path);
        } finally {
          await bare.stop();
        }
        const plainBytes = recorded.bytes;
        rows.push({ name: `${name}, br`, path, bytes: wire.br, plainBytes, ...measured.compressed });
        rows.push({ name: `${name}, plain`, path, bytes: plainBytes, plainBytes, ...measured.plain });
      }
      return { rows, rssAfterLoad: await idleRss(hub.child.pid) };
    } finally {
      await hub.stop();
    }
  } finally {
    await database.drop();
  }
}

/** What the body weighs on the wire for a reader that accepts brotli, and one that takes gzip. */
async function wireBytes(port, path) {
  const agent = new Agent({ keepAlive: false });
  const [br, gzip] = await Promise.all(
    ['br', 'gzip'].map((coding) => get(port, path, agent, { 'accept-encoding': coding })),
  );
  return { br: br.body.length, gzip: gzip.body.length };
}

async function largeList(engine) {
  const database = await freshDatabase(engine);
  try {
    const seedMs = await seed({ ...database.seedOptions, count: LARGE });
    const hub = await startHub(database.env);
    try {
      const rows = [];
      const measure = async (name, paths) =>
        rows.push({ name, ...(await sequential(hub.port, paths, LIST_REQUESTS)) });
      await measure('/api/v1/ideas?limit=100', () => '/api/v1/ideas?limit=100');
      // A page deep in the list, reached through the cursor of the one before.
      const page = JSON.parse((await get(hub.port, '/api/v1/ideas?limit=500', new Agent())).body);
      const deep = `/api/v1/ideas?limit=100&cursor=${page.nextCursor}`;
      await measure('/api/v1/ideas?limit=100&cursor=… (page 6)', () => deep);
      await measure(
        '/api/v1/ideas?status=roadmap&tag=infra&limit=100',
        () => '/api/v1/ideas?status=roadmap&tag=infra&limit=100',
      );
      await measure(
        '/api/v1/ideas?q=calendar+feed&limit=100',
        () => '/api/v1/ideas?q=calendar+feed&limit=100',
      );
      await measure('/backlog (first 200 of all open ideas)', () => '/backlog');
      // Every request a different search: nothing a cache could have kept.
      const words = [
        'calendar',
        'feed',
        'badge',
        'mirror',
        'cache',
        'queue',
        'token',
        'sync',
        'theme',
        'zurich',
      ];
      await measure(
        '/api/v1/ideas?q=<a new search each time>&limit=100',
        (i) => `/api/v1/ideas?q=${words[i % words.length]}+${i}&limit=100`,
      );
      return { seedMs, rows, rss: await idleRss(hub.child.pid) };
    } finally {
      await hub.stop();
    }
  } finally {
    await database.drop();
  }
}

// ——— output ———

const f0 = (n) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n) => (Number.isFinite(n) ? n.toFixed(2) : '–');
/** Server CPU time per answered request, in µs: what throughput would be if the server were the limit. */
const cpuPerRequest = (figures) => (figures.serverCpu * 1e6) / figures.rps;
const pct = (n) => `${(n * 100).toFixed(0)}%`;
const met = (ok) => (ok ? 'met' : 'NOT met');

async function pgVersion() {
  try {
    const r = await adminQuery('show server_version');
    return `PostgreSQL ${r.rows[0].server_version}`;
  } catch {
    return 'PostgreSQL unreachable';
  }
}

async function main() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Plenum HTTP benchmark, ${new Date().toISOString()}`);
  console.log(
    `Node ${process.version}, ${availableParallelism()} × ${cpu}, ${f1(totalmem() / 2 ** 30)} GiB, Linux ${release()}, ` +
      `${await pgVersion()}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `P1: ${LOAD_GENERATOR === 'wrk' ? 'wrk (one thread)' : 'autocannon in this process'}, ${CONNECTIONS} connections, ${WARM_UP} s warm-up + ${DURATION} s per run, ` +
      `${ROUNDS} rounds (figures are medians; ratio = median of the rounds' ratios; rounds in which the servers' core changed speed by more than ${Math.round((STEADY - 1) * 100)} % are marked *, steady ones on a core slower than the fastest at the start by as much °, and only rounds at full speed count where there are any); hub and baseline each in their own process${PINNING ? `, both on core ${PINNING.server}, wrk on ${PINNING.load}` : ''}; LOG_LEVEL=warn.`,
  );
  if (CORE_SPEEDS)
    console.log(
      `Cores at the start (ms for a loop of ${SHORT_LOOP} additions, by core; lower is faster): ${CORE_SPEEDS.join(' ')}\n`,
    );

  const results = {};
  // Every engine's start first, before any load run: a start measured right after another
  // engine's load runs carries their aftermath (PostgreSQL's start 1.55/1.27 s in such a run,
  // 1.08/0.84 s measured alone on the same machine).
  const colds = {};
  for (const engine of ENGINES) {
    process.stderr.write(`${engine}: cold start…\n`);
    colds[engine] = await coldStart(engine);
  }
  for (const engine of ENGINES) {
    const cold = colds[engine];
    process.stderr.write(`${engine}: throughput…\n`);
    const p1 = await throughput(engine);
    process.stderr.write(`${engine}: ${LARGE} ideas…\n`);
    // BENCH_LARGE=0 skips the large list (for a quick look at P1).
    const large =
      LARGE > 0
        ? await largeList(engine)
        : { rows: [], rss: { early: Number.NaN, settled: Number.NaN }, seedMs: Number.NaN };
    results[engine] = { cold, p1, large };

    console.log(`### ${engine}\n`);
    console.log(
      table(
        [
          'P1 route, as read',
          'bytes hub/base',
          'req/s',
          'p50 ms',
          'p99 ms',
          'baseline req/s',
          'base p50',
          'base p99',
          'ratio',
          'by round',
          'non-2xx',
          'CPU hub/base/load',
          'µs CPU/req hub',
          'base',
          'CPU ratio',
          'faults/req hub',
        ],
        p1.rows.map((r) => [
          r.name,
          `${r.bytes}/${r.plainBytes}`,
          f0(r.hub.rps),
          f0(r.hub.p50),
          f0(r.hub.p99),
          f0(r.base.rps),
          f0(r.base.p50),
          f0(r.base.p99),
          f2(median(r.ratios)),
          r.byRound.join(' '),
          r.hub.non2xx + r.hub.errors,
          `${pct(r.hub.serverCpu)}/${pct(r.base.serverCpu)}/${pct(r.hub.clientCpu)}`,
          f0(r.hub.cpuPerRequest),
          f0(r.base.cpuPerRequest),
          f2(median(r.cpuRatios)),
          f2(r.hub.faultsPerRequest),
        ]),
      ),
    );
    console.log('');
    console.log(
      table(
        [`P3 list, ${LARGE} ideas (sequential)`, 'first ms', 'p50 ms', 'p95 ms', 'requests'],
        large.rows.map((r) => [r.name, f1(r.first), f1(r.p50), f1(r.p95), r.n]),
      ),
    );
    console.log('');
    console.log(
      table(
        ['P3', 'value'],
        [
          [`start to first 200 (median of ${COLD_STARTS}, fresh database)`, `${f0(cold.median)} ms`],
          [`start to first 200 (median of ${COLD_STARTS}, existing database)`, `${f0(cold.existing)} ms`],
          [`bare node:http server, start to first 200 (median of ${COLD_STARTS})`, `${f0(cold.bare)} ms`],
          ['RSS 2 s after start (empty hub)', `${f0(cold.rss.early)} MB`],
          ['idle RSS, settled, after start (empty hub)', `${f0(cold.rss.settled)} MB`],
          ['RSS 2 s after the P1 runs (200 ideas)', `${f0(p1.rssAfterLoad.early)} MB`],
          ['idle RSS, settled, after the P1 runs (200 ideas)', `${f0(p1.rssAfterLoad.settled)} MB`],
          [`RSS 2 s after the list runs (${LARGE} ideas)`, `${f0(large.rss.early)} MB`],
          [`idle RSS, settled, after the list runs (${LARGE} ideas)`, `${f0(large.rss.settled)} MB`],
          [`seeding ${LARGE} ideas`, `${f1(large.seedMs / 1000)} s`],
        ],
      ),
    );
    const [html, htmlPlain, json, jsonPlain] = p1.rows;
    const ratio = (r) => median(r.ratios);
    const cpuRatio = (r) => median(r.cpuRatios);
    const worstP99 = Math.max(...p1.rows.map((r) => r.hub.p99));
    const repeated = large.rows.filter((r) => !r.name.includes('new search'));
    const searches = large.rows.filter((r) => r.name.includes('new search'));
    const listP95 = repeated.length > 0 ? Math.max(...repeated.map((r) => r.p95)) : Number.NaN;
    const searchP95 = searches.length > 0 ? Math.max(...searches.map((r) => r.p95)) : Number.NaN;
    const verdict = (value, ok) => (Number.isFinite(value) ? met(ok) : 'not measured');
    console.log(
      [
        `\nGoals (${engine}):`,
        `- HTML ≥ ${GOALS.htmlRatio} of the baseline's plain bytes, read as a browser does: ${f2(ratio(html))} by req/s (${html.counted}), ${f2(cpuRatio(html))} by CPU per request — ${met(ratio(html) >= GOALS.htmlRatio)} (plain bytes from both: ${f2(ratio(htmlPlain))})`,
        `- JSON ≥ ${GOALS.jsonRatio} of the baseline's plain bytes, read as a browser does: ${f2(ratio(json))} by req/s (${json.counted}), ${f2(cpuRatio(json))} by CPU per request — ${met(ratio(json) >= GOALS.jsonRatio)} (plain bytes from both: ${f2(ratio(jsonPlain))})`,
        `- p99 < ${GOALS.p99} ms at ${CONNECTIONS} connections: ${f0(worstP99)} ms (baseline ${f0(Math.max(...p1.rows.map((r) => r.base.p99)))} ms) — ${met(worstP99 < GOALS.p99)}`,
        `- start ≤ ${GOALS.coldStart} ms on a fresh database: ${f0(cold.median)} ms — ${met(cold.median <= GOALS.coldStart)}`,
        `- start ≤ ${GOALS.restart} ms on an existing database: ${f0(cold.existing)} ms (bare node:http ${f0(cold.bare)} ms) — ${met(cold.existing <= GOALS.restart)}`,
        `- idle RSS ≤ ${GOALS.rss} MB (settled) after start: ${f0(cold.rss.settled)} MB — ${met(cold.rss.settled <= GOALS.rss)}; once serving, with its caches filled: ${f0(p1.rssAfterLoad.settled)} MB after P1, ${f0(large.rss.settled)} MB with ${LARGE} ideas`,
        `- list p95 < ${GOALS.listP95} ms with ${LARGE} ideas: ${f1(listP95)} ms for repeated queries — ${verdict(listP95, listP95 < GOALS.listP95)}; ${f1(searchP95)} ms for a new search each time — ${verdict(searchP95, searchP95 < GOALS.listP95)}`,
        '',
      ].join('\n'),
    );
  }
  if (CORE_SPEEDS) console.log(`Cores at the end (ms for the same loop, by core): ${coreSpeeds().join(' ')}`);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
}

await main();
