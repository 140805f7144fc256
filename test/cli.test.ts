import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app/app.js';
import { ValidationError } from '../src/domain/errors.js';
import { type Database, openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/store.js';
import { openTestDatabase, type TestDatabase } from './support/hub.js';

/** The compiled command line, run as a person runs it: a child process with its own environment. */

// Every CLI call starts a fresh Node process that loads the whole server; on a busy machine a
// few of them in one test take longer than the suite's default 30 s.
const SLOW = { timeout: 120_000 };

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'plenum.js');

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of this process without anything that would point the CLI at another database. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('PLENUM_') || ['DATABASE_URL', 'HOST', 'PORT', 'LOG_LEVEL'].includes(name))
      delete env[name];
  }
  return { ...env, ...extra };
}

function plenum(args: string[], env: Record<string, string>): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: baseEnv(env),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A port nobody listens on right now: the server logs the configured URL, so PORT=0 would not tell us. */
async function freePort(): Promise<number> {
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

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];

/** Starts a server child process and resolves once it logs that it is ready. */
async function serve(command: string[], env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, command, {
    cwd: ROOT,
    env: baseEnv({ HOST: '127.0.0.1', PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not get ready:\n${output}`)), 20_000);
    const check = () => {
      if (output.includes('Plenum is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
  await ready;
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** The log records of a server's output (pino writes one JSON object a line). */
function logRecords(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function stop(server: Running): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.child.kill('SIGTERM');
  return server.exited;
}

/** Tries a password through the same use-case the sign-in form calls. */
async function signsIn(app: App, email: string, password: string): Promise<boolean> {
  try {
    const { user, sessionToken } = await app.accounts.signIn({ email, password }, '127.0.0.1');
    return user.email === email && sessionToken.length > 0;
  } catch (err) {
    if (err instanceof ValidationError) return false;
    throw err;
  }
}

function generatedPassword(stdout: string): string {
  const lines = stdout.split('\n').filter((l) => l.startsWith('Password (shown once): '));
  expect(lines).toHaveLength(1);
  return (lines[0] ?? '').slice('Password (shown once): '.length).trim();
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
}, 120_000);

afterEach(() => {
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('plenum CLI on SQLite', SLOW, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let database: Database;
  let app: App;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'plenum-cli-'));
    env = { PLENUM_DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The app on the same SQLite file the CLI writes, opened once the CLI has created it. */
  function sameFile(): App {
    if (!app) {
      database = openDatabase({ sqliteFile: join(dataDir, 'plenum.sqlite') });
      app = createApp(createStore(database));
    }
    return app;
  }

  it('migrate creates $PLENUM_DATA_DIR/plenum.sqlite and says so', () => {
    expect(existsSync(join(dataDir, 'plenum.sqlite'))).toBe(false);
    const r = plenum(['migrate'], env);
    expect(r).toMatchObject({ status: 0, stdout: 'Database is up to date.\n' });
    expect(existsSync(join(dataDir, 'plenum.sqlite'))).toBe(true);
    expect(plenum(['migrate'], env)).toMatchObject({ status: 0, stdout: 'Database is up to date.\n' });
  });

  it('user add prints a generated password once, and the account signs in with it', async () => {
    const r = plenum(['user', 'add', '--email', 'a@example.org', '--name', 'A', '--role', 'admin'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Created admin A <a@example.org>.');
    const password = generatedPassword(r.stdout);
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(r.stdout.split(password)).toHaveLength(2);

    const hub = sameFile();
    const user = await hub.accounts.findUserByEmail('a@example.org');
    expect(user).toMatchObject({ name: 'A', role: 'admin', email: 'a@example.org' });
    expect(await signsIn(hub, 'a@example.org', password)).toBe(true);
    expect(await signsIn(hub, 'a@example.org', `${password}x`)).toBe(false);
  });

  it('generates a different password for every account', () => {
    const one = plenum(['user', 'add', '--email', 'p1@example.org', '--name', 'P1'], env);
    const two = plenum(['user', 'add', '--email', 'p2@example.org', '--name', 'P2'], env);
    expect([one.status, two.status]).toEqual([0, 0]);
    expect(generatedPassword(one.stdout)).not.toBe(generatedPassword(two.stdout));
    expect(one.stdout).toContain('Created member P1 <p1@example.org>.');
  });

  it('user add takes the password from PLENUM_PASSWORD and does not print it', async () => {
    const password = 'a given password, long enough';
    const r = plenum(['user', 'add', '--email', 'm@example.org', '--name', 'Maint', '--role', 'maintainer'], {
      ...env,
      PLENUM_PASSWORD: password,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Created maintainer Maint <m@example.org>.\n');
    expect(r.stdout + r.stderr).not.toContain(password);
    expect(await signsIn(sameFile(), 'm@example.org', password)).toBe(true);
  });

  it('refuses an e-mail address that already has an account, in any case', async () => {
    for (const email of ['a@example.org', 'A@Example.ORG']) {
      const r = plenum(['user', 'add', '--email', email, '--name', 'Again'], env);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('An account with this e-mail address exists already.');
      expect(r.stdout).not.toContain('Password');
    }
    expect((await sameFile().accounts.findUserByEmail('a@example.org'))?.name).toBe('A');
  });

  it('refuses an unknown role, naming the allowed ones', async () => {
    const r = plenum(['user', 'add', '--email', 'o@example.org', '--name', 'O', '--role', 'owner'], env);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--role.*owner.*admin, maintainer or member/u);
    expect(r.stdout).toBe('');
    expect(await sameFile().accounts.findUserByEmail('o@example.org')).toBeNull();
  });

  it('refuses a missing --email or --name', () => {
    const noEmail = plenum(['user', 'add', '--name', 'N'], env);
    expect(noEmail.status).not.toBe(0);
    expect(noEmail.stderr).toMatch(/required option '--email <email>' not specified/u);
    const noName = plenum(['user', 'add', '--email', 'n@example.org'], env);
    expect(noName.status).not.toBe(0);
    expect(noName.stderr).toMatch(/required option '--name <name>' not specified/u);
  });

  it('refuses a malformed e-mail address and a too short PLENUM_PASSWORD with the field named', () => {
    const bad = plenum(['user', 'add', '--email', 'not-an-address', '--name', 'X'], env);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^email: Enter an e-mail address/mu);
    const short = plenum(['user', 'add', '--email', 's@example.org', '--name', 'S'], {
      ...env,
      PLENUM_PASSWORD: 'short',
    });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/^password: At least \d+ characters\./mu);
  });

  it('token create prints a token once; unknown accounts are refused', () => {
    const r = plenum(['token', 'create', '--email', 'a@example.org', '--name', 'deploy script'], env);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout.trim()).toMatch(/^\S{20,}$/u);
    const unknown = plenum(['token', 'create', '--email', 'nobody@example.org'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No account with e-mail nobody@example.org.');
    expect(unknown.stdout).toBe('');
  });

  it('serves: /healthz, /readyz with the engine, a CLI token as Bearer on /api/v1/me, and exits 0 on SIGTERM', async () => {
    const token = plenum(['token', 'create', '--email', 'a@example.org'], env).stdout.trim();
    const server = await serve([BIN, 'serve'], env);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'sqlite' });

    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'a@example.org', name: 'A', role: 'admin' });
    const anonymous = await fetch(`${server.url}/api/v1/me`);
    expect(anonymous.status).toBe(401);
    const forged = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}x` } });
    expect(forged.status).toBe(401);

    const readyLog = logRecords(server.output()).find((r) => r.msg === 'Plenum is ready');
    expect(readyLog).toMatchObject({ url: `${server.url}/`, database: join(dataDir, 'plenum.sqlite') });

    expect(await stop(server)).toEqual({ code: 0, signal: null });
    expect(logRecords(server.output()).some((r) => r.msg === 'shutting down' && r.signal === 'SIGTERM')).toBe(
      true,
    );
  });
});

describe('serving as `npm start` does', SLOW, () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** The command of the start script (the build is `npm ci`'s, through `prepare`). */
  function startCommand(): string[] {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const [program, ...args] = (pkg.scripts.start ?? '').split(' ');
    expect(program).toBe('node');
    return args.map((a) => (a === 'bin/plenum.js' ? BIN : a));
  }

  it('creates the SQLite file under a new PLENUM_DATA_DIR, answers health checks and stops on SIGTERM', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'plenum-start-'));
    dirs.push(parent);
    const dataDir = join(parent, 'nested', 'data');
    const server = await serve(startCommand(), { PLENUM_DATA_DIR: dataDir });
    expect(existsSync(join(dataDir, 'plenum.sqlite'))).toBe(true);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ok', database: 'sqlite' });
    // The hub has no admin yet, so it offers the set-up page.
    const home = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(home.status).toBeLessThan(500);
    expect(await stop(server)).toEqual({ code: 0, signal: null });
  });

  it('serves without a subcommand, since serve is the default', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'plenum-start-'));
    dirs.push(parent);
    const server = await serve([BIN], { PLENUM_DATA_DIR: parent });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await stop(server)).toEqual({ code: 0, signal: null });
  });

  it('names the variable to set when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const r = plenum(['serve'], {
        PORT: String(port),
        PLENUM_DATA_DIR: mkdtempSync(join(tmpdir(), 'plenum-port-')),
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`127.0.0.1:${port} is already in use`);
      expect(r.stderr).toContain('set PORT to a free port');
    } finally {
      taken.close();
    }
  });

  it('refuses a bad PORT with a clear message and a non-zero exit', () => {
    const r = plenum(['serve'], { PORT: 'eighty', PLENUM_DATA_DIR: tmpdir() });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Configuration: PORT must be 0–65535, got "eighty"');
  });
});

describe('plenum CLI on PostgreSQL', SLOW, () => {
  let testDb: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres');
    dataDir = mkdtempSync(join(tmpdir(), 'plenum-cli-pg-'));
  });
  afterAll(async () => {
    await testDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('user add and token create work against DATABASE_URL, and no SQLite file appears', async () => {
    const env = { DATABASE_URL: testDb.url ?? '', PLENUM_DATA_DIR: dataDir };
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\//u);
    expect(plenum(['migrate'], env)).toMatchObject({ status: 0, stdout: 'Database is up to date.\n' });

    const r = plenum(['user', 'add', '--email', 'pg@example.org', '--name', 'Pat', '--role', 'admin'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const password = generatedPassword(r.stdout);
    const app = createApp(createStore(testDb.database));
    expect(await app.accounts.findUserByEmail('pg@example.org')).toMatchObject({
      name: 'Pat',
      role: 'admin',
    });
    expect(await signsIn(app, 'pg@example.org', password)).toBe(true);

    const again = plenum(['user', 'add', '--email', 'pg@example.org', '--name', 'Pat'], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('An account with this e-mail address exists already.');

    const token = plenum(['token', 'create', '--email', 'pg@example.org'], env);
    expect(token.status).toBe(0);
    expect((await app.accounts.resolveApiToken(token.stdout.trim()))?.user.email).toBe('pg@example.org');

    expect(existsSync(join(dataDir, 'plenum.sqlite'))).toBe(false);
  });

  it('serves with /readyz reporting postgres and exits 0 on SIGTERM', async () => {
    const server = await serve([BIN, 'serve'], { DATABASE_URL: testDb.url ?? '', PLENUM_DATA_DIR: dataDir });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({
      status: 'ok',
      database: 'postgres',
    });
    expect(logRecords(server.output()).find((r) => r.msg === 'Plenum is ready')).toMatchObject({
      database: 'postgres',
    });
    expect(await stop(server)).toEqual({ code: 0, signal: null });
  });
});
