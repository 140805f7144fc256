import type { Kysely, Selectable } from 'kysely';
import { deleteBy, findBy, insertUnlessExists, updateBy } from './queries.js';
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
      await updateBy(db, 'form_tokens', { token_hash: hash }, { state: 'done', location });
    },

    async release(hash: string): Promise<void> {
      await deleteBy(db, 'form_tokens', { token_hash: hash });
    },

    async deleteOlderThan(cutoff: string): Promise<void> {
      await db.deleteFrom('form_tokens').where('created_at', '<', cutoff).execute();
    },
  };
}
