// The benchmarks' processes: free ports, children that are killed when a run is interrupted,
// `plenum serve` started and waited for, plain GETs, and resident memory from /proc (Linux).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';

export const ROOT = new URL('../..', import.meta.url).pathname;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/mu.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/**
 * Resident memory of an idle hub: 2 s after its last request, and once it has settled, i.e. after
 * the two collections `serve` makes when it stays quiet (PLENUM_IDLE_GC_SECONDS, 10 s each; see
 * src/idle-memory.ts), and a moment for the freed pages to leave.
 */
export async function idleRss(pid) {
  await sleep(2000);
  const early = rssOf(pid);
  await sleep(24_000);
  return { early, settled: rssOf(pid) };
}

/** Children still running and databases still there, so an interrupted run leaves nothing behind. */
const running = new Set();
export const databases = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    for (const child of running) child.kill('SIGKILL');
    await Promise.allSettled([...databases].map((d) => d.drop()));
    process.exit(130);
  });
}

/** A child process whose output is kept for the error message if it dies. */
export function startChild(args, env) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One GET; resolves with status, headers and body. */
export function get(port, path, agent, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          raw: res.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts `plenum serve`; resolves once /healthz answers 200, with the time that took. */
export async function startHub(env) {
  const port = await freePort();
  const started = performance.now();
  const hub = startChild(['bin/plenum.js', 'serve'], {
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    PLENUM_BASE_URL: '',
    PLENUM_TRUST_PROXY: '',
    SMTP_URL: '',
    ...env,
  });
  const agent = new Agent({ keepAlive: false });
  for (;;) {
    if (hub.child.exitCode !== null) throw new Error(`plenum serve exited:\n${hub.output()}`);
    try {
      const res = await get(port, '/healthz', agent);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 30_000) throw new Error(`plenum serve did not start:\n${hub.output()}`);
    await sleep(5);
  }
  return { ...hub, port, startMs: performance.now() - started };
}
