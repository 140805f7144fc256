import { BOARD_LIMITS, type BoardColumn, validateColumnName } from '../domain/board.js';
import { inKeyOrder, keyAt, keyForPlacement } from '../domain/board-order.js';
import { ConflictError, RuleError, ValidationError } from '../domain/errors.js';
import { authorize, authorizeAttempt } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { toColumn } from '../store/board.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { boardWriter, ensureBoard, isOn, loadColumn } from './board-access.js';
import { placementOf } from './board-items.js';
import type { AppDeps } from './context.js';
import { boardLeads } from './group-access.js';
import { checkVersion } from './write.js';

const MAX_OPEN = BOARD_LIMITS.columns;

async function openColumns(repos: Repositories, boardId: string): Promise<BoardColumn[]> {
  return inKeyOrder((await repos.board.columns(boardId)).map(toColumn)).filter((c) => !c.archived);
}

/** Maintainers edit every board's columns; the leads of a board's group edit its own. */
async function mayEdit(repos: Repositories, actor: Actor, column: BoardColumn): Promise<void> {
  authorize(actor, 'board.edit', { groupLeads: await boardLeads(repos, column.boardId) });
}

/** Adds a column, or renames, flags, archives or restores one. */
function columnEdits(write: ReturnType<typeof boardWriter>) {
  return {
    async addColumn(
      actor: Actor,
      boardRef: string,
      input: { name?: unknown; done?: unknown },
    ): Promise<BoardColumn> {
      authorizeAttempt(actor, 'board.edit');
      const name = validateColumnName(input.name);
      return write(actor, async ({ repos, at, audit }) => {
        const board = await ensureBoard(repos, boardRef, at);
        authorize(actor, 'board.edit', { groupLeads: await boardLeads(repos, board.id) });
        const columns = inKeyOrder((await repos.board.columns(board.id)).map(toColumn));
        if (columns.filter((c) => !c.archived).length >= MAX_OPEN)
          throw new RuleError('error.tooManyColumns', { max: MAX_OPEN });
        const id = newId();
        await repos.board.insertColumns([
          {
            id,
            board_id: board.id,
            name,
            preset: null,
            position_key: keyAt(columns, columns.length),
            done: isOn(input.done) ? 1 : 0,
            archived_at: null,
            created_at: at,
            updated_at: at,
            version: 1,
          },
        ]);
        await audit('column.create', { type: 'column', id }, name);
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
      authorizeAttempt(actor, 'board.edit');
      const name = input.name === undefined ? undefined : validateColumnName(input.name, false);
      return write(actor, async ({ repos, at, audit }) => {
        const column = await loadColumn(repos, columnId);
        await mayEdit(repos, actor, column);
        if (column.version !== version) throw new ConflictError(column);
        const archive = input.archived === undefined ? column.archived : isOn(input.archived);
        if (archive && !column.archived && (await repos.board.columnItems(column.id)).length > 0)
          throw new RuleError('error.columnNotEmpty');
        if (!archive && column.archived && (await openColumns(repos, column.boardId)).length >= MAX_OPEN)
          throw new RuleError('error.tooManyColumns', { max: MAX_OPEN });
        // An empty name gives a starting column its preset name back; other columns need one.
        if (name === '' && column.preset === null)
          throw new ValidationError([{ field: 'name', key: 'error.required' }]);
        await checkVersion(column, version, () =>
          repos.board.updateColumn(column.id, version, {
            ...(name !== undefined ? { name } : {}),
            ...(input.done !== undefined ? { done: isOn(input.done) ? 1 : 0 } : {}),
            ...(archive === column.archived ? {} : { archived_at: archive ? at : null }),
            updated_at: at,
          }),
        );
        await audit('column.update', { type: 'column', id: column.id }, name ?? column.name);
        return loadColumn(repos, column.id);
      });
    },
  };
}

/** Moves a column among the open ones of its board. */
function columnMoves(write: ReturnType<typeof boardWriter>) {
  return {
    /** Moves a column one place left or right among the open ones; writes that column alone. */
    async stepColumn(
      actor: Actor,
      columnId: string,
      version: number,
      direction: unknown,
    ): Promise<BoardColumn> {
      authorizeAttempt(actor, 'board.edit');
      if (direction !== 'left' && direction !== 'right')
        throw new ValidationError([{ field: 'direction', key: 'error.badValue' }]);
      return write(actor, async ({ repos, at, audit }) => {
        const column = await loadColumn(repos, columnId);
        await mayEdit(repos, actor, column);
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
        await checkVersion(column, version, () =>
          repos.board.updateColumn(column.id, version, { position_key: key, updated_at: at }),
        );
        await audit('column.move', { type: 'column', id: column.id }, direction);
        return loadColumn(repos, column.id);
      });
    },

    /**
     * Puts a column after or before another open column of its board, or at an index among the
     * open ones (0 = leftmost); with none of them at the end. Writes that column alone.
     */
    async moveColumn(
      actor: Actor,
      columnId: string,
      version: number,
      target: { after?: unknown; before?: unknown; position?: unknown },
    ): Promise<BoardColumn> {
      authorizeAttempt(actor, 'board.edit');
      const placement = placementOf(target);
      return write(actor, async ({ repos, at, audit }) => {
        const column = await loadColumn(repos, columnId);
        await mayEdit(repos, actor, column);
        if (column.version !== version) throw new ConflictError(column);
        const others = (await openColumns(repos, column.boardId)).filter((c) => c.id !== column.id);
        const key = keyForPlacement(others, placement);
        await checkVersion(column, version, () =>
          repos.board.updateColumn(column.id, version, { position_key: key, updated_at: at }),
        );
        await audit('column.move', { type: 'column', id: column.id }, key);
        return loadColumn(repos, column.id);
      });
    },
  };
}

/** The columns of a board: add, rename, flag as done, archive or restore, reorder. */
export function boardColumnUseCases(deps: AppDeps) {
  const write = boardWriter(deps);

  return {
    async column(id: string): Promise<BoardColumn> {
      return loadColumn(deps.store.read, id);
    },

    ...columnEdits(write),
    ...columnMoves(write),
  };
}
