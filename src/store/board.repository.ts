import { type Kysely, type Selectable, sql } from 'kysely';
import { type Board, type BoardColumn, type BoardItem, isColumnPreset } from '../domain/board.js';
import type { IdeaLink } from '../domain/idea.js';
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

/** Boards, columns, items and roadmap horizons. Order is (position_key, id) everywhere. */
export function boardRepository(db: Kysely<DB>) {
  const selectItem = () =>
    db
      .selectFrom('board_items')
      .leftJoin('ideas', 'ideas.id', 'board_items.idea_id')
      .selectAll('board_items')
      .select(['ideas.slug as idea_slug', 'ideas.title as idea_title']);

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
      const r = await db
        .insertInto('boards')
        .values(row)
        .onConflict((oc) => oc.column('slug').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async slugsStartingWith(base: string): Promise<string[]> {
      const rows = await db
        .selectFrom('boards')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .execute();
      return rows.map((r) => r.slug);
    },

    async columns(boardId: string): Promise<ColumnRow[]> {
      return db
        .selectFrom('board_columns')
        .selectAll()
        .where('board_id', '=', boardId)
        .orderBy('position_key')
        .orderBy('id')
        .execute();
    },

    async findColumn(id: string): Promise<ColumnRow | undefined> {
      return db.selectFrom('board_columns').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insertColumns(rows: ColumnRow[]): Promise<void> {
      if (rows.length > 0) await db.insertInto('board_columns').values(rows).execute();
    },

    async updateColumn(id: string, version: number, changes: ColumnChanges): Promise<boolean> {
      const r = await db
        .updateTable('board_columns')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async items(boardId: string): Promise<ItemRow[]> {
      return selectItem()
        .where('board_items.board_id', '=', boardId)
        .orderBy('board_items.position_key')
        .orderBy('board_items.id')
        .execute();
    },

    /** The items of several columns in one query, in key order within each. */
    async itemsOfColumns(columnIds: readonly string[]): Promise<ItemRow[]> {
      if (columnIds.length === 0) return [];
      return selectItem()
        .where('board_items.column_id', 'in', columnIds)
        .orderBy('board_items.position_key')
        .orderBy('board_items.id')
        .execute();
    },

    /** A page of a board's items in id order (stable for cursors), optionally of one column. */
    async itemPage(boardId: string, columnId: string | null, afterId: string | null, limit: number) {
      let q = selectItem().where('board_items.board_id', '=', boardId);
      if (columnId) q = q.where('board_items.column_id', '=', columnId);
      if (afterId) q = q.where('board_items.id', '>', afterId);
      return q.orderBy('board_items.id').limit(limit).execute();
    },

    async columnItems(columnId: string): Promise<ItemRow[]> {
      return selectItem()
        .where('board_items.column_id', '=', columnId)
        .orderBy('board_items.position_key')
        .orderBy('board_items.id')
        .execute();
    },

    async findItem(id: string): Promise<ItemRow | undefined> {
      return selectItem().where('board_items.id', '=', id).executeTakeFirst();
    },

    async itemsForIdeas(ideaIds: readonly string[]): Promise<ItemRow[]> {
      if (ideaIds.length === 0) return [];
      return selectItem()
        .where('board_items.idea_id', 'in', ideaIds)
        .orderBy('board_items.position_key')
        .orderBy('board_items.id')
        .execute();
    },

    async insertItems(rows: Selectable<BoardItemsTable>[]): Promise<void> {
      // Within the bind-parameter limits of both engines (SQLite: 32 766, PostgreSQL: 65 535).
      for (let i = 0; i < rows.length; i += 500)
        await db
          .insertInto('board_items')
          .values(rows.slice(i, i + 500))
          .execute();
    },

    /** Writes when the version still matches; false means someone else changed it first. */
    async updateItem(id: string, version: number, changes: ItemChanges): Promise<boolean> {
      const r = await db
        .updateTable('board_items')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async horizons(ideaIds: readonly string[]): Promise<HorizonRow[]> {
      if (ideaIds.length === 0) return [];
      return db.selectFrom('roadmap_horizons').selectAll().where('idea_id', 'in', ideaIds).execute();
    },

    async findHorizon(ideaId: string): Promise<HorizonRow | undefined> {
      return db.selectFrom('roadmap_horizons').selectAll().where('idea_id', '=', ideaId).executeTakeFirst();
    },

    /** Sets an idea's horizon if the version matches (0: none set yet); false on a conflict. */
    async setHorizon(ideaId: string, version: number, horizon: string, at: string): Promise<boolean> {
      if (version === 0) {
        const r = await db
          .insertInto('roadmap_horizons')
          .values({ idea_id: ideaId, horizon, updated_at: at, version: 1 })
          .onConflict((oc) => oc.column('idea_id').doNothing())
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
      }
      const r = await db
        .updateTable('roadmap_horizons')
        .set({ horizon, updated_at: at, version: version + 1 })
        .where('idea_id', '=', ideaId)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Takes an idea's horizon away (back to the default) if the version matches; false on a conflict. */
    async deleteHorizon(ideaId: string, version: number): Promise<boolean> {
      const { numDeletedRows } = await db
        .deleteFrom('roadmap_horizons')
        .where((eb) => eb.and({ idea_id: ideaId, version }))
        .executeTakeFirst();
      return Number(numDeletedRows) === 1;
    },

    async countItems(boardId: string): Promise<number> {
      const row = await db
        .selectFrom('board_items')
        .select(sql<number>`count(*)`.as('n'))
        .where('board_id', '=', boardId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
