import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { parseDate } from '../../domain/schedule.js';
import { SigsYamlError } from '../../domain/sigs-yaml.js';
import { translator } from '../../web/i18n/index.js';
import { sigsProblemText } from '../../web/sigs-problem-text.js';
import { readAtMost, withApp } from '../options.js';

/** A sigs.yaml of a large community (Kubernetes': about 150 kB) fits many times over. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

function weeksOption(value: string): 'odd' | 'even' {
  if (value === 'odd' || value === 'even') return value;
  throw new InvalidArgumentError('odd or even');
}

function dateOption(value: string): string {
  const date = parseDate(value);
  if (date && date.toString() === value.trim()) return date.toString();
  throw new InvalidArgumentError('a date YYYY-MM-DD, in the years 1970 to 2199');
}

interface ImportOptions {
  everyOther?: 'odd' | 'even';
  start?: string;
}

async function importGroups(file: string, opts: ImportOptions): Promise<void> {
  const text = await readAtMost(file, MAX_FILE_BYTES, '2 MB');
  await withApp(async (app) => {
    try {
      const options = {
        ...(opts.everyOther ? { undatedEveryOther: opts.everyOther } : {}),
        ...(opts.start ? { undatedStart: opts.start } : {}),
      };
      const summary = await app.groups.importSigs('system', text, options);
      const list = (slugs: string[]) => (slugs.length > 0 ? `: ${slugs.join(', ')}` : '');
      console.log(`Groups created ${summary.created.length}${list(summary.created)}`);
      console.log(`Groups updated ${summary.updated.length}${list(summary.updated)}`);
      console.log(`Groups unchanged ${summary.unchanged.length}`);
      console.log(`Series created ${summary.seriesCreated.length}, updated ${summary.seriesUpdated.length}`);
      const t = translator('en');
      for (const note of summary.notes) console.log(`Note: ${sigsProblemText(note, t, 'en')}`);
      if (summary.unknownPeople.length > 0)
        console.log(`Leads without an account here (left out): ${summary.unknownPeople.join(', ')}`);
    } catch (err) {
      if (!(err instanceof SigsYamlError)) throw err;
      const t = translator('en');
      console.error(`${file}: nothing imported, ${err.problems.length} problem(s):`);
      for (const problem of err.problems) console.error(`  ${sigsProblemText(problem, t, 'en')}`);
      process.exitCode = 1;
    }
  });
}

/** `import groups FILE`: the groups and meeting series of a sigs.yaml, all of them or none. */
export function groupsImportCommand(importCommand: Command): void {
  importCommand
    .command('groups')
    .description('import groups and their meeting series from a sigs.yaml (the format Kubernetes publishes)')
    .argument('<file>', 'the sigs.yaml')
    .option(
      '--every-other <weeks>',
      'ISO weeks (odd or even) of biweekly meetings the file gives no date for',
      weeksOption,
    )
    .option(
      '--start <date>',
      'the first meeting (YYYY-MM-DD) of every-N-weeks meetings the file gives no date for, and of biweekly ones when --every-other is not given; it must fall on each such meeting’s weekday',
      dateOption,
    )
    .action(importGroups);
}

/** `export groups`: the hub's groups in the shape of a sigs.yaml. */
export function groupsExportCommand(exportCommand: Command): void {
  exportCommand
    .command('groups')
    .description('print the groups and their meeting series as a sigs.yaml')
    .option('--output <file>', 'write to a file instead of standard output')
    .action(async (opts: { output?: string }) => {
      await withApp(async (app) => {
        const yaml = await app.groups.exportSigs();
        if (opts.output) await writeFile(opts.output, yaml);
        else process.stdout.write(yaml);
      });
    });
}
