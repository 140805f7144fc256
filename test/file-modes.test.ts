import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { databaseEnv } from './support/child.js';
import { ENGINES, openTestDatabase, type TestDatabase } from './support/hub.js';

/**
 * What Plenum writes to disk holds password hashes, sessions and tokens: the SQLite file with its
 * -wal and -shm, the data directory it creates, and backups are for the server's user alone,
 * whatever the umask says.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'plenum.js');
const SLOW = { timeout: 120_000 };

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

/** The CLI as a person runs it, with only the settings given here. */
function plenum(args: string[], env: Record<string, string>) {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('PLENUM_') && k !== 'DATABASE_URL') clean[k] = v;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return r;
}

let scratch: string;
let umask: number;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'plenum-modes-'));
  // The usual umask of a server: without the fix every file came out readable by all.
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
  rmSync(scratch, { recursive: true, force: true });
});

describe('the SQLite database', () => {
  it('creates its data directory 0700 and the file, -wal and -shm 0600', async () => {
    const dir = join(scratch, 'data', 'nested');
    const file = join(dir, 'plenum.sqlite');
    const database = openDatabase({ sqliteFile: file });
    try {
      await migrateToLatest(database.db);
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect({
        parent: mode(join(scratch, 'data')),
        dir: mode(dir),
        file: mode(file),
        wal: mode(`${file}-wal`),
        shm: mode(`${file}-shm`),
      }).toEqual({ parent: '0700', dir: '0700', file: '0600', wal: '0600', shm: '0600' });
    } finally {
      await database.close();
    }
  });

  it('leaves a data directory it did not create as the operator set it', async () => {
    const dir = join(scratch, 'shared');
    spawnSync('mkdir', ['-m', '0750', dir]);
    const database = openDatabase({ sqliteFile: join(dir, 'plenum.sqlite') });
    await database.close();
    expect(mode(dir)).toBe('0750');
    expect(mode(join(dir, 'plenum.sqlite'))).toBe('0600');
  });
});

describe.each(ENGINES)('plenum backup on %s', SLOW, (engine) => {
  let testDb: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await openTestDatabase(engine);
    // The CLI opens the same database the test migrated; SQLite's file is closed here first.
    if (engine === 'sqlite') await testDb.database.close();
    env = databaseEnv(testDb);
  });
  afterAll(async () => {
    if (engine === 'sqlite') rmSync(testDb.dir, { recursive: true, force: true });
    else await testDb.drop();
  });

  it('writes backups 0600, with secrets or without, also over an existing file', () => {
    const withSecrets = join(scratch, `${engine}-secrets.json`);
    const plain = join(scratch, `${engine}-plain.json`);
    writeFileSync(plain, 'old', { mode: 0o644 });
    const a = plenum(['backup', '--include-secrets', withSecrets], env);
    expect(a.status, a.stderr).toBe(0);
    const b = plenum(['backup', plain], env);
    expect(b.status, b.stderr).toBe(0);
    expect(JSON.parse(readFileSync(withSecrets, 'utf8'))).toMatchObject({ includesSecrets: true });
    expect({ withSecrets: mode(withSecrets), plain: mode(plain) }).toEqual({
      withSecrets: '0600',
      plain: '0600',
    });
  });
});
