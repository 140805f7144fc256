import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '../../src/store/db.js';
import type { Engine } from './hub.js';
import { adminQuery, databaseUrl, dropDatabase } from './postgres.js';

/** A fresh database of the engine, migrated here rather than cloned from the shared template. */
export async function freshDatabase(engine: Engine): Promise<{ database: Database; drop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'plenum-ddl-'));
  if (engine === 'sqlite') {
    const database = openDatabase({ sqliteFile: join(dir, 'plenum.sqlite') });
    return {
      database,
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `plenum_ddl_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const database = openDatabase({ databaseUrl: databaseUrl(name), sqliteFile: ':memory:', poolSize: 2 });
  return {
    database,
    drop: async () => {
      await database.close();
      await dropDatabase(name);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
