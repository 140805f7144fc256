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
  const { t } = ctx;
  return (
    <div
      id={id}
      class="live-region"
      data-live={events}
      data-live-updated={t('live.updated')}
      data-live-stale={t('live.stale')}
      data-live-changed={t('live.changed')}
      data-live-reload={t('live.reload')}
    >
      {children}
    </div>
  );
}
