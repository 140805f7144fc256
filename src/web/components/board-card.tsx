import type { BoardView } from '../../app/board.js';
import { type BoardColumn, type BoardItem, githubRef, initials } from '../../domain/board.js';
import type { Translate } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';
import { PostForm } from './form.js';
import { Markdown } from './markdown.js';

/** A column's name: the maintainers' name, or the preset's name in the reader's language. */
export function columnName(column: Pick<BoardColumn, 'name' | 'preset'>, t: Translate): string {
  if (column.name !== '' || !column.preset) return column.name;
  return t(`board.preset.${column.preset}`);
}

/** The path of a board's page: the default board lives at /board. */
export function boardPath(board: { slug: string }): string {
  return board.slug === 'default' ? '/board' : `/boards/${encodeURIComponent(board.slug)}`;
}

/**
 * A card's one "Move" menu: a disclosure holding a form whose buttons each send `to` (a step or
 * a column's id), so it works with keyboard, touch and without JavaScript. The current column's
 * button is hidden and the arrows at an edge disabled; board-drag.js redoes both after a drag.
 */
function MoveMenu({
  ctx,
  item,
  columns,
  index,
  count,
  columnIndex,
  next,
}: {
  ctx: PageContext;
  item: BoardItem;
  columns: BoardColumn[];
  index: number;
  count: number;
  columnIndex: number;
  next: string;
}) {
  const { t } = ctx;
  const steps = [
    { direction: 'up', symbol: '↑', label: 'board.moveUp', enabled: index > 0 },
    { direction: 'down', symbol: '↓', label: 'board.moveDown', enabled: index < count - 1 },
    { direction: 'left', symbol: '←', label: 'board.moveLeft', enabled: columnIndex > 0 },
    { direction: 'right', symbol: '→', label: 'board.moveRight', enabled: columnIndex < columns.length - 1 },
  ] as const;
  return (
    <details class="card-menu">
      <summary>
        {t('board.move')}
        <span class="visually-hidden">: {item.title}</span>
      </summary>
      <PostForm ctx={ctx} action={`/items/${item.id}/move`} class="card-moves">
        <input type="hidden" name="version" value={String(item.version)} />
        <input type="hidden" name="next" value={next} />
        <div class="card-steps">
          {steps.map((s) => (
            <button
              key={s.direction}
              type="submit"
              name="to"
              value={s.direction}
              class="icon-button"
              disabled={!s.enabled}
              aria-label={t(s.label, { title: item.title })}
              title={t(s.label, { title: item.title })}
            >
              {s.symbol}
            </button>
          ))}
        </div>
        <p class="card-columns-label">{t('board.toColumn')}</p>
        <div class="card-columns">
          {columns.map((c) => (
            <button
              key={c.id}
              type="submit"
              name="to"
              value={c.id}
              data-column={c.id}
              hidden={c.id === item.columnId}
              aria-label={t('board.moveToColumn', { title: item.title, column: columnName(c, t) })}
            >
              {columnName(c, t)}
            </button>
          ))}
        </div>
      </PostForm>
    </details>
  );
}

/** A card's links (GitHub references as chips), labels and assignees' initials. */
function CardTags({ ctx, item }: { ctx: PageContext; item: BoardItem }) {
  const { t } = ctx;
  return (
    <>
      {item.links.length > 0 && (
        <ul class="card-links">
          {item.links.map((l) => (
            <li key={l.url}>
              <a href={l.url} class={githubRef(l.url) ? 'ref-chip' : undefined} rel="noopener">
                {githubRef(l.url) ?? l.label}
              </a>
            </li>
          ))}
        </ul>
      )}
      {item.labels.length > 0 && (
        <ul class="card-labels" aria-label={t('board.labels')}>
          {item.labels.map((l) => (
            <li key={l} class="label-chip">
              {l}
            </li>
          ))}
        </ul>
      )}
      {item.assignees.length > 0 && (
        <p class="card-assignees">
          <span class="visually-hidden">{t('board.assignees')}: </span>
          {item.assignees.map((a) => (
            <abbr key={a} title={a} class="avatar">
              {initials(a)}
            </abbr>
          ))}
        </p>
      )}
    </>
  );
}

export function BoardCard({
  ctx,
  item,
  view,
  index,
  count,
  columnIndex,
  maintainer,
  next,
}: {
  ctx: PageContext;
  item: BoardItem;
  view: BoardView;
  index: number;
  count: number;
  columnIndex: number;
  maintainer: boolean;
  next: string;
}) {
  const { t } = ctx;
  return (
    <li
      class="card"
      id={`item-${item.id}`}
      data-item={item.id}
      data-version={String(item.version)}
      draggable={maintainer ? true : undefined}
    >
      <h3 class="card-title">{item.title}</h3>
      <CardTags ctx={ctx} item={item} />
      {item.ideaSlug && item.ideaTitle !== null && (
        <p class="card-idea">
          {t('board.idea')}:{' '}
          <a href={ctx.url(`/ideas/${encodeURIComponent(item.ideaSlug)}`)}>{item.ideaTitle}</a>
        </p>
      )}
      {item.body !== '' && (
        <details>
          <summary>{t('board.details')}</summary>
          <Markdown ctx={ctx} source={item.body} />
        </details>
      )}
      {maintainer && (
        <div class="card-actions">
          <MoveMenu
            ctx={ctx}
            item={item}
            columns={view.columns}
            index={index}
            count={count}
            columnIndex={columnIndex}
            next={next}
          />
          <a
            class="card-edit"
            href={ctx.url(`/items/${item.id}/edit`)}
            aria-label={t('board.editItem', { title: item.title })}
          >
            {t('action.edit')}
          </a>
        </div>
      )}
    </li>
  );
}
