import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current row types
type AnyDB = Kysely<any>;

/**
 * The planning board: boards, their ordered columns, items on them, and the roadmap horizon of
 * ideas (now / next / later).
 *
 * Order within a column is a fractional key (the `fractional-indexing` library). Keys compare
 * as bytes: SQLite's default BINARY collation does that already, PostgreSQL needs `COLLATE "C"`
 * (a locale collation would sort `a` before `B`). Two concurrent inserts may draw the same key,
 * so readers order by (key, id).
 */
export async function up(db: AnyDB): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const keyType = postgres ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('boards')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('board_columns')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // todo, in_progress or done for the columns a new board starts with: shown in the reader's
    // language until a maintainer names the column.
    .addColumn('preset', 'text')
    .addColumn('position_key', keyType, (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('board_columns_board_idx')
    .on('board_columns')
    .columns(['board_id', 'position_key', 'id'])
    .execute();

  await db.schema
    .createTable('board_items')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('column_id', 'text', (c) => c.notNull().references('board_columns.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('assignees', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('repository', 'text')
    .addColumn('idea_id', 'text', (c) => c.references('ideas.id').onDelete('set null'))
    .addColumn('position_key', keyType, (c) => c.notNull())
    // Where an imported item came from (a GitHub Projects item id), so a re-import updates it.
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('board_items_board_external_uq', ['board_id', 'external_id'])
    .execute();
  await db.schema
    .createIndex('board_items_column_idx')
    .on('board_items')
    .columns(['column_id', 'position_key', 'id'])
    .execute();
  await db.schema.createIndex('board_items_board_idx').on('board_items').column('board_id').execute();
  await db.schema.createIndex('board_items_idea_idx').on('board_items').column('idea_id').execute();

  await db.schema
    .createTable('roadmap_horizons')
    .addColumn('idea_id', 'text', (c) => c.primaryKey().notNull().references('ideas.id').onDelete('cascade'))
    .addColumn('horizon', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.dropTable('roadmap_horizons').execute();
  await db.schema.dropTable('board_items').execute();
  await db.schema.dropTable('board_columns').execute();
  await db.schema.dropTable('boards').execute();
}
