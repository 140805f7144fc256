import type { Notification } from '../app/notifications.js';
import type { MessageKey, Translate } from './i18n/index.js';

/** What an inbox entry and its mail say, in the reader's language: the page and the mail read alike. */

/** What an entry says, in the reader's language: who did what to which thread. */
export function notificationText(t: Translate, n: Notification): string {
  const status = (s: string | null | undefined) => (s ? t(`status.${s}` as MessageKey) : '');
  return t(`notifications.kind.${n.kind}`, {
    actor: n.actor?.name || t('notifications.someone'),
    title: n.thread.title,
    from: status(n.data.from),
    to: status(n.data.to),
    date: n.data.date ?? '',
  });
}

/** The line under an entry's text: a comment's excerpt, a status change's reason, an action item. */
export function notificationDetail(t: Translate, n: Notification): string | null {
  if (n.kind === 'idea.status_changed')
    return n.data.reason ? t('notifications.reason', { reason: n.data.reason }) : null;
  if (n.kind === 'action_item.assigned') {
    const due = n.data.dueDate ? ` · ${t('notifications.due', { date: n.data.dueDate })}` : '';
    return `${n.data.text ?? ''}${due}`;
  }
  return n.data.excerpt ?? null;
}
