// The load generators of the throughput runs. wrk (Debian's `wrk`, written in C) needs a
// fraction of the CPU autocannon does for the same requests, so on a two-core machine it leaves
// the server a whole core and the ratio measures the server, not the generator. autocannon is
// the fallback where wrk is not installed; BENCH_LOAD=autocannon|wrk chooses.

import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

function wrkInstalled() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk prints its version and exits 1; only a missing binary throws ENOENT.
    return err.code !== 'ENOENT';
  }
}

export const LOAD_GENERATOR = process.env.BENCH_LOAD ?? (wrkInstalled() ? 'wrk' : 'autocannon');

/** Fields of /proc/PID/stat after the command's name (the first of them is field 3). */
function statOf(pid) {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
}

/** CPU seconds a process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid) {
  const fields = statOf(pid);
  // utime and stime, fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Minor page faults of a process so far (field 10 of stat). */
function faultsOf(pid) {
  return Number(statOf(pid)[7]);
}

function tasksetInstalled() {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The loop the cores are timed with: about 110 ms on a core of these machines at full speed. */
export const SHORT_LOOP = 2e7;

/** Milliseconds a fixed loop of `iterations` additions takes on one core, timed inside its process. */
export function loopMsOn(core, iterations = 1e8) {
  const loop = `const t=performance.now();let x=0;for(let i=0;i<${iterations};i++)x+=i;process.stdout.write(String(performance.now()-t))`;
  return Number(
    execFileSync('taskset', ['-c', String(core), process.execPath, '-e', loop], { encoding: 'utf8' }),
  );
}

/** The loop's time on every core (see {@link loopMsOn}): how fast each core runs just now. */
export function coreSpeeds() {
  return Array.from({ length: availableParallelism() }, (_, core) => Math.round(loopMsOn(core, SHORT_LOOP)));
}

/**
 * Where processes run during the load runs. On a machine of two shared cores, one core now and
 * then runs at half speed for seconds to minutes (a loop of 10^8 additions takes 0.56 s on one core
 * and 1.02 s on the other at the same moment), and at half speed the hub's JavaScript slows more
 * than the baseline's copying into the socket, so the ratio falls with it. Every server under
 * load (hub and baseline alike) is held to the core fastest at the start and the load generator
 * to the others, so two servers compared in turn meet the same core; the bench prints the cores'
 * speeds at its start and end, so a run that met a slowed core is recognised. BENCH_PIN=0 lets
 * the scheduler place them.
 */
export const CORE_SPEEDS =
  process.env.BENCH_PIN !== '0' && availableParallelism() >= 2 && tasksetInstalled() ? coreSpeeds() : null;

function pinning(speeds) {
  if (!speeds) return null;
  const server = speeds.indexOf(Math.min(...speeds));
  const others = speeds.map((_, core) => core).filter((core) => core !== server);
  return { server: String(server), load: others.join(',') };
}

export const PINNING = pinning(CORE_SPEEDS);

/** A short look at the servers' core (the loop of {@link SHORT_LOOP}), or null unpinned. */
export function serverCoreMs() {
  return PINNING ? loopMsOn(PINNING.server, SHORT_LOOP) : null;
}

/** Holds a server process, with all its threads, to the server's core (see PINNING). */
export function pinServer(pid) {
  if (PINNING) execFileSync('taskset', ['-a', '-p', '-c', PINNING.server, String(pid)], { stdio: 'ignore' });
}

// wrk's own summary, as one JSON line: latencies in µs, errors by kind.
const WRK_REPORT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{"requests":%d,"us":%d,"p50":%d,"p99":%d,"status":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
`;

let wrkScript;

/** One wrk run on one thread; its CPU time comes from bash's `times`, which reports children once they ended. */
async function wrk(url, connections, seconds, headers) {
  if (!wrkScript) {
    wrkScript = join(tmpdir(), `plenum-bench-wrk-${process.pid}.lua`);
    writeFileSync(wrkScript, WRK_REPORT);
  }
  const headerArgs = Object.entries(headers)
    .map(([name, value]) => `-H '${name}: ${value}'`)
    .join(' ');
  const pin = PINNING ? `taskset -c ${PINNING.load} ` : '';
  const command = `${pin}wrk -t1 -c${connections} -d${seconds}s ${headerArgs} -s '${wrkScript}' '${url}' && times`;
  const output = await new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}:\n${out}`)),
    );
  });
  const report = JSON.parse(/^\{.*\}$/mu.exec(output)[0]);
  // `times` prints the shell's user/system time, then its children's: "0m1.234s 0m0.567s".
  const children = output
    .trim()
    .split('\n')
    .at(-1)
    .match(/(\d+)m([\d.]+)s/gu);
  const cpu = children.reduce((sum, t) => {
    const [, m, s] = /(\d+)m([\d.]+)s/u.exec(t);
    return sum + Number(m) * 60 + Number(s);
  }, 0);
  const wall = report.us / 1e6;
  return {
    rps: report.requests / wall,
    p50: report.p50 / 1000,
    p99: report.p99 / 1000,
    non2xx: report.status,
    errors: report.errors,
    clientCpu: cpu / wall,
  };
}

async function cannon(url, connections, seconds, headers) {
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const r = await autocannon({ url, connections, duration: seconds, headers });
  const wall = (performance.now() - started) / 1000;
  const self = process.cpuUsage(selfBefore);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    clientCpu: (self.user + self.system) / 1e6 / wall,
  };
}

/**
 * Load on one URL: a short warm-up, then the measured run, with the CPU share the server and the
 * load generator used (on two cores, whichever is near 100 % is the limit).
 */
export async function load(url, serverPid, { connections, seconds, warmUp, headers = {} }) {
  const run = LOAD_GENERATOR === 'wrk' ? wrk : cannon;
  await run(url, connections, warmUp, headers);
  const serverBefore = cpuSecondsOf(serverPid);
  const faultsBefore = faultsOf(serverPid);
  const started = performance.now();
  const figures = await run(url, connections, seconds, headers);
  const wall = (performance.now() - started) / 1000;
  return {
    ...figures,
    serverCpu: (cpuSecondsOf(serverPid) - serverBefore) / wall,
    // Pages the server's memory took anew: where a run is slow for the process's own reasons
    // (V8 copying survivors into pages it had given back), this is far above zero.
    faultsPerRequest: (faultsOf(serverPid) - faultsBefore) / (figures.rps * wall),
  };
}
