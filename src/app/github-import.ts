import { BOARD_LIMITS, type BoardColumn, type ColumnPreset, DEFAULT_BOARD_SLUG } from '../domain/board.js';
import { inKeyOrder, keysAtEnd } from '../domain/board-order.js';
import { RuleError } from '../domain/errors.js';
import {
  type ProjectItem,
  parseProjectItems,
  parseStatusOptions,
  statusKey,
} from '../domain/github-project.js';
import { authorize } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { ItemRow } from '../store/board.repository.js';
import { toColumn, toItem } from '../store/board.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { announceBoard, ensureBoard } from './board-access.js';
import { type AppDeps, audit } from './context.js';
import { writer } from './write.js';

export interface GithubImportReport {
  board: string;
  /** Columns the import adds, by name, in board order. */
  columnsCreated: string[];
  created: number;
  updated: number;
  unchanged: number;
  total: number;
}

export interface GithubImportOptions {
  fields?: string | undefined;
  dryRun?: boolean | undefined;
  /** Called now and then while items are written: (items done, items in all). */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Names a starting column answers to, in English and German, as GitHub's default Status options are spelled. */
const PRESET_NAMES: Record<ColumnPreset, string[]> = {
  todo: ['todo', 'to do', 'zu erledigen', 'backlog'],
  in_progress: ['in progress', 'in arbeit', 'doing'],
  done: ['done', 'erledigt', 'closed'],
};

function columnKeys(column: BoardColumn): string[] {
  const keys = column.name !== '' ? [statusKey(column.name)] : [];
  if (column.preset && column.name === '') keys.push(...PRESET_NAMES[column.preset].map(statusKey));
  return keys;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);

type Card = ReturnType<typeof toItem>;
interface ItemUpdate {
  row: ItemRow;
  changes: Partial<ItemRow>;
}

/** The board's columns in order; a board not made yet would start with the three preset ones. */
async function boardColumns(repos: Repositories, boardId: string | null): Promise<BoardColumn[]> {
  return inKeyOrder(
    boardId
      ? (await repos.board.columns(boardId)).map(toColumn)
      : (['todo', 'in_progress', 'done'] as const).map((preset, i) => ({
          id: preset,
          boardId: '',
          name: '',
          preset,
          positionKey: `a${i}`,
          done: preset === 'done',
          archived: false,
          version: 0,
        })),
  );
}

/** Status → column; statuses no column answers to become new columns at the end. */
function planColumns(
  columns: BoardColumn[],
  items: ProjectItem[],
  statusOptions: string[] | null,
  boardId: string | null,
): { created: BoardColumn[]; columnOf: (item: ProjectItem) => BoardColumn } {
  const open = columns.filter((c) => !c.archived);
  const byKey = new Map<string, BoardColumn>();
  for (const column of open)
    for (const key of columnKeys(column)) if (!byKey.has(key)) byKey.set(key, column);
  const wanted: string[] = [];
  const seen = new Set<string>();
  for (const name of [
    ...(statusOptions ?? []),
    ...items.map((i) => i.status).filter((s): s is string => s !== null),
  ]) {
    const key = statusKey(name);
    if (key === '' || byKey.has(key) || seen.has(key)) continue;
    seen.add(key);
    wanted.push(name);
  }
  // Only the statuses some item has, unless the field list names them all.
  const used = new Set(items.map((i) => (i.status ? statusKey(i.status) : '')));
  const createNames = statusOptions ? wanted : wanted.filter((n) => used.has(statusKey(n)));
  if (open.length + createNames.length > BOARD_LIMITS.columns)
    throw new RuleError('error.tooManyColumns', { max: BOARD_LIMITS.columns });
  const newKeys = keysAtEnd(columns, createNames.length);
  const created: BoardColumn[] = createNames.map((name, i) => ({
    id: newId(),
    boardId: boardId ?? '',
    name,
    preset: null,
    positionKey: newKeys[i] ?? '',
    done: statusKey(name) === 'done',
    archived: false,
    version: 1,
  }));
  for (const column of created) byKey.set(statusKey(column.name), column);
  const firstColumn = open[0] ?? created[0];
  if (!firstColumn) throw new RuleError('error.boardColumn');
  const columnOf = (item: ProjectItem) =>
    (item.status ? byKey.get(statusKey(item.status)) : undefined) ?? firstColumn;
  return { created, columnOf };
}

/** The board's cards by their GitHub id, and by column. */
async function boardCards(
  repos: Repositories,
  boardId: string | null,
): Promise<{ existing: Map<string, ItemRow>; byColumn: Map<string, Card[]> }> {
  const existing = new Map<string, ItemRow>();
  const byColumn = new Map<string, Card[]>();
  for (const row of boardId ? await repos.board.items(boardId) : []) {
    if (row.external_id) existing.set(row.external_id, row);
    const list = byColumn.get(row.column_id) ?? [];
    list.push(toItem(row));
    byColumn.set(row.column_id, list);
  }
  return { existing, byColumn };
}

/** What an imported item changes on the card it was imported as before, column aside. */
function cardChanges(row: ItemRow, item: ProjectItem): Partial<ItemRow> {
  const changes: Partial<ItemRow> = {};
  if (row.title !== item.title) changes.title = item.title;
  if (row.body !== item.body) changes.body = item.body;
  if (!sameList(JSON.parse(row.links), item.links)) changes.links = JSON.stringify(item.links);
  if (!sameList(JSON.parse(row.assignees), item.assignees))
    changes.assignees = JSON.stringify(item.assignees);
  if (!sameList(JSON.parse(row.labels), item.labels)) changes.labels = JSON.stringify(item.labels);
  if (row.repository !== item.repository) changes.repository = item.repository;
  return changes;
}

/**
 * Sorts the items into new cards (per column, in file order) and changes to existing ones,
 * counting them in `report`; cards that changed status get keys at the end of their new column.
 */
function compareItems(
  items: ProjectItem[],
  columnOf: (item: ProjectItem) => BoardColumn,
  existing: Map<string, ItemRow>,
  byColumn: Map<string, Card[]>,
  report: GithubImportReport,
): { updates: ItemUpdate[]; appended: Map<string, ProjectItem[]> } {
  const updates: ItemUpdate[] = [];
  const appended = new Map<string, ProjectItem[]>();
  // Cards that changed status, per new column, in file order: keys are given after the loop,
  // all at once, so a re-import that moves thousands does not sort a column per card.
  const moved = new Map<string, ItemUpdate[]>();
  for (const item of items) {
    const column = columnOf(item);
    const row = existing.get(item.externalId);
    if (!row) {
      report.created++;
      const list = appended.get(column.id) ?? [];
      list.push(item);
      appended.set(column.id, list);
      continue;
    }
    const changes = cardChanges(row, item);
    if (row.column_id !== column.id) {
      // A card that changed status goes to the end of its new column; one that kept it stays put.
      changes.column_id = column.id;
      const list = moved.get(column.id) ?? [];
      list.push({ row, changes });
      moved.set(column.id, list);
    }
    if (Object.keys(changes).length === 0) report.unchanged++;
    else {
      report.updated++;
      updates.push({ row, changes });
    }
  }
  for (const [columnId, list] of moved) {
    const siblings = byColumn.get(columnId) ?? [];
    const keys = keysAtEnd(inKeyOrder(siblings), list.length);
    list.forEach(({ row, changes }, i) => {
      changes.position_key = keys[i] ?? '';
      siblings.push({ ...toItem(row), columnId, positionKey: changes.position_key });
    });
    byColumn.set(columnId, siblings);
  }
  return { updates, appended };
}

async function insertColumns(repos: Repositories, boardId: string, created: BoardColumn[], at: string) {
  if (created.length === 0) return;
  await repos.board.insertColumns(
    created.map((c) => ({
      id: c.id,
      board_id: boardId,
      name: c.name,
      preset: null,
      position_key: c.positionKey,
      done: c.done ? 1 : 0,
      archived_at: null,
      created_at: at,
      updated_at: at,
      version: 1,
    })),
  );
}

/** The rows of the new cards, each at the end of its column. */
function newCards(
  boardId: string,
  appended: Map<string, ProjectItem[]>,
  byColumn: Map<string, Card[]>,
  at: string,
): ItemRow[] {
  const inserts: ItemRow[] = [];
  for (const [columnId, list] of appended) {
    const keys = keysAtEnd(inKeyOrder(byColumn.get(columnId) ?? []), list.length);
    list.forEach((item, i) => {
      inserts.push({
        id: newId(),
        board_id: boardId,
        column_id: columnId,
        title: item.title,
        body: item.body,
        links: JSON.stringify(item.links),
        assignees: JSON.stringify(item.assignees),
        labels: JSON.stringify(item.labels),
        repository: item.repository,
        idea_id: null,
        idea_slug: null,
        idea_title: null,
        position_key: keys[i] ?? '',
        external_id: item.externalId,
        created_at: at,
        updated_at: at,
        version: 1,
      });
    });
  }
  return inserts;
}

/** Writes the new cards in chunks, then the changes, telling `onProgress` now and then. */
async function writeCards(
  repos: Repositories,
  inserts: ItemRow[],
  updates: ItemUpdate[],
  onProgress: GithubImportOptions['onProgress'],
  at: string,
): Promise<void> {
  const total = inserts.length + updates.length;
  let done = 0;
  for (let i = 0; i < inserts.length; i += 500) {
    const chunk = inserts.slice(i, i + 500).map(({ idea_slug: _s, idea_title: _t, ...row }) => row);
    await repos.board.insertItems(chunk);
    done += chunk.length;
    onProgress?.(done, total);
  }
  for (const { row, changes } of updates) {
    const { idea_slug: _s, idea_title: _t, ...plain } = changes;
    await repos.board.updateItem(row.id, row.version, { ...plain, updated_at: at });
    done++;
    if (done % 500 === 0 || done === total) onProgress?.(done, total);
  }
}

async function run(
  repos: Repositories,
  actor: Actor | 'system',
  boardRef: string,
  items: ProjectItem[],
  statusOptions: string[] | null,
  options: GithubImportOptions,
  at: string,
): Promise<GithubImportReport> {
  const write = !options.dryRun;
  const board = write ? await ensureBoard(repos, boardRef, at) : await repos.board.findBoard(boardRef);
  const boardId = board?.id ?? null;
  if (!board && boardRef !== DEFAULT_BOARD_SLUG)
    throw new RuleError('error.ghNoBoard', { board: boardRef.slice(0, 80) });
  const columns = await boardColumns(repos, boardId);
  const { created, columnOf } = planColumns(columns, items, statusOptions, boardId);
  const { existing, byColumn } = await boardCards(repos, boardId);
  const report: GithubImportReport = {
    board: board?.slug ?? boardRef,
    columnsCreated: created.map((c) => c.name),
    created: 0,
    updated: 0,
    unchanged: 0,
    total: items.length,
  };
  const { updates, appended } = compareItems(items, columnOf, existing, byColumn, report);
  if (!write || !boardId) return report;

  await insertColumns(repos, boardId, created, at);
  await writeCards(repos, newCards(boardId, appended, byColumn, at), updates, options.onProgress, at);
  const by: Actor = actor === 'system' ? { kind: 'anonymous' } : actor;
  await audit(
    repos,
    at,
    by,
    'board.import',
    { type: 'board', id: boardId },
    `GitHub Projects: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`,
  );
  return report;
}

/** Imports a GitHub Projects export into a board: Status becomes the column; re-imports update in place. */
export function githubImportUseCases(deps: AppDeps) {
  const { store, now } = deps;
  const write = writer(deps);

  return {
    /**
     * Checks the whole file, then imports it in one transaction (or, with dryRun, only reports
     * what would change). `actor` is 'system' for the command line.
     */
    async importItems(
      actor: Actor | 'system',
      boardRef: string,
      itemsJson: string,
      options: GithubImportOptions = {},
    ): Promise<GithubImportReport> {
      authorize(actor, 'github.import');
      const items = parseProjectItems(itemsJson);
      const statusOptions = options.fields !== undefined ? parseStatusOptions(options.fields) : null;
      if (options.dryRun)
        return run(store.read, actor, boardRef, items, statusOptions, options, now().toISOString());
      return write(actor, async ({ repos, at }) => {
        const report = await run(repos, actor, boardRef, items, statusOptions, options, at);
        await announceBoard(repos, boardRef);
        return report;
      });
    },
  };
}
