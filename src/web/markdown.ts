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
