import type { Locale } from '../app/accounts.js';
import type { Config } from '../config.js';

/** One line of a mail: its text, and the address in it that the HTML part makes a link. */
export interface Line {
  text: string;
  link?: string;
}

export const escapeHtml = (text: string) => text.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);

/** A line as HTML: the same text, escaped, with its address as a link. */
export function htmlLine({ text, link }: Line): string {
  const escaped = escapeHtml(text);
  if (!link) return escaped;
  const href = escapeHtml(link);
  return escaped.replace(href, `<a href="${href}">${href}</a>`);
}

/** An address of the hub for a mail: `path` below the base address, with `query`. */
export function hubLink(config: Config, path: string, query: Record<string, string> = {}): string {
  const url = new URL(path.replace(/^\//u, ''), config.baseUrl);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * A Message-ID of the hub (RFC 5322 §3.6.4): `local` at the base address's host, or at
 * localhost.localdomain when that is a bare name, which no mail program takes as a domain.
 */
export function hubMessageId(local: string, config: Config): string {
  const host = config.baseUrl.hostname.includes('.') ? config.baseUrl.hostname : 'localhost.localdomain';
  return `<${local}@${host}>`;
}

/** The opening of a mail's HTML part, in its language, titled as its subject. */
export const htmlHead = (locale: Locale, title: string) =>
  `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>`;

/**
 * The plain text and HTML parts of a mail, written from the same lines so that both say the
 * same: a paragraph for each line of `body`, then `footer` as the signature (after `-- `).
 */
export function mailParts(locale: Locale, title: string, body: Line[], footer: Line[]) {
  const text = `${body.map((l) => l.text).join('\n\n')}\n\n-- \n${footer.map((l) => l.text).join('\n')}\n`;
  const html = [
    htmlHead(locale, title),
    ...body.map((l) => `<p>${htmlLine(l).replaceAll('\n', '<br>\n')}</p>`),
    '<hr>',
    `<p>${footer.map(htmlLine).join('<br>\n')}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}

/** The headers that let a mail program offer one-click unsubscribe (RFC 8058) by `link`. */
export const listHeaders = (link: string) => ({
  'List-Unsubscribe': `<${link}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  'Auto-Submitted': 'auto-generated',
});
