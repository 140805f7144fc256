import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

/**
 * What a docs site makes of Markdown the hub wrote: markdown-it with raw HTML passed through
 * (as mkdocs-material does), and — as mkdocs does — the bodies of admonitions, details and
 * content tabs read as Markdown too (markdown-it alone sees them as indented code).
 */
export const site = new MarkdownIt({ html: true });

/** Elements ordinary Markdown gives; anything else (img, script, iframe, raw HTML) is a finding. */
const ELEMENTS = new Set([
  'p',
  'a',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'em',
  'code',
  'pre',
  'blockquote',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  's',
]);

const CONTAINER = /^(?:!!!|\?\?\?\+?|===[!+]?)[ \t]+\S/u;

function checkHref(href: string, problems: string[]): void {
  let url: URL | null = null;
  try {
    url = new URL(href);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '')
    problems.push(`href ${JSON.stringify(href)}`);
}

/** Every tag and attribute of rendered HTML that ordinary Markdown would not have produced. */
function checkHtml(html: string, problems: string[]): void {
  // Text is escaped by the renderer, so every `<` left in the output opens a tag or raw HTML.
  if (/<[!?]/u.test(html)) problems.push(`markup declaration or comment in ${JSON.stringify(html)}`);
  for (const m of html.matchAll(/<\/?([^\s>/]+)([^>]*)>/gu)) {
    const [whole, name = '', rest = ''] = m;
    if (!ELEMENTS.has(name)) {
      problems.push(`element ${JSON.stringify(whole)}`);
      continue;
    }
    for (const attr of rest.matchAll(/([^\s=]+)(?:="([^"]*)")?/gu)) {
      const [, key = '', value = ''] = attr;
      if (name === 'a' && key === 'href') checkHref(site.utils.unescapeAll(value), problems);
      else if (name === 'ol' && key === 'start' && /^\d+$/u.test(value)) continue;
      else problems.push(`attribute ${JSON.stringify(attr[0])} on ${name}`);
    }
  }
}

function checkTokens(tokens: Token[], problems: string[], depth: number): void {
  tokens.forEach((t, i) => {
    if (t.type === 'html_block' || t.type === 'html_inline')
      problems.push(`raw HTML ${JSON.stringify(t.content)}`);
    if (t.type === 'image') problems.push(`image ${JSON.stringify(t.attrGet('src'))}`);
    if (t.children) checkTokens(t.children, problems, depth);
    // mkdocs reads the body of `!!! kind` as Markdown: check it as a page of its own.
    const header = tokens[i - 2];
    if (t.type === 'code_block' && header?.type === 'inline' && CONTAINER.test(header.content)) {
      problems.push(...unsafeMarkdown(t.content, depth + 1));
    }
  });
}

/** What is wrong with this Markdown for a site that passes HTML through; [] when nothing. */
export function unsafeMarkdown(markdown: string, depth = 0): string[] {
  const problems: string[] = [];
  if (depth > 10) return problems;
  checkTokens(site.parse(markdown, {}), problems, depth);
  checkHtml(site.render(markdown), problems);
  return problems;
}

/** The inline text of every list item of the page, as a reader sees it. */
export function listItemTexts(markdown: string): string[] {
  const tokens = site.parse(markdown, {});
  const texts: string[] = [];
  let depth = 0;
  for (const [i, t] of tokens.entries()) {
    if (t.type === 'list_item_open') depth += 1;
    if (t.type === 'list_item_close') depth -= 1;
    if (t.type === 'inline' && depth > 0 && tokens[i - 1]?.type === 'paragraph_open')
      texts.push(
        (t.children ?? [])
          .map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? '\n' : c.content))
          .join(''),
      );
  }
  return texts;
}

/** Pieces hostile text is made of: Markdown and HTML syntax, payloads, and ordinary words. */
const PIECES = [
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '`',
  '```',
  '*',
  '_',
  '__',
  '!',
  '#',
  '# ',
  '|',
  '\\',
  '\n',
  '\n\n',
  '    ',
  '&',
  '&amp;',
  '&lt;',
  '&#60;',
  '~~',
  '{',
  '}',
  '{{ config }}',
  '{: onclick="alert(1)" }',
  '=',
  '===',
  '-',
  '---',
  '+',
  '1.',
  '2)',
  ':',
  '"',
  "'",
  '$',
  '^',
  '%',
  ' ',
  'a',
  'Zz',
  'ä',
  '💥',
  'javascript:alert(1)',
  'JaVaScRiPt:',
  'data:text/html,',
  'http://',
  'https://x.org/',
  '<http://evil.example>',
  '<javascript:alert(1)>',
  '[x]: http://evil.example',
  '[x]',
  '[y][x]',
  '![i](http://evil.example/i.png)',
  '[l](javascript:alert(1))',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<!--',
  '-->',
  '<![CDATA[',
  '<?php',
  '!!! note',
  '!!! danger "T"',
  '??? note',
  '=== "Tab"',
  '--8<-- "/etc/passwd"',
  '<div markdown>',
  '*[HTML]: x',
  '[^1]',
];

/** Strings made of the pieces above, up to `max` pieces long. */
export function hostileText(max = 25): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), { maxLength: max })
    .map((parts) => parts.join(''));
}

/** One line of hostile text, as a title field keeps it. */
export function hostileLine(max = 25): fc.Arbitrary<string> {
  return hostileText(max)
    .map((t) => t.replace(/\s+/gu, ' ').trim())
    .filter((t) => t !== '');
}

/** Fixed payloads from the finding and its neighbours. */
export const PAYLOADS = [
  'https://x/1)<img src=x onerror=alert(1)>(',
  '<img src=x onerror=alert(1)>',
  '<script>alert(document.cookie)</script>',
  '[click](javascript:alert(1))',
  '<http://evil.example>',
  '<javascript:alert(1)>',
  '[x]: http://evil.example "t"',
  '<!-- hidden --> comment',
  '!!! danger "<img src=x onerror=alert(1)>"',
  '    <img src=x onerror=alert(2)>',
  '`code` *em* _em_ **strong** ~~gone~~',
  '# heading #',
  '| a | b |\n| - | - |\n| <img src=x> | c |',
  '![pixel](http://evil.example/p.png)',
  '{: onclick="alert(1)" } {{ config }}',
  '&lt;img src=x onerror=alert(1)&gt;',
  'a\nb <i>x</i>\n\n- c',
  '\\<img src=x onerror=alert(3)>',
];
