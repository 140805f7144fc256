import { readdirSync, readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { DB } from '../../src/store/schema.js';
import { adminQuery, databaseUrl, templateName } from './postgres.js';

const MIGRATIONS_DIR = new URL('../../src/store/migrations/', import.meta.url);

/**
 * Migrates one PostgreSQL template database per set of migrations; every test file then clones
 * it with CREATE DATABASE … TEMPLATE, which takes milliseconds instead of a migration run.
 */
export default async function setup(project: TestProject): Promise<void> {
  const source = readdirSync(MIGRATIONS_DIR)
    .sort()
    .map((f) => readFileSync(new URL(f, MIGRATIONS_DIR), 'utf8'))
    .join('\n');
  const name = templateName(source);
  project.provide('pgTemplate', name);
  await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
  await adminQuery(`CREATE DATABASE ${name}`);
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl(name), max: 1 }) }),
  });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}
