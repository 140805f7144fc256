import type { ComponentChildren } from 'preact';
import type { BoardView } from '../../app/board.js';
import type { BoardColumn } from '../../domain/board.js';
import { can } from '../../domain/policy.js';
import { BoardCard, boardPath, columnName } from '../components/board-card.js';
import { Button, ButtonLink } from '../components/button.js';
import { FollowButton } from '../components/follow.js';
import {
  ErrorSummary,
  Field,
  type FieldErrors,
  fieldLabels,
  OnceField,
  PostForm,
} from '../components/form.js';
import { IDEA_PICKER_SCRIPT, ideaPickerAttributes } from '../components/idea-picker.js';
import { Layout } from '../components/layout.js';
import { liveAttributes } from '../components/live-region.js';
import type { MessageKey } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';

export interface ItemFormValues {
  title: string;
  column: string;
  body: string;
  links: string;
  labels: string;
  assignees: string;
  idea: string;
}

export const emptyItemForm = (): ItemFormValues => ({
  title: '',
  column: '',
  body: '',
  links: '',
  labels: '',
  assignees: '',
  idea: '',
});

export interface BoardFormState {
  form: 'item' | 'column';
  values: Record<string, string>;
  errors: FieldErrors;
  message: string | null;
}

/** The labels of the form's fields, by field name: beside each field and in the error summary. */
export const BOARD_FIELDS = {
  title: 'board.itemTitle',
  column: 'board.column',
  body: 'board.body',
  links: 'board.links',
  labels: 'board.labels',
  assignees: 'board.assignees',
  idea: 'board.ideaField',
  name: 'board.columnName',
} as const satisfies Record<string, MessageKey>;

/** The fields of an item, shared by the add form on the board and the edit page. */
export function ItemFields({
  ctx,
  values,
  errors,
  columns,
}: {
  ctx: PageContext;
  values: ItemFormValues;
  errors: FieldErrors;
  columns: BoardColumn[] | null;
}) {
  const { t } = ctx;
  return (
    <>
      <Field name="title" label={t(BOARD_FIELDS.title)} errors={errors}>
        {(attrs) => <input {...attrs} type="text" value={values.title} required maxLength={200} />}
      </Field>
      {columns && (
        <Field name="column" label={t(BOARD_FIELDS.column)} errors={errors}>
          {(attrs) => (
            <select {...attrs}>
              {columns.map((c) => (
                <option key={c.id} value={c.id} selected={values.column === c.id}>
                  {columnName(c, t)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field name="body" label={t(BOARD_FIELDS.body)} errors={errors}>
        {(attrs) => <textarea {...attrs} rows={4} value={values.body} />}
      </Field>
      <Field name="links" label={t(BOARD_FIELDS.links)} hint={t('board.linksHint')} errors={errors}>
        {(attrs) => <textarea {...attrs} rows={2} value={values.links} />}
      </Field>
      <Field name="labels" label={t(BOARD_FIELDS.labels)} hint={t('board.commaHint')} errors={errors}>
        {(attrs) => <input {...attrs} type="text" value={values.labels} />}
      </Field>
      <Field name="assignees" label={t(BOARD_FIELDS.assignees)} hint={t('board.commaHint')} errors={errors}>
        {(attrs) => <input {...attrs} type="text" value={values.assignees} />}
      </Field>
      <Field name="idea" label={t(BOARD_FIELDS.idea)} errors={errors}>
        {(attrs) => <input {...attrs} {...ideaPickerAttributes(ctx)} type="text" value={values.idea} />}
      </Field>
    </>
  );
}

function ColumnControls({ ctx, column, next }: { ctx: PageContext; column: BoardColumn; next: string }) {
  const { t } = ctx;
  const name = columnName(column, t);
  return (
    <details class="column-settings">
      <summary>{t('board.columnSettings', { name })}</summary>
      <PostForm ctx={ctx} action={`/columns/${column.id}`} class="stack">
        <input type="hidden" name="version" value={String(column.version)} />
        <input type="hidden" name="next" value={next} />
        <label for={`column-name-${column.id}`}>{t('board.columnName')}</label>
        <input
          id={`column-name-${column.id}`}
          type="text"
          name="name"
          value={column.name}
          placeholder={name}
        />
        <label>
          <input type="checkbox" name="done" value="true" checked={column.done} /> {t('board.columnDone')}
        </label>
        <div class="button-row">
          <button type="submit" name="action" value="save">
            {t('action.save')}
          </button>
          <button type="submit" name="action" value="left" aria-label={t('board.columnLeft', { name })}>
            ←
          </button>
          <button type="submit" name="action" value="right" aria-label={t('board.columnRight', { name })}>
            →
          </button>
          <button type="submit" name="action" value="archive">
            {t('board.archive')}
          </button>
        </div>
      </PostForm>
    </details>
  );
}

/** The form that adds a column, folded away until wanted. */
function ColumnCreatePanel({
  ctx,
  board,
  state,
}: {
  ctx: PageContext;
  board: string;
  state: BoardFormState | null;
}) {
  const { t } = ctx;
  return (
    <CreatePanel ctx={ctx} board={board} kind="column" state={state}>
      <Field name="name" label={t(BOARD_FIELDS.name)} errors={state?.form === 'column' ? state.errors : {}}>
        {(attrs) => (
          <input {...attrs} type="text" value={state?.form === 'column' ? (state.values.name ?? '') : ''} />
        )}
      </Field>
      <label>
        <input type="checkbox" name="done" value="true" /> {t('board.columnDone')}
      </label>
    </CreatePanel>
  );
}

/** A board: columns side by side, cards in order; maintainers get the forms to change it. */
export function BoardPage({
  ctx,
  view,
  state,
  liveSince,
  following = false,
  groupLeads = [],
  mayCreate = can(ctx.actor, 'board.edit'),
}: {
  ctx: PageContext;
  view: BoardView;
  state: BoardFormState | null;
  /** Whether the reader follows the board. */
  following?: boolean;
  /** The leads of the board's group: they get the forms maintainers get. */
  groupLeads?: readonly string[];
  /** Whether the reader may make a board: maintainers, and the leads of a group in it. */
  mayCreate?: boolean;
  /** The cursor of the board's live channel when its data was read (see LiveBus.cursor). */
  liveSince?: string | undefined;
}) {
  const { t } = ctx;
  const maintainer = can(ctx.actor, 'board.edit', { groupLeads });
  const path = boardPath(view.board);
  const title = view.board.title || t('board.title');
  const itemValues: ItemFormValues =
    state?.form === 'item' ? { ...emptyItemForm(), ...state.values } : emptyItemForm();
  const total = view.columns.reduce((n, c) => n + c.items.length, 0);
  return (
    <Layout
      ctx={ctx}
      title={title}
      wide
      scripts={maintainer ? ['live.js', 'drag.js', 'board-drag.js', IDEA_PICKER_SCRIPT] : ['live.js']}
    >
      <div class="page-head">
        <h1>{title}</h1>
        {mayCreate && <ButtonLink href={ctx.url('/boards/new')}>{t('board.new')}</ButtonLink>}
        <FollowButton
          ctx={ctx}
          action={`/boards/${encodeURIComponent(view.board.slug)}/follow`}
          following={following}
        />
      </div>
      <p>
        {t('board.intro')} <a href={ctx.url('/roadmap')}>{t('board.toRoadmap')}</a>
      </p>
      {/* A refused form this reader has no form for (the board's forms are for those who edit it): said above the board. */}
      {!maintainer && state && <ErrorSummary errors={state.errors} message={state.message} />}
      {total === 0 && <p class="empty">{maintainer ? t('board.emptyMaintainer') : t('board.empty')}</p>}
      <p class="visually-hidden" aria-live="polite" id="board-status" />
      <BoardColumns ctx={ctx} view={view} maintainer={maintainer} path={path} liveSince={liveSince} />
      {maintainer && (
        <>
          <CreatePanel ctx={ctx} board={view.board.slug} kind="item" state={state} primary>
            <ItemFields
              ctx={ctx}
              values={itemValues}
              errors={state?.form === 'item' ? state.errors : {}}
              columns={view.columns}
            />
          </CreatePanel>
          <ColumnCreatePanel ctx={ctx} board={view.board.slug} state={state} />
          {view.archived.length > 0 && <ArchivedColumns ctx={ctx} columns={view.archived} path={path} />}
          <p>
            <a href={ctx.url(`/boards/${encodeURIComponent(view.board.slug)}/import`)}>
              {t('board.importLink')}
            </a>
            {/* The default board is stored by its first save, so it is edited as any other. */}
            {' · '}
            <a href={ctx.url(`/boards/${encodeURIComponent(view.board.slug)}/edit`)}>{t('board.editLink')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

/** The columns side by side in the live region, each with its cards in order. */
function BoardColumns({
  ctx,
  view,
  maintainer,
  path,
  liveSince,
}: {
  ctx: PageContext;
  view: BoardView;
  maintainer: boolean;
  path: string;
  liveSince: string | undefined;
}) {
  const { t } = ctx;
  return (
    <div
      class="board"
      id="board-live"
      {...liveAttributes(ctx, ctx.url(`${path}/events`, { since: liveSince }))}
      data-board={view.board.slug}
      data-csrf={maintainer ? ctx.csrfToken : undefined}
      data-api={ctx.url('/api/v1/items/')}
      data-moved={maintainer ? t('board.dragHint', { title: '{title}', column: '{column}' }) : undefined}
    >
      {view.columns.map((column, columnIndex) => (
        <section
          key={column.id}
          class={`board-column${column.done ? ' board-column-done' : ''}`}
          aria-labelledby={`column-${column.id}`}
          data-column={column.id}
        >
          <h2 id={`column-${column.id}`}>
            {columnName(column, t)} <span class="count">{column.items.length}</span>
          </h2>
          {/* Until its first write the default board's columns exist only on screen. */}
          {maintainer && view.stored && <ColumnControls ctx={ctx} column={column} next={path} />}
          {column.items.length === 0 ? <p class="empty column-empty">{t('board.columnEmpty')}</p> : null}
          <ol class="cards">
            {column.items.map((item, index) => (
              <BoardCard
                key={item.id}
                ctx={ctx}
                item={item}
                view={view}
                index={index}
                count={column.items.length}
                columnIndex={columnIndex}
                maintainer={maintainer}
                next={path}
              />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

/** Archived columns, each with the button that brings it back. */
function ArchivedColumns({ ctx, columns, path }: { ctx: PageContext; columns: BoardColumn[]; path: string }) {
  const { t } = ctx;
  return (
    <section class="panel" aria-labelledby="archived-columns">
      <h2 id="archived-columns">{t('board.archived')}</h2>
      <ul>
        {columns.map((c) => (
          <li key={c.id}>
            <PostForm ctx={ctx} action={`/columns/${c.id}`} class="inline">
              <input type="hidden" name="version" value={String(c.version)} />
              <input type="hidden" name="next" value={path} />
              {columnName(c, t)}{' '}
              <button type="submit" name="action" value="restore">
                {t('board.restore')}
              </button>
            </PostForm>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A maintainer's panel that adds an item or a column to the board, with its own problems above it. */
function CreatePanel({
  ctx,
  board,
  kind,
  state,
  primary,
  children,
}: {
  ctx: PageContext;
  board: string;
  kind: 'item' | 'column';
  state: BoardFormState | null;
  primary?: boolean;
  children: ComponentChildren;
}) {
  const title = ctx.t(kind === 'item' ? 'board.addItem' : 'board.addColumn');
  return (
    <section class="panel" aria-labelledby={`add-${kind}`}>
      <h2 id={`add-${kind}`}>{title}</h2>
      {state?.form === kind && (
        <ErrorSummary
          errors={state.errors}
          message={state.message}
          labels={fieldLabels(ctx.t, BOARD_FIELDS)}
        />
      )}
      <PostForm ctx={ctx} action={`/boards/${encodeURIComponent(board)}/${kind}s`} class="stack" novalidate>
        <OnceField ctx={ctx} />
        {children}
        <Button variant={primary ? 'primary' : 'secondary'}>{title}</Button>
      </PostForm>
    </section>
  );
}
