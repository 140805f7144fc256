import type { AccountLinkMail } from '../app/account-links.js';
import type { AccountExistsMail } from '../app/accounts.js';
import type { App } from '../app/app.js';
import type { MailJob } from '../app/invitations.js';
import { type DigestMail, isDigestMail } from '../app/notification-digest.js';
import { isNotificationMail, type NotificationMail } from '../app/notification-mail.js';
import { isSubscriberReminderMail, type SubscriberReminderMail } from '../app/reminder-notices.js';
import type { Config } from '../config.js';
import { composeAccountLink, isAccountLinkMail } from './account-mail.js';
import { composeAccountExists, composeMail } from './compose.js';
import { composeDigest } from './digest-mail.js';
import { composeNotification } from './notification-mail.js';
import { composeSubscriberReminder } from './reminder-mail.js';
import type { MailTransport } from './worker.js';

/** Composes and sends the mail a job asks for, as its reader wants it when it goes. */
export async function sendMail(
  app: App,
  config: Config,
  transport: MailTransport,
  payload: string,
): Promise<void> {
  const job = JSON.parse(payload) as
    | MailJob
    | AccountExistsMail
    | AccountLinkMail
    | NotificationMail
    | DigestMail
    | SubscriberReminderMail;
  if (isNotificationMail(job)) {
    const mail = await app.notificationMail.mailFor(job.notification);
    if (mail) await transport.send(composeNotification(mail, config));
  } else if (isDigestMail(job)) {
    const mail = await app.notificationDigest.mailFor(job.digest);
    if (mail) await transport.send(composeDigest(mail, config));
  } else if (isSubscriberReminderMail(job)) {
    const mail = await app.reminders.subscriberMail(job);
    if (mail) await transport.send(composeSubscriberReminder(mail, config));
  } else if (job.type === 'account-exists') {
    await transport.send(composeAccountExists(job, config));
  } else if (isAccountLinkMail(job)) {
    const link = await app.emailVerification.linkForMail(job);
    if (link) await transport.send(composeAccountLink(link, config));
  } else {
    const ctx = await app.invitations.jobContext(job);
    if (ctx) for (const mail of composeMail(job, ctx, config, app.now())) await transport.send(mail);
  }
}
