import { Temporal } from 'temporal-polyfill';
import type { AccountExistsMail } from '../app/accounts.js';
import type { MailJob, MailJobContext } from '../app/invitations.js';
import type { Config } from '../config.js';
import type { FeedOptions } from '../domain/ical-feed.js';
import { itipCancelAll, itipCancelOccurrence, itipRequests } from '../domain/itip.js';
import { occurrenceOn } from '../domain/recurrence.js';
import { feedTexts } from '../web/feed-texts.js';
import { type Translate, translator } from '../web/i18n/index.js';
import { formatSpan, scheduleSentence } from '../web/meeting-format.js';

/** How far ahead invitations reach, as the subscription feed does. */
const INVITATION_YEARS = 10;

/** A composed message; `calendar` becomes the text/calendar part with its iTIP method. */
export interface OutgoingMail {
  /** One bare address (addr-spec), sent as exactly that: see smtpTransport. */
  to: string;
  subject: string;
  text: string;
  /** An HTML part beside the text, saying the same. */
  html?: string;
  headers: Record<string, string>;
  calendar: { method: 'REQUEST' | 'CANCEL'; ics: string } | null;
  /**
   * A Message-ID derived from what the mail is of, so that a mail sent again after a crash
   * (the SMTP server took it, the outbox had not yet recorded that) carries the same id and
   * mail programs and archives can see it is one message; absent, the outbox worker makes one
   * of the job's id (see src/mail/worker.ts).
   */
  messageId?: string;
}

/** Tells the owner of an address that someone tried to register it again, and where to sign in. */
export function composeAccountExists(job: AccountExistsMail, config: Config): OutgoingMail {
  const t = translator(job.locale);
  const hub = config.baseUrl.host;
  return {
    to: job.email,
    subject: t('mail.accountExists.subject', { hub }),
    text: `${t('mail.accountExists.body', { hub, link: new URL('login', config.baseUrl).toString() })}\n`,
    headers: { 'Auto-Submitted': 'auto-generated' },
    calendar: null,
  };
}

/** What every message to a subscriber carries: links, list headers, footer, join link. */
interface Envelope {
  t: Translate;
  link: (path: string, query?: Record<string, string>) => string;
  pageUrl: string;
  headers: Record<string, string>;
  footer: string;
  join: string;
}

function envelope(ctx: MailJobContext, config: Config): Envelope {
  const { series, subscriber } = ctx;
  const t = translator(subscriber.locale);
  const link = (path: string, query: Record<string, string> = {}) => {
    const url = new URL(path.replace(/^\//u, ''), config.baseUrl);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  };
  const pageUrl = link(`/meetings/${series.slug}`);
  const unsubscribe = link(`/meetings/${series.slug}/invitations/unsubscribe`, {
    s: subscriber.id,
    t: ctx.unsubscribeToken,
  });
  const headers = {
    'List-Unsubscribe': `<${unsubscribe}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'Auto-Submitted': 'auto-generated',
  };
  const footer = `\n\n-- \n${t('mail.page', { link: pageUrl })}\n${t('mail.footer', { title: series.title, link: unsubscribe })}\n`;
  const join = series.joinUrl ? `\n\n${t('mail.join', { link: series.joinUrl })}` : '';
  return { t, link, pageUrl, headers, footer, join };
}

function confirmMail(ctx: MailJobContext, { t, link }: Envelope): OutgoingMail {
  const { series, subscriber } = ctx;
  const confirm = link(`/meetings/${series.slug}/invitations/confirm`, {
    s: subscriber.id,
    t: ctx.confirmToken,
  });
  return {
    to: subscriber.email,
    subject: t('mail.confirm.subject', { title: series.title }),
    text: `${t('mail.confirm.body', { title: series.title, link: confirm })}\n`,
    // No unsubscribe header: the address has not agreed to anything yet.
    headers: { 'Auto-Submitted': 'auto-generated' },
    calendar: null,
  };
}

/** The series' calendar as the subscriber sees it from today, in iTIP. */
function feedOptions(ctx: MailJobContext, config: Config, { t, pageUrl }: Envelope, now: Date): FeedOptions {
  const { series, subscriber } = ctx;
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(series.schedule.timeZone)
    .toPlainDate();
  return {
    encoding: 'compatible',
    uidHost: config.baseUrl.hostname,
    pageUrl,
    horizon: today.add({ years: INVITATION_YEARS }),
    method: 'REQUEST',
    texts: feedTexts(series, t, pageUrl),
    itip: { organizer: config.mailFrom, organizerName: series.title, attendee: subscriber.email },
  };
}

/** The CANCEL of one occurrence, or null when it is not called off (any more). */
function cancelOccurrenceMail(
  date: string,
  ctx: MailJobContext,
  { t, headers, footer }: Envelope,
  options: FeedOptions,
): OutgoingMail | null {
  const { series, subscriber } = ctx;
  const cancelled = itipCancelOccurrence(series, ctx.changes, date, options);
  const occurrence = occurrenceOn(series.schedule, ctx.changes, date);
  if (!cancelled || !occurrence) return null;
  const when = formatSpan(occurrence.start, occurrence.end, subscriber.locale);
  return {
    to: subscriber.email,
    subject: t('mail.cancelOccurrence.subject', { title: series.title, date: when }),
    text: `${t('mail.cancelOccurrence.body', { title: series.title, date: when })}${occurrence.reason ? `\n\n${t('meetings.reason', { reason: occurrence.reason })}` : ''}${footer}`,
    headers,
    calendar: { method: 'CANCEL', ics: cancelled.ics },
  };
}

function cancelAllMails(ctx: MailJobContext, { t }: Envelope, options: FeedOptions): OutgoingMail[] {
  const { series, subscriber } = ctx;
  return itipCancelAll(series, ctx.changes, options).map((part) => ({
    to: subscriber.email,
    subject: t('mail.cancelAll.subject', { title: series.title }),
    text: `${t('mail.cancelAll.body', { title: series.title })}\n`,
    headers: { 'Auto-Submitted': 'auto-generated' },
    calendar: { method: 'CANCEL', ics: part.ics },
  }));
}

function requestMails(ctx: MailJobContext, mail: Envelope, options: FeedOptions): OutgoingMail[] {
  const { series, subscriber } = ctx;
  const { t, headers, footer, join } = mail;
  const parts = itipRequests(series, ctx.changes, options);
  const schedule = scheduleSentence(series.schedule, t, subscriber.locale);
  return parts.map((part, i) => ({
    to: subscriber.email,
    subject:
      t('mail.request.subject', { title: series.title }) +
      (parts.length > 1 ? ` (${i + 1}/${parts.length})` : ''),
    text: `${t('mail.request.body', { title: series.title, schedule })}${parts.length > 1 ? `\n\n${t('mail.requestPart', { n: i + 1, total: parts.length })}` : ''}${join}${footer}`,
    headers,
    calendar: { method: 'REQUEST', ics: part.ics },
  }));
}

/** Turns a mail job into messages, in the subscriber's language, from the state at send time. */
export function composeMail(job: MailJob, ctx: MailJobContext, config: Config, now: Date): OutgoingMail[] {
  const mail = envelope(ctx, config);
  if (job.type === 'confirm') return [confirmMail(ctx, mail)];
  if (ctx.subscriber.status !== 'confirmed' && job.type !== 'cancel-all') return [];
  const options = feedOptions(ctx, config, mail, now);
  if (job.type === 'cancel-occurrence') {
    const cancelled = cancelOccurrenceMail(job.date, ctx, mail, options);
    if (cancelled) return [cancelled];
    // Restored before the mail went out: the current state is an ordinary update.
  }
  if (job.type === 'cancel-all') return cancelAllMails(ctx, mail, options);
  return requestMails(ctx, mail, options);
}
