import { ValidationError } from '../domain/errors.js';
import {
  isNotificationKind,
  mutedKinds,
  type NotificationKind,
  stillMailsKind,
} from '../domain/notifications.js';
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

/** What an unsubscribe link stops, for the page that asks and the one that says so. */
export interface Unsubscribed {
  title: string;
  stopped: 'follow' | 'kind';
  kind: NotificationKind;
}

/** What the link of `row` stops: the follow it came through, or mail of its kind. */
function stopsOf(row: { thread_title: string; follow_type: string | null; kind: string }): Unsubscribed {
  const kind = isNotificationKind(row.kind) ? row.kind : 'comment.created';
  return { title: row.thread_title, stopped: row.follow_type ? 'follow' : 'kind', kind };
}

const subject = (id: string) => `notification-unsubscribe:${id}`;

/** A notification's mail, and the link in it that stops such mail without signing in. */
export function notificationMailUseCases(deps: AppDeps, secret: LinkSecret) {
  const { store } = deps;
  const write = writer(deps);
  return {
    /**
     * The mail of a notification, as its reader wants it now: null when the entry or account is
     * gone, the address was never confirmed, or they turned such mail off since it was queued
     * (turned all mail off, or muted its kind).
     */
    async mailFor(id: string): Promise<NotificationToMail | null> {
      const row = await store.read.notifications.mailable(id);
      if (!row || row.disabled_at !== null || !stillMailsKind(row.mail, row.muted, row.kind)) return null;
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
    /** The token of the unsubscribe link in the mail of notification `id`. */
    unsubscribeToken: (id: string): Promise<string> => linkToken(secret, subject(id)),

    /** What the link would stop, once its token is shown to be right; null for a bad link. */
    async preview(id: string, given: unknown): Promise<Unsubscribed | null> {
      const row = await store.read.notifications.mailable(id);
      if (!row || !(await linkTokenMatches(secret, subject(id), given))) return null;
      return stopsOf(row);
    },

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
          return stopsOf(row);
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
        return stopsOf(row);
      });
    },
  };
}
