import type { Kysely, Selectable } from 'kysely';
import { insertRow, wroteOne } from './queries.js';
import type { DB, InvitationsTable } from './schema.js';

export type InvitationRow = Selectable<InvitationsTable>;

export function invitationsRepository(db: Kysely<DB>) {
  return {
    async insert(row: InvitationRow): Promise<void> {
      await insertRow(db, 'invitations', row);
    },

    async findOpenByHash(hash: string, now: string): Promise<InvitationRow | undefined> {
      return db
        .selectFrom('invitations')
        .selectAll()
        .where('token_hash', '=', hash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
    },

    /** Marks an invitation used; false if another registration used it first. */
    async markUsed(id: string, userId: string, now: string): Promise<boolean> {
      const r = await db
        .updateTable('invitations')
        .set({ used_at: now, used_by: userId })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return wroteOne(r);
    },

    async listOpen(now: string): Promise<InvitationRow[]> {
      return db
        .selectFrom('invitations')
        .selectAll()
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .execute();
    },
  };
}
