import type { Kysely, Selectable } from 'kysely';
import { deleteBy } from './queries.js';
import type { DB, SessionsTable } from './schema.js';

export type SessionRow = Selectable<SessionsTable>;

/** The sessions of an account as its owner sees them, and the marks of their use. */
export function sessionListRepository(db: Kysely<DB>) {
  return {
    async live(userId: string, now: string): Promise<SessionRow[]> {
      return db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
    },

    async seen(id: string): Promise<Pick<SessionRow, 'last_seen_at' | 'user_agent'> | undefined> {
      return db
        .selectFrom('sessions')
        .select(['last_seen_at', 'user_agent'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async markSeen(id: string, at: string, userAgent: string | null): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: at, user_agent: userAgent })
        .where('id', '=', id)
        .execute();
    },

    async deleteOne(userId: string, id: string): Promise<boolean> {
      return deleteBy(db, 'sessions', { user_id: userId, id });
    },
  };
}
