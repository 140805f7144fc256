import type { Kysely, Selectable } from 'kysely';
import { MAIL_READER, type NotificationRow } from './notifications.repository.js';
import { insertUnlessExists } from './queries.js';
import type { DB, NotificationDigestsTable } from './schema.js';

export type DigestRow = Selectable<NotificationDigestsTable>;

/** A digest with what its mail needs of its reader. */
export interface MailableDigestRow extends DigestRow {
  email: string;
  name: string;
  locale: string | null;
  time_zone: string | null;
  disabled_at: string | null;
  mail: string | null;
  digest_hour: number | null;
}

/** When each member's next digest is due, and making one: what it takes. */
function digestMaking(db: Kysely<DB>) {
  return {
    /** Sets when the member's next digest is due and where its period starts (null: none). */
    async schedule(userId: string, due: string | null, since: string | null): Promise<void> {
      await db
        .updateTable('notification_settings')
        .set({ digest_due: due, digest_since: since })
        .where('user_id', '=', userId)
        .execute();
    },

    /**
     * Moves the member's digest on from `due` to `next` if it was still due then: false when
     * another run took it first or the member changed it since (on PostgreSQL a second
     * transaction waits for the first and then finds nothing to move).
     */
    async advance(userId: string, due: string, next: string): Promise<boolean> {
      const result = await db
        .updateTable('notification_settings')
        .set({ digest_due: next })
        .where('user_id', '=', userId)
        .where('mail', '=', 'digest')
        .where('digest_due', '=', due)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * The member's notifications since `since` that mail has not settled yet, oldest first. No
     * upper bound: one whose event commits while a digest is made goes into the next one.
     */
    async unmailed(userId: string, since: string): Promise<NotificationRow[]> {
      return db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', userId)
        .where('mailed_at', 'is', null)
        .where('created_at', '>=', since)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    /** Records a digest; false when the member already has one for that instant. */
    async add(row: DigestRow): Promise<boolean> {
      return insertUnlessExists(db, 'notification_digests', row, ['user_id', 'due']);
    },

    /** Marks the notifications of `ids` settled by mail: taken by `digestId`, or passed over (null). */
    async bundle(ids: readonly string[], digestId: string | null, at: string): Promise<number> {
      if (ids.length === 0) return 0;
      const result = await db
        .updateTable('notifications')
        .set({ mailed_at: at, digest_id: digestId })
        .where('id', 'in', [...ids])
        .where('mailed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

/** A digest as its mail and its unsubscribe link read it. */
function digestReads(db: Kysely<DB>) {
  return {
    /** A digest with its reader's address, language, zone and current choice. */
    async mailable(id: string): Promise<MailableDigestRow | undefined> {
      return db
        .selectFrom('notification_digests as d')
        .innerJoin('users', 'users.id', 'd.user_id')
        .leftJoin('notification_settings as s', 's.user_id', 'd.user_id')
        .selectAll('d')
        .select([...MAIL_READER, 's.mail', 's.digest_hour'])
        .where('d.id', '=', id)
        .executeTakeFirst();
    },

    /** What a digest bundled, oldest first. */
    async entries(id: string): Promise<NotificationRow[]> {
      return db
        .selectFrom('notifications')
        .selectAll()
        .where('digest_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },
  };
}

/** The daily digests: when each member's next one is due, what it takes, and what it held. */
export function notificationDigestsRepository(db: Kysely<DB>) {
  return { ...digestMaking(db), ...digestReads(db) };
}
