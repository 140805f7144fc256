import { ValidationError } from '../domain/errors.js';
import { mailsKind, mutedKinds, type NotificationKind } from '../domain/notifications.js';
import { anonymous } from '../domain/roles.js';
import type { FollowKind } from '../store/follows.repository.js';
import { addressVerified } from './account-kit.js';
import type { Locale } from './accounts.js';
import type { AppDeps } from './context.js';
import { type LinkSecret, linkToken, linkTokenMatches } from './link-tokens.js';
import { type Notification, toNotification } from './notifications.js';
import { writer } from './write.js';

/** The outbox job of one notification's mail. */
export interface NotificationMail {
  type: 'notification';
  notification: string;
}

export function isNotificationMail(job: { type: string }): job is NotificationMail {
  return job.type === 'notification';
}

/** What a notification's mail is written from, read when it is sent. */
export interface NotificationToMail {
  to: string;
  name: string;
  locale: Locale;
  /** The reader's zone; null when they chose none (the mail says UTC then). */
  timeZone: string | null;
  notification: Notification;
  /** What the unsubscribe link ends: the follow it came through, or mail of its kind. */
  stops: { follow: FollowKind } | { kind: NotificationKind };
  unsubscribeToken: string;
}

/** What an unsubscribe link stopped, for the page that says so. */
export interface Unsubscribed {
  title: string;
  stopped: 'follow' | 'kind';
}

const subject = (id: string) => `notification-unsubscribe:${id}`;

/** A notification's mail, and the link in it that stops such mail without signing in. */
export function notificationMailUseCases(deps: AppDeps, secret: LinkSecret) {
  const { store } = deps;
  const write = writer(deps);
  return {
    /**
     * The mail of a notification, as its reader wants it now: null when the entry or account is
     * gone, the address was never confirmed, or they turned such mail off since it was queued.
     */
    async mailFor(id: string): Promise<NotificationToMail | null> {
      const row = await store.read.notifications.mailable(id);
      if (!row || row.disabled_at !== null || !mailsKind(row.mail, row.muted, row.kind)) return null;
      const user = await store.read.users.findById(row.user_id);
      if (!user || !(await addressVerified(store.read, user))) return null;
      const notification = toNotification(row);
      return {
        to: row.email,
        name: row.name,
        locale: row.locale === 'de' ? 'de' : 'en',
        timeZone: row.time_zone,
        notification,
        stops: row.follow_type ? { follow: row.follow_type as FollowKind } : { kind: notification.kind },
        unsubscribeToken: await linkToken(secret, subject(row.id)),
      };
    },

    /**
     * Follows an unsubscribe link (or the one-click POST of a mail program): the follow the
     * notification came through ends, or, for a mention or an assignment, mail of that kind stops.
     * A link followed twice does nothing more; a wrong token or a gone entry is a bad link.
     */
    async unsubscribe(id: string, given: unknown): Promise<Unsubscribed> {
      return write(anonymous, async ({ repos, at, audit }) => {
        const row = await repos.notifications.mailable(id);
        if (!row || !(await linkTokenMatches(secret, subject(id), given)))
          throw new ValidationError([{ field: 'token', key: 'error.badLink' }]);
        if (row.follow_type && row.follow_id) {
          const target = { kind: row.follow_type as FollowKind, id: row.follow_id };
          if (await repos.follows.remove(row.user_id, target))
            await audit(
              'follow.remove',
              { type: row.follow_type, id: row.follow_id },
              'unsubscribed by mail',
            );
          return { title: row.thread_title, stopped: 'follow' };
        }
        const muted = mutedKinds(row.muted);
        if (!muted.includes(row.kind as NotificationKind)) {
          const values = { mail: row.mail ?? 'each', muted: JSON.stringify([...muted, row.kind]) };
          await repos.notifications.saveSettings(row.user_id, values, at);
          await audit(
            'notification.settings',
            { type: 'user', id: row.user_id },
            `muted ${row.kind} by mail`,
          );
        }
        return { title: row.thread_title, stopped: 'kind' };
      });
    },
  };
}
