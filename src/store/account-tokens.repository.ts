import type { Insertable, Kysely, Selectable } from 'kysely';
import { findById, updateBy } from './queries.js';
import type { AccountTokensTable, DB } from './schema.js';
import { deleteExpired, findUnexpired } from './token-rows.js';
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
      const token = await findUnexpired(
        db,
        'account_tokens',
        { token_hash: hash, purpose, used_at: null },
        now,
      );
      if (!token) return undefined;
      const user = await findById(db, 'users', token.user_id);
      return user ? { token, user } : undefined;
    },

    /** Marks one link used; false when another request used it first. */
    async use(hash: string, now: string): Promise<boolean> {
      return (
        (await updateBy(db, 'account_tokens', { token_hash: hash, used_at: null }, { used_at: now })) === 1
      );
    },

    /** Ends every open link of one purpose of an account (a new password makes older resets moot). */
    async useAllOf(userId: string, purpose: AccountTokenPurpose, now: string): Promise<void> {
      await updateBy(db, 'account_tokens', { user_id: userId, purpose, used_at: null }, { used_at: now });
    },

    async deleteExpired(now: string): Promise<void> {
      await deleteExpired(db, 'account_tokens', now, 'expires_at');
    },

    /** Records that the account's address (as it is now) was shown to be its owner's. */
    async markVerified(userId: string, email: string, at: string): Promise<void> {
      await updateBy(db, 'users', { id: userId, email }, { email_verified_at: at });
    },
  };
}
