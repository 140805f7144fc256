import type { Page } from '../../app/paging.js';
import type { SearchHit } from '../../app/search.js';
import { SEARCH_KINDS, type SearchKind } from '../../domain/search.js';
import { type GroupChoice, GroupSelect } from '../components/group-filter.js';
import { Layout } from '../components/layout.js';
import { formatPlainDate } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';

export interface SearchView {
  q: string;
  kind: SearchKind | '';
  /** The slug of the group the search is narrowed to, or empty. */
  group: string;
  cursor: string;
  /** Null while nothing was asked. */
  results: Page<SearchHit> | null;
}

function SearchForm({ ctx, view, groups }: { ctx: PageContext; view: SearchView; groups: GroupChoice[] }) {
  const { t } = ctx;
  return (
    <search aria-label={t('search.title')}>
      <form method="get" action={ctx.url('/search')} class="filters">
        <div class="filter-row">
          <label>
            {t('search.words')} <input type="search" name="q" value={view.q} maxLength={500} />
          </label>
          <label>
            {t('search.kind')}{' '}
            <select name="kind">
              <option value="">{t('search.anyKind')}</option>
              {SEARCH_KINDS.map((k) => (
                <option key={k} value={k} selected={k === view.kind}>
                  {t(`search.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <GroupSelect ctx={ctx} groups={groups} selected={view.group} />
          <button type="submit">{t('search.submit')}</button>
        </div>
      </form>
    </search>
  );
}

/** One hit: its kind, a link to it by its title, where it was said, and the passage that matched. */
function Hit({ ctx, hit }: { ctx: PageContext; hit: SearchHit }) {
  const { t } = ctx;
  const title = hit.kind === 'comment' ? t('search.commentOn', { title: hit.title }) : hit.title;
  return (
    <li class="search-hit">
      <span class={`chip search-kind search-kind-${hit.kind}`}>{t(`search.kind.${hit.kind}`)}</span>{' '}
      <a href={ctx.url(hit.path)}>{title}</a>
      {hit.meeting && (
        <span class="hint">
          {' · '}
          {t('search.meeting', {
            series: hit.meeting.seriesTitle,
            date: formatPlainDate(hit.meeting.occurrence, ctx.locale),
          })}
        </span>
      )}
      {hit.excerpt.length > 0 && (
        <p class="search-excerpt">
          {hit.excerpt.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}
        </p>
      )}
    </li>
  );
}

/** `/search`: the form, then the hits of one page, best first, each labelled with its kind. */
export function SearchPage({
  ctx,
  view,
  groups = [],
}: {
  ctx: PageContext;
  view: SearchView;
  /** The groups a search can be narrowed to. */
  groups?: GroupChoice[];
}) {
  const { t } = ctx;
  const { results } = view;
  const query = { q: view.q, kind: view.kind || undefined, group: view.group || undefined };
  return (
    <Layout ctx={ctx} title={view.q ? `${view.q} · ${t('search.title')}` : t('search.title')}>
      <h1>{t('search.title')}</h1>
      <p class="hint">{t('search.intro')}</p>
      <SearchForm ctx={ctx} view={view} groups={groups} />
      {results === null ? (
        <p class="empty">{t('search.noQuery')}</p>
      ) : results.items.length === 0 ? (
        <p class="empty search-empty">{t('search.empty', { q: view.q })}</p>
      ) : (
        <section aria-labelledby="search-results">
          <h2 id="search-results">{t('search.results', { q: view.q })}</h2>
          <ol class="search-results" start={Number(view.cursor || '0') + 1}>
            {results.items.map((hit) => (
              <Hit key={hit.id} ctx={ctx} hit={hit} />
            ))}
          </ol>
        </section>
      )}
      {(view.cursor || results?.nextCursor) && (
        <nav class="pager" aria-label={t('search.title')}>
          {view.cursor && <a href={ctx.url('/search', query)}>{t('search.first')}</a>}{' '}
          {results?.nextCursor && (
            <a href={ctx.url('/search', { ...query, cursor: results.nextCursor })} rel="next">
              {t('search.more')}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
