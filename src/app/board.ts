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
  validateBoardTitle,
  type WorkInProgress,
} from '../domain/board.js';
import { inKeyOrder, keysAtEnd } from '../domain/board-order.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { authorizeAttempt } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { freeSlugAmong, slugify } from '../domain/text.js';
import { toBoard, toColumn, toItem } from '../store/board.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { boardWriter, resolveColumn, startingColumns } from './board-access.js';
import { boardColumnUseCases } from './board-columns.js';
import { boardItemUseCases } from './board-items.js';
import { boardSettingsUseCases } from './board-settings.js';
import type { AppDeps } from './context.js';
import { groupIdOf, groupToCreateIn } from './group-access.js';
import { groupOfInput } from './group-choice.js';

export { announceBoard, ensureBoard, resolveColumn } from './board-access.js';
export type { StepDirection } from './board-items.js';

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
      groupId: null,
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

/** The slug of a new board: its title's, numbered on when that is taken or is the default board's. */
async function freeSlug(repos: Repositories, title: string): Promise<string> {
  const base = slugify(title) || 'board';
  return freeSlugAmong(base, new Set([...(await repos.board.slugsStartingWith(base)), DEFAULT_BOARD_SLUG]));
}

/** A page of a list in a fixed order, continuing after the entry whose id is `cursor`. */
function pageAfter<T extends { id: string }>(list: readonly T[], cursor: string | undefined, limit: number) {
  const start = cursor ? list.findIndex((e) => e.id === cursor) + 1 : 0;
  if (cursor && start === 0) throw new ValidationError([{ field: 'cursor', key: 'error.badValue' }]);
  const items = list.slice(start, start + limit);
  return { items, nextCursor: start + limit < list.length ? (items[items.length - 1]?.id ?? null) : null };
}

/** Boards, their columns and items, and what the roadmap and the agenda read of them. */
/** A board with its open and archived columns and their items; the default one also before its first write. */
async function boardView(repos: Repositories, ref: string, now: () => Date): Promise<BoardView> {
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

/** What a board shows and lists: boards, one board, its items and columns a page at a time. */
function boardReads(deps: AppDeps) {
  const { store, now } = deps;
  return {
    /** Every board, or a group's boards only. */
    async boards(group?: string): Promise<Board[]> {
      if (group) {
        const groupId = await groupIdOf(store.read, group);
        return (await store.read.board.boards()).map(toBoard).filter((b) => b.groupId === groupId);
      }
      const rows = (await store.read.board.boards()).map(toBoard);
      if (!rows.some((b) => b.slug === DEFAULT_BOARD_SLUG))
        rows.unshift(unstoredDefault(now().toISOString()).board);
      return rows;
    },

    view: (ref: string) => boardView(store.read, ref, now),

    /** A board by id or slug (the default one also before its first write), without its content. */
    async board(ref: string): Promise<Board> {
      const row = await store.read.board.findBoard(ref);
      if (row) return toBoard(row);
      if (ref === DEFAULT_BOARD_SLUG) return unstoredDefault(now().toISOString()).board;
      throw new NotFoundError('board', ref);
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

    /** A board's columns in board order (open and archived), a page at a time. */
    async columnPage(ref: string, options: { cursor?: string | undefined; limit: number }) {
      const { columns, archived } = await boardView(store.read, ref, now);
      return pageAfter(inKeyOrder([...columns, ...archived]), options.cursor, options.limit);
    },
  };
}

export function boardUseCases(deps: AppDeps) {
  const { store } = deps;
  const write = boardWriter(deps);

  return {
    ...boardItemUseCases(deps),
    ...boardColumnUseCases(deps),
    ...boardSettingsUseCases(deps),
    ...boardReads(deps),

    /**
     * A board with the starting columns, in the group `input.group` names (its slug; none when
     * empty): maintainers anywhere, a group's lead in a group they lead.
     */
    async createBoard(actor: Actor, input: { title?: unknown; group?: unknown }): Promise<Board> {
      authorizeAttempt(actor, 'board.edit');
      const title = validateBoardTitle(input.title);
      const group = groupOfInput(input.group);
      return write(actor, async ({ repos, at, audit }) => {
        const groupId = await groupToCreateIn(repos, actor, 'board.edit', group);
        const slug = await freeSlug(repos, title);
        const id = newId();
        await repos.board.insertBoard({
          id,
          slug,
          title,
          created_at: at,
          updated_at: at,
          version: 1,
          group_id: groupId,
        });
        await repos.board.insertColumns(startingColumns(id, at));
        await audit('board.create', { type: 'board', id }, title);
        const row = await repos.board.findBoard(id);
        if (!row) throw new NotFoundError('board', id);
        return toBoard(row);
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
