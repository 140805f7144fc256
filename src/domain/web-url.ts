import { unescapeAll } from 'markdown-it/lib/common/utils.mjs';

/**
 * Links people give the hub (idea and card links, the board and join links of the planning
 * page): only http and https with a real host, stored and written in the form the WHATWG URL
 * standard spells them, so what is checked is exactly what a browser later opens.
 */

/**
 * A host as DNS or an address can name it, after the URL parser has lower-cased it and turned
 * IDN labels into punycode. The parser itself lets through hosts such as `x)(` or `a*b{c}`,
 * which resolve nowhere and would break out of a Markdown link.
 */
const HOSTNAME = /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.?$/u;
const IPV6 = /^\[[0-9a-f:.]+\]$/u;

/**
 * Escapes that name characters the URL standard leaves as they are somewhere in a URL, while
 * Markdown writers (markdownUrl, markdown-it) encode them; and a `%` that begins no escape.
 * Both spellings open the same page, so one is chosen: the link of an exported page, read
 * back, is the link that was stored.
 */
const CANONICAL_ESCAPES = /%(?:28|29|5B|5D|5E|60|7B|7C|7D)/giu;
const STRAY_PERCENT = /%(?![0-9a-f]{2})/giu;

function parseWebUrl(text: string): URL | null {
  // The host must follow the two slashes: the URL parser reads `http:///x` or `http://\x` as
  // http://x/, a host nobody typed.
  if (!/^https?:\/\/[^/\\]/iu.test(text)) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** Protocol, credentials and host: the part of href before the path. */
function origin(url: URL): string {
  const credentials = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${credentials}${url.host}`;
}

/**
 * The URL in its normalised form, or null when it is no http(s) link to a host: as the URL
 * standard spells it, with one spelling for the characters in CANONICAL_ESCAPES (and for `\`
 * in query and fragment).
 */
export function normalizeWebUrl(text: string): string | null {
  const url = parseWebUrl(text);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  if (!HOSTNAME.test(url.hostname) && !IPV6.test(url.hostname)) return null;
  const head = origin(url);
  const decode = (percent: string) => String.fromCharCode(Number.parseInt(percent.slice(1), 16));
  const rest = url.href.slice(head.length).replace(STRAY_PERCENT, '%25').replace(CANONICAL_ESCAPES, decode);
  // A backslash in the path is read as `/`; after it (query, fragment) it stays itself.
  const path = rest.search(/[?#]/u) < 0 ? rest.length : rest.search(/[?#]/u);
  const tail = `${rest.slice(0, path)}${rest.slice(path).replace(/%5C/giu, decode)}`;
  // Parsed once more, so what the standard escapes in that part of the URL is escaped again.
  return new URL(`${head}${tail}`).href;
}

/** Only http and https to a host: `javascript:`, `data:` and the like never become links. */
export function isWebUrl(text: string): boolean {
  return normalizeWebUrl(text) !== null;
}

/** Whether Markdown readers turn this `&…;` into a character (`&lt;`, `&#60;`). */
function decodesAsEntity(reference: string): boolean {
  return unescapeAll(reference) !== reference;
}

/**
 * Characters the URL standard may leave as they are but Markdown or HTML read as syntax:
 * brackets and parentheses end a link, `|` a table cell, backticks and backslashes start code
 * and escapes, quotes and spaces end attributes, braces open attribute lists and templates.
 * Servers read them percent-encoded alike.
 */
const MARKDOWN_UNSAFE = /[()[\]|`\\"<> {}^]/gu;

/**
 * The URL ready for a Markdown link destination, or null when it is no web URL: normalised,
 * and with every character that could end the destination percent-encoded. The host part is
 * left alone (an IPv6 address keeps its brackets); only path, query and fragment are encoded.
 * An `&` that Markdown would read as a character reference (`&lt;`) is encoded too.
 */
export function markdownUrl(text: string): string | null {
  const href = normalizeWebUrl(text);
  if (href === null) return null;
  const head = origin(new URL(href));
  // What follows the host, as written in href (an empty `?` or `#` included).
  const encoded = href
    .slice(head.length)
    .replace(MARKDOWN_UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(/&(?=#?[a-z0-9]+;)/giu, (amp, at: number, all: string) =>
      decodesAsEntity(all.slice(at, all.indexOf(';', at) + 1)) ? '%26' : amp,
    );
  return `${head}${encoded}`;
}
