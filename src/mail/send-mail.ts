import type { AccountLinkMail } from '../app/account-links.js';
import type { AccountExistsMail } from '../app/accounts.js';
import type { App } from '../app/app.js';
import type { MailJob } from '../app/invitations.js';
import { type DigestMail, isDigestMail } from '../app/notification-digest.js';
import { isNotificationMail, type NotificationMail } from '../app/notification-mail.js';
import { isSubscriberReminderMail, type SubscriberReminderMail } from '../app/reminder-notices.js';
import type { Config } from '../config.js';
import type { OutboxRow } from '../store/outbox.repository.js';
import { composeAccountLink, isAccountLinkMail } from './account-mail.js';
import { composeAccountExists, composeMail, type OutgoingMail } from './compose.js';
import { composeDigest } from './digest-mail.js';
import { hubMessageId } from './mail-lines.js';
import { composeNotification } from './notification-mail.js';
import { composeSubscriberReminder } from './reminder-mail.js';
import type { MailTransport } from './worker.js';

/** Composes the mail a job asks for, as its reader wants it when it goes (none when it is moot now). */
async function mailsOf(app: App, config: Config, payload: string): Promise<OutgoingMail[]> {
  const job = JSON.parse(payload) as
    | MailJob
    | AccountExistsMail
    | AccountLinkMail
    | NotificationMail
    | DigestMail
    | SubscriberReminderMail;
  if (isNotificationMail(job)) {
    const mail = await app.notificationMail.mailFor(job.notification);
    return mail ? [composeNotification(mail, config)] : [];
  }
  if (isDigestMail(job)) {
    const mail = await app.notificationDigest.mailFor(job.digest);
    return mail ? [composeDigest(mail, config)] : [];
  }
  if (isSubscriberReminderMail(job)) {
    const mail = await app.reminders.subscriberMail(job);
    return mail ? [composeSubscriberReminder(mail, config)] : [];
  }
  if (job.type === 'account-exists') return [composeAccountExists(job, config)];
  if (isAccountLinkMail(job)) {
    const link = await app.emailVerification.linkForMail(job);
    return link ? [composeAccountLink(link, config)] : [];
  }
  const ctx = await app.invitations.jobContext(job);
  return ctx ? composeMail(job, ctx, config, app.now()) : [];
}

/**
 * Sends a mail job's mails. Each has a Message-ID that a resend of the job repeats (its own, or
 * one made of the job's id and its place in the job), so a mail sent again after a crash is
 * seen as the same message.
 */
export async function sendMail(
  app: App,
  config: Config,
  transport: MailTransport,
  job: OutboxRow,
): Promise<void> {
  const mails = await mailsOf(app, config, job.payload);
  for (const [i, mail] of mails.entries())
    await transport.send({
      ...mail,
      messageId: mail.messageId ?? hubMessageId(`outbox.${job.id}.${i}`, config),
    });
}
