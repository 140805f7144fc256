import { type MentionLinks, renderMarkdown } from '../markdown.js';
import type { PageContext } from '../page-context.js';

/** Markdown rendered by markdown-it with raw HTML disabled, so the output is safe to inline. */
export function Markdown({
  ctx,
  source,
  class: className,
  mentions,
}: {
  ctx: Pick<PageContext, 'images'>;
  source: string;
  class?: string;
  /** The people the text mentions by `@handle`: linked to their pages. */
  mentions?: MentionLinks | undefined;
}) {
  return (
    <div
      class={className ?? 'prose'}
      dangerouslySetInnerHTML={{ __html: renderMarkdown(source, ctx.images, mentions) }}
    />
  );
}
