import { isProposalState, type ProposalState } from './proposal.js';

/**
 * Reading a proposal from a Markdown file as a docs repository keeps them: the fields in a
 * front matter (`---` lines around `key: value`, lists as `[a, b]` or `- a` lines) or in a table
 * on the first lines (`| number | title | state | authors |`, its separator row and one row of
 * values). What follows is the proposal's text. Only the flat shape those files use is read:
 * no YAML beyond it is needed, and none is guessed at.
 */

export interface ProposalFile {
  number: unknown;
  title: unknown;
  state: unknown;
  authors: unknown;
  text: string;
}

/** Why a file could not be read, as a message key with its parameters. */
export class ProposalFileError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'ProposalFileError';
  }
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0]) return v.slice(1, -1);
  return v;
}

function frontMatter(lines: string[]): { fields: Record<string, unknown>; rest: number } {
  const end = lines.indexOf('---', 1);
  if (end < 0) throw new ProposalFileError('proposal.import.unclosedFrontMatter');
  const fields: Record<string, unknown> = {};
  let listOf: string | null = null;
  for (const line of lines.slice(1, end)) {
    const item = /^\s*-\s+(.*)$/u.exec(line);
    if (item && listOf !== null) {
      (fields[listOf] as string[]).push(unquote(item[1] ?? ''));
      continue;
    }
    const pair = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/u.exec(line);
    if (!pair) continue;
    const key = (pair[1] ?? '').toLowerCase();
    const value = (pair[2] ?? '').trim();
    listOf = null;
    if (value === '') {
      fields[key] = [];
      listOf = key;
    } else if (value.startsWith('[') && value.endsWith(']')) {
      fields[key] = value.slice(1, -1).split(',').map(unquote).filter(Boolean);
    } else fields[key] = unquote(value);
  }
  return { fields, rest: end + 1 };
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/gu, '')
    .split('|')
    .map((c) => c.trim());

function firstTable(lines: string[]): { fields: Record<string, unknown>; rest: number } {
  const head = cells(lines[0] ?? '').map((c) => c.toLowerCase());
  const separator = lines[1] ?? '';
  const values = lines[2];
  if (!/^\s*\|?[\s:|-]+\|?\s*$/u.test(separator) || values === undefined || !values.trim().startsWith('|')) {
    throw new ProposalFileError('proposal.import.badTable');
  }
  const row = cells(values);
  const fields: Record<string, unknown> = {};
  head.forEach((name, i) => {
    fields[name] = row[i] ?? '';
  });
  return { fields, rest: 3 };
}

/** The fields and text of one file; the caller checks them as any proposal is checked. */
export function readProposalFile(source: string): ProposalFile {
  const lines = source
    .replace(/^\uFEFF/u, '')
    .replace(/\r\n?/gu, '\n')
    .split('\n');
  const first = (lines[0] ?? '').trim();
  let read: { fields: Record<string, unknown>; rest: number };
  if (first === '---') read = frontMatter(lines);
  else if (first.startsWith('|')) read = firstTable(lines);
  else throw new ProposalFileError('proposal.import.noFields');
  const { fields, rest } = read;
  if (fields.number === undefined || fields.number === '')
    throw new ProposalFileError('proposal.import.noNumber');
  const authors = fields.authors ?? fields.author ?? [];
  return {
    number: fields.number,
    title: fields.title,
    state: fields.state ?? fields.status ?? 'in_discussion',
    authors: typeof authors === 'string' ? authors.split(',') : authors,
    text: lines.slice(rest).join('\n'),
  };
}

/** The German names of the states, as a docs repository of a German community may write them. */
const GERMAN: Record<string, ProposalState> = {
  in_diskussion: 'in_discussion',
  angenommen: 'accepted',
  abgelehnt: 'declined',
  in_arbeit: 'in_progress',
  abgeschlossen: 'completed',
  abgebrochen: 'aborted',
};

/** A state as a file spells it (`In Discussion`, `in-progress`, `Angenommen`), or null. */
export function stateFromFile(value: unknown): ProposalState | null {
  if (typeof value !== 'string') return null;
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/gu, '_');
  if (isProposalState(key)) return key;
  return GERMAN[key] ?? null;
}
