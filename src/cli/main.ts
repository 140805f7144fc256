import { randomBytes } from 'node:crypto';
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { RuleError, ValidationError } from '../domain/errors.js';
import { MAX_IMPORT_BYTES } from '../domain/github-project.js';
import { MAX_PAGE_BYTES } from '../domain/planning-page.js';
import { type Actor, isRole } from '../domain/roles.js';
import { fieldErrors } from '../http/problem.js';
import { buildServer } from '../http/server.js';
import { smtpTransport, startOutboxWorker } from '../mail/worker.js';
import { writePrivateFile } from '../private-files.js';
import { openApp } from '../runtime.js';
import { isMessageKey, translator } from '../web/i18n/index.js';
import { planLines } from '../web/import-plan-text.js';
import { exportPlanningPage } from '../web/planning-page-parts.js';
import { addResetLinkCommand } from './reset-link.js';

function describe(err: unknown): string {
  if (err instanceof ValidationError) {
    const t = translator('en');
    return Object.entries(fieldErrors(err, t))
      .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
      .join('\n');
  }
  if (err instanceof RuleError && isMessageKey(err.key)) return translator('en')(err.key, err.params);
  return err instanceof Error ? err.message : String(err);
}

/**
 * A file's text, refused as soon as it holds more than `max` bytes: what is read stops there,
 * so a device or a pipe that never ends (`/dev/zero`) cannot fill the memory.
 */
async function readAtMost(path: string, max: number, limit: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    while (length <= max) {
      const { bytesRead } = await handle.read(buffer, length, max + 1 - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > max) throw new Error(`${path} has more than ${limit}.`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function serve(): Promise<void> {
  const config = loadConfig();
  // The listener may fail before the server (and its logger) exists; then stderr says it.
  let liveError = (err: unknown) => console.error('live updates: the listening connection failed', err);
  let poolError = (err: unknown) => console.error('database: a pooled connection failed', err);
  const { app, store } = await openApp(config, {
    onLiveError: (err) => liveError(err),
    onPoolError: (err) => poolError(err),
    // A database started beside the hub (a compose file, a reboot) may take a while to accept.
    waitForDatabaseMs: 60_000,
    onWaiting: (err) =>
      console.error(`waiting for the database: ${err instanceof Error ? err.message : String(err)}`),
  });
  const server = await buildServer({ app, config, logger: { level: config.logLevel } });
  liveError = (err) =>
    server.log.warn({ err }, 'live updates: the PostgreSQL listening connection failed; reconnecting');
  poolError = (err) =>
    server.log.warn({ err }, 'database: a pooled PostgreSQL connection failed; it is dropped and replaced');
  const worker = startOutboxWorker(app, config, config.smtpUrl ? smtpTransport(config) : null, {
    log: (msg, err) => server.log.warn({ err }, msg),
  });
  server.addHook('onResponse', async (request) => {
    // Writes may have queued mail; send it now rather than at the next poll.
    if (request.method !== 'GET' && request.method !== 'HEAD') worker.kick();
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.log.info({ signal }, 'shutting down');
    await server.close();
    await worker.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await server.listen({ host: config.host, port: config.port });
  const listening = server
    .addresses()
    .map((a) =>
      typeof a === 'string' ? a : `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`,
    );
  server.log.info(
    {
      url: config.baseUrl.toString(),
      listening,
      database: store.engine === 'sqlite' ? config.sqliteFile : 'postgres',
    },
    'Plenum is ready',
  );
}

/** One progress line per table, rewritten in place on a terminal. */
function showProgress(table: string, done: number, total: number): void {
  const line = `${table}: ${done}/${total}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(40)}`);
  else if (done === total) process.stderr.write(`${line}\n`);
}

const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function weekdayOption(value: string): number {
  const v = value.trim().toLowerCase();
  const n = /^[1-7]$/u.test(v) ? Number(v) : WEEKDAY_NAMES.indexOf(v) + 1;
  if (n < 1) throw new InvalidArgumentError('must be a weekday (monday … sunday) or 1–7');
  return n;
}

function localeOption(value: string): 'en' | 'de' {
  if (value !== 'en' && value !== 'de') throw new InvalidArgumentError('must be en or de');
  return value;
}

function roleOption(value: string): string {
  if (!isRole(value)) throw new InvalidArgumentError('must be admin, maintainer or member');
  return value;
}

export async function run(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('plenum').description('A planning hub for open-source communities');

  program
    .command('serve')
    .description('serve the hub (HOST, PORT, PLENUM_BASE_URL, PLENUM_DATA_DIR, DATABASE_URL)')
    .action(serve);

  program
    .command('migrate')
    .description('bring the database schema up to date and exit')
    .action(async () => {
      const { store } = await openApp(loadConfig());
      await store.close();
      console.log('Database is up to date.');
    });

  const user = program.command('user').alias('users').description('manage accounts');
  addResetLinkCommand(user);
  user
    .command('add')
    .description('create an account; prints a generated password unless PLENUM_PASSWORD is set')
    .requiredOption('--email <email>', 'e-mail address used to sign in')
    .requiredOption('--name <name>', 'display name')
    .option('--role <role>', 'admin, maintainer or member', roleOption, 'member')
    .action(async (opts: { email: string; name: string; role: string }) => {
      const { app, store } = await openApp(loadConfig());
      try {
        const given = process.env.PLENUM_PASSWORD;
        const password = given || randomBytes(12).toString('base64url');
        const created = await app.accounts.createUser('system', { ...opts, password });
        console.log(`Created ${created.role} ${created.name} <${created.email}>.`);
        if (!given) console.log(`Password (shown once): ${password}`);
      } finally {
        await store.close();
      }
    });

  const importCommand = program.command('import').description('bring content in from elsewhere');
  importCommand
    .command('page')
    .description('import the public planning page (Markdown); prints what changes')
    .argument('<file>', 'the Markdown page')
    .option('--dry-run', 'print what would change and change nothing')
    .option(
      '--weekday <day>',
      'weekday of the meetings if the page does not say (monday … sunday or 1–7)',
      weekdayOption,
    )
    .option('--timezone <zone>', 'IANA time zone if the page does not say (else Europe/Berlin, reported)')
    .option('--lang <lang>', 'language the page is written in (en or de)', localeOption, 'en')
    .option('--as <email>', 'account the new ideas are proposed by')
    .action(
      async (
        file: string,
        opts: { dryRun?: boolean; weekday?: number; timezone?: string; lang: 'en' | 'de'; as?: string },
      ) => {
        const source = await readAtMost(file, MAX_PAGE_BYTES, '1 MB; a planning page holds at most 1 MB');
        const { app, store } = await openApp(loadConfig());
        try {
          const t = translator('en');
          let actor: Actor | 'system' = 'system';
          if (opts.as) {
            const user = await app.accounts.findUserByEmail(opts.as);
            if (!user) throw new Error(`No account with e-mail ${opts.as}.`);
            actor = { kind: 'user', userId: user.id, role: user.role, name: user.name };
          }
          const options = { weekday: opts.weekday, timeZone: opts.timezone, lang: opts.lang };
          const plan = opts.dryRun
            ? await app.docs.previewImport(actor, source, options)
            : await app.docs.importPage(actor, source, options);
          const report = planLines(plan, t);
          for (const a of report.assumptions) console.log(`Assumed: ${a}`);
          if (opts.dryRun) console.log('Dry run: nothing is stored.');
          for (const line of [...report.changes, ...(report.notOnPage ? [report.notOnPage] : [])]) {
            console.log(line.text);
            for (const item of line.items) console.log(`  - ${item}`);
          }
        } finally {
          await store.close();
        }
      },
    );

  importCommand
    .command('github-project')
    .description(
      'import the items of a GitHub project (gh project item-list N --owner ORG --format json) into a board',
    )
    .argument('<items>', 'the JSON of gh project item-list … --format json')
    .option('--fields <file>', 'the JSON of gh project field-list … --format json (orders new columns)')
    .option('--board <slug>', 'the board to import into', 'default')
    .option('--dry-run', 'print what would change and change nothing')
    .action(async (file: string, opts: { fields?: string; board: string; dryRun?: boolean }) => {
      // Refused before reading: a file this large is not a project export.
      for (const path of [file, opts.fields].filter((p): p is string => p !== undefined)) {
        const { size } = await stat(path);
        if (size > MAX_IMPORT_BYTES)
          throw new Error(
            `${path} has ${(size / 1024 / 1024).toFixed(1)} MB; an export holds at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
          );
      }
      const limit = `${MAX_IMPORT_BYTES / 1024 / 1024} MB; an export holds at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB`;
      const items = await readAtMost(file, MAX_IMPORT_BYTES, limit);
      const fields = opts.fields ? await readAtMost(opts.fields, MAX_IMPORT_BYTES, limit) : undefined;
      const { app, store } = await openApp(loadConfig());
      try {
        const started = performance.now();
        const report = await app.githubImport.importItems('system', opts.board, items, {
          fields,
          dryRun: opts.dryRun,
          onProgress: (done, total) => showProgress('items', done, total),
        });
        if (process.stderr.isTTY && report.created + report.updated > 0) process.stderr.write('\n');
        if (opts.dryRun) console.log('Dry run: nothing is stored.');
        console.log(`Board: ${report.board}`);
        if (report.columnsCreated.length > 0) console.log(`New columns: ${report.columnsCreated.join(', ')}`);
        console.log(
          `Items: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged (${report.total} in the file, ${Math.round(performance.now() - started)} ms)`,
        );
      } finally {
        await store.close();
      }
    });

  const exportCommand = program.command('export').description('write content out for elsewhere');
  exportCommand
    .command('page')
    .description('print the public planning page as Markdown')
    .option('--lang <lang>', 'en or de', localeOption, 'en')
    .option('--include-roadmap', 'list roadmap ideas too, not only the backlog')
    .option('--output <file>', 'write to a file instead of standard output')
    .action(async (opts: { lang: 'en' | 'de'; includeRoadmap?: boolean; output?: string }) => {
      const { app, store } = await openApp(loadConfig());
      try {
        const page = await exportPlanningPage(app.docs, opts.lang, opts.includeRoadmap === true);
        if (opts.output) await writeFile(opts.output, page);
        else process.stdout.write(page);
      } finally {
        await store.close();
      }
    });

  program
    .command('backup')
    .description('write everything to a versioned JSON file (without secrets unless asked)')
    .argument('<file>', 'where to write the backup')
    .option(
      '--include-secrets',
      'also password hashes, sessions, API tokens, invitation links and the cookie secret',
    )
    .action(async (file: string, opts: { includeSecrets?: boolean }) => {
      const { app, store } = await openApp(loadConfig());
      try {
        const backup = await app.backup.create({
          includeSecrets: opts.includeSecrets === true,
          progress: showProgress,
        });
        await writePrivateFile(file, `${JSON.stringify(backup, null, 1)}\n`);
        const rows = Object.values(backup.tables).reduce((n, t) => n + (t?.length ?? 0), 0);
        process.stderr.write(`\nWrote ${rows} rows to ${file}.\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('restore')
    .description('restore a backup into an empty database (SQLite or PostgreSQL, either way)')
    .argument('<file>', 'a file written by `plenum backup`')
    .action(async (file: string) => {
      let backup: unknown;
      try {
        backup = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        throw new Error(`${file} is not readable JSON: ${(err as Error).message}`);
      }
      const { app, store } = await openApp(loadConfig());
      try {
        const { rows } = await app.backup.restore(backup, showProgress);
        process.stderr.write(`\nRestored ${rows} rows.\n`);
      } finally {
        await store.close();
      }
    });

  const token = program.command('token').description('manage personal API tokens');
  token
    .command('create')
    .description('create an API token for an account and print it once')
    .requiredOption('--email <email>', 'the account the token acts as')
    .option('--name <name>', 'what the token is for', 'API token')
    .action(async (opts: { email: string; name: string }) => {
      const { app, store } = await openApp(loadConfig());
      try {
        const owner = await app.accounts.findUserByEmail(opts.email);
        if (!owner) throw new Error(`No account with e-mail ${opts.email}.`);
        const actor = { kind: 'user' as const, userId: owner.id, role: owner.role, name: owner.name };
        const created = await app.accounts.createApiToken(actor, opts.name);
        console.log(created.token);
      } finally {
        await store.close();
      }
    });

  // `plenum` alone serves; anything else must be a known command.
  const args = argv.length <= 2 ? [...argv, 'serve'] : argv;
  try {
    await program.parseAsync(args);
  } catch (err) {
    console.error(err instanceof ConfigError ? `Configuration: ${err.message}` : describe(err));
    process.exitCode = 1;
  }
}
