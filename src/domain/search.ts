import { foldForSearch } from './text.js';

/**
 * Hub-wide search, apart from any store: what the index holds beside a text, how a query
 * typed by anyone becomes words an index can look up safely, and the excerpt that shows why
 * a hit matched.
 */

export const SEARCH_KINDS = ['idea', 'proposal', 'comment', 'topic', 'minutes', 'decision', 'card'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Words a query is cut to, and the longest word kept: enough for any real question. */
export const MAX_QUERY_WORDS = 8;
const MAX_WORD_LENGTH = 60;

const GERMAN = /[äöüßÄÖÜ]/u;
const SPELLED: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * The text with German letters written out (Überwachung → Ueberwachung), as keyboards without
 * them spell; empty when there are none, so only German texts grow the index.
 */
export function spelledOutForm(text: string): string {
  if (!GERMAN.test(text)) return '';
  return text.replace(/[äöüßÄÖÜ]/gu, (c) => SPELLED[c.toLowerCase()] ?? c);
}

/**
 * The words of a query, folded (lower case, accents dropped): letters and digits only, so no
 * operator of either engine's query language (quotes, `*`, `NEAR(`, `-`, `:`, `&`) survives, and
 * a word like OR is looked up as a word.
 */
export function queryWords(query: string): string[] {
  const words = foldForSearch(query.normalize('NFKC'))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => Array.from(w).slice(0, MAX_WORD_LENGTH).join(''));
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

/** A piece of an excerpt: matched words are marked, everything is plain text for the page to escape. */
export interface ExcerptPart {
  text: string;
  match: boolean;
}

/** Characters of context an excerpt shows around the first match. */
const EXCERPT_LENGTH = 200;

/** The folded forms a word of the text is compared in: as written and with German letters written out. */
function wordForms(word: string): string[] {
  const plain = foldForSearch(word);
  const spelled = foldForSearch(spelledOutForm(word));
  return spelled === '' ? [plain] : [plain, spelled];
}

function matches(word: string, terms: readonly string[]): boolean {
  return wordForms(word).some((form) => terms.some((t) => form.startsWith(t)));
}

/** Markdown's marks dropped, so an excerpt reads as prose. */
function plainText(text: string): string {
  return text
    .replace(/```[\s\S]*?```/gu, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/[#>*_`~|]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * A short passage of `text` around the first word that matches one of the query's words (a
 * word matches when it starts with one, in either spelling), every matching word marked.
 */
export function excerpt(text: string, terms: readonly string[]): ExcerptPart[] {
  const plain = plainText(text);
  const words = [...plain.matchAll(/[\p{L}\p{N}]+/gu)];
  const first = words.find((w) => matches(w[0], terms));
  let start = 0;
  if (first?.index !== undefined && first.index > EXCERPT_LENGTH / 3) {
    const from = first.index - Math.floor(EXCERPT_LENGTH / 3);
    const space = plain.indexOf(' ', from);
    start = space === -1 || space > first.index ? from : space + 1;
  }
  let end = Math.min(plain.length, start + EXCERPT_LENGTH);
  if (end < plain.length) {
    const space = plain.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  const parts: ExcerptPart[] = [];
  const push = (piece: string, match: boolean) => {
    if (piece === '') return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += piece;
    else parts.push({ text: piece, match });
  };
  if (start > 0) push('… ', false);
  let at = start;
  for (const w of words) {
    const index = w.index ?? 0;
    if (index < start) continue;
    if (index + w[0].length > end) break;
    if (!matches(w[0], terms)) continue;
    push(plain.slice(at, index), false);
    push(w[0], true);
    at = index + w[0].length;
  }
  push(plain.slice(at, end), false);
  if (end < plain.length) push(' …', false);
  return parts;
}
