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
  changes,
  children,
}: {
  ctx: PageContext;
  /** Unique on the page: the fetched page's part with this id replaces this one. */
  id: string;
  /** URL of the event stream (with its `since` cursor). */
  events: string;
  /** When what it shows changes by the clock alone (an ISO instant: a meeting begins or ends), if it does. */
  changes?: string | null;
  children: ComponentChildren;
}) {
  return (
    <div id={id} class="live-region" {...liveAttributes(ctx, events, changes)}>
      {children}
    </div>
  );
}

/**
 * The attributes that make an element (with an id) a live region, for a page whose region is
 * an element of its own (the board's, which its drag and drop script listens on).
 */
export function liveAttributes(ctx: PageContext, events: string, changes?: string | null) {
  const { t } = ctx;
  return {
    'data-live': events,
    'data-live-refresh-in': refreshIn(ctx.now, changes),
    'data-live-updated': t('live.updated'),
    'data-live-stale': t('live.stale'),
    'data-live-changed': t('live.changed'),
    'data-live-reload': t('live.reload'),
  };
}

/** How far ahead a page is told to fetch itself: a day keeps its timer short. */
const REFRESH_HORIZON_S = 86_400;

/**
 * The seconds from this render until `changes`, when the page fetches itself again though no
 * event says so; none when that is past or more than a day ahead. Counted from the render, not
 * an instant, so that a reader's clock that is off does not matter.
 */
export function refreshIn(now: Date, changes: string | null | undefined): number | undefined {
  if (!changes) return undefined;
  const seconds = Math.ceil((Date.parse(changes) - now.getTime()) / 1000);
  return seconds > 0 && seconds <= REFRESH_HORIZON_S ? seconds : undefined;
}
