import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, type Launch, ROOT, requireBuild, serve } from '../support/child.js';

/**
 * What the container image holds (scripts/production-tree.sh), run the way the image runs it:
 * only the packages a production install keeps, as an unprivileged user, from a tree it cannot
 * write, with the data directory the only place it may. Containers themselves cannot be started
 * on every machine this suite runs on, so these are the image's steps without the container.
 */

/** The account the image runs as: `nobody`, which owns nothing of the tree. */
const UID = 65534;
const GID = 65534;
const asRoot = process.getuid?.() === 0;

let dir: string;
let app: string;
let data: string;

/** Every file below `root` with its size and time, to see that a run changed none of them. */
function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const s = statSync(full);
        out.push(`${relative(root, full)} ${s.size} ${s.mtimeMs}`);
      }
    }
  };
  walk(root);
  return out.sort();
}

/** Makes the tree read-only for everyone (root aside, which is why the server runs as nobody). */
function readOnly(path: string): void {
  const s = statSync(path);
  if (s.isDirectory()) for (const entry of readdirSync(path)) readOnly(join(path, entry));
  if (!s.isSymbolicLink()) chmodSync(path, s.mode & ~0o222);
}

/** Runs `node bin/plenum.js …` from the production tree as nobody (or as this user when not root). */
function asNobody(args: string[]): Launch {
  const node = [process.execPath, join(app, 'bin', 'plenum.js'), ...args];
  if (!asRoot) return { command: node[0] ?? process.execPath, args: node.slice(1), cwd: app };
  return {
    command: 'setpriv',
    args: [`--reuid=${UID}`, `--regid=${GID}`, '--clear-groups', '--', ...node],
    cwd: app,
  };
}

/**
 * The variables the image's last stage sets (its ENV lines), but for where it listens and keeps
 * its data, which each test chooses: so the tree runs with the image's settings.
 */
function imageEnvironment(): Record<string, string> {
  const file = readFileSync(join(ROOT, 'Containerfile'), 'utf8').replace(/\\\n/gu, ' ');
  const stages = file.split(/^FROM /mu);
  const env: Record<string, string> = {};
  for (const line of (stages.at(-1) ?? '').split('\n')) {
    if (!line.startsWith('ENV ')) continue;
    for (const [, name, value] of line.slice(4).matchAll(/([A-Z_]+)=(\S+)/gu)) env[name ?? ''] = value ?? '';
  }
  for (const own of ['PLENUM_DATA_DIR', 'HOST', 'PORT']) delete env[own];
  return env;
}

describe('the production tree', () => {
  beforeAll(() => {
    requireBuild();
    dir = mkdtempSync(join(tmpdir(), 'plenum-production-'));
    chmodSync(dir, 0o755);
    app = join(dir, 'app');
    data = join(dir, 'data');
    const made = spawnSync('sh', [join(ROOT, 'scripts', 'production-tree.sh'), app], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (made.status !== 0) throw new Error(`production-tree.sh failed:\n${made.stdout}\n${made.stderr}`);
    mkdirSync(data, { mode: 0o700 });
    if (asRoot) chownSync(data, UID, GID);
  });
  afterAll(() => {
    if (dir) {
      // Writable again, so the temporary folder can be removed.
      spawnSync('chmod', ['-R', 'u+w', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds the bundle and the runtime packages, and none of the build or test tools', () => {
    expect(existsSync(join(app, 'dist', 'bundle', 'plenum.mjs'))).toBe(true);
    expect(existsSync(join(app, 'src', 'web', 'plenum.css'))).toBe(true);
    for (const kept of ['better-sqlite3', 'fastify', 'pg', 'pino', '@fastify/swagger-ui'])
      expect(existsSync(join(app, 'node_modules', kept)), kept).toBe(true);
    for (const dropped of ['typescript', 'vitest', 'rolldown', 'playwright-core', '@biomejs/biome'])
      expect(existsSync(join(app, 'node_modules', dropped)), dropped).toBe(false);
    expect(readdirSync(join(app, 'src'))).toEqual(['web']);
  });

  it('creates an account and serves pages, assets and the API reference as an unprivileged user from a read-only tree', async () => {
    readOnly(app);
    const before = listing(app);
    const env = childEnv({ PLENUM_DATA_DIR: data, PLENUM_PASSWORD: 'a long enough password', HOME: data });

    const add = asNobody(['user', 'add', '--email', 'ops@example.org', '--name', 'Ops', '--role', 'admin']);
    const added = spawnSync(add.command, add.args, { cwd: add.cwd, env, encoding: 'utf8', timeout: 60_000 });
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain('ops@example.org');

    const image = imageEnvironment();
    expect(image.NODE_ENV).toBe('production');
    expect(image.GLIBC_TUNABLES).toMatch(/^glibc\.malloc\./u);
    const hub = await serve({ ...image, PLENUM_DATA_DIR: data, HOME: data }, undefined, asNobody(['serve']));
    try {
      for (const path of ['/healthz', '/readyz', '/backlog', '/meetings', '/assets/plenum.css', '/api']) {
        const res = await fetch(`${hub.url}${path}`);
        expect(res.status, path).toBe(200);
        // Read to the end, as a browser does: an unread answer keeps its connection busy.
        await res.arrayBuffer();
      }
      // The API reference's own files come from its package in node_modules.
      const reference = await (await fetch(`${hub.url}/api`)).text();
      const script = /src="([^"]+\.js)"/u.exec(reference)?.[1];
      expect(script).toBeTruthy();
      const asset = await fetch(new URL(script ?? '', `${hub.url}/api/`));
      expect(asset.status).toBe(200);
      await asset.arrayBuffer();
    } finally {
      await hub.stop();
    }
    expect((await hub.exited).code, hub.output()).toBe(0);
    expect(listing(app)).toEqual(before);
    // Everything it keeps is in the data directory, owned by the account it ran as.
    const kept = readdirSync(data);
    expect(kept).toContain('plenum.sqlite');
    if (asRoot) for (const file of kept) expect(statSync(join(data, file)).uid).toBe(UID);
  });
});
