import type { IdeaList } from '../../app/ideas.js';
import { IDEA_STATUSES, type IdeaStatus } from '../../domain/idea-status.js';
import { can } from '../../domain/policy.js';
import { Admonition } from '../components/admonition.js';
import { ButtonLink } from '../components/button.js';
import { Layout } from '../components/layout.js';
import { ListOrEmpty } from '../components/list.js';
import { Markdown } from '../components/markdown.js';
import { IdeaRowHead } from '../components/status-chip.js';
import { plainSummary } from '../markdown.js';
import type { PageContext } from '../page-context.js';

export interface BacklogFilters {
  statuses: IdeaStatus[];
  tag: string;
  q: string;
  /** A group's slug, or empty for every group. */
  group: string;
}

interface BacklogProps {
  ctx: PageContext;
  list: IdeaList;
  filters: BacklogFilters;
  tags: { tag: string; count: number }[];
  /** The groups to filter by: slug and name. */
  groups?: { slug: string; name: string }[];
  intro: string;
  disclaimer: string;
  /** Comments shown to everyone, per idea id. */
  commentCounts?: ReadonlyMap<string, number>;
}

export function BacklogPage({
  ctx,
  list,
  filters,
  tags,
  intro,
  disclaimer,
  commentCounts = new Map(),
  groups = [],
}: BacklogProps) {
  const { t } = ctx;
  const filtered =
    filters.statuses.length > 0 || filters.tag !== '' || filters.q !== '' || filters.group !== '';
  return (
    <Layout ctx={ctx} title={t('backlog.title')}>
      <div class="page-head">
        <h1>{t('backlog.title')}</h1>
        <ButtonLink variant="primary" href={ctx.url('/ideas/new')}>
          {ctx.actor.kind === 'user' ? t('action.propose') : t('backlog.signInToPropose')}
        </ButtonLink>
      </div>
      <Markdown ctx={ctx} source={intro} />
      <Admonition kind="danger" label={t('backlog.disclaimerLabel')}>
        <Markdown ctx={ctx} source={disclaimer} />
      </Admonition>
      {can(ctx.actor, 'backlog.editTexts') && (
        <p>
          <a href={ctx.url('/backlog/texts')}>{t('backlog.editTexts')}</a> ·{' '}
          <a href={ctx.url('/docs/import')}>{t('docs.importTitle')}</a>
        </p>
      )}

      <BacklogFilterForm ctx={ctx} filters={filters} tags={tags} groups={groups} filtered={filtered} />

      <p class="muted" aria-live="polite">
        {list.total === 1 ? t('backlog.countOne') : t('backlog.count', { count: list.total })}
      </p>
      <ListOrEmpty
        items={list.items}
        empty={filtered ? t('backlog.emptyFiltered') : t('backlog.empty')}
        class="idea-list"
      >
        {(idea) => <IdeaRow key={idea.id} ctx={ctx} idea={idea} comments={commentCounts.get(idea.id) ?? 0} />}
      </ListOrEmpty>
      {list.nextCursor && (
        <p>
          <a
            href={ctx.url('/backlog', {
              status: filters.statuses,
              tag: filters.tag,
              q: filters.q,
              group: filters.group,
              cursor: list.nextCursor,
            })}
          >
            {t('action.next')}
          </a>
        </p>
      )}
      <p class="muted small">
        <a href={ctx.url('/docs/planning.md', { lang: ctx.locale })}>{t('docs.exportLink')}</a>
      </p>
    </Layout>
  );
}

/** Filters by status, tag and words, sent as a GET so a filtered list has its own address. */
function BacklogFilterForm({
  ctx,
  filters,
  tags,
  groups,
  filtered,
}: {
  ctx: PageContext;
  filters: BacklogFilters;
  tags: BacklogProps['tags'];
  groups: NonNullable<BacklogProps['groups']>;
  filtered: boolean;
}) {
  const { t } = ctx;
  return (
    <search aria-label={t('backlog.filters')}>
      <form method="get" action={ctx.url('/backlog')} class="filters">
        <fieldset>
          <legend>{t('backlog.status')}</legend>
          <div class="chip-choices">
            {IDEA_STATUSES.map((s) => (
              <label key={s} class={`chip-choice chip-${s}`}>
                <input type="checkbox" name="status" value={s} checked={filters.statuses.includes(s)} />{' '}
                {t(`status.${s}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div class="filter-row">
          <label>
            {t('backlog.tag')}{' '}
            <select name="tag">
              <option value="">{t('backlog.anyTag')}</option>
              {tags.map(({ tag, count }) => (
                <option key={tag} value={tag} selected={tag === filters.tag}>
                  {`${tag} (${count})`}
                </option>
              ))}
            </select>
          </label>
          {groups.length > 0 && (
            <label>
              {t('backlog.group')}{' '}
              <select name="group">
                <option value="">{t('backlog.anyGroup')}</option>
                {groups.map((g) => (
                  <option key={g.slug} value={g.slug} selected={g.slug === filters.group}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('backlog.search')}{' '}
            <input type="search" name="q" value={filters.q} placeholder={t('backlog.searchPlaceholder')} />
          </label>
          <button type="submit">{t('action.filter')}</button>
          {filtered && <a href={ctx.url('/backlog')}>{t('action.clearFilters')}</a>}
        </div>
      </form>
    </search>
  );
}

/** One idea in the list: its title, status, a summary of its description and its tags. */
function IdeaRow({
  ctx,
  idea,
  comments,
}: {
  ctx: PageContext;
  idea: IdeaList['items'][number];
  comments: number;
}) {
  const { t } = ctx;
  return (
    <li class="idea-row" data-slug={idea.slug}>
      <IdeaRowHead idea={idea} url={ctx.url} t={t} />
      {idea.description && <p class="idea-summary">{plainSummary(idea.description)}</p>}
      {idea.tags.length > 0 && (
        <ul class="tags">
          {idea.tags.map((tag) => (
            <li key={tag}>
              <a href={ctx.url('/backlog', { tag })}>{tag}</a>
            </li>
          ))}
        </ul>
      )}
      {(comments > 0 || idea.interestCount > 0) && (
        <p class="idea-counts muted small">
          {idea.interestCount > 0 && t('interest.short', { count: idea.interestCount })}
          {idea.interestCount > 0 && comments > 0 && ' · '}
          {comments > 0 && (
            <a href={ctx.url(`/ideas/${idea.slug}#comments-heading`)} class="comment-count">
              {comments === 1 ? t('comment.countOne') : t('comment.count', { count: comments })}
            </a>
          )}
        </p>
      )}
    </li>
  );
}
