import type { Notification } from '../../app/notifications.js';
import { PostForm } from '../components/form.js';
import { Layout } from '../components/layout.js';
import { LiveRegion } from '../components/live-region.js';
import { Time } from '../components/time.js';
import type { MessageKey } from '../i18n/index.js';
import { formatPlainDate } from '../meeting-format.js';
import { notificationDetail, notificationText } from '../notification-texts.js';
import type { PageContext } from '../page-context.js';

/** The entries of one thread, newest first. */
interface Thread {
  key: string;
  type: string;
  title: string;
  /** The day of a meeting's thread: one series has a thread per meeting. */
  date: string | null;
  path: string;
  entries: Notification[];
}

/** The page's entries by thread, each thread where its newest entry falls. */
export function byThread(items: readonly Notification[]): Thread[] {
  const threads = new Map<string, Thread>();
  for (const n of items) {
    const key = `${n.thread.type}:${n.thread.id}`;
    let thread = threads.get(key);
    if (!thread) {
      thread = {
        key,
        type: n.thread.type,
        title: n.thread.title,
        date: n.thread.type === 'meeting' ? (n.data.date ?? null) : null,
        path: n.path.split('#')[0] ?? n.path,
        entries: [],
      };
      threads.set(key, thread);
    }
    thread.entries.push(n);
  }
  return [...threads.values()];
}

function Entry({ ctx, n }: { ctx: PageContext; n: Notification }) {
  const { t } = ctx;
  const unread = n.readAt === null;
  const reader = { t, locale: ctx.locale, timeZone: ctx.user?.timeZone ?? null };
  const detail = notificationDetail(reader, n);
  return (
    <li class={unread ? 'notification unread' : 'notification'} id={`notification-${n.id}`}>
      <p class="notification-text">
        {unread && <span class="badge">{t('notifications.new')}</span>}{' '}
        <a href={ctx.url(n.path)}>{notificationText(reader, n)}</a>
      </p>
      {detail && <p class="notification-detail">{detail}</p>}
      <div class="muted notification-meta">
        <Time ctx={ctx} iso={n.createdAt} />
        {unread && (
          <PostForm ctx={ctx} action="/notifications/read" class="inline">
            <input type="hidden" name="id" value={n.id} />
            <button type="submit" class="link-button">
              {t('notifications.markRead')}
            </button>
          </PostForm>
        )}
      </div>
    </li>
  );
}

export interface NotificationsPageProps {
  ctx: PageContext;
  items: Notification[];
  unread: number;
  nextCursor: string | null;
  /** The event stream of the reader's inbox, with its cursor. */
  events: string;
}

/** One's inbox: threads newest first, unread entries marked, each with "mark read", and "mark all read". */
export function NotificationsPage({ ctx, items, unread, nextCursor, events }: NotificationsPageProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('notifications.title')} scripts={['live.js']}>
      <h1>{t('notifications.title')}</h1>
      <p class="hint">{t('notifications.intro')}</p>
      <LiveRegion ctx={ctx} id="inbox" events={events}>
        <div class="inbox-bar">
          <p>
            <strong>{t('notifications.unread', { count: unread })}</strong>
          </p>
          {unread > 0 && (
            <PostForm ctx={ctx} action="/notifications/read-all" class="inline">
              <button type="submit">{t('notifications.markAllRead')}</button>
            </PostForm>
          )}
        </div>
        {items.length === 0 ? (
          <p class="muted">{t('notifications.empty')}</p>
        ) : (
          byThread(items).map((thread) => (
            <section class="inbox-thread" key={thread.key} aria-label={thread.title}>
              <h2>
                <span class="muted thread-kind">
                  {t(`notifications.thread.${thread.type}` as MessageKey)}
                </span>{' '}
                <a href={ctx.url(thread.path)}>
                  {thread.title}
                  {thread.date && ` · ${formatPlainDate(thread.date, ctx.locale)}`}
                </a>
              </h2>
              <ul class="notification-list">
                {thread.entries.map((n) => (
                  <Entry ctx={ctx} n={n} key={n.id} />
                ))}
              </ul>
            </section>
          ))
        )}
        {nextCursor && (
          <p>
            <a href={ctx.url('/notifications', { cursor: nextCursor })}>{t('notifications.older')}</a>
          </p>
        )}
      </LiveRegion>
    </Layout>
  );
}
