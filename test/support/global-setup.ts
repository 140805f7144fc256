import { readdirSync, readFileSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { DB } from '../../src/store/schema.js';
import { ADMIN_URL, databaseUrl, templateName } from './postgres.js';

const MIGRATIONS_DIR = new URL('../../src/store/migrations/', import.meta.url);

/**
 * Migrates one PostgreSQL template database per set of migrations; every test file then clones
 * it with CREATE DATABASE … TEMPLATE, which takes milliseconds instead of a migration run.
 * The name is a hash of the migration files, so an existing template is reused as is; it is
 * built under a temporary name and renamed when complete, under an advisory lock, so runs
 * side by side never see a half-built one.
 */
export default async function setup(project: TestProject): Promise<void> {
  const source = readdirSync(MIGRATIONS_DIR)
    .sort()
    .map((f) => readFileSync(new URL(f, MIGRATIONS_DIR), 'utf8'))
    .join('\n');
  const name = templateName(source);
  project.provide('pgTemplate', name);

  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL} (${(err as Error).message}). ` +
        'The tests run on SQLite and PostgreSQL; start PostgreSQL or set PLENUM_TEST_DATABASE_URL.',
    );
  }
  try {
    await admin.query('SELECT pg_advisory_lock(775533)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building}`);
      const db = new Kysely<DB>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: databaseUrl(building), max: 1 }),
        }),
      });
      try {
        await migrateToLatest(db);
      } finally {
        await db.destroy();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(775533)').catch(() => undefined);
    await admin.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}
