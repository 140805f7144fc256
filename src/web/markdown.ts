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

export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** The first paragraph as plain text, for list rows and summaries. */
export function plainSummary(source: string, max = 160): string {
  const text = source
    .replace(/```[\s\S]*?```/gu, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/[#>*_`~|-]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
