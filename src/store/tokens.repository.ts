import type { Insertable, Kysely, Selectable } from 'kysely';
import { insertRow, pageBefore, updateBy } from './queries.js';
import type { ApiTokensTable, DB } from './schema.js';
import type { UserRow } from './users.repository.js';

export type ApiTokenRow = Selectable<ApiTokensTable>;

/** A personal API token as its owner sees it: never its secret or hash. */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export const toApiToken = (t: ApiTokenRow): ApiToken => {
  const { id, name, created_at: createdAt, last_used_at: lastUsedAt } = t;
  return { id, name, createdAt, lastUsedAt, expiresAt: t.expires_at ?? null };
};

export function tokensRepository(db: Kysely<DB>) {
  /** The tokens of one user that were not revoked. */
  const unrevoked = (userId: string) =>
    db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null);
  return {
    async insert(row: Insertable<ApiTokensTable>): Promise<void> {
      await insertRow(db, 'api_tokens', row);
    },

    /** The account of a live token: not revoked, not expired, its account not disabled. */
    async findUserByHash(
      hash: string,
      now: string,
    ): Promise<(UserRow & { token_id: string; token_last_used_at: string | null }) | undefined> {
      return db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .select(['api_tokens.id as token_id', 'api_tokens.last_used_at as token_last_used_at'])
        .where('api_tokens.token_hash', '=', hash)
        .where('api_tokens.revoked_at', 'is', null)
        .where((eb) =>
          eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]),
        )
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
    },

    async touch(id: string, now: string): Promise<void> {
      await updateBy(db, 'api_tokens', { id }, { last_used_at: now });
    },

    async listForUser(userId: string): Promise<ApiTokenRow[]> {
      return unrevoked(userId).orderBy('created_at', 'desc').execute();
    },

    /** Up to `limit` live tokens of one user, newest first (ids are time-ordered), before `before`. */
    async pageForUser(userId: string, before: string | null, limit: number): Promise<ApiTokenRow[]> {
      return pageBefore(unrevoked(userId), 'id', before, limit);
    },

    /** Revokes every live token of one user; says how many there were. */
    async revokeAllForUser(userId: string, now: string): Promise<number> {
      return updateBy(db, 'api_tokens', { user_id: userId, revoked_at: null }, { revoked_at: now });
    },

    async revoke(id: string, userId: string, now: string): Promise<boolean> {
      return (
        (await updateBy(db, 'api_tokens', { id, user_id: userId, revoked_at: null }, { revoked_at: now })) ===
        1
      );
    },
  };
}
