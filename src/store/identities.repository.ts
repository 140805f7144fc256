import type { Kysely, Selectable } from 'kysely';
import { exists, findBy, insertRow, listBy, wroteOne } from './queries.js';
import type { DB, IdentitiesTable, SignInAttemptsTable } from './schema.js';

export type IdentityRow = Selectable<IdentitiesTable>;
export type SignInAttemptRow = Selectable<SignInAttemptsTable>;

/** Sign-ins through other sites linked to accounts, and the round trips under way to them. */
export function identitiesRepository(db: Kysely<DB>) {
  return {
    async find(provider: string, subject: string): Promise<IdentityRow | undefined> {
      return findBy(db, 'identities', { provider, subject });
    },

    async findById(id: string): Promise<IdentityRow | undefined> {
      return findBy(db, 'identities', { id });
    },

    async listOfUser(userId: string): Promise<IdentityRow[]> {
      return listBy(db, 'identities', { user_id: userId }, ['created_at', 'id']);
    },

    /** Whether a linked provider has vouched for this address of the account. */
    async vouchedFor(userId: string, email: string): Promise<boolean> {
      return exists(db, 'identities', { user_id: userId, email, email_verified: 1 });
    },

    async insert(row: IdentityRow): Promise<void> {
      await insertRow(db, 'identities', row);
    },

    /** What the provider says now, and when it was last used to sign in. */
    async touch(
      id: string,
      changes: Pick<IdentityRow, 'email' | 'email_verified' | 'login' | 'avatar_url' | 'last_used_at'>,
    ): Promise<void> {
      await db.updateTable('identities').set(changes).where('id', '=', id).execute();
    },

    async delete(id: string, userId: string): Promise<boolean> {
      return wroteOne(
        await db
          .deleteFrom('identities')
          .where('id', '=', id)
          .where('user_id', '=', userId)
          .executeTakeFirst(),
      );
    },

    async insertAttempt(row: SignInAttemptRow): Promise<void> {
      await insertRow(db, 'sign_in_attempts', row);
    },

    /**
     * The attempt of this state, removed as it is read: a second return with the same state
     * finds nothing, even when both arrive at once (only one delete removes the row).
     */
    async takeAttempt(stateHash: string, now: string): Promise<SignInAttemptRow | undefined> {
      const row = await findBy(db, 'sign_in_attempts', { state_hash: stateHash });
      if (!row) return undefined;
      const taken = wroteOne(
        await db.deleteFrom('sign_in_attempts').where('state_hash', '=', stateHash).executeTakeFirst(),
      );
      return taken && row.expires_at > now ? row : undefined;
    },

    async deleteExpiredAttempts(now: string): Promise<void> {
      await db.deleteFrom('sign_in_attempts').where('expires_at', '<=', now).execute();
    },
  };
}
