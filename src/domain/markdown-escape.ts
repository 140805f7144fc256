import { markdownUrl } from './web-url.js';

/**
 * Plain text (a title, a name, a link label) written into Markdown so that it reads as the same
 * text and nothing else, in CommonMark (markdown-it, GitHub) and in Python-Markdown as
 * mkdocs-material runs it (raw HTML passed through, attribute lists, admonitions, snippets,
 * macros). Backslash escapes are used only for characters both dialects unescape
 * (Python-Markdown's ESCAPED_CHARS, `|` with its tables extension); everything else becomes a
 * character reference, which both decode in text.
 */

const ALNUM = /[\p{L}\p{N}]/u;

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && ALNUM.test(c);
}

/**
 * Escapes `text` for an inline position. `lineStart`: the text begins a line (or a block, as
 * right after a list marker), where `#`, `>`, `-`, `+`, `=`, `!!!`, `???` and `1.` start
 * blocks. `heading`: inside an ATX heading, where trailing `#` would be dropped.
 * Whitespace is kept as it is; callers that write one line collapse it first.
 */
export function escapeInline(text: string, lineStart: boolean, heading = false): string {
  const chars = [...text];
  let out = '';
  let from = 0;
  if (lineStart) {
    const ordered = /^(\d{1,9})([.)])/u.exec(text);
    const first = chars[0];
    if (ordered?.[1] && ordered[2]) {
      out = `${ordered[1]}\\${ordered[2]}`;
      from = ordered[1].length + 1;
    } else if (first !== undefined && '#>-+!'.includes(first)) {
      out = `\\${first}`;
      from = 1;
    } else if (first === '=') {
      out = '&#61;';
      from = 1;
    } else if (first === '?') {
      out = '&#63;';
      from = 1;
    }
  }
  for (let i = from; i < chars.length; i++) {
    const c = chars[i] as string;
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '[':
      case ']':
      case '|':
        out += `\\${c}`;
        break;
      case '_':
        // Between letters (snake_case) an underscore opens no emphasis in either dialect.
        out += isAlnum(chars[i - 1]) && isAlnum(chars[i + 1]) ? '_' : '\\_';
        break;
      case '#':
        out += heading ? '\\#' : '#';
        break;
      case '<':
        out += '&lt;';
        break;
      case '&':
        out += /^&#?[a-z0-9]+;/iu.test(chars.slice(i, i + 34).join('')) ? '&amp;' : '&';
        break;
      case '{':
        // Attribute lists (`{: onclick=…}`) and template engines (`{{ … }}`, `{% … %}`).
        out += '&#123;';
        break;
      case '}':
        out += '&#125;';
        break;
      case '~':
        // `~~` strikes through; a single tilde ("~5 minutes") means nothing.
        out += chars[i - 1] === '~' || chars[i + 1] === '~' ? '&#126;' : '~';
        break;
      default:
        out += c;
    }
  }
  return out;
}

/**
 * Escaped text that a link (`[`) is about to follow: a trailing `!` would turn the link into
 * an image. A `!` after an odd number of backslashes is escaped already.
 */
export function beforeLink(markdown: string): string {
  if (!markdown.endsWith('!')) return markdown;
  // Counted from the end: a regular expression anchored at the end would try every position.
  let backslashes = 0;
  while (markdown[markdown.length - 2 - backslashes] === '\\') backslashes += 1;
  return backslashes % 2 === 0 ? `${markdown.slice(0, -1)}\\!` : markdown;
}

/** One line of plain text (line breaks and runs of spaces become one space), escaped. */
export function markdownText(text: string): string {
  return escapeInline(text.replace(/\s+/gu, ' ').trim(), true);
}

/** The text of an ATX heading, escaped; `#` anywhere in it stays text. */
export function markdownHeadingText(text: string): string {
  return escapeInline(text.replace(/\s+/gu, ' ').trim(), true, true);
}

/**
 * A link with a plain-text label; a URL that is no http(s) link leaves the label as text.
 * An empty label shows the URL.
 */
export function markdownLink(label: string, url: string): string {
  const target = markdownUrl(url);
  const text = markdownText(label === '' ? url : label);
  return target === null ? text : `[${text}](${target})`;
}
