import { type FieldProblem, ValidationError } from './errors.js';
import type { IdeaLink } from './idea.js';
import { textField } from './text.js';
import { normalizeWebUrl } from './web-url.js';

/**
 * The planning board: columns in order, items (cards) in each column in order. Items link to
 * GitHub issues and pull requests and to an idea of the backlog.
 */

export const COLUMN_PRESETS = ['todo', 'in_progress', 'done'] as const;
export type ColumnPreset = (typeof COLUMN_PRESETS)[number];

/** The address name of the board `/board` shows; it is created by the first write. */
export const DEFAULT_BOARD_SLUG = 'default';

export interface Board {
  id: string;
  slug: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** The group whose board it is (its id), or null. */
  groupId: string | null;
}

export interface BoardColumn {
  id: string;
  boardId: string;
  /** Empty while a starting column keeps its preset name (shown in the reader's language). */
  name: string;
  preset: ColumnPreset | null;
  positionKey: string;
  /** Items here count as done on the roadmap. */
  done: boolean;
  archived: boolean;
  version: number;
}

/** What a card says, whether it is on a board or still in a GitHub Projects export. */
export interface CardContent {
  title: string;
  body: string;
  links: IdeaLink[];
  assignees: string[];
  labels: string[];
  repository: string | null;
}

export interface BoardItem extends CardContent {
  id: string;
  boardId: string;
  columnId: string;
  ideaId: string | null;
  ideaSlug: string | null;
  ideaTitle: string | null;
  positionKey: string;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const BOARD_LIMITS = {
  title: 200,
  body: 20_000,
  links: 20,
  labels: 20,
  label: 60,
  assignees: 20,
  assignee: 80,
  columnName: 60,
  columns: 20,
} as const;

export interface ItemDraft {
  title: string;
  body: string;
  links: IdeaLink[];
  assignees: string[];
  labels: string[];
}

export function isColumnPreset(value: unknown): value is ColumnPreset {
  return typeof value === 'string' && (COLUMN_PRESETS as readonly string[]).includes(value);
}

/** Names arrive as a list (JSON) or as one comma-separated line (a form field). */
function nameList(value: unknown, field: string, max: number, each: number, problems: FieldProblem[]) {
  if (value === undefined || value === null || value === '') return [];
  const raw = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(raw) || raw.some((t) => typeof t !== 'string')) {
    problems.push({ field, key: 'error.notTextList' });
    return [];
  }
  // Counted before each is checked: a list of thousands is one problem, not thousands.
  const typed = new Set(
    (raw as string[]).map((t) => t.normalize('NFC').replace(/\s+/gu, ' ').trim()).filter(Boolean),
  );
  if (typed.size > max) {
    problems.push({ field, key: 'error.tooMany', params: { max } });
    return [];
  }
  const names: string[] = [];
  for (const item of typed) {
    const before = problems.length;
    const name = textField(item, field, each, problems, { line: true });
    if (problems.length > before || name === '') continue;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Links arrive as [{label, url}] (JSON), as URLs, or as one URL a line (a form's text area). */
function itemLinks(value: unknown, problems: FieldProblem[]): IdeaLink[] {
  if (value === undefined || value === null || value === '') return [];
  const raw = typeof value === 'string' ? value.split(/\r?\n/u) : value;
  if (!Array.isArray(raw)) {
    problems.push({ field: 'links', key: 'error.notLinkList' });
    return [];
  }
  // Counted before each is checked: a list of thousands is one problem, not thousands.
  if (raw.filter((item) => typeof item !== 'string' || item.trim() !== '').length > BOARD_LIMITS.links) {
    problems.push({ field: 'links', key: 'error.tooMany', params: { max: BOARD_LIMITS.links } });
    return [];
  }
  const links: IdeaLink[] = [];
  raw.forEach((item: unknown, i) => {
    const field = `links[${i}]`;
    const { label, url } =
      typeof item === 'string'
        ? { label: '', url: item }
        : typeof item === 'object' && item !== null
          ? (item as { label?: unknown; url?: unknown })
          : { label: undefined, url: undefined };
    if (typeof item === 'string' && item.trim() === '') return;
    if (url === undefined) {
      problems.push({ field, key: 'error.notLinkList' });
      return;
    }
    const before = problems.length;
    const cleanUrl = textField(url, `${field}.url`, 2048, problems, { line: true, required: true });
    const cleanLabel = textField(label, `${field}.label`, 200, problems, { line: true });
    if (problems.length > before) return;
    // Stored as the URL standard spells it, which is what browsers open and exports write.
    const normalized = normalizeWebUrl(cleanUrl);
    if (normalized === null) {
      problems.push({ field: `${field}.url`, key: 'error.badUrl', params: { url: cleanUrl.slice(0, 100) } });
      return;
    }
    if (normalized.length > 2048) {
      problems.push({ field: `${field}.url`, key: 'error.tooLong', params: { max: 2048 } });
      return;
    }
    if (links.some((l) => l.url === normalized)) return;
    links.push({
      label: cleanLabel === '' ? (githubRef(normalized) ?? new URL(normalized).host) : cleanLabel,
      url: normalized,
    });
  });
  return links;
}

/** Checks an item as typed or sent; every problem at once. */
export function validateItemDraft(input: {
  title?: unknown;
  body?: unknown;
  links?: unknown;
  assignees?: unknown;
  labels?: unknown;
}): ItemDraft {
  const problems: FieldProblem[] = [];
  const title = textField(input.title, 'title', BOARD_LIMITS.title, problems, { line: true, required: true });
  const body = textField(input.body, 'body', BOARD_LIMITS.body, problems);
  const links = itemLinks(input.links, problems);
  const assignees = nameList(
    input.assignees,
    'assignees',
    BOARD_LIMITS.assignees,
    BOARD_LIMITS.assignee,
    problems,
  );
  const labels = nameList(input.labels, 'labels', BOARD_LIMITS.labels, BOARD_LIMITS.label, problems);
  if (problems.length > 0) throw new ValidationError(problems);
  return { title, body, links, assignees, labels };
}

export function validateColumnName(value: unknown, required = true): string {
  const problems: FieldProblem[] = [];
  const name = textField(value, 'name', BOARD_LIMITS.columnName, problems, { line: true, required });
  if (problems.length > 0) throw new ValidationError(problems);
  return name;
}

export function validateBoardTitle(value: unknown): string {
  const problems: FieldProblem[] = [];
  const title = textField(value, 'title', BOARD_LIMITS.title, problems, { line: true, required: true });
  if (problems.length > 0) throw new ValidationError(problems);
  return title;
}

/** `owner/repo#123` for a GitHub issue or pull request URL; null for anything else. */
export function githubRef(url: string): string | null {
  const m = /^https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\/(?:issues|pull)\/(\d+)(?:[/?#].*)?$/u.exec(url);
  return m ? `${m[1]}/${m[2]}#${m[3]}` : null;
}

/** Initials of a name for the compact chip on a card: `Ada Lovelace` → `AL`, `octocat` → `OC`. */
export function initials(name: string): string {
  const words = name.split(/[\s._-]+/u).filter(Boolean);
  const letters = words.length >= 2 ? [words[0]?.[0], words[1]?.[0]] : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}

/**
 * The item counts as done when its column is flagged done; a board without a flagged column
 * counts its last column as done.
 */
export function doneColumnIds(
  columns: readonly Pick<BoardColumn, 'id' | 'done' | 'archived'>[],
): Set<string> {
  const flagged = columns.filter((c) => c.done);
  if (flagged.length > 0) return new Set(flagged.map((c) => c.id));
  const open = columns.filter((c) => !c.archived);
  const last = open[open.length - 1];
  return new Set(last ? [last.id] : []);
}

/**
 * The columns whose cards are "in progress" for a meeting's overview: the open columns after
 * the first (where work waits) and before the first one flagged done (or the last, when none is
 * flagged). On the starting board that is "In progress".
 */
export function inProgressColumns<C extends Pick<BoardColumn, 'archived' | 'done'>>(
  columns: readonly C[],
): C[] {
  const open = columns.filter((c) => !c.archived);
  const doneAt = open.findIndex((c) => c.done);
  return open.slice(1, doneAt >= 0 ? doneAt : open.length - 1);
}

/** A card in progress as an agenda's overview shows it. */
export interface WorkInProgress {
  id: string;
  title: string;
  boardSlug: string;
  boardTitle: string;
  /** `owner/repo#123` of its first GitHub link, if any. */
  ref: string | null;
  url: string | null;
}
