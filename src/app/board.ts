import {
  type Board,
  type BoardColumn,
  type BoardItem,
  COLUMN_PRESETS,
  type ColumnPreset,
  DEFAULT_BOARD_SLUG,
  doneColumnIds,
  githubRef,
  inProgressColumns,
  isColumnPreset,
  validateBoardTitle,
  validateColumnName,
  validateItemDraft,
  type WorkInProgress,
} from '../domain/board.js';
import { inKeyOrder, keyAt, keyForPlacement, keysAtEnd, type Placement } from '../domain/board-order.js';
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../domain/errors.js';
import type { IdeaLink } from '../domain/idea.js';
import { authorize } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { slugify } from '../domain/text.js';
import type { BoardRow, ColumnRow, ItemRow } from '../store/board.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { type AppDeps, audit } from './context.js';
import { liveChannel } from './live-channels.js';

export function toBoard(row: BoardRow): Board {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function toColumn(row: ColumnRow): BoardColumn {
  return {
    id: row.id,
    boardId: row.board_id,
    name: row.name,
    preset: isColumnPreset(row.preset) ? row.preset : null,
    positionKey: row.position_key,
    done: row.done === 1,
    archived: row.archived_at !== null,
    version: row.version,
  };
}

export function toItem(row: ItemRow): BoardItem {
  return {
    id: row.id,
    boardId: row.board_id,
    columnId: row.column_id,
    title: row.title,
    body: row.body,
    links: JSON.parse(row.links) as IdeaLink[],
    assignees: JSON.parse(row.assignees) as string[],
    labels: JSON.parse(row.labels) as string[],
    repository: row.repository,
    ideaId: row.idea_id,
    ideaSlug: row.idea_slug,
    ideaTitle: row.idea_title,
    positionKey: row.position_key,
    externalId: row.external_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export interface BoardView {
  board: Board;
  /** False for the default board before its first write: shown with its starting columns. */
  stored: boolean;
  columns: (BoardColumn & { items: BoardItem[] })[];
  archived: (BoardColumn & { items: BoardItem[] })[];
}

/** The default board as it looks before anything was written to it. */
function unstoredDefault(at: string): BoardView {
  const keys = keysAtEnd([], COLUMN_PRESETS.length);
  return {
    board: {
      id: DEFAULT_BOARD_SLUG,
      slug: DEFAULT_BOARD_SLUG,
      title: '',
      createdAt: at,
      updatedAt: at,
      version: 0,
    },
    stored: false,
    columns: COLUMN_PRESETS.map((preset, i) => ({
      id: preset,
      boardId: DEFAULT_BOARD_SLUG,
      name: '',
      preset,
      positionKey: keys[i] ?? '',
      done: preset === 'done',
      archived: false,
      version: 0,
      items: [],
    })),
    archived: [],
  };
}

function startingColumns(boardId: string, at: string): ColumnRow[] {
  const keys = keysAtEnd([], COLUMN_PRESETS.length);
  return COLUMN_PRESETS.map((preset, i) => ({
    id: newId(),
    board_id: boardId,
    name: '',
    preset,
    position_key: keys[i] ?? '',
    done: preset === 'done' ? 1 : 0,
    archived_at: null,
    created_at: at,
    updated_at: at,
    version: 1,
  }));
}

/** The board a write goes to; the default board is created (with its starting columns) by its first write. */
/** Tells the readers of a board's page that it changed (inside the caller's transaction). */
export async function announceBoard(repos: Repositories, idOrSlug: string): Promise<void> {
  const row = await repos.board.findBoard(idOrSlug);
  if (row) await repos.live.announce(liveChannel.board(row.slug));
}

export async function ensureBoard(repos: Repositories, ref: string, at: string): Promise<Board> {
  const found = await repos.board.findBoard(ref);
  if (found) return toBoard(found);
  if (ref !== DEFAULT_BOARD_SLUG) throw new NotFoundError('board', ref);
  const id = newId();
  const inserted = await repos.board.insertBoard({
    id,
    slug: DEFAULT_BOARD_SLUG,
    title: '',
    created_at: at,
    updated_at: at,
    version: 1,
  });
  if (inserted) await repos.board.insertColumns(startingColumns(id, at));
  const row = await repos.board.findBoard(DEFAULT_BOARD_SLUG);
  if (!row) throw new NotFoundError('board', ref);
  return toBoard(row);
}

/** A column of the board by id, or by its preset name (`todo`, `in_progress`, `done`). */
export async function resolveColumn(
  repos: Repositories,
  boardId: string,
  ref: unknown,
  field = 'column',
): Promise<BoardColumn> {
  if (typeof ref !== 'string' || ref.trim() === '')
    throw new ValidationError([{ field, key: 'error.boardColumn' }]);
  const columns = (await repos.board.columns(boardId)).map(toColumn);
  const column = columns.find((c) => c.id === ref) ?? columns.find((c) => !c.archived && c.preset === ref);
  if (!column || column.archived) throw new ValidationError([{ field, key: 'error.boardColumn' }]);
  return column;
}

async function ideaIdOf(repos: Repositories, value: unknown): Promise<string | null> {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError([{ field: 'idea', key: 'error.notText' }]);
  const ref = value.trim();
  if (ref === '') return null;
  const idea = (await repos.ideas.findBySlug(ref)) ?? (await repos.ideas.findById(ref));
  if (!idea)
    throw new ValidationError([
      { field: 'idea', key: 'error.boardIdea', params: { idea: ref.slice(0, 80) } },
    ]);
  return idea.id;
}

export type StepDirection = 'up' | 'down' | 'left' | 'right';

export function boardUseCases({ store, now }: AppDeps) {
  async function loadItem(repos: Repositories, id: string): Promise<BoardItem> {
    const row = await repos.board.findItem(id);
    if (!row) throw new NotFoundError('item', id);
    return toItem(row);
  }

  async function loadColumn(repos: Repositories, id: string): Promise<BoardColumn> {
    const row = await repos.board.findColumn(id);
    if (!row) throw new NotFoundError('column', id);
    return toColumn(row);
  }

  /**
   * Every write to a board runs here: one transaction, which also announces that the board
   * changed (readers of its page hear of it once the transaction commits).
   */
  function write<T extends Board | BoardItem | BoardColumn>(
    work: (repos: Repositories, at: string) => Promise<T>,
  ): Promise<T> {
    const at = now().toISOString();
    return store.transaction(async (repos) => {
      const result = await work(repos, at);
      await announceBoard(repos, 'boardId' in result ? result.boardId : result.id);
      return result;
    });
  }

  async function view(repos: Repositories, ref: string): Promise<BoardView> {
    const row = await repos.board.findBoard(ref);
    if (!row) {
      if (ref === DEFAULT_BOARD_SLUG) return unstoredDefault(now().toISOString());
      throw new NotFoundError('board', ref);
    }
    const columns = (await repos.board.columns(row.id)).map(toColumn);
    const items = inKeyOrder((await repos.board.items(row.id)).map(toItem));
    const withItems = columns.map((c) => ({ ...c, items: items.filter((i) => i.columnId === c.id) }));
    return {
      board: toBoard(row),
      stored: true,
      columns: withItems.filter((c) => !c.archived),
      archived: withItems.filter((c) => c.archived),
    };
  }

  async function placeItem(
    repos: Repositories,
    actor: Actor,
    item: BoardItem,
    version: number,
    column: BoardColumn,
    placement: Placement,
    at: string,
  ): Promise<BoardItem> {
    if (item.version !== version) throw new ConflictError(item);
    const siblings = inKeyOrder((await repos.board.columnItems(column.id)).map(toItem)).filter(
      (s) => s.id !== item.id,
    );
    const key = keyForPlacement(siblings, placement);
    if (
      !(await repos.board.updateItem(item.id, version, {
        column_id: column.id,
        position_key: key,
        updated_at: at,
      }))
    )
      throw new ConflictError(await loadItem(repos, item.id));
    await audit(repos, at, actor, 'item.move', { type: 'item', id: item.id }, `${column.id} ${key}`);
    return loadItem(repos, item.id);
  }

  return {
    async boards(): Promise<Board[]> {
      const rows = (await store.read.board.boards()).map(toBoard);
      if (!rows.some((b) => b.slug === DEFAULT_BOARD_SLUG))
        rows.unshift(unstoredDefault(now().toISOString()).board);
      return rows;
    },

    view: (ref: string) => view(store.read, ref),

    async item(id: string): Promise<BoardItem> {
      return loadItem(store.read, id);
    },

    /** A board's items in id order, a page at a time. */
    async itemPage(
      ref: string,
      options: { column?: string | undefined; cursor?: string | undefined; limit: number },
    ) {
      const board = await store.read.board.findBoard(ref);
      if (!board) {
        if (ref === DEFAULT_BOARD_SLUG) return { items: [], nextCursor: null };
        throw new NotFoundError('board', ref);
      }
      const column = options.column ? await resolveColumn(store.read, board.id, options.column) : null;
      const rows = await store.read.board.itemPage(
        board.id,
        column?.id ?? null,
        options.cursor ?? null,
        options.limit + 1,
      );
      const items = rows.slice(0, options.limit).map(toItem);
      return {
        items,
        nextCursor: rows.length > options.limit ? (items[items.length - 1]?.id ?? null) : null,
      };
    },

    async createBoard(actor: Actor, input: { title?: unknown }): Promise<Board> {
      authorize(actor, 'board.edit');
      const title = validateBoardTitle(input.title);
      return write(async (repos, at) => {
        const base = slugify(title) || 'board';
        const taken = new Set(await repos.board.slugsStartingWith(base));
        let slug = base;
        for (let n = 2; taken.has(slug) || slug === DEFAULT_BOARD_SLUG; n++) slug = `${base}-${n}`;
        const id = newId();
        await repos.board.insertBoard({ id, slug, title, created_at: at, updated_at: at, version: 1 });
        await repos.board.insertColumns(startingColumns(id, at));
        await audit(repos, at, actor, 'board.create', { type: 'board', id }, title);
        const row = await repos.board.findBoard(id);
        if (!row) throw new NotFoundError('board', id);
        return toBoard(row);
      });
    },

    async addItem(actor: Actor, boardRef: string, input: Record<string, unknown>): Promise<BoardItem> {
      authorize(actor, 'board.edit');
      const draft = validateItemDraft(input);
      return write(async (repos, at) => {
        const board = await ensureBoard(repos, boardRef, at);
        const column =
          input.column === undefined || input.column === ''
            ? (await repos.board.columns(board.id)).map(toColumn).find((c) => !c.archived)
            : await resolveColumn(repos, board.id, input.column);
        if (!column) throw new ValidationError([{ field: 'column', key: 'error.boardColumn' }]);
        const ideaId = await ideaIdOf(repos, input.idea);
        const siblings = inKeyOrder((await repos.board.columnItems(column.id)).map(toItem));
        const id = newId();
        await repos.board.insertItems([
          {
            id,
            board_id: board.id,
            column_id: column.id,
            title: draft.title,
            body: draft.body,
            links: JSON.stringify(draft.links),
            assignees: JSON.stringify(draft.assignees),
            labels: JSON.stringify(draft.labels),
            repository: null,
            idea_id: ideaId,
            position_key: keyAt(siblings, siblings.length),
            external_id: null,
            created_at: at,
            updated_at: at,
            version: 1,
          },
        ]);
        await audit(repos, at, actor, 'item.create', { type: 'item', id }, draft.title);
        return loadItem(repos, id);
      });
    },

    /** Changes the given fields; the others stay. */
    async updateItem(
      actor: Actor,
      itemId: string,
      version: number,
      input: Record<string, unknown>,
    ): Promise<BoardItem> {
      authorize(actor, 'board.edit');
      return write(async (repos, at) => {
        const item = await loadItem(repos, itemId);
        const has = (k: string) => input[k] !== undefined;
        const draft = validateItemDraft({
          title: has('title') ? input.title : item.title,
          body: has('body') ? input.body : item.body,
          links: has('links') ? input.links : item.links,
          assignees: has('assignees') ? input.assignees : item.assignees,
          labels: has('labels') ? input.labels : item.labels,
        });
        const ideaId = has('idea') ? await ideaIdOf(repos, input.idea) : item.ideaId;
        if (item.version !== version) throw new ConflictError(item);
        const ok = await repos.board.updateItem(item.id, version, {
          title: draft.title,
          body: draft.body,
          links: JSON.stringify(draft.links),
          assignees: JSON.stringify(draft.assignees),
          labels: JSON.stringify(draft.labels),
          idea_id: ideaId,
          updated_at: at,
        });
        if (!ok) throw new ConflictError(await loadItem(repos, item.id));
        await audit(repos, at, actor, 'item.update', { type: 'item', id: item.id }, draft.title);
        return loadItem(repos, item.id);
      });
    },

    /** Puts an item into a column (its own when none is named) after/before another item or at an index. */
    async moveItem(
      actor: Actor,
      itemId: string,
      version: number,
      target: { column?: unknown; after?: unknown; before?: unknown; position?: unknown },
    ): Promise<BoardItem> {
      authorize(actor, 'board.edit');
      const idField = (v: unknown, field: string) => {
        if (v === undefined || v === null || v === '') return null;
        if (typeof v !== 'string') throw new ValidationError([{ field, key: 'error.boardNeighbour' }]);
        return v;
      };
      const after = idField(target.after, 'after');
      const before = idField(target.before, 'before');
      let position: number | null = null;
      if (target.position !== undefined && target.position !== null && target.position !== '') {
        const p =
          typeof target.position === 'string' && /^\d{1,6}$/u.test(target.position)
            ? Number(target.position)
            : target.position;
        if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0)
          throw new ValidationError([{ field: 'position', key: 'error.boardPosition' }]);
        position = p;
      }
      return write(async (repos, at) => {
        const item = await loadItem(repos, itemId);
        const column =
          target.column === undefined || target.column === null || target.column === ''
            ? await loadColumn(repos, item.columnId)
            : await resolveColumn(repos, item.boardId, target.column);
        return placeItem(repos, actor, item, version, column, { after, before, position }, at);
      });
    },

    /** One step up, down, left or right: the buttons that work without a mouse or JavaScript. */
    async stepItem(actor: Actor, itemId: string, version: number, direction: unknown): Promise<BoardItem> {
      authorize(actor, 'board.edit');
      if (direction !== 'up' && direction !== 'down' && direction !== 'left' && direction !== 'right')
        throw new ValidationError([{ field: 'direction', key: 'error.badValue' }]);
      return write(async (repos, at) => {
        const item = await loadItem(repos, itemId);
        if (item.version !== version) throw new ConflictError(item);
        if (direction === 'up' || direction === 'down') {
          const peers = inKeyOrder((await repos.board.columnItems(item.columnId)).map(toItem));
          const index = peers.findIndex((p) => p.id === item.id);
          const other = peers[direction === 'up' ? index - 1 : index + 1];
          if (!other) return item;
          const column = await loadColumn(repos, item.columnId);
          return placeItem(
            repos,
            actor,
            item,
            version,
            column,
            direction === 'up' ? { before: other.id } : { after: other.id },
            at,
          );
        }
        const columns = (await repos.board.columns(item.boardId)).map(toColumn).filter((c) => !c.archived);
        const index = columns.findIndex((c) => c.id === item.columnId);
        const next = columns[direction === 'left' ? index - 1 : index + 1];
        if (index < 0 || !next) return item;
        return placeItem(repos, actor, item, version, next, {}, at);
      });
    },

    async addColumn(
      actor: Actor,
      boardRef: string,
      input: { name?: unknown; done?: unknown },
    ): Promise<BoardColumn> {
      authorize(actor, 'board.edit');
      const name = validateColumnName(input.name);
      return write(async (repos, at) => {
        const board = await ensureBoard(repos, boardRef, at);
        const columns = inKeyOrder((await repos.board.columns(board.id)).map(toColumn));
        if (columns.filter((c) => !c.archived).length >= 20)
          throw new RuleError('error.tooManyColumns', { max: 20 });
        const id = newId();
        await repos.board.insertColumns([
          {
            id,
            board_id: board.id,
            name,
            preset: null,
            position_key: keyAt(columns, columns.length),
            done: input.done === true || input.done === 'true' || input.done === 'on' ? 1 : 0,
            archived_at: null,
            created_at: at,
            updated_at: at,
            version: 1,
          },
        ]);
        await audit(repos, at, actor, 'column.create', { type: 'column', id }, name);
        return loadColumn(repos, id);
      });
    },

    /** Renames, flags as done, archives or restores a column; archiving needs it empty. */
    async updateColumn(
      actor: Actor,
      columnId: string,
      version: number,
      input: { name?: unknown; done?: unknown; archived?: unknown },
    ): Promise<BoardColumn> {
      authorize(actor, 'board.edit');
      const name = input.name === undefined ? undefined : validateColumnName(input.name, false);
      return write(async (repos, at) => {
        const column = await loadColumn(repos, columnId);
        if (column.version !== version) throw new ConflictError(column);
        const archive =
          input.archived === undefined
            ? column.archived
            : input.archived === true || input.archived === 'true';
        if (archive && !column.archived && (await repos.board.columnItems(column.id)).length > 0)
          throw new RuleError('error.columnNotEmpty');
        if (!archive && column.archived) {
          const open = (await repos.board.columns(column.boardId)).filter((c) => c.archived_at === null);
          if (open.length >= 20) throw new RuleError('error.tooManyColumns', { max: 20 });
        }
        // An empty name gives a starting column its preset name back; other columns need one.
        if (name === '' && column.preset === null)
          throw new ValidationError([{ field: 'name', key: 'error.required' }]);
        const ok = await repos.board.updateColumn(column.id, version, {
          ...(name !== undefined ? { name } : {}),
          ...(input.done !== undefined
            ? { done: input.done === true || input.done === 'true' || input.done === 'on' ? 1 : 0 }
            : {}),
          ...(archive === column.archived ? {} : { archived_at: archive ? at : null }),
          updated_at: at,
        });
        if (!ok) throw new ConflictError(await loadColumn(repos, column.id));
        await audit(
          repos,
          at,
          actor,
          'column.update',
          { type: 'column', id: column.id },
          name ?? column.name,
        );
        return loadColumn(repos, column.id);
      });
    },

    /** Moves a column one place left or right among the open ones; writes that column alone. */
    async stepColumn(
      actor: Actor,
      columnId: string,
      version: number,
      direction: unknown,
    ): Promise<BoardColumn> {
      authorize(actor, 'board.edit');
      if (direction !== 'left' && direction !== 'right')
        throw new ValidationError([{ field: 'direction', key: 'error.badValue' }]);
      return write(async (repos, at) => {
        const column = await loadColumn(repos, columnId);
        if (column.version !== version) throw new ConflictError(column);
        const open = inKeyOrder((await repos.board.columns(column.boardId)).map(toColumn)).filter(
          (c) => !c.archived || c.id === column.id,
        );
        const index = open.findIndex((c) => c.id === column.id);
        const other = open[direction === 'left' ? index - 1 : index + 1];
        if (!other) return column;
        const rest = open.filter((c) => c.id !== column.id);
        const otherIndex = rest.findIndex((c) => c.id === other.id);
        const key = keyAt(rest, direction === 'left' ? otherIndex : otherIndex + 1);
        if (!(await repos.board.updateColumn(column.id, version, { position_key: key, updated_at: at })))
          throw new ConflictError(await loadColumn(repos, column.id));
        await audit(repos, at, actor, 'column.move', { type: 'column', id: column.id }, direction);
        return loadColumn(repos, column.id);
      });
    },

    /** Items linked to the ideas, and whether each is done (in a done column of its board). */
    async progressOf(
      ideaIds: readonly string[],
    ): Promise<Map<string, { items: (BoardItem & { done: boolean })[] }>> {
      const items = (await store.read.board.itemsForIdeas(ideaIds)).map(toItem);
      const boards = [...new Set(items.map((i) => i.boardId))];
      const done = new Set<string>();
      for (const boardId of boards)
        for (const id of doneColumnIds((await store.read.board.columns(boardId)).map(toColumn))) done.add(id);
      const result = new Map<string, { items: (BoardItem & { done: boolean })[] }>();
      for (const item of items) {
        if (!item.ideaId) continue;
        const entry = result.get(item.ideaId) ?? { items: [] };
        entry.items.push({ ...item, done: done.has(item.columnId) });
        result.set(item.ideaId, entry);
      }
      return result;
    },
  };
}

export type BoardUseCases = ReturnType<typeof boardUseCases>;
export type { ColumnPreset };

/** Cards in progress on every board, for the overview of a meeting's agenda (at most `limit`). */
export async function workInProgress(repos: Repositories, limit = 50): Promise<WorkInProgress[]> {
  const out: WorkInProgress[] = [];
  for (const board of await repos.board.boards()) {
    const columns = inProgressColumns(inKeyOrder((await repos.board.columns(board.id)).map(toColumn)));
    // One query per board: this runs on every meeting page.
    const items = inKeyOrder((await repos.board.itemsOfColumns(columns.map((c) => c.id))).map(toItem));
    for (const column of columns) {
      for (const item of items.filter((i) => i.columnId === column.id)) {
        const link = item.links.find((l) => githubRef(l.url) !== null) ?? item.links[0];
        out.push({
          id: item.id,
          title: item.title,
          boardSlug: board.slug,
          boardTitle: board.title,
          ref: link ? githubRef(link.url) : null,
          url: link?.url ?? null,
        });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}
