import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { IDEA_LIMITS } from './idea.js';
import { madeOnce } from './made-once.js';
import { safeMarkdown } from './safe-markdown.js';
import { markdownUrl, normalizeWebUrl } from './web-url.js';

/**
 * The pieces a planning page is read from, one markdown-it token or one paragraph's text at a
 * time: plain text, links (as the hub stores them and as the page spells them), admonitions,
 * the join link's host, and an idea's title.
 */

export interface PageLink {
  label: string;
  url: string;
}

/**
 * The page's reader with every link target let through, to find the links it refuses as
 * CommonMark reads them: escaped brackets (`\[x\](javascript:…)`, text in an exported title)
 * are no link, a reference definition is.
 */
const anyLink = madeOnce(() => {
  const parser = new MarkdownIt({ html: false, linkify: false });
  parser.validateLink = () => true;
  return parser;
});

export const JOIN_HOSTS =
  /(^|\.)(teams\.microsoft\.com|teams\.live\.com|zoom\.us|meet\.google\.com|meet\.jit\.si|whereby\.com|webex\.com|bbb\.|bigbluebutton)/iu;

/** Plain text of an inline token: text, code and link labels, emphasis markers dropped. */
export function inlineText(token: Token): string {
  return (token.children ?? [])
    .map((c) =>
      c.type === 'text' || c.type === 'code_inline'
        ? c.content
        : c.type === 'softbreak' || c.type === 'hardbreak'
          ? ' '
          : '',
    )
    .join('')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A link of the page: `url` as the hub stores it, `href` as the page spells it. */
export interface FoundLink extends PageLink {
  href: string;
}

/**
 * Links of inline tokens, with the text between link_open and link_close as label; web URLs
 * in the form the URL standard spells them, which is how the hub stores them.
 */
export function inlineLinks(children: readonly Token[]): FoundLink[] {
  const links: FoundLink[] = [];
  let current: FoundLink | null = null;
  for (const c of children) {
    if (c.type === 'link_open') {
      const href = c.attrGet('href') ?? '';
      current = { label: '', url: normalizeWebUrl(href) ?? href, href };
    } else if (c.type === 'link_close' && current) {
      current.label = current.label.trim();
      links.push(current);
      current = null;
    } else if (current && (c.type === 'text' || c.type === 'code_inline')) current.label += c.content;
  }
  return links;
}

/**
 * Links as written, including targets markdown-it refuses to turn into links
 * (`javascript:` and the like): those must be reported, not silently lost.
 */
export function writtenLinks(inline: string): PageLink[] {
  const children = anyLink().parseInline(inline, {})[0]?.children ?? [];
  return inlineLinks(children).map(({ label, href }) => ({ label, url: href }));
}

/**
 * A paragraph as safeMarkdown writes it, with `{{url}}` where the link to `href` stood, so an
 * export can put the hub's current link there.
 */
export function linkTemplate(markdown: string, href: string): string {
  const written = markdownUrl(href);
  const safe = safeMarkdown(markdown);
  return written === null ? safe : safe.replace(`](${written})`, () => ']({{url}})');
}

export function sourceLines(lines: string[], map: [number, number] | null): string {
  return map ? lines.slice(map[0], map[1]).join('\n').trimEnd() : '';
}

export function firstSentenceEnd(text: string): number {
  const m = /[.!?](\s+|$)/u.exec(text);
  return m ? m.index + 1 : text.length;
}

export function admonitionKind(token: Token | undefined): string | null {
  if (token?.type !== 'inline') return null;
  const m = /^!!!\s+([a-z-]+)(?:\s+"[^"]*")?\s*$/u.exec(token.content.trim());
  return m?.[1] ?? null;
}

/** Markdown of an admonition body: the indented block under `!!! kind`, dedented. */
export function admonitionBody(token: Token): string {
  return token.content
    .split('\n')
    .map((l) => l.replace(/^ {0,4}/u, ''))
    .join('\n')
    .trim();
}

/** Splits "Title (a very long remark …)" into title and description when it is longer than a title may be. */
export function splitLongTitle(text: string): { title: string; description: string } {
  if ([...text].length <= IDEA_LIMITS.title) return { title: text, description: '' };
  const open = text.lastIndexOf(' (');
  if (open > 0 && [...text.slice(0, open)].length <= IDEA_LIMITS.title) {
    return { title: text.slice(0, open).trim(), description: text.slice(open + 1).trim() };
  }
  const cut = [...text]
    .slice(0, IDEA_LIMITS.title - 1)
    .join('')
    .replace(/\s+\S*$/u, '');
  return { title: `${cut}…`, description: text };
}

export function safeHost(url: string, pattern: RegExp): boolean {
  try {
    return pattern.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The cells of a table as text, one array a row, the header first (at most `limit` rows). */
export function tableCells(tokens: readonly Token[], open: number, close: number, limit: number): string[][] {
  const rows: string[][] = [];
  for (let k = open; k < close && rows.length <= limit; k++) {
    const t = tokens[k] as Token;
    if (t.type === 'tr_open') rows.push([]);
    else if (t.type === 'inline') rows.at(-1)?.push(inlineText(t));
  }
  return rows;
}
