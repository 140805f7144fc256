import MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import type { Mention } from '../domain/comment.js';
import { madeOnce } from '../domain/made-once.js';
import { replaceLooseText, splitMentions } from '../domain/mentions.js';

/**
 * Which images a rendering shows. An image from another site tells that site who reads the page
 * (address, browser, when), so it shows only when an admin allows it; else it becomes a link with
 * its alt text. Images of the hub itself (relative, or absolute on `origin`) and data: images
 * always show.
 */
export interface ImagePolicy {
  remote: boolean;
  /** The hub's own origin, e.g. `https://example.org`. */
  origin: string;
}

/** What a rendering without a reader's context assumes: no images from other sites. */
export const NO_REMOTE_IMAGES: ImagePolicy = { remote: false, origin: '' };

function isRemote(src: string, origin: string): boolean {
  // Protocol-relative (`//host/x`) and absolute URLs may leave the site; a path may not.
  if (!/^[a-z][a-z0-9+.-]*:|^\/\//iu.test(src)) return false;
  if (/^data:/iu.test(src)) return false;
  try {
    return new URL(src, origin || 'http://invalid.invalid').origin !== origin;
  } catch {
    return true;
  }
}

/** The people a text mentions, and where each one's page is. */
export interface MentionLinks {
  people: readonly Mention[];
  href: (id: string) => string;
}

/** `@handle` of a person the text mentions, as a link to their page showing their name. */
function mentionTokens(state: StateCore, token: Token, links: MentionLinks): Token[] | null {
  const pieces = splitMentions(token.content);
  if (pieces.length === 1 && !('handle' in (pieces[0] ?? {}))) return null;
  const people = new Map(links.people.map((p) => [p.handle.toLowerCase(), p]));
  return pieces.flatMap((piece) => {
    const person = 'handle' in piece ? people.get(piece.handle) : undefined;
    const text = new state.Token('text', '', 0);
    text.content = person ? `@${person.name}` : piece.text;
    if (!person) return [text];
    const open = new state.Token('link_open', 'a', 1);
    open.attrs = [
      ['href', links.href(person.id)],
      ['class', 'mention'],
      ['title', `@${person.handle}`],
    ];
    return [open, text, new state.Token('link_close', 'a', -1)];
  });
}

/**
 * Markdown as people type it, rendered without raw HTML. markdown-it's link validator already
 * refuses javascript:, vbscript: and data: (except images); links open as plain anchors with
 * rel=nofollow because the text comes from visitors.
 */
const renderer = madeOnce(() => {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  const defaultLinkOpen =
    md.renderer.rules.link_open ??
    ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx]?.attrSet('rel', 'nofollow ugc noopener');
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  const defaultImage =
    md.renderer.rules.image ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.image = (tokens, idx, options, env: { images?: ImagePolicy }, self) => {
    const token = tokens[idx];
    const images = env.images ?? NO_REMOTE_IMAGES;
    const src = token?.attrGet('src') ?? '';
    if (!token || images.remote || !isRemote(src, images.origin))
      return defaultImage(tokens, idx, options, env, self);
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const html = md.utils.escapeHtml;
    return `<a href="${html(src)}" rel="nofollow ugc noopener" class="remote-image">${html(alt || src)}</a>`;
  };
  // After the texts are joined: a mention is read from the text as the reader sees it, outside
  // code and links, as the recording of mentions reads it (src/domain/mentions.ts).
  md.core.ruler.after('text_join', 'mentions', (state) => {
    const links = (state.env as { mentions?: MentionLinks }).mentions;
    if (!links || links.people.length === 0) return;
    for (const block of state.tokens) {
      if (block.type === 'inline' && block.children)
        block.children = replaceLooseText(block.children, (t) => mentionTokens(state, t, links));
    }
  });
  return md;
});

export function renderMarkdown(
  source: string,
  images: ImagePolicy = NO_REMOTE_IMAGES,
  mentions?: MentionLinks,
): string {
  return renderer().render(source, { images, mentions });
}

/**
 * The text of a description without its Markdown syntax, for list rows and summaries. It reads
 * markdown-it's tokens rather than stripping characters, so "metal-stack", snake_case and
 * `code` keep their spelling; code blocks are left out.
 */
export function plainSummary(source: string, max = 160): string {
  const parts: string[] = [];
  for (const block of renderer().parse(source, {})) {
    if (block.type !== 'inline') continue;
    for (const token of block.children ?? []) {
      if (token.type === 'text' || token.type === 'code_inline' || token.type === 'image')
        parts.push(token.content);
      else if (token.type === 'softbreak' || token.type === 'hardbreak') parts.push(' ');
    }
    parts.push(' ');
  }
  const text = parts.join('').replace(/\s+/gu, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
