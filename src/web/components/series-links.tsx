import type { Series } from '../../domain/series.js';
import type { PageContext } from '../page-context.js';

/** Stored links were checked on the way in; a row restored from an old backup may not have been. */
const isWebLink = (url: string | null): url is string => url !== null && /^https?:\/\//iu.test(url);

/** Where a series keeps its notes and agendas, and its recordings; nothing when it has neither. */
export function SeriesLinks({ ctx, series }: { ctx: PageContext; series: Series }) {
  const { t } = ctx;
  const links = [
    { url: series.notesUrl, label: t('series.notesUrl') },
    { url: series.recordingsUrl, label: t('series.recordingsUrl') },
  ].filter((l): l is { url: string; label: string } => isWebLink(l.url));
  if (links.length === 0) return null;
  return (
    <ul class="series-links">
      {links.map((l) => (
        <li key={l.url}>
          <a href={l.url} rel="noopener">
            {l.label}
          </a>
        </li>
      ))}
    </ul>
  );
}
