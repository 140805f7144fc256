import type { Locale } from '../app/accounts.js';
import type { Notification } from '../app/notifications.js';
import { formatInstant } from './components/time.js';
import type { MessageKey, Translate } from './i18n/index.js';
import { formatPlainDate } from './meeting-format.js';

/** What an inbox entry and its mail say, in the reader's language: the page and the mail read alike. */

/** The reader's language: a page's context, or what a mail is written in. */
interface Reader {
  t: Translate;
  locale: Locale;
  /** Where instants are told (a decision's deadline); UTC when the reader chose no zone. */
  timeZone?: string | null | undefined;
}

const dateOf = ({ locale }: Reader, date: string | null | undefined) =>
  date ? formatPlainDate(date, locale) : '';

/** What an entry says: who did what to which thread. */
export function notificationText(reader: Reader, n: Notification): string {
  const { t } = reader;
  const status = (s: string | null | undefined) => (s ? t(`status.${s}` as MessageKey) : '');
  return t(`notifications.kind.${n.kind}`, {
    actor: n.actor?.name || t('notifications.someone'),
    title: n.thread.title,
    from: status(n.data.from),
    to: status(n.data.to),
    date: dateOf(reader, n.data.date),
    topic: n.data.topic ?? '',
    card: n.data.card ?? '',
    count: n.data.count ?? '',
    deadline: n.data.deadline ? formatInstant(n.data.deadline, reader.locale, reader.timeZone ?? 'UTC') : '',
    moved: `${dateOf(reader, n.data.movedTo)}${n.data.start ? `, ${n.data.start}` : ''}`,
  });
}

/** The line under an entry's text: a comment's excerpt, a status change's reason, an action item. */
export function notificationDetail(reader: Reader, n: Notification): string | null {
  const { t } = reader;
  if (n.kind === 'idea.status_changed' || n.kind === 'meeting.cancelled' || n.kind === 'meeting.moved')
    return n.data.reason ? t('notifications.reason', { reason: n.data.reason }) : null;
  if (n.kind === 'decision.objected')
    return n.data.reason ? t('notifications.objection', { reason: n.data.reason }) : null;
  if (n.kind === 'action_item.done') return n.data.text ?? null;
  if (n.kind === 'action_item.due_tomorrow')
    return `${n.data.text ?? ''} · ${t('notifications.due', { date: dateOf(reader, n.data.dueDate) })}`;
  if (n.kind === 'action_item.assigned') {
    const due = n.data.dueDate
      ? ` · ${t('notifications.due', { date: dateOf(reader, n.data.dueDate) })}`
      : '';
    return `${n.data.text ?? ''}${due}`;
  }
  return n.kind.startsWith('comment.') ? (n.data.excerpt ?? null) : null;
}
