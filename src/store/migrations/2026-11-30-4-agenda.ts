import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current row types
type AnyDB = Kysely<any>;

export async function up(db: AnyDB): Promise<void> {
  await db.schema
    .createTable('agenda_topics')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('series_id', 'text', (c) => c.notNull().references('meeting_series.id').onDelete('cascade'))
    .addColumn('occurrence', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('proposer_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('carried_from', 'text')
    .addColumn('idea_id', 'text', (c) => c.references('ideas.id').onDelete('set null'))
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agenda_topics_occurrence_idx')
    .on('agenda_topics')
    .columns(['series_id', 'occurrence'])
    .execute();
  await db.schema.createIndex('agenda_topics_idea_idx').on('agenda_topics').column('idea_id').execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.dropTable('agenda_topics').execute();
}
