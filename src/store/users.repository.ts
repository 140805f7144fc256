import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Locale } from '../domain/locale.js';
import { isLocale } from '../domain/locale.js';
import { isRole, type Role } from '../domain/roles.js';
import { changesRepository } from './changes.repository.js';
import { countBy, findBy, findById, insertRow, pageAfter, updateVersioned } from './queries.js';
import type { DB, UsersTable } from './schema.js';

export type UserRow = Selectable<UsersTable>;

export interface User {
  id: string;
  email: string;
  name: string;
  /** What `@handle` in a comment names. */
  handle: string;
  role: Role;
  locale: Locale | null;
  timeZone: string | null;
  createdAt: string;
  /** When an admin disabled the account; null while it is in use. */
  disabledAt: string | null;
  version: number;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    handle: row.handle ?? '',
    role: isRole(row.role) ? row.role : 'member',
    locale: isLocale(row.locale) ? row.locale : null,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    disabledAt: row.disabled_at ?? null,
    version: row.version,
  };
}

export function usersRepository(db: Kysely<DB>) {
  const markers = changesRepository(db);
  return {
    async findById(id: string): Promise<UserRow | undefined> {
      return findById(db, 'users', id);
    },

    async findByEmail(email: string): Promise<UserRow | undefined> {
      return findBy(db, 'users', { email });
    },

    /** Accounts of a role, disabled ones too (see countActiveByRole). */
    async countByRole(role: string): Promise<number> {
      return countBy(db, 'users', { role });
    },

    /** Accounts of a role that can still sign in. */
    async countActiveByRole(role: string): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('role', '=', role)
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The ids of accounts in use that hold one of `roles` (whoever triages, for instance). */
    async activeIdsWithRoles(roles: readonly Role[]): Promise<string[]> {
      const rows = await db
        .selectFrom('users')
        .select('id')
        .where('role', 'in', roles)
        .where('disabled_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async list(): Promise<UserRow[]> {
      return db.selectFrom('users').selectAll().orderBy('name').orderBy('id').execute();
    },

    /** Up to `limit` accounts in id order (creation order) after the one named `after`. */
    async page(after: string | null, limit: number): Promise<UserRow[]> {
      return pageAfter(db.selectFrom('users').selectAll(), 'id', after, limit);
    },

    /** Whether an account other than `exceptId` has this handle (handles are stored lower-case). */
    async handleTaken(handle: string, exceptId?: string): Promise<boolean> {
      let query = db.selectFrom('users').select('id').where('handle', '=', handle.toLowerCase());
      if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },

    async insert(row: Insertable<UsersTable>): Promise<void> {
      await insertRow(db, 'users', row);
    },

    /** Updates when the version still matches; returns false when someone else changed the row. */
    async update(
      id: string,
      version: number,
      changes: Partial<
        Pick<UserRow, 'name' | 'handle' | 'role' | 'password_hash' | 'locale' | 'time_zone' | 'disabled_at'>
      >,
      now: string,
    ): Promise<boolean> {
      const updated = await updateVersioned(db, 'users', id, version, { ...changes, updated_at: now });
      // Idea lists show the proposer's name: a new name renews the users marker.
      if (updated && (changes.name !== undefined || changes.handle !== undefined))
        await markers.bump('users');
      return updated;
    },
  };
}
