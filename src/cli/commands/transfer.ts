import { stat, writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { MAX_IMPORT_BYTES } from '../../domain/github-project.js';
import { MAX_PAGE_BYTES } from '../../domain/planning-page.js';
import type { Actor } from '../../domain/roles.js';
import { type ScheduleQuestion, ScheduleQuestions } from '../../domain/schedule-reading.js';
import { translator } from '../../web/i18n/index.js';
import { planLines } from '../../web/import-plan-text.js';
import { exportPlanningPage } from '../../web/planning-page-parts.js';
import { foundSentence } from '../../web/schedule-found-text.js';
import { localeOption, readAtMost, showProgress, weekdayOption, withApp } from '../options.js';
import { groupsExportCommand, groupsImportCommand } from './groups.js';
import { proposalImportCommand } from './proposals.js';

interface PageImportOptions {
  dryRun?: boolean;
  weekday?: number;
  weeks?: 'every' | 'odd' | 'even';
  start?: string;
  end?: string;
  timezone?: string;
  lang: 'en' | 'de';
  as?: string;
}

/** The flag that answers each part of a schedule the page leaves open. */
const FLAGS: Record<ScheduleQuestion, string> = {
  weekday: 'the weekday with --weekday (monday … sunday or 1–7)',
  weekRule: 'the weeks with --weeks every, odd or even',
  startTime: 'the start with --start HH:MM',
  endTime: 'the end with --end HH:MM',
  timeZone: 'the time zone with --timezone (an IANA name such as Europe/Berlin)',
};

function weeksOption(value: string): 'every' | 'odd' | 'even' {
  if (value === 'every' || value === 'odd' || value === 'even') return value;
  throw new InvalidArgumentError('every, odd or even');
}

async function importPage(file: string, opts: PageImportOptions): Promise<void> {
  const source = await readAtMost(file, MAX_PAGE_BYTES, '1 MB; a planning page holds at most 1 MB');
  await withApp(async (app) => {
    const t = translator('en');
    let actor: Actor | 'system' = 'system';
    if (opts.as) {
      const user = await app.accounts.findUserByEmail(opts.as);
      if (!user) throw new Error(`No account with e-mail ${opts.as}.`);
      actor = { kind: 'user', userId: user.id, role: user.role, name: user.name };
    }
    const options = {
      weekday: opts.weekday,
      weekRule: opts.weeks,
      startTime: opts.start,
      endTime: opts.end,
      timeZone: opts.timezone,
      lang: opts.lang,
    };
    const plan = await (opts.dryRun
      ? app.docs.previewImport(actor, source, options)
      : app.docs.importPage(actor, source, options)
    ).catch((err: unknown) => {
      // What the web form asks with fields is asked here with the flags that answer it.
      if (err instanceof ScheduleQuestions) {
        console.error(foundSentence(err.reading, t, 'en'));
        for (const q of err.reading.missing) console.error(`Give ${FLAGS[q]}.`);
      }
      throw err;
    });
    const report = planLines(plan, t, 'en');
    for (const a of report.assumptions) console.log(`Assumed: ${a}`);
    if (opts.dryRun) console.log('Dry run: nothing is stored.');
    for (const line of [...report.changes, ...(report.notOnPage ? [report.notOnPage] : [])]) {
      console.log(line.text);
      for (const item of line.items) console.log(`  - ${item}`);
    }
  });
}

async function importGithubProject(
  file: string,
  opts: { fields?: string; board: string; dryRun?: boolean },
): Promise<void> {
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
  await withApp(async (app) => {
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
  });
}

/** `import page` and `import github-project`: content brought in from elsewhere. */
export function importCommands(program: Command): void {
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
    .option(
      '--weeks <weeks>',
      'weeks of the meetings if the page does not say (every, odd or even)',
      weeksOption,
    )
    .option('--start <HH:MM>', 'start of the meetings if the page does not say')
    .option('--end <HH:MM>', 'end of the meetings if the page does not say')
    .option('--timezone <zone>', 'IANA time zone of the times if the page does not say')
    .option('--lang <lang>', 'language the page is written in (en or de)', localeOption, 'en')
    .option('--as <email>', 'account the new ideas are proposed by')
    .action(importPage);

  importCommand
    .command('github-project')
    .description(
      'import the items of a GitHub project (gh project item-list N --owner ORG --format json) into a board',
    )
    .argument('<items>', 'the JSON of gh project item-list … --format json')
    .option('--fields <file>', 'the JSON of gh project field-list … --format json (orders new columns)')
    .option('--board <slug>', 'the board to import into', 'default')
    .option('--dry-run', 'print what would change and change nothing')
    .action(importGithubProject);

  proposalImportCommand(importCommand);
  groupsImportCommand(importCommand);
}

/** `export page`: the public planning page as Markdown. */
export function exportCommands(program: Command): void {
  const exportCommand = program.command('export').description('write content out for elsewhere');
  exportCommand
    .command('page')
    .description('print the public planning page as Markdown')
    .option('--lang <lang>', 'en or de', localeOption, 'en')
    .option('--include-roadmap', 'list roadmap ideas too, not only the backlog')
    .option('--output <file>', 'write to a file instead of standard output')
    .action(async (opts: { lang: 'en' | 'de'; includeRoadmap?: boolean; output?: string }) => {
      await withApp(async (app) => {
        const page = await exportPlanningPage(app.docs, opts.lang, opts.includeRoadmap === true);
        if (opts.output) await writeFile(opts.output, page);
        else process.stdout.write(page);
      });
    });
  groupsExportCommand(exportCommand);
}
