import { type Board, validateBoardTitle } from '../domain/board.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { authorize, authorizeAttempt } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { toBoard } from '../store/board.repository.js';
import { boardWriter } from './board-access.js';
import type { AppDeps } from './context.js';
import { groupLeadsOf } from './group-access.js';
import { groupOfInput, moveToChosenGroup } from './group-choice.js';

/** A board's own settings: its title and the group whose board it is. */
export function boardSettingsUseCases(deps: AppDeps) {
  const write = boardWriter(deps);
  return {
    /**
     * Renames a board read at `version`, and moves it when `input.group` is given (as
     * `group.assign` allows): maintainers, and the leads of its group.
     */
    async updateBoard(
      actor: Actor,
      ref: string,
      version: number,
      input: { title?: unknown; group?: unknown },
    ): Promise<Board> {
      authorizeAttempt(actor, 'board.edit');
      const title = validateBoardTitle(input.title);
      const group = groupOfInput(input.group);
      return write(actor, async ({ repos, at, audit }) => {
        const row = await repos.board.findBoard(ref);
        if (!row) throw new NotFoundError('board', ref);
        authorize(actor, 'board.edit', { groupLeads: await groupLeadsOf(repos, row.group_id) });
        if (row.version !== version) throw new ConflictError(toBoard(row));
        if (!(await repos.board.updateBoard(row.id, version, { title, updated_at: at }))) {
          throw new ConflictError(toBoard((await repos.board.findBoard(row.id)) ?? row));
        }
        await audit('board.edit', { type: 'board', id: row.id }, title);
        const subject = { table: 'boards', type: 'board', id: row.id, groupId: row.group_id } as const;
        await moveToChosenGroup(repos, actor, subject, group, at);
        return toBoard((await repos.board.findBoard(row.id)) ?? row);
      });
    },
  };
}
