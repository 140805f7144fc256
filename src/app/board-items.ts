import { type BoardColumn, type BoardItem, doneColumnIds, validateItemDraft } from '../domain/board.js';
import { inKeyOrder, keyAt, keyForPlacement, type Placement } from '../domain/board-order.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import { authorize, authorizeAttempt } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { toColumn, toItem } from '../store/board.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { boardWriter, ensureBoard, loadColumn, loadItem, resolveColumn } from './board-access.js';
import type { AppDeps } from './context.js';
import { boardLeads } from './group-access.js';
import { ideaByReference } from './idea-reference.js';
import { notifyCardDone } from './meeting-notices.js';
import { emit } from './webhook-emit.js';
import type { WriteStep } from './write.js';

export type StepDirection = 'up' | 'down' | 'left' | 'right';

async function ideaIdOf(repos: Repositories, value: unknown): Promise<string | null> {
  return (await ideaByReference(repos, value))?.id ?? null;
}

/** An id of a neighbour, or null for none; anything else is the caller's mistake. */
export function neighbourId(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new ValidationError([{ field, key: 'error.boardNeighbour' }]);
  return value;
}

/** An index (0 = first) as JSON or a form sends it, or null for none. */
export function positionOf(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const p = typeof value === 'string' && /^\d{1,6}$/u.test(value) ? Number(value) : value;
  if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0)
    throw new ValidationError([{ field: 'position', key: 'error.boardPosition' }]);
  return p;
}

/** Where a move asks to put something: after or before a neighbour, or at an index. */
export function placementOf(target: { after?: unknown; before?: unknown; position?: unknown }): Placement {
  return {
    after: neighbourId(target.after, 'after'),
    before: neighbourId(target.before, 'before'),
    position: positionOf(target.position),
  };
}

/** Puts a card into `column` where `placement` says, checked against the version it was seen at. */
async function placeItem(
  { repos, at, audit, actor }: WriteStep,
  item: BoardItem,
  version: number,
  column: BoardColumn,
  placement: Placement,
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
  await audit('item.move', { type: 'item', id: item.id }, `${column.id} ${key}`);
  await emitCardDone(repos, item, column, at, actor);
  return loadItem(repos, item.id);
}

/** Tells webhooks and the board's followers when a card reaches a done column from another. */
async function emitCardDone(
  repos: Repositories,
  item: BoardItem,
  column: BoardColumn,
  at: string,
  actor: Actor,
): Promise<void> {
  if (item.columnId === column.id) return;
  const done = doneColumnIds((await repos.board.columns(column.boardId)).map(toColumn));
  if (!done.has(column.id) || done.has(item.columnId)) return;
  const data = {
    id: item.id,
    title: item.title,
    boardId: item.boardId,
    column: column.name || column.preset,
    ideaId: item.ideaId,
  };
  await emit(repos, at, { type: 'board.card_done', path: `boards/${item.boardId}`, data });
  await notifyCardDone(repos, at, actor, item);
}

/** The cards of a board: add, edit, move. */
export function boardItemUseCases(deps: AppDeps) {
  return { ...cardEdits(deps), ...cardMoves(deps) };
}

function cardEdits(deps: AppDeps) {
  const write = boardWriter(deps);
  return {
    async item(id: string): Promise<BoardItem> {
      return loadItem(deps.store.read, id);
    },

    async addItem(actor: Actor, boardRef: string, input: Record<string, unknown>): Promise<BoardItem> {
      authorize(actor, 'board.edit');
      const draft = validateItemDraft(input);
      return write(actor, async ({ repos, at, audit }) => {
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
        await audit('item.create', { type: 'item', id }, draft.title);
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
      return write(actor, async ({ repos, at, audit }) => {
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
        await audit('item.update', { type: 'item', id: item.id }, draft.title);
        return loadItem(repos, item.id);
      });
    },
  };
}

const STEPS: ReadonlySet<string> = new Set(['up', 'down', 'left', 'right']);

type MoveTarget = { to?: unknown; column?: unknown; after?: unknown; before?: unknown; position?: unknown };

function cardMoves(deps: AppDeps) {
  const write = boardWriter(deps);

  /** Puts an item into a column (its own when none is named) after/before another item or at an index. */
  const placeAt = async (actor: Actor, itemId: string, version: number, target: MoveTarget) => {
    authorizeAttempt(actor, 'board.edit');
    const placement = placementOf(target);
    return write(actor, async (step) => {
      const item = await loadItem(step.repos, itemId);
      authorize(actor, 'board.edit', { groupLeads: await boardLeads(step.repos, item.boardId) });
      const column =
        target.column === undefined || target.column === null || target.column === ''
          ? await loadColumn(step.repos, item.columnId)
          : await resolveColumn(step.repos, item.boardId, target.column);
      return placeItem(step, item, version, column, placement);
    });
  };

  /** One step up, down, left or right: the menu that works without a mouse or JavaScript. */
  const stepItem = async (actor: Actor, itemId: string, version: number, direction: unknown) => {
    authorizeAttempt(actor, 'board.edit');
    return write(actor, async (step) => {
      const { repos } = step;
      const item = await loadItem(repos, itemId);
      authorize(actor, 'board.edit', { groupLeads: await boardLeads(repos, item.boardId) });
      if (direction !== 'up' && direction !== 'down' && direction !== 'left' && direction !== 'right')
        throw new ValidationError([{ field: 'direction', key: 'error.badValue' }]);
      if (item.version !== version) throw new ConflictError(item);
      if (direction === 'up' || direction === 'down') {
        const peers = inKeyOrder((await repos.board.columnItems(item.columnId)).map(toItem));
        const index = peers.findIndex((p) => p.id === item.id);
        const other = peers[direction === 'up' ? index - 1 : index + 1];
        if (!other) return item;
        const column = await loadColumn(repos, item.columnId);
        const placement = direction === 'up' ? { before: other.id } : { after: other.id };
        return placeItem(step, item, version, column, placement);
      }
      const columns = (await repos.board.columns(item.boardId)).map(toColumn).filter((c) => !c.archived);
      const index = columns.findIndex((c) => c.id === item.columnId);
      const next = columns[direction === 'left' ? index - 1 : index + 1];
      if (index < 0 || !next) return item;
      return placeItem(step, item, version, next, {});
    });
  };

  return {
    /**
     * A move as the API and the card's menu send it: a place (column, after, before, position),
     * or `to` alone: up, down, left, right or a column's id (to its end).
     */
    async moveItem(actor: Actor, itemId: string, version: number, target: MoveTarget): Promise<BoardItem> {
      if (target.to === undefined) return placeAt(actor, itemId, version, target);
      authorizeAttempt(actor, 'board.edit');
      const { to, ...rest } = target;
      // The menu's one field says it all; a place given beside it would contradict it.
      if (typeof to !== 'string' || to === '' || Object.values(rest).some((v) => v !== undefined))
        throw new ValidationError([{ field: 'to', key: 'error.badValue' }]);
      if (STEPS.has(to)) return stepItem(actor, itemId, version, to);
      return placeAt(actor, itemId, version, { column: to });
    },
    stepItem,
  };
}
