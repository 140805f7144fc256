import { type FieldProblem, ValidationError } from '../domain/errors.js';
import { BACKUP_TABLES, type BackupTable, type Row } from '../store/backup.repository.js';
import type { AppDeps } from './context.js';

/**
 * Backups: every table as JSON rows, in a fixed order with keys sorted, so a backup of the
 * same data is the same text on SQLite and on PostgreSQL. Secrets (password hashes, sessions,
 * API tokens, invitation links, the cookie secret, webhook secrets) stay out unless asked for.
 */

export const BACKUP_FORMAT = 'plenum-backup';
export const BACKUP_VERSION = 1;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** The migrations the data was written under; a restore needs the same. */
  migrations: string[];
  includesSecrets: boolean;
  tables: Partial<Record<BackupTable, Row[]>>;
}

export type Progress = (table: string, done: number, total: number) => void;

const SECRET_TABLES: readonly BackupTable[] = ['sessions', 'api_tokens', 'invitations'];
const SECRET_SETTINGS = /^secret\./u;

function sortedKeys(row: Row): Row {
  return Object.fromEntries(
    Object.keys(row)
      .sort()
      .map((k) => [k, row[k] ?? null]),
  );
}

function withoutSecrets(table: BackupTable, row: Row): Row | null {
  if (table === 'users') return { ...row, password_hash: null };
  if (table === 'settings' && typeof row.key === 'string' && SECRET_SETTINGS.test(row.key)) return null;
  // An endpoint's secret signs for receivers elsewhere, like an API token: kept only with the
  // secrets. Without it the endpoint comes back paused, to be registered anew. A chat
  // endpoint's URL is its secret (whoever has a Slack or Discord webhook URL may post there).
  if (table === 'webhook_endpoints') {
    const chat = typeof row.format === 'string' && row.format !== 'standard';
    const paused = { status: 'paused', paused_reason: 'restored without its secret' };
    // A Matrix room's access token is a secret of the same kind.
    return { ...row, secret: '', access_token: '', ...(chat ? { url: '' } : {}), ...paused };
  }
  return row;
}

export function backupUseCases({ store }: AppDeps) {
  return {
    async create(options: { includeSecrets: boolean; progress?: Progress }): Promise<Backup> {
      const repos = store.read;
      const tables: Backup['tables'] = {};
      for (const { name } of BACKUP_TABLES) {
        if (!options.includeSecrets && SECRET_TABLES.includes(name)) continue;
        const total = await repos.backup.count(name);
        const rows: Row[] = [];
        for await (const page of repos.backup.rows(name)) {
          for (const row of page) {
            const kept = options.includeSecrets ? row : withoutSecrets(name, row);
            if (kept) rows.push(sortedKeys(kept));
          }
          options.progress?.(name, rows.length, total);
        }
        tables[name] = rows;
      }
      return {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        migrations: await repos.backup.migrations(),
        includesSecrets: options.includeSecrets,
        tables,
      };
    },

    /**
     * Restores a backup into a database that holds no data yet (settings written at start-up
     * are replaced). One transaction: the database afterwards holds the backup, or is as before.
     */
    async restore(input: unknown, progress?: Progress): Promise<{ rows: number }> {
      const backup = checkBackup(input, await store.read.backup.migrations());
      // Replaces everything, audit log included, so no write of its own is recorded.
      return store.transaction(async (repos) => {
        for (const table of ['users', 'ideas', 'meeting_series'] as const) {
          if ((await repos.backup.count(table)) > 0)
            throw new ValidationError([{ field: 'database', key: 'error.restoreNotEmpty' }]);
        }
        await repos.backup.clear('settings');
        let restored = 0;
        for (const { name } of BACKUP_TABLES) {
          const rows = backup.tables[name] ?? [];
          const columns = new Set(await repos.backup.columns(name));
          const unknown = rows.flatMap((r) => Object.keys(r)).find((c) => !columns.has(c));
          if (unknown)
            throw new ValidationError([
              { field: name, key: 'error.backupColumn', params: { table: name, column: unknown } },
            ]);
          // Batches stay below both engines' limits on statement parameters.
          const batch = Math.max(1, Math.floor(5000 / Math.max(1, columns.size)));
          for (let i = 0; i < rows.length; i += batch) {
            await repos.backup.insert(name, rows.slice(i, i + batch));
            progress?.(name, Math.min(i + batch, rows.length), rows.length);
          }
          restored += rows.length;
        }
        // The search index is derived from the items, so a backup carries none: write it anew.
        await repos.search.rebuild();
        // Instances already running on this database drop what they cached from it.
        for (const topic of ['ideas', 'settings', 'users'] as const) await repos.changes.bump(topic);
        return { rows: restored };
      });
    },
  };
}

/** A backup must be ours, of this format version and written under the same migrations. */
function checkBackup(input: unknown, migrations: string[]): Backup {
  const problems: FieldProblem[] = [];
  const b = input as Partial<Backup> | null;
  if (typeof b !== 'object' || b === null || b.format !== BACKUP_FORMAT) {
    problems.push({ field: 'backup', key: 'error.backupFormat' });
  } else if (b.version !== BACKUP_VERSION) {
    problems.push({ field: 'backup', key: 'error.backupVersion', params: { version: String(b.version) } });
  } else if (JSON.stringify(b.migrations) !== JSON.stringify(migrations)) {
    problems.push({ field: 'backup', key: 'error.backupMigrations' });
  } else if (typeof b.tables !== 'object' || b.tables === null) {
    problems.push({ field: 'backup', key: 'error.backupFormat' });
  } else {
    for (const [name, rows] of Object.entries(b.tables)) {
      if (
        !BACKUP_TABLES.some((t) => t.name === name) ||
        !Array.isArray(rows) ||
        rows.some((r) => typeof r !== 'object' || r === null)
      ) {
        problems.push({ field: name, key: 'error.backupFormat' });
      }
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return b as Backup;
}
