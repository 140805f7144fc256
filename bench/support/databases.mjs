// Fresh databases for a benchmark: a new SQLite data directory, or a new PostgreSQL database
// (BENCH_DATABASE_URL, which needs CREATE DATABASE), dropped again by drop() or on interruption.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { databases } from './processes.mjs';

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function adminQuery(statement) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh empty database (a new SQLite directory, or a new PostgreSQL database); drop() removes it. */
export async function freshDatabase(engine) {
  const dir = mkdtempSync(join(tmpdir(), 'plenum-bench-'));
  let database;
  if (engine === 'sqlite') {
    database = {
      env: { PLENUM_DATA_DIR: dir, DATABASE_URL: '' },
      seedOptions: { sqliteFile: join(dir, 'plenum.sqlite') },
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  } else {
    const name = `plenum_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    database = {
      env: { PLENUM_DATA_DIR: dir, DATABASE_URL: url.toString() },
      seedOptions: { databaseUrl: url.toString(), sqliteFile: ':memory:' },
      dir,
      drop: async () => {
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  databases.add(database);
  const drop = database.drop;
  database.drop = async () => {
    databases.delete(database);
    await drop();
  };
  return database;
}
