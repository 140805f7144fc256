import type { RoadmapEntry } from '../../app/roadmap.js';
import { githubRef } from '../../domain/board.js';
import { can } from '../../domain/policy.js';
import { HORIZONS, type Horizon } from '../../domain/roadmap.js';
import { PostForm } from '../components/form.js';
import { type GroupChoice, GroupSelect } from '../components/group-filter.js';
import { Layout } from '../components/layout.js';
import { ListOrEmpty } from '../components/list.js';
import { StatusChip } from '../components/status-chip.js';
import type { PageContext } from '../page-context.js';

function Entry({ ctx, entry }: { ctx: PageContext; entry: RoadmapEntry }) {
  const { t } = ctx;
  const { idea, progress } = entry;
  return (
    <li class="roadmap-entry" id={`idea-${idea.slug}`}>
      <h3>
        <a href={ctx.url(`/ideas/${encodeURIComponent(idea.slug)}`)}>{idea.title}</a>{' '}
        <StatusChip status={idea.status} t={t} />
      </h3>
      {progress.total > 0 ? (
        <p class="progress-line">
          <progress
            max={progress.total}
            value={progress.done}
            aria-label={t('roadmap.progressLabel', { title: idea.title })}
          />{' '}
          {t('roadmap.progress', { done: progress.done, total: progress.total })}
        </p>
      ) : (
        <p class="hint">{t('roadmap.noItems')}</p>
      )}
      {entry.items.length > 0 && (
        <ul class="roadmap-items">
          {entry.items.map((item) => {
            const ref = item.links.map((l) => githubRef(l.url)).find((r) => r !== null);
            return (
              <li key={item.id} class={item.done ? 'item-done' : undefined}>
                {item.done ? `✓ ${t('roadmap.itemDone')}: ` : ''}
                {item.title}
                {ref && (
                  <>
                    {' '}
                    <span class="ref-chip">{ref}</span>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {can(ctx.actor, 'roadmap.edit') && (
        <PostForm ctx={ctx} action={`/roadmap/${encodeURIComponent(idea.slug)}`} class="inline">
          <input type="hidden" name="version" value={String(entry.horizonVersion)} />
          <label for={`horizon-${idea.id}`}>{t('roadmap.horizon')}</label>{' '}
          <select id={`horizon-${idea.id}`} name="horizon">
            {HORIZONS.map((h) => (
              <option key={h} value={h} selected={h === entry.horizon}>
                {t(`roadmap.${h}`)}
              </option>
            ))}
          </select>{' '}
          <button type="submit">{t('action.save')}</button>
        </PostForm>
      )}
    </li>
  );
}

/** Roadmap and in-progress ideas in three groups, each with its board items and their progress. */
export function RoadmapPage({
  ctx,
  groups,
  group = '',
  choices = [],
}: {
  ctx: PageContext;
  groups: { horizon: Horizon; entries: RoadmapEntry[] }[];
  /** The slug of the working group the roadmap is narrowed to, or empty for all. */
  group?: string;
  /** The working groups it can be narrowed to. */
  choices?: GroupChoice[];
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('roadmap.title')}>
      <h1>{t('roadmap.title')}</h1>
      <p>
        {t('roadmap.intro')} <a href={ctx.url('/board')}>{t('roadmap.toBoard')}</a>
      </p>
      {choices.length > 0 && (
        <search aria-label={t('roadmap.filters')}>
          <form method="get" action={ctx.url('/roadmap')} class="filters">
            <div class="filter-row">
              <GroupSelect ctx={ctx} groups={choices} selected={group} />
              <button type="submit">{t('action.filter')}</button>
              {group && <a href={ctx.url('/roadmap')}>{t('action.clearFilters')}</a>}
            </div>
          </form>
        </search>
      )}
      <div class="roadmap">
        {groups.map((g) => (
          <section key={g.horizon} class="roadmap-group" aria-labelledby={`horizon-${g.horizon}`}>
            <h2 id={`horizon-${g.horizon}`}>{t(`roadmap.${g.horizon}`)}</h2>
            <ListOrEmpty items={g.entries} empty={t('roadmap.emptyGroup')} class="roadmap-list">
              {(e) => <Entry key={e.idea.id} ctx={ctx} entry={e} />}
            </ListOrEmpty>
          </section>
        ))}
      </div>
    </Layout>
  );
}
