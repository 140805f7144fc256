import type { Kysely, Selectable } from 'kysely';
import { deleteBy, updateBy } from './queries.js';
import type { DB, SessionsTable } from './schema.js';
import { listUnexpired } from './token-rows.js';

export type SessionRow = Selectable<SessionsTable>;

/** The sessions of an account as its owner sees them, and the marks of their use. */
export function sessionListRepository(db: Kysely<DB>) {
  return {
    async live(userId: string, now: string): Promise<SessionRow[]> {
      return listUnexpired(db, 'sessions', { user_id: userId }, now, [['created_at', 'desc'], 'id']);
    },

    async seen(id: string): Promise<Pick<SessionRow, 'last_seen_at' | 'user_agent'> | undefined> {
      return db
        .selectFrom('sessions')
        .select(['last_seen_at', 'user_agent'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async markSeen(id: string, at: string, userAgent: string | null): Promise<void> {
      await updateBy(db, 'sessions', { id }, { last_seen_at: at, user_agent: userAgent });
    },

    async deleteOne(userId: string, id: string): Promise<boolean> {
      return deleteBy(db, 'sessions', { user_id: userId, id });
    },
  };
}
