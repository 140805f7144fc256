import { type AccountLinkMail, accountLinkPath, RESET_MINUTES } from '../app/account-links.js';
import type { LinkToSend } from '../app/email-verification.js';
import type { Config } from '../config.js';
import { translator } from '../web/i18n/index.js';
import type { OutgoingMail } from './compose.js';

/** The whole address of a mailed link on this hub. */
export function accountLinkUrl(config: Config, purpose: AccountLinkMail['type'], token: string): string {
  return new URL(accountLinkPath(purpose, token), config.baseUrl).toString();
}

/** Whether an outbox mail job is one of the account's links. */
export function isAccountLinkMail(job: { type: string }): job is AccountLinkMail {
  return job.type === 'password-reset' || job.type === 'email-verification';
}

/** The mail of a password reset or an address check, in the account's language. */
export function composeAccountLink(link: LinkToSend, config: Config): OutgoingMail {
  const t = translator(link.locale);
  const hub = config.baseUrl.host;
  const url = accountLinkUrl(config, link.purpose, link.token);
  const [subject, body] =
    link.purpose === 'password-reset'
      ? [t('mail.reset.subject', { hub }), t('mail.reset.body', { hub, link: url, minutes: RESET_MINUTES })]
      : [t('mail.verify.subject', { hub }), t('mail.verify.body', { hub, link: url })];
  return {
    to: link.to,
    subject,
    text: `${body}\n`,
    headers: { 'Auto-Submitted': 'auto-generated' },
    calendar: null,
  };
}
