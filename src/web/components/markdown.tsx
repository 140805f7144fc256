import { renderMarkdown } from '../markdown.js';
import type { PageContext } from '../page-context.js';

/** Markdown rendered by markdown-it with raw HTML disabled, so the output is safe to inline. */
export function Markdown({
  ctx,
  source,
  class: className,
}: {
  ctx: Pick<PageContext, 'images'>;
  source: string;
  class?: string;
}) {
  return (
    <div
      class={className ?? 'prose'}
      dangerouslySetInnerHTML={{ __html: renderMarkdown(source, ctx.images) }}
    />
  );
}
