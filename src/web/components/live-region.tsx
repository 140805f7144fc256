import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page-context.js';

/**
 * A part of a page that follows changes by others (with live.js): when its event stream says
 * so, the page is fetched again and this part replaced. While a form in it holds unsent input,
 * it stays as it is and a notice offers to reload instead. Without JavaScript it is a plain div.
 */
export function LiveRegion({
  ctx,
  id,
  events,
  children,
}: {
  ctx: PageContext;
  /** Unique on the page: the fetched page's part with this id replaces this one. */
  id: string;
  /** URL of the event stream (with its `since` cursor). */
  events: string;
  children: ComponentChildren;
}) {
  return (
    <div id={id} class="live-region" {...liveAttributes(ctx, events)}>
      {children}
    </div>
  );
}

/**
 * The attributes that make an element (with an id) a live region, for a page whose region is
 * an element of its own (the board's, which its drag and drop script listens on).
 */
export function liveAttributes(ctx: PageContext, events: string) {
  const { t } = ctx;
  return {
    'data-live': events,
    'data-live-updated': t('live.updated'),
    'data-live-stale': t('live.stale'),
    'data-live-changed': t('live.changed'),
    'data-live-reload': t('live.reload'),
  };
}
