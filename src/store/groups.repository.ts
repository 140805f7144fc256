import type { Kysely, Selectable } from 'kysely';
import { changesRepository } from './changes.repository.js';
import { insertRow, updateVersioned } from './queries.js';
import type { DB, GroupMembersTable, GroupsTable } from './schema.js';

export type GroupRow = Selectable<GroupsTable>;
export type GroupMemberRow = Selectable<GroupMembersTable> & { name: string; handle: string | null };

/** The tables whose rows may belong to a group. */
export type GroupedTable = 'ideas' | 'meeting_series' | 'boards';

/** Groups, their leads and members, and which ideas, series and boards belong to them. */
export function groupsRepository(db: Kysely<DB>) {
  return { ...groupRows(db), ...memberRows(db), ...groupedRows(db) };
}

function groupRows(db: Kysely<DB>) {
  return {
    /** Every group, by name. */
    async list(): Promise<GroupRow[]> {
      return db.selectFrom('groups').selectAll().orderBy('name').orderBy('slug').execute();
    },

    async findBySlug(slug: string): Promise<GroupRow | undefined> {
      return db.selectFrom('groups').selectAll().where('slug', '=', slug).executeTakeFirst();
    },

    async findById(id: string): Promise<GroupRow | undefined> {
      return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insert(row: GroupRow): Promise<void> {
      await insertRow(db, 'groups', row);
    },

    /** Writes `changes` if the row is still at `version`; false when someone else changed it first. */
    async update(id: string, version: number, changes: Partial<Omit<GroupRow, 'id' | 'version'>>) {
      return updateVersioned(db, 'groups', id, version, changes);
    },
  };
}

function memberRows(db: Kysely<DB>) {
  return {
    /** Leads first, then members, each by name. */
    async members(groupId: string): Promise<GroupMemberRow[]> {
      return db
        .selectFrom('group_members')
        .innerJoin('users', 'users.id', 'group_members.user_id')
        .selectAll('group_members')
        .select(['users.name', 'users.handle'])
        .where('group_members.group_id', '=', groupId)
        .orderBy('group_members.role')
        .orderBy('users.name')
        .orderBy('users.id')
        .execute();
    },

    /** Adds the person or changes their role (and a lead's titles). */
    async setMember(row: Selectable<GroupMembersTable>): Promise<void> {
      await db
        .insertInto('group_members')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['group_id', 'user_id']).doUpdateSet({ role: row.role, lead_titles: row.lead_titles }),
        )
        .execute();
    },

    async removeMember(groupId: string, userId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('group_members')
        .where('group_id', '=', groupId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** The user ids of the group's leads. */
    async leadIds(groupId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('group_members')
        .select('user_id')
        .where('group_id', '=', groupId)
        .where('role', '=', 'lead')
        .execute();
      return rows.map((r) => r.user_id);
    },

    /** The groups the person leads. */
    async idsLedBy(userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('group_members')
        .select('group_id')
        .where('user_id', '=', userId)
        .where('role', '=', 'lead')
        .execute();
      return rows.map((r) => r.group_id);
    },

    /** The groups the person belongs to (as lead or member). */
    async idsOfMember(userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('group_members')
        .select('group_id')
        .where('user_id', '=', userId)
        .execute();
      return rows.map((r) => r.group_id);
    },
  };
}

function groupedRows(db: Kysely<DB>) {
  return {
    async seriesOf(groupId: string) {
      return db
        .selectFrom('meeting_series')
        .selectAll()
        .where('group_id', '=', groupId)
        .orderBy('title')
        .execute();
    },

    async boardsOf(groupId: string) {
      return db.selectFrom('boards').selectAll().where('group_id', '=', groupId).orderBy('title').execute();
    },

    /** The account in use with this handle, if any. */
    async personByHandle(handle: string): Promise<{ id: string; name: string } | undefined> {
      return db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('handle', '=', handle.replace(/^@/u, '').toLowerCase())
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
    },

    /** Puts a row of `table` into the group (or, with null, into none). */
    async assign(table: GroupedTable, id: string, groupId: string | null, at: string): Promise<void> {
      await db.updateTable(table).set({ group_id: groupId, updated_at: at }).where('id', '=', id).execute();
      // The cached backlog orders are per filter, the group one of them.
      if (table === 'ideas') await changesRepository(db).bump('ideas');
    },
  };
}
