import { type Board, DEFAULT_BOARD_SLUG, validateBoardTitle } from '../domain/board.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { authorize, authorizeAttempt } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { type BoardRow, toBoard } from '../store/board.repository.js';
import type { Repositories } from '../store/store.js';
import { boardWriter, ensureBoard } from './board-access.js';
import type { AppDeps } from './context.js';
import { groupLeadsOf } from './group-access.js';
import { groupOfInput, moveToChosenGroup } from './group-choice.js';

/**
 * The board a settings form names, and the stored version that the version it was read at
 * stands for. The default board, read before its first write (as version 0), is stored now with
 * its starting columns; written meanwhile, it is a conflict as any change in between is.
 */
async function storedToEdit(
  repos: Repositories,
  ref: string,
  version: number,
  at: string,
): Promise<{ row: BoardRow; version: number }> {
  const row = await repos.board.findBoard(ref);
  if (row) return { row, version };
  if (ref !== DEFAULT_BOARD_SLUG) throw new NotFoundError('board', ref);
  await ensureBoard(repos, ref, at);
  const created = await repos.board.findBoard(ref);
  if (!created) throw new NotFoundError('board', ref);
  return { row: created, version: version === 0 ? created.version : version };
}

/** A board's own settings: its title and the group whose board it is. */
export function boardSettingsUseCases(deps: AppDeps) {
  const write = boardWriter(deps);
  return {
    /**
     * Renames a board read at `version` when `input.title` is given, and moves it when
     * `input.group` is (as `group.assign` allows): maintainers, and the leads of its group.
     */
    async updateBoard(
      actor: Actor,
      ref: string,
      version: number,
      input: { title?: unknown; group?: unknown },
    ): Promise<Board> {
      authorizeAttempt(actor, 'board.edit');
      // The default board keeps the empty title that shows the page's own name until given one.
      const title = input.title === undefined ? undefined : validateBoardTitle(input.title);
      const group = groupOfInput(input.group);
      return write(actor, async ({ repos, at, audit }) => {
        const { row, version: read } = await storedToEdit(repos, ref, version, at);
        authorize(actor, 'board.edit', { groupLeads: await groupLeadsOf(repos, row.group_id) });
        if (row.version !== read) throw new ConflictError(toBoard(row));
        const changes = { title: title ?? row.title, updated_at: at };
        if (!(await repos.board.updateBoard(row.id, read, changes))) {
          throw new ConflictError(toBoard((await repos.board.findBoard(row.id)) ?? row));
        }
        await audit('board.edit', { type: 'board', id: row.id }, changes.title);
        const subject = { table: 'boards', type: 'board', id: row.id, groupId: row.group_id } as const;
        await moveToChosenGroup(repos, actor, subject, group, at);
        return toBoard((await repos.board.findBoard(row.id)) ?? row);
      });
    },
  };
}
