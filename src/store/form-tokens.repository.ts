import type { Kysely, Selectable } from 'kysely';
import { findBy, insertUnlessExists } from './queries.js';
import type { DB, FormTokensTable } from './schema.js';

export type FormTokenRow = Selectable<FormTokensTable>;

/** One-time tokens of creating forms, by the hash of the token. */
export function formTokensRepository(db: Kysely<DB>) {
  return {
    /** Claims a token for a first submission; false when it was claimed before. */
    async claim(hash: string, at: string): Promise<boolean> {
      return insertUnlessExists(
        db,
        'form_tokens',
        { token_hash: hash, state: 'pending', location: null, created_at: at },
        'token_hash',
      );
    },

    async find(hash: string): Promise<FormTokenRow | undefined> {
      return findBy(db, 'form_tokens', { token_hash: hash });
    },

    async complete(hash: string, location: string | null): Promise<void> {
      await db
        .updateTable('form_tokens')
        .set({ state: 'done', location })
        .where('token_hash', '=', hash)
        .execute();
    },

    async release(hash: string): Promise<void> {
      await db.deleteFrom('form_tokens').where('token_hash', '=', hash).execute();
    },

    async deleteOlderThan(cutoff: string): Promise<void> {
      await db.deleteFrom('form_tokens').where('created_at', '<', cutoff).execute();
    },
  };
}
