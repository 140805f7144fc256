import type { Kysely, Selectable } from 'kysely';
import { type Board, type BoardColumn, type BoardItem, isColumnPreset } from '../domain/board.js';
import type { IdeaLink } from '../domain/idea.js';
import {
  countBy,
  findBy,
  findById,
  insertRows,
  insertUnlessExists,
  listBy,
  pageAfter,
  selectWithIdea,
  slugsStartingWith,
  updateVersioned,
  wroteOne,
} from './queries.js';
import type { BoardColumnsTable, BoardItemsTable, BoardsTable, DB, RoadmapHorizonsTable } from './schema.js';

export type BoardRow = Selectable<BoardsTable>;
export type ColumnRow = Selectable<BoardColumnsTable>;
export type ItemRow = Selectable<BoardItemsTable> & { idea_slug: string | null; idea_title: string | null };
export type HorizonRow = Selectable<RoadmapHorizonsTable>;

export function toBoard(row: BoardRow): Board {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    groupId: row.group_id,
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

type ItemChanges = Partial<Omit<Selectable<BoardItemsTable>, 'id' | 'version' | 'board_id'>>;
type ColumnChanges = Partial<Omit<Selectable<BoardColumnsTable>, 'id' | 'version' | 'board_id'>>;

/** Boards and their columns. */
function boardRows(db: Kysely<DB>) {
  return {
    async boards(): Promise<BoardRow[]> {
      return db.selectFrom('boards').selectAll().orderBy('created_at').orderBy('id').execute();
    },

    async findBoard(idOrSlug: string): Promise<BoardRow | undefined> {
      return db
        .selectFrom('boards')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
        .executeTakeFirst();
    },

    /** Inserts unless a board with the slug exists (two first writes at once); true if inserted. */
    async insertBoard(row: BoardRow): Promise<boolean> {
      return insertUnlessExists(db, 'boards', row, 'slug');
    },

    /** Renames a board at the version it was read at; false when it changed meanwhile. */
    async updateBoard(id: string, version: number, changes: { title: string; updated_at: string }) {
      return updateVersioned(db, 'boards', id, version, changes);
    },

    async slugsStartingWith(base: string): Promise<string[]> {
      return slugsStartingWith(db, 'boards', base);
    },

    async columns(boardId: string): Promise<ColumnRow[]> {
      return listBy(db, 'board_columns', { board_id: boardId }, ['position_key', 'id']);
    },

    async findColumn(id: string): Promise<ColumnRow | undefined> {
      return findById(db, 'board_columns', id);
    },

    async insertColumns(rows: ColumnRow[]): Promise<void> {
      if (rows.length > 0) await db.insertInto('board_columns').values(rows).execute();
    },

    async updateColumn(id: string, version: number, changes: ColumnChanges): Promise<boolean> {
      return updateVersioned(db, 'board_columns', id, version, changes);
    },
  };
}

/** A board's items, with the idea each one links to, in (position_key, id) order. */
function itemRows(db: Kysely<DB>) {
  const selectItem = () => selectWithIdea(db, 'board_items');
  const inKeyOrder = (query: ReturnType<typeof selectItem>): Promise<ItemRow[]> =>
    query.orderBy('board_items.position_key').orderBy('board_items.id').execute();

  return {
    async items(boardId: string): Promise<ItemRow[]> {
      return inKeyOrder(selectItem().where('board_items.board_id', '=', boardId));
    },

    /** The items of several columns in one query, in key order within each. */
    async itemsOfColumns(columnIds: readonly string[]): Promise<ItemRow[]> {
      if (columnIds.length === 0) return [];
      return inKeyOrder(selectItem().where('board_items.column_id', 'in', columnIds));
    },

    /** A page of a board's items in id order (stable for cursors), optionally of one column. */
    async itemPage(boardId: string, columnId: string | null, afterId: string | null, limit: number) {
      let q = selectItem().where('board_items.board_id', '=', boardId);
      if (columnId) q = q.where('board_items.column_id', '=', columnId);
      // An empty cursor is the first page here too.
      return pageAfter(q, 'board_items.id', afterId || null, limit);
    },

    async columnItems(columnId: string): Promise<ItemRow[]> {
      return inKeyOrder(selectItem().where('board_items.column_id', '=', columnId));
    },

    async findItem(id: string): Promise<ItemRow | undefined> {
      return selectItem().where('board_items.id', '=', id).executeTakeFirst();
    },

    async itemsForIdeas(ideaIds: readonly string[]): Promise<ItemRow[]> {
      if (ideaIds.length === 0) return [];
      return inKeyOrder(selectItem().where('board_items.idea_id', 'in', ideaIds));
    },

    async insertItems(rows: Selectable<BoardItemsTable>[]): Promise<void> {
      await insertRows(db, 'board_items', rows);
    },

    /** Writes when the version still matches; false means someone else changed it first. */
    async updateItem(id: string, version: number, changes: ItemChanges): Promise<boolean> {
      return updateVersioned(db, 'board_items', id, version, changes);
    },

    async countItems(boardId: string): Promise<number> {
      return countBy(db, 'board_items', { board_id: boardId });
    },
  };
}

/** Roadmap horizons, one per idea at most. */
function horizonRows(db: Kysely<DB>) {
  return {
    async horizons(ideaIds: readonly string[]): Promise<HorizonRow[]> {
      if (ideaIds.length === 0) return [];
      return db.selectFrom('roadmap_horizons').selectAll().where('idea_id', 'in', ideaIds).execute();
    },

    async findHorizon(ideaId: string): Promise<HorizonRow | undefined> {
      return findBy(db, 'roadmap_horizons', { idea_id: ideaId });
    },

    /** Sets an idea's horizon if the version matches (0: none set yet); false on a conflict. */
    async setHorizon(ideaId: string, version: number, horizon: string, at: string): Promise<boolean> {
      if (version === 0)
        return insertUnlessExists(
          db,
          'roadmap_horizons',
          { idea_id: ideaId, horizon, updated_at: at, version: 1 },
          'idea_id',
        );
      const r = await db
        .updateTable('roadmap_horizons')
        .set({ horizon, updated_at: at, version: version + 1 })
        .where('idea_id', '=', ideaId)
        .where('version', '=', version)
        .executeTakeFirst();
      return wroteOne(r);
    },

    /** Takes an idea's horizon away (back to the default) if the version matches; false on a conflict. */
    async deleteHorizon(ideaId: string, version: number): Promise<boolean> {
      const { numDeletedRows } = await db
        .deleteFrom('roadmap_horizons')
        .where((eb) => eb.and({ idea_id: ideaId, version }))
        .executeTakeFirst();
      return Number(numDeletedRows) === 1;
    },
  };
}

/** Boards, columns, items and roadmap horizons. Order is (position_key, id) everywhere. */
export function boardRepository(db: Kysely<DB>) {
  return { ...boardRows(db), ...itemRows(db), ...horizonRows(db) };
}
