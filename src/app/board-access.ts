import {
  type Board,
  type BoardColumn,
  type BoardItem,
  COLUMN_PRESETS,
  DEFAULT_BOARD_SLUG,
} from '../domain/board.js';
import { keysAtEnd } from '../domain/board-order.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { Acting } from '../domain/policy.js';
import { type ColumnRow, toBoard, toColumn, toItem } from '../store/board.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import type { AppDeps } from './context.js';
import { liveChannel } from './live-channels.js';
import { type WriteStep, writer } from './write.js';

/** Loading and creating what the board's use-cases work on, and the write every one of them runs in. */

export async function loadItem(repos: Repositories, id: string): Promise<BoardItem> {
  const row = await repos.board.findItem(id);
  if (!row) throw new NotFoundError('item', id);
  return toItem(row);
}

export async function loadColumn(repos: Repositories, id: string): Promise<BoardColumn> {
  const row = await repos.board.findColumn(id);
  if (!row) throw new NotFoundError('column', id);
  return toColumn(row);
}

/** The columns of a new board: Todo, In progress and Done, named in the reader's language. */
export function startingColumns(boardId: string, at: string): ColumnRow[] {
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

/** Tells the readers of a board's page that it changed (inside the caller's transaction). */
export async function announceBoard(repos: Repositories, idOrSlug: string): Promise<void> {
  const row = await repos.board.findBoard(idOrSlug);
  if (row) await repos.live.announce(liveChannel.board(row.slug));
}

/** The board a write goes to; the default board is created (with its starting columns) by its first write. */
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
    group_id: null,
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

/** A checkbox or JSON flag: true, "true" or "on". */
export const isOn = (value: unknown): boolean => value === true || value === 'true' || value === 'on';

export type BoardWrite = <T extends Board | BoardItem | BoardColumn>(
  actor: Acting,
  work: (step: WriteStep) => Promise<T>,
) => Promise<T>;

/**
 * Every write to a board runs here: the write recipe (one transaction, one instant, audit),
 * which also announces that the board changed (readers of its page hear of it once the
 * transaction commits).
 */
export function boardWriter(deps: AppDeps): BoardWrite {
  const write = writer(deps);
  return (actor, work) =>
    write(actor, async (step) => {
      const result = await work(step);
      await announceBoard(step.repos, 'boardId' in result ? result.boardId : result.id);
      return result;
    });
}
