import type { Kysely, Selectable } from 'kysely';
import { insertRow, updateBy } from './queries.js';
import type { DB, InvitationsTable } from './schema.js';
import { findUnexpired, listUnexpired } from './token-rows.js';

export type InvitationRow = Selectable<InvitationsTable>;

export function invitationsRepository(db: Kysely<DB>) {
  return {
    async insert(row: InvitationRow): Promise<void> {
      await insertRow(db, 'invitations', row);
    },

    async findOpenByHash(hash: string, now: string): Promise<InvitationRow | undefined> {
      return findUnexpired(db, 'invitations', { token_hash: hash, used_at: null }, now);
    },

    /** Marks an invitation used; false if another registration used it first. */
    async markUsed(id: string, userId: string, now: string): Promise<boolean> {
      return (
        (await updateBy(db, 'invitations', { id, used_at: null }, { used_at: now, used_by: userId })) === 1
      );
    },

    async listOpen(now: string): Promise<InvitationRow[]> {
      return listUnexpired(db, 'invitations', { used_at: null }, now, [['created_at', 'desc']]);
    },
  };
}
