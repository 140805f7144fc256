import { type Kysely, type Selectable, sql } from 'kysely';
import type { CalendarSubscribersTable, DB } from './schema.js';

export type SubscriberRow = Selectable<CalendarSubscribersTable>;

export function subscribersRepository(db: Kysely<DB>) {
  return {
    async find(seriesId: string, email: string): Promise<SubscriberRow | undefined> {
      return db
        .selectFrom('calendar_subscribers')
        .selectAll()
        .where('series_id', '=', seriesId)
        .where('email', '=', email)
        .executeTakeFirst();
    },

    /**
     * Subscribers of a series at `local@domain` or a `+tag` form of it (the caller compares the
     * mailboxes exactly; LIKE only narrows the rows down).
     */
    async findByMailbox(seriesId: string, local: string, domain: string): Promise<SubscriberRow[]> {
      const literal = (text: string) => text.replace(/[\\%_]/gu, (c) => `\\${c}`);
      return db
        .selectFrom('calendar_subscribers')
        .selectAll()
        .where('series_id', '=', seriesId)
        .where((eb) =>
          eb.or([
            eb('email', '=', `${local}@${domain}`),
            sql<boolean>`${sql.ref('email')} like ${`${literal(local)}+%@${literal(domain)}`} escape ${'\\'}`,
          ]),
        )
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async findById(id: string): Promise<SubscriberRow | undefined> {
      return db.selectFrom('calendar_subscribers').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async confirmed(seriesId: string): Promise<SubscriberRow[]> {
      return db
        .selectFrom('calendar_subscribers')
        .selectAll()
        .where('series_id', '=', seriesId)
        .where('status', '=', 'confirmed')
        .orderBy('id')
        .execute();
    },

    async insert(row: SubscriberRow): Promise<void> {
      await db.insertInto('calendar_subscribers').values(row).execute();
    },

    async update(
      id: string,
      version: number,
      changes: Partial<Omit<SubscriberRow, 'id' | 'version'>>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('calendar_subscribers')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
