import type { NotificationToMail } from '../app/notification-mail.js';
import type { Config } from '../config.js';
import type { NotificationKind } from '../domain/notifications.js';
import { formatInstant } from '../web/components/time.js';
import { type MessageKey, translator } from '../web/i18n/index.js';
import { notificationDetail, notificationText } from '../web/notification-texts.js';
import type { OutgoingMail } from './compose.js';
import { hubLink, hubMessageId, type Line, listHeaders, mailParts } from './mail-lines.js';
import { reminderLines } from './reminder-mail.js';

/** Why a member who follows nothing of it hears of an event, where it is not that they were named. */
const WHY_NAMED: Partial<Record<NotificationKind, MessageKey>> = {
  'idea.proposed': 'mail.notification.why.triage',
  'idea.interest_milestone': 'mail.notification.why.proposer',
  'action_item.done': 'mail.notification.why.assignee',
  'action_item.due_tomorrow': 'mail.notification.why.assignee',
  'meeting.agenda_ready': 'mail.reminder.why.subscriber',
  'meeting.starting': 'mail.reminder.why.subscriber',
};

/**
 * The one Message-ID of a notification's mail (RFC 5322 §3.6.4): a notification is one reader's
 * entry, so its id names the message; every send of it, a resend after a crash included, says
 * the same.
 */
export function notificationMessageId(notificationId: string, config: Config): string {
  return hubMessageId(`notification.${notificationId}`, config);
}

/**
 * The mail of one notification, in its reader's language and time zone. Both parts are written
 * from the same lines, so the HTML says what the plain text says; the list headers let a mail
 * program offer one-click unsubscribe (RFC 8058), which ends the follow the event came through
 * (or, for a mention or an assignment, mail of that kind).
 */
export function composeNotification(mail: NotificationToMail, config: Config): OutgoingMail {
  const t = translator(mail.locale);
  const n = mail.notification;
  const link = (path: string, query: Record<string, string> = {}) => hubLink(config, path, query);
  const open = link(n.path);
  const unsubscribe = link('/notifications/unsubscribe', { n: n.id, t: mail.unsubscribeToken });
  const settings = link('/profile#notifications');
  const reader = { t, locale: mail.locale, timeZone: mail.timeZone };
  const headline = notificationText(reader, n);
  const detail = notificationDetail(reader, n);
  const time = formatInstant(n.createdAt, mail.locale, mail.timeZone ?? 'UTC');
  const body: Line[] = [
    { text: headline },
    ...(detail ? [{ text: detail }] : []),
    ...reminderLines(reader, n.kind, n.data),
    { text: t('mail.notification.time', { time }) },
    { text: t('mail.notification.open', { link: open }), link: open },
  ];
  const footer: Line[] = [
    {
      text:
        'follow' in mail.stops
          ? t('mail.notification.why.follow', { title: n.thread.title })
          : t(WHY_NAMED[n.kind] ?? 'mail.notification.why.named', { title: n.thread.title }),
    },
    { text: t('mail.notification.unsubscribe', { link: unsubscribe }), link: unsubscribe },
    { text: t('mail.notification.settings', { link: settings }), link: settings },
  ];
  const { text, html } = mailParts(mail.locale, headline, body, footer);
  return {
    to: mail.to,
    subject: headline,
    text,
    html,
    headers: listHeaders(unsubscribe),
    calendar: null,
    messageId: notificationMessageId(n.id, config),
  };
}
