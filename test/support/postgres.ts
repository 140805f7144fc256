import { createHash } from 'node:crypto';
import pg from 'pg';

/** The server the tests use; PLENUM_TEST_DATABASE_URL points elsewhere (it must allow CREATE DATABASE). */
export const ADMIN_URL =
  process.env.PLENUM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs statements on the maintenance database (CREATE/DROP DATABASE cannot run in a pool transaction). */
export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL} (${(err as Error).message}). ` +
        'The tests run on SQLite and PostgreSQL; start PostgreSQL or set PLENUM_TEST_DATABASE_URL.',
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Waits (up to `ms`) until no session is connected to database `name`. Closing a pool does not
 * wait for its connections' server processes to exit; dropping the database WITH (FORCE) while
 * one still runs kills it, and its client then reports the kill as an uncaught error.
 */
export async function waitUntilUnused(name: string, ms = 2000): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where datname = $1',
        [name],
      );
      if (Number(rows[0]?.n ?? 0) === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await client.end();
  }
}

/** Drops database `name` once its pool's sessions have gone (see waitUntilUnused). */
export async function dropDatabase(name: string): Promise<void> {
  await waitUntilUnused(name);
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Name of the migrated template database; it changes whenever a migration file changes. */
export function templateName(migrationSource: string): string {
  return `plenum_tpl_${createHash('sha256').update(migrationSource).digest('hex').slice(0, 12)}`;
}
