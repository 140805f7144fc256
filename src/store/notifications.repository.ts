import type { Insertable, Kysely, Selectable } from 'kysely';
import { DEFAULT_DIGEST_HOUR } from '../domain/digest-schedule.js';
import { insertUnlessExists, pageBefore, pickBy } from './queries.js';
import type { DB, NotificationsTable } from './schema.js';

export type NotificationRow = Selectable<NotificationsTable>;

/** A member an event may be told to, with what they chose to receive by mail (null: the defaults). */
export interface AudienceRow {
  id: string;
  role: string;
  disabled_at: string | null;
  mail: string | null;
  muted: string | null;
}

/** A notification with what its mail needs of its reader. */
export interface MailableRow extends NotificationRow {
  email: string;
  name: string;
  locale: string | null;
  time_zone: string | null;
  disabled_at: string | null;
  email_verified_at: string | null;
  mail: string | null;
  muted: string | null;
}

/** What a mail needs of its reader: where it goes, whom to, in which language and zone, whether still in use. */
export const MAIL_READER = [
  'users.email',
  'users.name',
  'users.locale',
  'users.time_zone',
  'users.disabled_at',
] as const;

/** Writing notifications beside the event they tell of. */
function notificationWrites(db: Kysely<DB>) {
  return {
    /** True when the member had not heard of this event yet (a second time writes nothing). */
    async add(row: Insertable<NotificationsTable>): Promise<boolean> {
      return insertUnlessExists(db, 'notifications', row, ['user_id', 'event_key']);
    },

    /** The members of `ids` that exist, with their mail settings. */
    async audience(ids: readonly string[]): Promise<AudienceRow[]> {
      if (ids.length === 0) return [];
      return db
        .selectFrom('users')
        .leftJoin('notification_settings as s', 's.user_id', 'users.id')
        .select(['users.id', 'users.role', 'users.disabled_at', 's.mail', 's.muted'])
        .where('users.id', 'in', [...ids])
        .execute();
    },

    /** Marks the member's notifications of `ids` read (all of them for null); how many it marked. */
    async markRead(userId: string, ids: readonly string[] | null, at: string): Promise<number> {
      if (ids !== null && ids.length === 0) return 0;
      let query = db
        .updateTable('notifications')
        .set({ read_at: at })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null);
      if (ids !== null) query = query.where('id', 'in', [...ids]);
      return Number((await query.executeTakeFirst()).numUpdatedRows);
    },

    /** Rewrites what the notifications of one event say (a comment edited, hidden or deleted). */
    async rewrite(eventKey: string, data: string): Promise<void> {
      await db.updateTable('notifications').set({ data }).where('event_key', '=', eventKey).execute();
    },

    /** What the member chose, or undefined for the defaults. */
    async settings(userId: string) {
      return db
        .selectFrom('notification_settings')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },

    /** Saves the member's choices; an hour left out stays as it was (the default for a new row). */
    async saveSettings(
      userId: string,
      values: { mail: string; muted: string; digest_hour?: number },
      at: string,
    ): Promise<void> {
      await db
        .insertInto('notification_settings')
        .values({ user_id: userId, digest_hour: DEFAULT_DIGEST_HOUR, ...values, updated_at: at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_at: at }))
        .execute();
    },
  };
}

/** Reading one's inbox. */
function notificationReads(db: Kysely<DB>) {
  return {
    /** Up to `limit` of the member's notifications before the id `before` (null: the newest), newest first. */
    async page(userId: string, before: string | null, limit: number): Promise<NotificationRow[]> {
      const query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
      return pageBefore(query, 'id', before, limit);
    },

    async unreadCount(userId: string): Promise<number> {
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Which of `ids` are the member's own notifications. */
    async ownIds(userId: string, ids: readonly string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('notifications')
        .select('id')
        .where('user_id', '=', userId)
        .where('id', 'in', [...ids])
        .execute();
      return rows.map((r) => r.id);
    },

    /** What the person was told (their inbox) and what they chose to receive by mail. */
    async inbox(userId: string) {
      const columns = [
        'id',
        'kind',
        'thread_type',
        'thread_id',
        'thread_title',
        'path',
        'created_at',
        'read_at',
      ] as const;
      const settings = await pickBy(
        db,
        'notification_settings',
        ['mail', 'muted', 'digest_hour'],
        { user_id: userId },
        ['mail'],
      );
      return {
        notifications: await pickBy(db, 'notifications', columns, { user_id: userId }, ['id']),
        settings,
      };
    },

    /** One notification with its reader's address, language, zone and mail settings. */
    async mailable(id: string): Promise<MailableRow | undefined> {
      return db
        .selectFrom('notifications')
        .innerJoin('users', 'users.id', 'notifications.user_id')
        .leftJoin('notification_settings as s', 's.user_id', 'notifications.user_id')
        .selectAll('notifications')
        .select([...MAIL_READER, 'users.email_verified_at', 's.mail', 's.muted'])
        .where('notifications.id', '=', id)
        .executeTakeFirst();
    },
  };
}

/**
 * The inbox: one row per event and member, and what each member chose to receive by mail.
 * `mailGoesOut` says whether the hub sends mail at all: without SMTP no worker would ever take a
 * notification's mail job, so none is queued.
 */
export function notificationsRepository(db: Kysely<DB>, mailGoesOut = false) {
  return { mailGoesOut, ...notificationWrites(db), ...notificationReads(db) };
}
