import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { ImportFile } from '../../app/proposal-import.js';
import { readAtMost, withApp } from '../options.js';

/** A proposal file is read up to this size; a design document is far smaller. */
const MAX_FILE_BYTES = 1024 * 1024;

/** The index page a docs folder keeps beside the proposals: it describes them, it is none. */
const INDEX = /^(readme|index)\.md$/iu;

/** The Markdown files of the folder, in name order, with their text. */
export async function proposalFiles(dir: string): Promise<ImportFile[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.md') && !INDEX.test(e.name))
    .map((e) => e.name)
    .sort();
  const files: ImportFile[] = [];
  for (const name of names) {
    files.push({ name, source: await readAtMost(join(dir, name), MAX_FILE_BYTES, '1 MB') });
  }
  return files;
}

async function importProposals(dir: string): Promise<void> {
  const files = await proposalFiles(dir);
  await withApp(async (app) => {
    const summary = await app.proposals.importFiles('system', files);
    const list = (numbers: number[]) => (numbers.length > 0 ? `: ${numbers.join(', ')}` : '');
    console.log(`Created ${summary.created.length}${list(summary.created)}`);
    console.log(`Updated ${summary.updated.length}${list(summary.updated)}`);
    console.log(`Unchanged ${summary.unchanged.length}`);
  });
}

/** `import proposals DIR`: a docs repository's proposals, all of them or (on any bad file) none. */
export function proposalImportCommand(importCommand: Command): void {
  importCommand
    .command('proposals')
    .description(
      'import enhancement proposals from a folder of Markdown files (front matter or a first-line table: number, title, state, authors)',
    )
    .argument('<dir>', 'the folder of proposal files (README.md and index.md are skipped)')
    .action(importProposals);
}
