import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { roleOption, withApp } from '../options.js';
import { addResetLinkCommand } from '../reset-link.js';

/** `user add`: an account, with a generated password unless one is given. */
export function userCommands(program: Command): void {
  const user = program.command('user').alias('users').description('manage accounts');
  addResetLinkCommand(user);
  user
    .command('add')
    .description('create an account; prints a generated password unless PLENUM_PASSWORD is set')
    .requiredOption('--email <email>', 'e-mail address used to sign in')
    .requiredOption('--name <name>', 'display name')
    .option('--role <role>', 'admin, maintainer or member', roleOption, 'member')
    .action(async (opts: { email: string; name: string; role: string }) => {
      await withApp(async (app) => {
        const given = process.env.PLENUM_PASSWORD;
        const password = given || randomBytes(12).toString('base64url');
        const created = await app.accounts.createUser('system', { ...opts, password });
        console.log(`Created ${created.role} ${created.name} <${created.email}>.`);
        if (!given) console.log(`Password (shown once): ${password}`);
      });
    });
}

/** `token create`: a personal API token, printed once. */
export function tokenCommands(program: Command): void {
  const token = program.command('token').description('manage personal API tokens');
  token
    .command('create')
    .description('create an API token for an account and print it once')
    .requiredOption('--email <email>', 'the account the token acts as')
    .option('--name <name>', 'what the token is for', 'API token')
    .action(async (opts: { email: string; name: string }) => {
      await withApp(async (app) => {
        const owner = await app.accounts.findUserByEmail(opts.email);
        if (!owner) throw new Error(`No account with e-mail ${opts.email}.`);
        const actor = { kind: 'user' as const, userId: owner.id, role: owner.role, name: owner.name };
        const created = await app.accounts.createApiToken(actor, opts.name);
        console.log(created.token);
      });
    });
}
