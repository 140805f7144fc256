import type { DigestToMail } from '../app/notification-digest.js';
import type { Notification } from '../app/notifications.js';
import type { Config } from '../config.js';
import { formatInstant } from '../web/components/time.js';
import { type MessageKey, translator } from '../web/i18n/index.js';
import { notificationDetail, notificationText } from '../web/notification-texts.js';
import type { OutgoingMail } from './compose.js';
import { htmlHead, htmlLine, hubLink, type Line, listHeaders } from './mail-lines.js';

/** A thread of the digest: its heading and its entries, each a few lines. */
interface Group {
  heading: string;
  entries: Line[][];
}

/** The entries by thread, threads in the order their first entry came, entries oldest first. */
function byThread(entries: readonly Notification[]): Notification[][] {
  const groups = new Map<string, Notification[]>();
  for (const n of entries) {
    const key = `${n.thread.type}:${n.thread.id}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  return [...groups.values()];
}

/** The hour as a clock shows it: 08:00. */
const clock = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/**
 * The daily digest, in its reader's language and time zone (UTC, said so, when they chose
 * none): what reached their inbox since the last one, grouped by thread, each entry with its
 * time and a link to its page. Both parts are written from the same lines, so the HTML says
 * what the plain text says; the list headers let a mail program offer one-click unsubscribe
 * (RFC 8058), which stops the digest.
 */
export function composeDigest(mail: DigestToMail, config: Config): OutgoingMail {
  const t = translator(mail.locale);
  const zone = mail.timeZone ?? 'UTC';
  const reader = { t, locale: mail.locale, timeZone: mail.timeZone };
  const unsubscribe = hubLink(config, '/notifications/unsubscribe', {
    d: mail.digestId,
    t: mail.unsubscribeToken,
  });
  const settings = hubLink(config, '/profile#notifications');
  const count = mail.entries.length;
  const subject =
    count === 1 ? t('mail.digest.subjectOne') : t('mail.digest.subject', { count: String(count) });
  const groups: Group[] = byThread(mail.entries).map((thread) => {
    const first = thread[0] as Notification;
    const type = `notifications.thread.${first.thread.type}` as MessageKey;
    return {
      heading: `${t(type)}: ${first.thread.title}`,
      entries: thread.map((n) => {
        const open = hubLink(config, n.path);
        const detail = notificationDetail(reader, n);
        const time = formatInstant(n.createdAt, mail.locale, zone);
        return [
          { text: notificationText(reader, n) },
          ...(detail ? [{ text: detail }] : []),
          { text: t('mail.digest.entry', { time, link: open }), link: open },
        ];
      }),
    };
  });
  const intro: Line[] = [
    { text: t('mail.digest.intro', { count: String(count) }) },
    mail.timeZone
      ? { text: t('mail.digest.zone', { zone }) }
      : { text: t('mail.digest.noZone', { link: settings }), link: settings },
  ];
  const footer: Line[] = [
    { text: t('mail.digest.why', { hour: clock(mail.hour), zone }) },
    { text: t('mail.digest.unsubscribe', { link: unsubscribe }), link: unsubscribe },
    { text: t('mail.notification.settings', { link: settings }), link: settings },
  ];
  const text = [
    intro.map((l) => l.text).join('\n'),
    ...groups.map((g) =>
      [g.heading, ...g.entries.map((lines) => lines.map((l) => l.text).join('\n'))].join('\n\n'),
    ),
    `-- \n${footer.map((l) => l.text).join('\n')}\n`,
  ].join('\n\n');
  const html = [
    htmlHead(mail.locale, subject),
    `<p>${intro.map(htmlLine).join('<br>\n')}</p>`,
    ...groups.flatMap((g) => [
      `<h2>${htmlLine({ text: g.heading })}</h2>`,
      ...g.entries.map((lines) => `<p>${lines.map(htmlLine).join('<br>\n')}</p>`),
    ]),
    '<hr>',
    `<p>${footer.map(htmlLine).join('<br>\n')}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: mail.to, subject, text, html, headers: listHeaders(unsubscribe), calendar: null };
}
