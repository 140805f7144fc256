import type { Kysely, Selectable } from 'kysely';
import { changesRepository } from './changes.repository.js';
import type { DB, UsersTable } from './schema.js';

export type UserRow = Selectable<UsersTable>;

export function usersRepository(db: Kysely<DB>) {
  const markers = changesRepository(db);
  return {
    async findById(id: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async findByEmail(email: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },

    async countByRole(role: string): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('role', '=', role)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async list(): Promise<UserRow[]> {
      return db.selectFrom('users').selectAll().orderBy('name').orderBy('id').execute();
    },

    async insert(row: UserRow): Promise<void> {
      await db.insertInto('users').values(row).execute();
    },

    /** Updates when the version still matches; returns false when someone else changed the row. */
    async update(
      id: string,
      version: number,
      changes: Partial<Pick<UserRow, 'name' | 'role' | 'password_hash' | 'locale' | 'time_zone'>>,
      now: string,
    ): Promise<boolean> {
      const result = await db
        .updateTable('users')
        .set({ ...changes, updated_at: now, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      const updated = Number(result.numUpdatedRows) === 1;
      // Idea lists show the proposer's name: a new name renews the users marker.
      if (updated && changes.name !== undefined) await markers.bump('users');
      return updated;
    },
  };
}
