import type { Kysely } from 'kysely';
import { deleteBy } from './queries.js';
import type { DB } from './schema.js';
import { deleteExpired } from './token-rows.js';
import type { UserRow } from './users.repository.js';

export function sessionsRepository(db: Kysely<DB>) {
  return {
    async insert(row: {
      id: string;
      user_id: string;
      created_at: string;
      expires_at: string;
      user_agent?: string | null;
      last_seen_at?: string | null;
    }): Promise<void> {
      await db.insertInto('sessions').values(row).execute();
    },

    /** The signed-in user of a live session, if any (none once the account is disabled). */
    async findUser(id: string, now: string): Promise<UserRow | undefined> {
      return db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .where('sessions.id', '=', id)
        .where('sessions.expires_at', '>', now)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
    },

    async delete(id: string): Promise<void> {
      await deleteBy(db, 'sessions', { id });
    },

    async deleteForUser(userId: string, exceptId?: string): Promise<void> {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptId) q = q.where('id', '!=', exceptId);
      await q.execute();
    },

    async deleteExpired(now: string): Promise<void> {
      await deleteExpired(db, 'sessions', now, 'expires_at');
    },
  };
}
