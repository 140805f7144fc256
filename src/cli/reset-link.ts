import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { accountLinkUrl } from '../mail/account-mail.js';
import { openApp } from '../runtime.js';

/**
 * `plenum users reset-link EMAIL`: a password reset link printed for the operator to hand over,
 * so even the last admin, with no mail set up, is never locked out. It works once, for an hour.
 */
export function addResetLinkCommand(users: Command): void {
  users
    .command('reset-link')
    .description('print a link that sets a new password for an account (works once, for an hour)')
    .argument('<email>', 'the account’s e-mail address')
    .action(async (email: string) => {
      const config = loadConfig();
      const { app, store } = await openApp(config);
      try {
        if (!(await app.accounts.findUserByEmail(email.trim().toLowerCase())))
          throw new Error(`No account with e-mail ${email}.`);
        const { token } = await app.passwordReset.resetLinkFor(email);
        console.log(accountLinkUrl(config, 'password-reset', token));
      } finally {
        await store.close();
      }
    });
}
