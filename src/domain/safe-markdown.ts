import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { madeOnce } from './made-once.js';
import { beforeLink, escapeInline } from './markdown-escape.js';
import { markdownUrl } from './web-url.js';

/**
 * Markdown that people typed (minutes, the texts of the planning page, blocks of an imported
 * page), written out again for a site that renders it with raw HTML allowed — mkdocs-material
 * passes HTML through, GitHub keeps a good part of it. The text is read as the hub shows it
 * (markdown-it without raw HTML) and written back from the token stream:
 * every text is escaped, links and images keep only http(s) targets in normalised,
 * percent-encoded form, code stays code. What the hub showed as text (`<img …>`, `[x]: …`,
 * `javascript:` links) stays text; nothing the writer did not produce itself becomes markup.
 *
 * The output is meant for both CommonMark and Python-Markdown: list items whose content holds
 * code are indented by four columns (Python-Markdown's rule, which CommonMark accepts too), and
 * code inside lists, quotes and admonitions is indented code, because Python-Markdown without
 * superfences reads nested fences as text. mkdocs admonitions (`!!! kind "title"`), details
 * (`???`) and content tabs (`===`) are kept: their bodies are rewritten the same way.
 */

// Bare URLs stay text (the target site links them by its own rules): linkify would also turn
// words such as README.md into links the author never wrote.
const parser = madeOnce(() => new MarkdownIt('default', { html: false, linkify: false }));

interface BlockContext {
  /** Inside a list item, quote or admonition: code must be indented, never fenced. */
  nested: boolean;
}

/** The rewritten Markdown; `nested` when it goes into an admonition body or another container. */
export function safeMarkdown(source: string, options: { nested?: boolean } = {}): string {
  const tokens = parser().parse(source.replace(/\r\n?/gu, '\n'), {});
  const closes = matchingCloses(tokens);
  return renderBlocks(tokens, closes, 0, tokens.length, { nested: options.nested === true })
    .map((b) => b.text)
    .join('\n\n');
}

/** For each opening token, the index of its closing token (one pass with a stack). */
function matchingCloses(tokens: Token[]): Int32Array {
  const closes = new Int32Array(tokens.length);
  const open: number[] = [];
  tokens.forEach((t, i) => {
    closes[i] = i;
    if (t.nesting === 1) open.push(i);
    else if (t.nesting === -1) {
      const from = open.pop();
      if (from !== undefined) closes[from] = i;
    }
  });
  return closes;
}

const ADMONITION = /^(!!!|\?\?\?\+?)[ \t]+([\w-]+(?:[ \t]+[\w-]+)*)(?:[ \t]+"([^"\n]*)")?[ \t]*$/u;
const TAB = /^(===[!+]?)[ \t]+"([^"\n]*)"[ \t]*$/u;

/**
 * The first line of an mkdocs admonition, details block or content tab, rebuilt from its parts
 * (read from the decoded text, so a title is escaped once however often it is rewritten).
 */
function containerHeader(content: string): string | null {
  const admonition = ADMONITION.exec(content);
  if (admonition) {
    const [, marker = '', kinds = '', title] = admonition;
    const words = kinds.split(/[ \t]+/u).join(' ');
    return title === undefined ? `${marker} ${words}` : `${marker} ${words} "${headerTitle(title)}"`;
  }
  const tab = TAB.exec(content);
  if (tab) return `${tab[1] ?? '==='} "${headerTitle(tab[2] ?? '')}"`;
  return null;
}

/** The text of a paragraph made of text alone (escapes and entities decoded), else ''. */
function plainText(children: Token[]): string {
  return children.every((c) => c.type === 'text') ? children.map((c) => c.content).join('') : '';
}

/** Python-Markdown renders an admonition title as inline Markdown, so it is escaped like text. */
function headerTitle(title: string): string {
  return escapeInline(title, false).replace(/"/gu, '&quot;');
}

function indentLines(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : `${indent}${line}`))
    .join('\n');
}

interface Block {
  text: string;
  /** A list: in a tight list item it follows the paragraph before it without a blank line. */
  list: boolean;
}

function renderBlocks(
  tokens: Token[],
  closes: Int32Array,
  from: number,
  to: number,
  ctx: BlockContext,
): Block[] {
  const out: Block[] = [];
  const push = (text: string, list = false) => {
    if (text !== '') out.push({ text, list });
  };
  for (let i = from; i < to; i++) {
    const t = tokens[i] as Token;
    const close = closes[i] ?? i;
    switch (t.type) {
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        const body = tokens[close + 1];
        const header = inline ? containerHeader(plainText(inline.children ?? [])) : null;
        if (header !== null && body?.type === 'code_block' && close + 1 < to) {
          const inner = safeMarkdown(body.content, { nested: true });
          push(inner === '' ? header : `${header}\n\n${indentLines(inner, '    ')}`);
          i = close + 1;
          continue;
        }
        push(inline ? renderInline(inline.children ?? [], true, false) : '');
        break;
      }
      case 'heading_open': {
        const inline = tokens[i + 1];
        const text = inline ? renderInline(inline.children ?? [], true, true) : '';
        const marks = '#'.repeat(Number(t.tag.slice(1)) || 1);
        push(text === '' ? marks : `${marks} ${text}`);
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        push(renderList(tokens, closes, i), true);
        break;
      case 'blockquote_open': {
        const inner = renderBlocks(tokens, closes, i + 1, close, { nested: true })
          .map((b) => b.text)
          .join('\n\n');
        push(
          inner
            .split('\n')
            .map((line) => (line === '' ? '>' : `> ${line}`))
            .join('\n'),
        );
        break;
      }
      case 'code_block':
      case 'fence':
        push(renderCode(t.content, ctx));
        break;
      case 'hr':
        // Within a tight list item a `---` under a paragraph would make it a heading.
        push(ctx.nested ? '***' : `${t.markup.charAt(0) || '-'}`.repeat(3));
        break;
      case 'table_open':
        push(renderTable(tokens, closes, i));
        break;
      default:
        // Nothing else reaches a block list with raw HTML off; an unknown block is left out
        // rather than copied.
        break;
    }
    i = close;
  }
  return out;
}

function renderCode(content: string, ctx: BlockContext): string {
  const text = content.replace(/\n$/u, '');
  if (ctx.nested) {
    // Indented code can neither begin nor end with a blank line.
    const lines = text.replace(/^(?:[ \t]*\n)+|(?:\n[ \t]*)+$/gu, '').split('\n');
    return lines.map((line) => (line.trim() === '' ? '' : `    ${line}`)).join('\n');
  }
  const longest = Math.max(2, ...[...text.matchAll(/`+/gu)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text}${text === '' ? '' : '\n'}${fence}`;
}

function hasCode(tokens: Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const type = tokens[i]?.type;
    if (type === 'code_block' || type === 'fence') return true;
  }
  return false;
}

function renderList(tokens: Token[], closes: Int32Array, open: number): string {
  const list = tokens[open] as Token;
  const end = closes[open] ?? open;
  const ordered = list.type === 'ordered_list_open';
  const start = ordered ? Number(list.attrGet('start') ?? 1) : 1;
  // markdown-it hides the paragraphs of a tight list.
  let tight = true;
  for (let i = open + 1; i < end; i++) {
    const t = tokens[i] as Token;
    if (t.type === 'paragraph_open' && t.level === list.level + 2) {
      tight = t.hidden;
      break;
    }
  }
  // Python-Markdown nests by four columns; code inside an item must be indented alike in both.
  const wide = hasCode(tokens, open + 1, end);
  const items: string[] = [];
  let n = start;
  for (let i = open + 1; i < end; i = (closes[i] ?? i) + 1) {
    const item = tokens[i] as Token;
    if (item.type !== 'list_item_open') continue;
    const itemEnd = closes[i] ?? i;
    const marker = ordered ? `${n}${item.markup || '.'}` : item.markup || '-';
    n += 1;
    const width = wide ? Math.max(4, marker.length + 1) : marker.length + 1;
    const blocks = renderBlocks(tokens, closes, i + 1, itemEnd, { nested: true }).reduce(
      (joined, b) => (joined === '' ? b.text : `${joined}${tight && b.list ? '\n' : '\n\n'}${b.text}`),
      '',
    );
    if (blocks === '') {
      items.push(marker);
      continue;
    }
    const pad = ' '.repeat(width);
    // An item cannot open with indented code alike in both dialects (CommonMark measures it
    // from the marker, Python-Markdown from four columns), so a no-break space stands first:
    // a paragraph to Python-Markdown, nothing to markdown-it, which trims it away.
    const content = /^ {4}/u.test(blocks) ? `\u00a0\n\n${blocks}` : blocks;
    const [first = '', ...rest] = content.split('\n');
    const body = indentLines(rest.join('\n'), pad);
    items.push(`${marker}${' '.repeat(width - marker.length)}${first}${rest.length > 0 ? `\n${body}` : ''}`);
  }
  return items.join(tight ? '\n' : '\n\n');
}

function renderTable(tokens: Token[], closes: Int32Array, open: number): string {
  const end = closes[open] ?? open;
  const rows: string[][] = [];
  for (let i = open + 1; i < end; i++) {
    const t = tokens[i] as Token;
    if (t.type === 'tr_open') rows.push([]);
    else if (t.type === 'inline') rows.at(-1)?.push(renderInline(t.children ?? [], false, false, true));
  }
  const width = rows[0]?.length ?? 0;
  if (width === 0) return '';
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, k) => cells[k] ?? '').join(' | ')} |`;
  // Alignment is left out: markdown-it writes it as a style attribute.
  const delimiter = `| ${Array.from({ length: width }, () => '---').join(' | ')} |`;
  // markdown-it's tables always have a header row.
  const [head = [], ...body] = rows;
  return [line(head), delimiter, ...body.map(line)].join('\n');
}

/** A code span that no backtick inside it can end. */
function codeSpan(content: string, inTable: boolean): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/gu)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad =
    content.startsWith('`') ||
    content.endsWith('`') ||
    (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '')
      ? ' '
      : '';
  // A table cell ends at `|` even inside code; GFM reads `\|` there as the character.
  const text = inTable ? content.replace(/\|/gu, '\\|') : content;
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Escapes a `!` ending the last piece, which a link written next would turn into an image. */
function guardLast(pieces: string[]): void {
  const last = pieces.length - 1;
  if (last >= 0) pieces[last] = beforeLink(pieces[last] as string);
}

interface InlineContext {
  heading: boolean;
  inTable: boolean;
  /** Inside a link label, where no other link may stand. */
  inLink: boolean;
}

function renderInline(children: Token[], blockStart: boolean, heading: boolean, inTable = false): string {
  return writeInline(children, blockStart, { heading, inTable, inLink: false }).text;
}

/** Index of the `link_close` that ends the link opened at `open` (links may nest in tokens). */
function matchingClose(children: Token[], open: number): number {
  let depth = 0;
  let close = open + 1;
  for (; close < children.length; close++) {
    const c = children[close] as Token;
    if (c.type === 'link_open') depth += 1;
    else if (c.type === 'link_close') {
      if (depth === 0) break;
      depth -= 1;
    }
  }
  return close;
}

/**
 * Pushes a link (or a picture shown as one) labelled with `label`; with no url (not http(s),
 * or inside another link's label) the label stands as text where the link stood. An autolink
 * (`<https://…>`) is written as a link labelled with its own text; `orUrl` labels a link whose
 * label is empty with its url. Returns whether what follows starts a line.
 */
function writeLinked(
  out: string[],
  label: Token[],
  url: string | null,
  { lineStart, ctx, orUrl }: { lineStart: boolean; ctx: InlineContext; orUrl: boolean },
): boolean {
  if (url === null) {
    const text = writeInline(label, lineStart, ctx);
    out.push(text.text);
    return text.lineStart;
  }
  const text = writeInline(label, false, { ...ctx, inLink: true }).text;
  guardLast(out);
  out.push(`[${orUrl && text === '' ? escapeInline(url, false) : text}](${url})`);
  return false;
}

/** The Markdown of inline tokens, and whether what follows it starts a line. */
function writeInline(
  children: Token[],
  blockStart: boolean,
  ctx: InlineContext,
): { text: string; lineStart: boolean } {
  const oneLine = ctx.heading || ctx.inTable;
  // Pieces joined at the end: looking at the end of one growing string would flatten it for
  // every link, which makes a paragraph of many links quadratic.
  const out: string[] = [];
  let lineStart = blockStart;
  const text = (content: string) => {
    if (content === '') return;
    out.push(escapeInline(content, lineStart, ctx.heading));
    lineStart = false;
  };
  for (let i = 0; i < children.length; i++) {
    const t = children[i] as Token;
    switch (t.type) {
      case 'text':
        text(t.content);
        break;
      case 'softbreak':
      case 'hardbreak':
        // A break on a line with nothing yet would leave a blank line, which ends the block.
        if (lineStart) break;
        // Two spaces: Python-Markdown knows no backslash line break.
        out.push(oneLine ? ' ' : t.type === 'hardbreak' ? '  \n' : '\n');
        lineStart = !oneLine;
        break;
      case 'code_inline':
        out.push(codeSpan(t.content, ctx.inTable));
        lineStart = false;
        break;
      case 'em_open':
      case 'em_close':
      case 'strong_open':
      case 'strong_close':
        out.push(t.markup);
        lineStart = false;
        break;
      case 's_open':
      case 's_close':
        out.push('~~');
        lineStart = false;
        break;
      case 'link_open': {
        const close = matchingClose(children, i);
        const url = ctx.inLink ? null : markdownUrl(t.attrGet('href') ?? '');
        lineStart = writeLinked(out, children.slice(i + 1, close), url, { lineStart, ctx, orUrl: false });
        i = close;
        break;
      }
      case 'image': {
        // Shown as a link to the picture: an image would load from anywhere for every reader.
        const url = ctx.inLink ? null : markdownUrl(t.attrGet('src') ?? '');
        lineStart = writeLinked(out, t.children ?? [], url, { lineStart, ctx, orUrl: true });
        break;
      }
      default:
        text(t.content);
    }
  }
  return { text: out.join(''), lineStart };
}
