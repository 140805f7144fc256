import type { Insertable, Kysely, Selectable } from 'kysely';
import { wroteOne } from './queries.js';
import type { AccountTokensTable, DB } from './schema.js';
import type { UserRow } from './users.repository.js';

export type AccountTokenRow = Selectable<AccountTokensTable>;
export type AccountTokenPurpose = 'password-reset' | 'email-verification';

/** Links sent by mail: a password reset or an address check, kept as the SHA-256 of their secret. */
export function accountTokensRepository(db: Kysely<DB>) {
  return {
    async insert(row: Insertable<AccountTokensTable>): Promise<void> {
      await db.insertInto('account_tokens').values(row).execute();
    },

    /** An unused, unexpired link of the purpose, with the account it belongs to. */
    async findOpen(
      hash: string,
      purpose: AccountTokenPurpose,
      now: string,
    ): Promise<{ token: AccountTokenRow; user: UserRow } | undefined> {
      const token = await db
        .selectFrom('account_tokens')
        .selectAll()
        .where('token_hash', '=', hash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (!token) return undefined;
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', token.user_id)
        .executeTakeFirst();
      return user ? { token, user } : undefined;
    },

    /** Marks one link used; false when another request used it first. */
    async use(hash: string, now: string): Promise<boolean> {
      const r = await db
        .updateTable('account_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return wroteOne(r);
    },

    /** Ends every open link of one purpose of an account (a new password makes older resets moot). */
    async useAllOf(userId: string, purpose: AccountTokenPurpose, now: string): Promise<void> {
      await db
        .updateTable('account_tokens')
        .set({ used_at: now })
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .execute();
    },

    async deleteExpired(now: string): Promise<void> {
      await db.deleteFrom('account_tokens').where('expires_at', '<=', now).execute();
    },

    /** Records that the account's address (as it is now) was shown to be its owner's. */
    async markVerified(userId: string, email: string, at: string): Promise<void> {
      await db
        .updateTable('users')
        .set({ email_verified_at: at })
        .where('id', '=', userId)
        .where('email', '=', email)
        .execute();
    },
  };
}
