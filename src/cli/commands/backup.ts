import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { writePrivateFile } from '../../private-files.js';
import { showProgress, withApp } from '../options.js';

/** `backup` and `restore`: everything to a JSON file and back, across engines. */
export function backupCommands(program: Command): void {
  program
    .command('backup')
    .description('write everything to a versioned JSON file (without secrets unless asked)')
    .argument('<file>', 'where to write the backup')
    .option(
      '--include-secrets',
      'also password hashes, sessions, API tokens, invitation links and the cookie secret',
    )
    .action(async (file: string, opts: { includeSecrets?: boolean }) => {
      await withApp(async (app) => {
        const backup = await app.backup.create({
          includeSecrets: opts.includeSecrets === true,
          progress: showProgress,
        });
        await writePrivateFile(file, `${JSON.stringify(backup, null, 1)}\n`);
        const rows = Object.values(backup.tables).reduce((n, t) => n + (t?.length ?? 0), 0);
        process.stderr.write(`\nWrote ${rows} rows to ${file}.\n`);
      });
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
      await withApp(async (app) => {
        const { rows } = await app.backup.restore(backup, showProgress);
        process.stderr.write(`\nRestored ${rows} rows.\n`);
      });
    });
}
