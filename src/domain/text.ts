import type { FieldProblem } from './errors.js';
/** Text normalisation shared by search, slugs and ordering. */

/** Lower-case, accents removed, whitespace collapsed: the form search compares. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Splits a search query into folded words; quotes and punctuation only separate words. */
export function searchWords(query: string): string[] {
  const words = foldForSearch(query)
    .split(/[\s"'`,;]+/u)
    .filter((w) => w.length > 0);
  return [...new Set(words)].slice(0, 10);
}

/**
 * Slugs no idea, series, group or board may have: the path words of the forms beside their pages
 * (`/ideas/new`, `/meetings/new`, `/groups/new`, `/boards/new`), which would hide them.
 */
export const PATH_WORDS: ReadonlySet<string> = new Set(['new']);

/** `base`, else `base-2`, `base-3` …: the first that `taken` does not hold and no form's path is. */
export function freeSlugAmong(base: string, taken: ReadonlySet<string>): string {
  const free = (slug: string) => !taken.has(slug) && !PATH_WORDS.has(slug);
  if (free(base)) return base;
  for (let n = 2; ; n++) if (free(`${base}-${n}`)) return `${base}-${n}`;
}

/** A URL-friendly name derived from a title: `metal-stack dashboard (UI)` → `metal-stack-dashboard-ui`. */
export function slugify(title: string): string {
  const full = foldForSearch(title)
    .replace(/ß/gu, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  // Cut by code points: cutting UTF-16 units can leave half a surrogate pair (e.g. U+20000).
  const slug = Array.from(full).slice(0, 80).join('').replace(/-+$/u, '');
  return slug === '' ? 'idea' : slug;
}

/** C0/C1 control characters other than tab and newlines have no place in text people type. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** Unpaired UTF-16 surrogates cannot be stored as UTF-8 and signal broken input. */
export function hasLoneSurrogate(text: string): boolean {
  // With the u flag a well-formed pair is one code point, so only lone halves match.
  return /[\uD800-\uDFFF]/u.test(text);
}

/** A text field from a form or API body, cleaned (line: whitespace collapsed) and checked. */
export function textField(
  value: unknown,
  field: string,
  max: number,
  problems: FieldProblem[],
  opts: { required?: boolean; line?: boolean } = {},
): string {
  if (value === undefined || value === null) value = '';
  if (typeof value !== 'string') {
    problems.push({ field, key: 'error.notText' });
    return '';
  }
  const cleaned = opts.line ? value.replace(/\s+/gu, ' ').trim() : value.replace(/\r\n?/gu, '\n').trim();
  if (opts.required && cleaned === '') problems.push({ field, key: 'error.required' });
  else if ([...cleaned].length > max) problems.push({ field, key: 'error.tooLong', params: { max } });
  else if (hasControlCharacters(cleaned) || hasLoneSurrogate(cleaned))
    problems.push({ field, key: 'error.badCharacters' });
  return cleaned;
}

/**
 * A whole number from `min` to `max`, typed into a field or sent as a number; null when the field
 * is left empty. Anything else (a sign, a fraction, a word) adds `key` with the maximum to
 * `problems` and reads as null.
 */
export function wholeNumberField(
  value: unknown,
  field: string,
  range: { min: number; max: number; key: string },
  problems: FieldProblem[],
): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,6}$/u.test(value.trim())
        ? Number(value)
        : Number.NaN;
  if (Number.isInteger(n) && n >= range.min && n <= range.max) return n;
  problems.push({ field, key: range.key, params: { max: range.max } });
  return null;
}

/** A size limit as a reader is told it: `20 MB`. */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
