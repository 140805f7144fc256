import { renderMarkdown } from '../markdown.js';

/** Markdown rendered by markdown-it with raw HTML disabled, so the output is safe to inline. */
export function Markdown({ source, class: className }: { source: string; class?: string }) {
  return <div class={className ?? 'prose'} dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}
