import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Plenum as people run it: `node bin/plenum.js …` in a process of its own, from the compiled tree. */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'plenum.js');

/** Fails early with a clear message when `npm run build` has not run (the reliability script runs it). */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'plenum.mjs'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm run test:reliability does).');
  }
}

/** The environment of this process without anything that would point Plenum at another database. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      name.startsWith('PLENUM_') ||
      ['DATABASE_URL', 'HOST', 'PORT', 'LOG_LEVEL', 'SMTP_URL'].includes(name)
    )
      delete env[name];
  }
  return { ...env, ...extra };
}

/**
 * The environment that points a child at a test's database: its data directory (where SQLite's
 * file lives) and, on PostgreSQL, its URL; `extra` adds or overrides variables.
 */
export function databaseEnv(
  testDb: { dir: string; url: string | undefined },
  extra: Record<string, string> = {},
): Record<string, string> {
  return { PLENUM_DATA_DIR: testDb.dir, ...(testDb.url ? { DATABASE_URL: testDb.url } : {}), ...extra };
}

/** Runs one CLI command to its end; throws with its output if it fails. */
export function plenumCli(args: string[], env: Record<string, string>): string {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  if (r.status !== 0)
    throw new Error(`plenum ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Served {
  child: ChildProcess;
  pid: number;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

/** How to start a server other than `node bin/plenum.js serve` from this checkout. */
export interface Launch {
  command: string;
  args: string[];
  cwd: string;
}

/** `plenum serve` on a free port; resolves once /readyz answers 200. */
export async function serve(env: Record<string, string>, port?: number, launch?: Launch): Promise<Served> {
  const listenOn = port ?? (await freePort());
  const how = launch ?? { command: process.execPath, args: [BIN, 'serve'], cwd: ROOT };
  const child = spawn(how.command, how.args, {
    cwd: how.cwd,
    env: childEnv({ HOST: '127.0.0.1', PORT: String(listenOn), LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-200_000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-200_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${listenOn}`;
  const deadline = Date.now() + 30_000;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new Error(`plenum serve exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`plenum serve did not get ready:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    pid: child.pid ?? 0,
    url,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until `check` holds, looking every 50 ms; after `ms` fails with what `what` says then. */
export async function until(check: () => boolean, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not in time: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resident memory of a process in bytes, from /proc/<pid>/status (VmRSS). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB$/mu.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}

/**
 * `NODE_OPTIONS` for a served child whose live heap a test reads with {@link liveHeapBytes}:
 * SIGUSR2 makes it write a heap snapshot into `dir`.
 */
export function heapSnapshotOptions(dir: string): string {
  return `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`.trim();
}

/**
 * What the child's JavaScript heap holds after a full collection, in bytes of a heap snapshot:
 * V8 collects everything unreachable before writing one, so unlike the resident size this does
 * not count room the heap keeps for the next burst of garbage. The file is removed again.
 */
export async function liveHeapBytes(served: Served, dir: string): Promise<number> {
  const known = new Set(readdirSync(dir));
  served.child.kill('SIGUSR2');
  let last = -1;
  for (;;) {
    // The snapshot is written on the server's main thread: an answer comes only between writes.
    await fetch(`${served.url}/healthz`);
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !known.has(f));
    if (file) {
      const size = statSync(join(dir, file)).size;
      if (size === last && size > 0) {
        rmSync(join(dir, file));
        return size;
      }
      last = size;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
