import { Temporal } from 'temporal-polyfill';
import type { Locale } from '../app/accounts.js';
import type { SubscriberReminderToMail } from '../app/reminders.js';
import type { Config } from '../config.js';
import { type Translate, translator } from '../web/i18n/index.js';
import { formatSpan } from '../web/meeting-format.js';
import { notificationText } from '../web/notification-texts.js';
import type { OutgoingMail } from './compose.js';
import { hubLink, type Line, listHeaders, mailParts } from './mail-lines.js';

/** The kinds whose mail carries the meeting: its time in the series' zone and the reader's, the join link. */
export const REMINDER_KINDS: readonly string[] = ['meeting.agenda_ready', 'meeting.starting'];

/** A span in `zone`, naming the zone by its IANA name too (an abbreviation alone is ambiguous). */
function spanIn(data: Record<string, string | null>, locale: Locale, zone: string): string {
  const start = Temporal.Instant.from(data.start ?? '').toZonedDateTimeISO(zone);
  const end = Temporal.Instant.from(data.end ?? data.start ?? '').toZonedDateTimeISO(zone);
  const span = formatSpan(start, end, locale);
  return zone === 'UTC' ? span : `${span} (${zone})`;
}

/** The agenda's lines: each accepted topic with its timebox, and the total against the meeting's length. */
function agendaLines(t: Translate, data: Record<string, string | null>): Line[] {
  let topics: { title: string; minutes: number }[] = [];
  try {
    topics = JSON.parse(data.agenda ?? '[]') as typeof topics;
  } catch {
    // An agenda that cannot be read is left out; the meeting's page has it.
  }
  if (topics.length === 0) return [{ text: t('mail.reminder.noTopics') }];
  const list = topics.map((topic) =>
    t('mail.reminder.topic', { title: topic.title, minutes: topic.minutes }),
  );
  return [
    {
      text: [t('mail.reminder.agenda', { used: data.used ?? '0', total: data.total ?? '0' }), ...list].join(
        '\n',
      ),
    },
  ];
}

/**
 * The lines a meeting reminder adds: the meeting's time in the series' zone and in the reader's
 * own (UTC, named, when they chose none), the join link, and with the agenda-ready one, the agenda.
 */
export function reminderLines(
  reader: { t: Translate; locale: Locale; timeZone: string | null | undefined },
  kind: string,
  data: Record<string, string | null>,
): Line[] {
  if (!REMINDER_KINDS.includes(kind) || !data.start) return [];
  const { t, locale } = reader;
  const lines: Line[] = [
    { text: t('mail.reminder.meetingTime', { time: spanIn(data, locale, data.timeZone ?? 'UTC') }) },
    { text: t('mail.reminder.yourTime', { time: spanIn(data, locale, reader.timeZone ?? 'UTC') }) },
  ];
  if (data.joinUrl) lines.push({ text: t('mail.reminder.join', { link: data.joinUrl }), link: data.joinUrl });
  if (kind === 'meeting.agenda_ready') lines.push(...agendaLines(t, data));
  return lines;
}

/** A reminder to an invitation subscriber without an account: in their language, times in UTC beside the series' zone. */
export function composeSubscriberReminder(mail: SubscriberReminderToMail, config: Config): OutgoingMail {
  const t = translator(mail.locale);
  const reader = { t, locale: mail.locale, timeZone: null };
  const headline = notificationText(reader, {
    id: '',
    kind: mail.kind,
    thread: { type: 'meeting', id: '', title: mail.series.title },
    path: mail.path,
    actor: null,
    data: mail.data,
    createdAt: '',
    readAt: null,
  });
  const open = hubLink(config, mail.path);
  const unsubscribe = hubLink(config, `/meetings/${mail.series.slug}/invitations/unsubscribe`, {
    s: mail.subscriberId,
    t: mail.unsubscribeToken,
  });
  const body: Line[] = [
    { text: headline },
    ...reminderLines(reader, mail.kind, mail.data),
    { text: t('mail.notification.open', { link: open }), link: open },
  ];
  const footer: Line[] = [
    { text: t('mail.reminder.why.subscriber', { title: mail.series.title }) },
    { text: t('mail.notification.unsubscribe', { link: unsubscribe }), link: unsubscribe },
  ];
  const { text, html } = mailParts(mail.locale, headline, body, footer);
  return { to: mail.to, subject: headline, text, html, headers: listHeaders(unsubscribe), calendar: null };
}
