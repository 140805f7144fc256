import type { Hub } from './hub.js';

/** What a refused sign-in must leave as it was: accounts, linked sign-ins and sessions. */
export async function signInRows(hub: Hub) {
  const db = hub.testDb.database.db;
  const n = async (table: 'users' | 'identities' | 'sessions') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { users: await n('users'), identities: await n('identities'), sessions: await n('sessions') };
}
