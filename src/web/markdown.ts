import MarkdownIt from 'markdown-it';

/**
 * Markdown as people type it, rendered without raw HTML. markdown-it's link validator already
 * refuses javascript:, vbscript: and data: (except images); links open as plain anchors with
 * rel=nofollow because the text comes from visitors.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet('rel', 'nofollow ugc noopener');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

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

export function renderMarkdown(source: string, images: ImagePolicy = NO_REMOTE_IMAGES): string {
  return md.render(source, { images });
}

/**
 * The text of a description without its Markdown syntax, for list rows and summaries. It reads
 * markdown-it's tokens rather than stripping characters, so "metal-stack", snake_case and
 * `code` keep their spelling; code blocks are left out.
 */
export function plainSummary(source: string, max = 160): string {
  const parts: string[] = [];
  for (const block of md.parse(source, {})) {
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
