import { NotFoundError, ValidationError } from '../domain/errors.js';
import { authorize, authorizeUser } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { toUser } from '../store/users.repository.js';
import type { AccountKit } from './account-kit.js';
import { actorOf } from './account-kit.js';
import { type AccountLinkMail, enqueueLinkMail, issueLink, takeLink } from './account-links.js';
import type { MailOptions } from './password-reset.js';

/** A mailed link, ready to send: the secret exists only in this and in the mail. */
export interface LinkToSend {
  purpose: AccountLinkMail['type'];
  to: string;
  token: string;
  locale: AccountLinkMail['locale'];
}

/**
 * Whether an account's address is its owner's: a link mailed after registration (and again on
 * asking, from the profile) marks it verified. Others (linking a sign-in from another site)
 * trust an address only then. A reset link used from the mail marks it too.
 */
export function emailVerificationUseCases(kit: AccountKit) {
  const { store, limits, write } = kit;

  return {
    /** When one's address was shown to be one's own; null while it has not been. */
    async verifiedAt(actor: Actor): Promise<string | null> {
      authorizeUser(actor, 'account.edit');
      const row = await store.read.users.findById(actor.userId);
      if (!row) throw new NotFoundError('user', actor.userId);
      return row.email_verified_at;
    },

    /** Mails the link again; limited per account, refused when the hub sends no mail. */
    async sendVerification(actor: Actor, options: MailOptions): Promise<void> {
      authorizeUser(actor, 'account.edit');
      if (!options.mail) throw new ValidationError([{ field: 'form', key: 'error.mailNotConfigured' }]);
      const row = await store.read.users.findById(actor.userId);
      if (!row) throw new NotFoundError('user', actor.userId);
      if (row.email_verified_at !== null) return;
      await limits.take('verificationMailsPerAccount', row.id, 'error.tooManyVerificationMails');
      await write(actor, ({ repos, at }) =>
        enqueueLinkMail(repos, 'email-verification', row, options.locale, at),
      );
    },

    /** Marks the address verified with the mailed link; the link works once. */
    async verifyEmail(actor: Actor, token: string): Promise<void> {
      authorize(actor, 'email.verify');
      await write('system', async ({ repos, at, audit }) => {
        const { user, email } = await takeLink(repos, 'email-verification', token, at);
        if (user.email !== email)
          throw new ValidationError([{ field: 'token', key: 'error.verifyLinkInvalid' }]);
        await repos.accountTokens.markVerified(user.id, email, at);
        await audit('user.emailVerified', { type: 'user', id: user.id }, email, actorOf(toUser(user)));
      });
    },

    /**
     * Makes the link of a queued mail (either kind) when it is sent: nothing for an account that
     * is gone or disabled, whose address changed since, or that was verified meanwhile.
     */
    async linkForMail(job: AccountLinkMail): Promise<LinkToSend | null> {
      const row = await store.read.users.findById(job.userId);
      if (!row || row.disabled_at !== null || row.email !== job.email) return null;
      if (job.type === 'email-verification' && row.email_verified_at !== null) return null;
      const token = await write('system', ({ repos, at }) => issueLink(repos, job.type, row, at));
      return { purpose: job.type, to: row.email, token, locale: job.locale };
    },
  };
}
