import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, DB } from './schema.js';
import type { UserRow } from './users.repository.js';

export type ApiTokenRow = Selectable<ApiTokensTable>;

export function tokensRepository(db: Kysely<DB>) {
  return {
    async insert(row: ApiTokenRow): Promise<void> {
      await db.insertInto('api_tokens').values(row).execute();
    },

    async findUserByHash(hash: string): Promise<(UserRow & { token_id: string }) | undefined> {
      return db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .select('api_tokens.id as token_id')
        .where('api_tokens.token_hash', '=', hash)
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst();
    },

    async touch(id: string, now: string): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
    },

    async listForUser(userId: string): Promise<ApiTokenRow[]> {
      return db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
    },

    /** Revokes every live token of one user; says how many there were. */
    async revokeAllForUser(userId: string, now: string): Promise<number> {
      const r = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async revoke(id: string, userId: string, now: string): Promise<boolean> {
      const r = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
