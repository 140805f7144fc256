import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { RuleError, ValidationError } from '../domain/errors.js';
import { fieldErrors } from '../http/problem.js';
import { isMessageKey, translator } from '../web/i18n/index.js';
import { tokenCommands, userCommands } from './commands/accounts.js';
import { backupCommands } from './commands/backup.js';
import { serveCommands } from './commands/serve.js';
import { exportCommands, importCommands } from './commands/transfer.js';

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

export async function run(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('plenum').description('A planning hub for open-source communities');
  // Registered in the order `plenum --help` lists them.
  serveCommands(program);
  userCommands(program);
  importCommands(program);
  exportCommands(program);
  backupCommands(program);
  tokenCommands(program);

  // `plenum` alone serves; anything else must be a known command.
  const args = argv.length <= 2 ? [...argv, 'serve'] : argv;
  try {
    await program.parseAsync(args);
  } catch (err) {
    console.error(err instanceof ConfigError ? `Configuration: ${err.message}` : describe(err));
    process.exitCode = 1;
  }
}
