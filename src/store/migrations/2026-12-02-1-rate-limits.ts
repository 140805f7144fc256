import { createLoginAttempts } from './2026-11-29-initial.js';
import * as col from './columns.js';

/**
 * One counter per limited key (a client, an address, a pair of both) and window, shared by every
 * instance on the database. It replaces the sign-in attempt log, which only sign-in used: every
 * limit now counts here (see src/app/limits.ts).
 */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'rate_limits', [col.key('key'), col.integers('hits'), col.texts('resets_at')]);
  // Expired counters are swept by this column.
  await col.createIndex(db, 'rate_limits_resets_at_idx', 'rate_limits', ['resets_at']);
  await db.schema.dropTable('login_attempts').execute();
}

export async function down(db: col.AnyDB): Promise<void> {
  await createLoginAttempts(db);
  await db.schema.dropTable('rate_limits').execute();
}
