import { PostgresAdapter, sql } from 'kysely';
import * as col from './columns.js';

/**
 * The planning board: boards, their ordered columns, items on them, and the roadmap horizon of
 * ideas (now / next / later).
 *
 * Order within a column is a fractional key (the `fractional-indexing` library). Keys compare
 * as bytes: SQLite's default BINARY collation does that already, PostgreSQL needs `COLLATE "C"`
 * (a locale collation would sort `a` before `B`). Two concurrent inserts may draw the same key,
 * so readers order by (key, id).
 */
export async function up(db: col.AnyDB): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const keyType = postgres ? sql`text collate "C"` : sql`text`;
  const positionKey: col.Columns = (t) => t.addColumn('position_key', keyType, (c) => c.notNull());

  await col.createTable(db, 'boards', [col.id, col.uniqueText('slug'), col.texts('title'), col.tracked]);

  await col.createTable(db, 'board_columns', [
    col.id,
    col.belongsTo('board_id', 'boards'),
    col.texts('name'),
    // todo, in_progress or done for the columns a new board starts with: shown in the reader's
    // language until a maintainer names the column.
    col.optionalTexts('preset'),
    positionKey,
    col.integers('done'),
    col.optionalTexts('archived_at'),
    col.tracked,
  ]);
  await col.createIndex(db, 'board_columns_board_idx', 'board_columns', ['board_id', 'position_key', 'id']);

  await col.createTable(db, 'board_items', [
    col.id,
    col.belongsTo('board_id', 'boards'),
    col.belongsTo('column_id', 'board_columns'),
    col.texts('title', 'body', 'links', 'assignees', 'labels'),
    col.optionalTexts('repository'),
    col.refersTo('idea_id', 'ideas'),
    positionKey,
    // Where an imported item came from (a GitHub Projects item id), so a re-import updates it.
    col.optionalTexts('external_id'),
    col.tracked,
    col.unique('board_items_board_external_uq', ['board_id', 'external_id']),
  ]);
  await col.createIndex(db, 'board_items_column_idx', 'board_items', ['column_id', 'position_key', 'id']);
  await col.createIndex(db, 'board_items_board_idx', 'board_items', ['board_id']);
  await col.createIndex(db, 'board_items_idea_idx', 'board_items', ['idea_id']);

  await col.createTable(db, 'roadmap_horizons', [
    (t) =>
      t.addColumn('idea_id', 'text', (c) =>
        c.primaryKey().notNull().references('ideas.id').onDelete('cascade'),
      ),
    col.texts('horizon', 'updated_at'),
    col.version,
  ]);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'roadmap_horizons', 'board_items', 'board_columns', 'boards');
}
