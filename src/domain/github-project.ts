import { BOARD_LIMITS, type CardContent, githubRef } from './board.js';
import { RuleError } from './errors.js';
import type { IdeaLink } from './idea.js';
import { hasControlCharacters, megabytes } from './text.js';
import { normalizeWebUrl } from './web-url.js';

/**
 * Reading the output of `gh project item-list N --owner ORG --format json` (and, optionally,
 * `gh project field-list N --owner ORG --format json`), as the gh CLI writes it
 * (pkg/cmd/project/shared/format/json.go):
 *
 *   {"items": [{"id": "PVTI_…",
 *               "content": {"type": "Issue", "title", "body", "number", "repository": "owner/repo", "url"},
 *               "status": "In Progress", "labels": ["bug"], "assignees": ["octocat"],
 *               "repository": "https://github.com/owner/repo", "linked pull requests": [url…],
 *               "sprint": {"title", "startDate", "duration"}, …}],
 *    "totalCount": 2}
 *
 * Every custom field's key is its name with the first letter lower-cased; single-select values
 * are option names. Draft issues have content {type: "DraftIssue", title, body} only; content
 * of other types (redacted items) is null.
 */

/** The largest export accepted; gh writes about 1 kB per item, so this is far beyond any real project. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ITEMS = 50_000;

export interface ProjectItem extends CardContent {
  externalId: string;
  /** The Status option's name, or null for "No Status". */
  status: string | null;
}

export interface ParsedProject {
  items: ProjectItem[];
  /** Status options in the project's order, when the field list was given. */
  statusOptions: string[] | null;
}

const fail = (key: string, params: Record<string, string | number> = {}): never => {
  throw new RuleError(key, params);
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;
// With the u flag a well-formed pair is one code point, so only lone halves match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/** Text from a foreign file: line ends normalised, control characters dropped, cut to a length. */
function clean(value: unknown, max: number, line: boolean): string {
  if (typeof value !== 'string') return '';
  let text = value.replace(/\r\n?/gu, '\n');
  // Lone surrogates cannot be stored as UTF-8; control characters are noise from elsewhere.
  text = text.replace(LONE_SURROGATE, '');
  if (hasControlCharacters(text)) text = text.replace(CONTROL, '');
  text = line ? text.replace(/\s+/gu, ' ').trim() : text.trim();
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

function names(value: unknown, max: number, each: number): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value) {
    const name = clean(typeof v === 'string' ? v : isObject(v) ? (v.name ?? v.login) : '', each, true);
    if (name !== '' && !out.includes(name)) out.push(name);
    if (out.length >= max) break;
  }
  return out;
}

function repoOf(content: Record<string, unknown>, item: Record<string, unknown>): string | null {
  if (typeof content.repository === 'string' && /^[\w.-]+\/[\w.-]+$/u.test(content.repository))
    return content.repository;
  const url = item.repository;
  if (typeof url === 'string') {
    const m = /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\/?$/u.exec(url);
    if (m?.[1]) return m[1];
  }
  return null;
}

function linksOf(content: Record<string, unknown>, item: Record<string, unknown>): IdeaLink[] {
  const urls: string[] = [];
  if (typeof content.url === 'string') urls.push(content.url);
  const linked = item['linked pull requests'];
  if (Array.isArray(linked)) for (const u of linked) if (typeof u === 'string') urls.push(u);
  const links: IdeaLink[] = [];
  for (const written of urls) {
    const url = written.length > 2048 ? null : normalizeWebUrl(written);
    if (url === null || url.length > 2048 || links.some((l) => l.url === url)) continue;
    links.push({ label: githubRef(url) ?? new URL(url).host, url });
    if (links.length >= BOARD_LIMITS.links) break;
  }
  return links;
}

/** A file gh wrote, read as JSON: refused when larger than any export or not JSON at all. */
function readJson(text: string): unknown {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES)
    fail('error.ghTooLarge', { max: megabytes(MAX_IMPORT_BYTES) });
  try {
    return JSON.parse(text);
  } catch (err) {
    return fail('error.ghNotJson', { detail: err instanceof Error ? err.message.slice(0, 120) : '' });
  }
}

/**
 * Parses and checks an export as a whole before anything is written: a file of another shape,
 * an item without an id or a repeated id is refused with the place it was found.
 */
export function parseProjectItems(text: string): ProjectItem[] {
  const data = readJson(text);
  if (!isObject(data) || !Array.isArray(data.items))
    fail('error.ghShape', {
      found: Array.isArray(data)
        ? 'array'
        : isObject(data)
          ? Object.keys(data).slice(0, 5).join(', ') || '{}'
          : typeof data,
    });
  const raw = (data as { items: unknown[] }).items;
  if (raw.length > MAX_IMPORT_ITEMS) fail('error.ghTooMany', { max: MAX_IMPORT_ITEMS });
  const seen = new Set<string>();
  return raw.map((entry, index): ProjectItem => {
    const n = index + 1;
    if (!isObject(entry)) return fail('error.ghItemShape', { n });
    const id = entry.id;
    if (typeof id !== 'string' || id.trim() === '' || id.length > 200) return fail('error.ghItemId', { n });
    if (seen.has(id)) return fail('error.ghItemDuplicate', { n, id: id.slice(0, 60) });
    seen.add(id);
    const content = isObject(entry.content) ? entry.content : {};
    const title =
      clean(content.title, BOARD_LIMITS.title, true) || clean(entry.title, BOARD_LIMITS.title, true);
    if (title === '') return fail('error.ghItemTitle', { n, id: id.slice(0, 60) });
    const status = typeof entry.status === 'string' ? clean(entry.status, BOARD_LIMITS.columnName, true) : '';
    return {
      externalId: id,
      title,
      body: clean(content.body, BOARD_LIMITS.body, false),
      links: linksOf(content, entry),
      assignees: names(entry.assignees, BOARD_LIMITS.assignees, BOARD_LIMITS.assignee),
      labels: names(entry.labels, BOARD_LIMITS.labels, BOARD_LIMITS.label),
      repository: repoOf(content, entry),
      status: status === '' ? null : status,
    };
  });
}

/** The Status field's options in their order, from `gh project field-list --format json`. */
export function parseStatusOptions(text: string): string[] {
  const data = readJson(text);
  if (!isObject(data) || !Array.isArray(data.fields)) return fail('error.ghFieldsShape');
  const status = (data.fields as unknown[]).find(
    (f) => isObject(f) && typeof f.name === 'string' && f.name.toLowerCase() === 'status',
  );
  if (!isObject(status) || !Array.isArray(status.options)) return fail('error.ghNoStatusField');
  return (status.options as unknown[])
    .map((o) => (isObject(o) ? clean(o.name, BOARD_LIMITS.columnName, true) : ''))
    .filter((name) => name !== '');
}

/** Status names and column names match without regard to case, spaces and punctuation. */
export function statusKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
