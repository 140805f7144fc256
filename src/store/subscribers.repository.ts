import { type Kysely, type Selectable, sql } from 'kysely';
import { findBy, versionedTable } from './queries.js';
import type { CalendarSubscribersTable, DB } from './schema.js';

export type SubscriberRow = Selectable<CalendarSubscribersTable>;

export function subscribersRepository(db: Kysely<DB>) {
  const subscribers = versionedTable(db, 'calendar_subscribers');
  return {
    async find(seriesId: string, email: string): Promise<SubscriberRow | undefined> {
      return findBy(db, 'calendar_subscribers', { series_id: seriesId, email });
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

    findById: subscribers.find,

    async confirmed(seriesId: string): Promise<SubscriberRow[]> {
      return db
        .selectFrom('calendar_subscribers')
        .selectAll()
        .where('series_id', '=', seriesId)
        .where('status', '=', 'confirmed')
        .orderBy('id')
        .execute();
    },

    insert: subscribers.insert,

    update: subscribers.update,
  };
}
