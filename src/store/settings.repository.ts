import type { Kysely } from 'kysely';
import { changesRepository } from './changes.repository.js';
import { findBy, insertUnlessExists, wroteOne } from './queries.js';
import type { DB } from './schema.js';

export interface SettingRow {
  key: string;
  value: string;
  version: number;
  updated_at: string;
}

export function settingsRepository(db: Kysely<DB>) {
  // Pages show settings (the backlog's texts): a changed setting renews the settings marker.
  const markers = changesRepository(db);
  return {
    async get(key: string): Promise<SettingRow | undefined> {
      return findBy(db, 'settings', { key });
    },

    async getMany(keys: string[]): Promise<SettingRow[]> {
      if (keys.length === 0) return [];
      return db.selectFrom('settings').selectAll().where('key', 'in', keys).execute();
    },

    /** Inserts unless the key exists (first writer wins; used for generated secrets). */
    async insertIfMissing(key: string, value: string, now: string): Promise<void> {
      await insertUnlessExists(db, 'settings', { key, value, version: 1, updated_at: now }, 'key');
    },

    /**
     * Writes a setting when `expectedVersion` matches (0 means "not yet stored").
     * Returns false when someone else wrote it in between.
     */
    async put(key: string, value: string, expectedVersion: number, now: string): Promise<boolean> {
      if (expectedVersion === 0) {
        const inserted = await insertUnlessExists(
          db,
          'settings',
          { key, value, version: 1, updated_at: now },
          'key',
        );
        if (inserted) await markers.bump('settings');
        return inserted;
      }
      const r = await db
        .updateTable('settings')
        .set({ value, version: expectedVersion + 1, updated_at: now })
        .where('key', '=', key)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      const updated = wroteOne(r);
      if (updated) await markers.bump('settings');
      return updated;
    },
  };
}
