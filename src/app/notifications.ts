import { DEFAULT_DIGEST_HOUR, isDigestHour } from '../domain/digest-schedule.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import {
  DEFAULT_MAIL,
  isNotificationKind,
  MAIL_CHOICES,
  type MailChoice,
  mutedKinds,
  type NotificationKind,
} from '../domain/notifications.js';
import { authorizeUser } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { NotificationRow } from '../store/notifications.repository.js';
import type { AppDeps } from './context.js';
import { scheduleDigestStep } from './digest-jobs.js';
import { liveChannel } from './live-channels.js';
import { type Page, type PageRequest, pageOf } from './paging.js';
import { writer } from './write.js';

/** One entry of a member's inbox. */
export interface Notification {
  id: string;
  kind: NotificationKind;
  thread: { type: string; id: string; title: string };
  /** The page it concerns, below the base path. */
  path: string;
  actor: { id: string | null; name: string } | null;
  data: Record<string, string | null>;
  createdAt: string;
  readAt: string | null;
}

/** What a member chose to receive by mail. */
export interface NotificationSettings {
  mail: MailChoice;
  /** The hour (0-23, the member's own clock) the daily digest comes at, when `mail` is digest. */
  digestHour: number;
  /** Kinds whose mail they turned off (by an unsubscribe link). */
  muted: NotificationKind[];
}

/** At most this many ids are marked read by one request. */
export const MARK_MAX = 500;

export function toNotification(row: NotificationRow): Notification {
  let data: Record<string, string | null> = {};
  try {
    data = JSON.parse(row.data) as Record<string, string | null>;
  } catch {
    // An entry whose data cannot be read still names its thread.
  }
  return {
    id: row.id,
    kind: isNotificationKind(row.kind) ? row.kind : 'comment.created',
    thread: { type: row.thread_type, id: row.thread_id, title: row.thread_title },
    path: row.path,
    actor: row.actor_name === null ? null : { id: row.actor_id, name: row.actor_name },
    data,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/** The settings a stored row (or none) says. */
export function settingsOf(
  row: { mail: string | null; muted: string | null; digest_hour?: number | null } | undefined,
): NotificationSettings {
  const mail = (MAIL_CHOICES as readonly string[]).includes(row?.mail ?? '')
    ? (row?.mail as MailChoice)
    : DEFAULT_MAIL;
  const digestHour = isDigestHour(row?.digest_hour) ? row.digest_hour : DEFAULT_DIGEST_HOUR;
  return { mail, digestHour, muted: mutedKinds(row?.muted ?? null) };
}

/** The choice and hour asked for, checked: a bad one is refused before anything is stored. */
function settingsInput(current: NotificationSettings | null, input: { mail: unknown; digestHour?: unknown }) {
  const problems = [];
  if (!(MAIL_CHOICES as readonly unknown[]).includes(input.mail))
    problems.push({ field: 'mail', key: 'notifications.mailChoice' as const });
  if (input.digestHour !== undefined && !isDigestHour(input.digestHour))
    problems.push({ field: 'digestHour', key: 'notifications.digestHourRange' as const });
  if (problems.length > 0) throw new ValidationError(problems);
  const digestHour = (input.digestHour as number | undefined) ?? current?.digestHour ?? DEFAULT_DIGEST_HOUR;
  return { mail: input.mail as MailChoice, digestHour };
}

/** Which entries a request marks read: some by id, or all of them (`all` true). */
export interface MarkRead {
  ids?: readonly string[] | undefined;
  all?: boolean | undefined;
}

/** The ids a request names, null for all of them; a request naming neither is refused. */
function idsToMark(which: MarkRead): string[] | null {
  if (which.all === true) return null;
  const ids = [...new Set(which.ids ?? [])];
  if (ids.length === 0) throw new ValidationError([{ field: 'ids', key: 'notifications.nothingToMark' }]);
  if (ids.length > MARK_MAX)
    throw new ValidationError([{ field: 'ids', key: 'error.tooMany', params: { max: MARK_MAX } }]);
  return ids;
}

/** One's own inbox: its entries, how many are unread, marking them read, and what comes by mail. */
export function notificationUseCases(deps: AppDeps) {
  const write = writer(deps);
  const { store } = deps;
  return {
    async list(actor: Actor, request: PageRequest): Promise<Page<Notification>> {
      authorizeUser(actor, 'notification.manage');
      return pageOf(
        request,
        (before, limit) => store.read.notifications.page(actor.userId, before, limit),
        (rows) => rows.map(toNotification),
      );
    },

    /** How many of the member's entries are unread. */
    async unreadCount(actor: Actor): Promise<number> {
      authorizeUser(actor, 'notification.manage');
      return store.read.notifications.unreadCount(actor.userId);
    },

    /**
     * Marks entries read. An id that is not one of the member's own entries (someone else's, or
     * none) is not found, and then nothing is marked. Marking read twice changes nothing.
     */
    async markRead(actor: Actor, which: MarkRead): Promise<{ marked: number; unread: number }> {
      authorizeUser(actor, 'notification.manage');
      const ids = idsToMark(which);
      return write(actor, async ({ repos, at, audit, announce }) => {
        if (ids !== null) {
          const own = new Set(await repos.notifications.ownIds(actor.userId, ids));
          const missing = ids.find((id) => !own.has(id));
          if (missing !== undefined) throw new NotFoundError('notification', missing);
        }
        const marked = await repos.notifications.markRead(actor.userId, ids, at);
        if (marked > 0) {
          await audit('notification.read', { type: 'user', id: actor.userId }, `${marked} read`);
          await announce(liveChannel.inbox(actor.userId));
        }
        return { marked, unread: await repos.notifications.unreadCount(actor.userId) };
      });
    },

    async settings(actor: Actor): Promise<NotificationSettings> {
      authorizeUser(actor, 'notification.manage');
      return settingsOf(await store.read.notifications.settings(actor.userId));
    },

    /**
     * Chooses whether each event is mailed, a daily digest of them (at `digestHour` on one's own
     * clock; left out: as it was), or none; the kinds turned off stay off unless `muted` is given.
     */
    async saveSettings(
      actor: Actor,
      input: { mail: unknown; digestHour?: unknown; muted?: unknown },
    ): Promise<NotificationSettings> {
      authorizeUser(actor, 'notification.manage');
      settingsInput(null, input);
      return write(actor, async ({ repos, at, audit }) => {
        const before = settingsOf(await repos.notifications.settings(actor.userId));
        const { mail, digestHour } = settingsInput(before, input);
        const muted = Array.isArray(input.muted) ? input.muted.filter(isNotificationKind) : before.muted;
        const values = { mail, muted: JSON.stringify(muted), digest_hour: digestHour };
        await repos.notifications.saveSettings(actor.userId, values, at);
        const starting = mail === 'digest' && before.mail !== 'digest' ? at : undefined;
        await scheduleDigestStep(repos, actor.userId, at, starting);
        const said = mail === 'digest' ? `mail: digest at ${digestHour}:00` : `mail: ${mail}`;
        await audit('notification.settings', { type: 'user', id: actor.userId }, said);
        return { mail, digestHour, muted };
      });
    },
  };
}

export type NotificationUseCases = ReturnType<typeof notificationUseCases>;
