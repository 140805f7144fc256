import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as initial from './migrations/2026-11-29-initial.js';
import * as meetings from './migrations/2026-11-30-1-meetings.js';
import * as invitations from './migrations/2026-11-30-2-invitations.js';
import * as changeMarkers from './migrations/2026-11-30-3-change-markers.js';
import * as agenda from './migrations/2026-11-30-4-agenda.js';
import * as minutes from './migrations/2026-11-30-5-minutes.js';
import * as board from './migrations/2026-11-30-7-board.js';
import * as rateLimits from './migrations/2026-12-02-1-rate-limits.js';
import * as formTokens from './migrations/2026-12-02-2-form-tokens.js';
import * as accountAccess from './migrations/2026-12-02-5-account-access.js';
import type { DB } from './schema.js';

/**
 * Every migration, in order. Imported statically so the compiled server and the tests see
 * the same list without scanning directories. Never edit one that has been released.
 */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-29-initial': initial,
  // Kysely runs migrations in name order; the names sort in the order they must run.
  '2026-11-30-1-meetings': meetings,
  '2026-11-30-2-invitations': invitations,
  '2026-11-30-3-change-markers': changeMarkers,
  '2026-11-30-4-agenda': agenda,
  '2026-11-30-5-minutes': minutes,
  '2026-11-30-7-board': board,
  '2026-12-02-1-rate-limits': rateLimits,
  '2026-12-02-2-form-tokens': formTokens,
  '2026-12-02-5-account-access': accountAccess,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
