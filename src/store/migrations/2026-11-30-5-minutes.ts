import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current row types
type AnyDB = Kysely<any>;

export async function up(db: AnyDB): Promise<void> {
  await db.schema
    .createTable('minutes')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('series_id', 'text', (c) => c.notNull().references('meeting_series.id').onDelete('cascade'))
    .addColumn('occurrence', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('attendee_count', 'integer')
    .addColumn('attendee_names', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('overview', 'text')
    .addColumn('overview_work', 'text')
    // Someone other than a maintainer named to write this meeting's notes.
    .addColumn('note_taker_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('minutes_series_occurrence_uq', ['series_id', 'occurrence'])
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('series_id', 'text', (c) => c.notNull().references('meeting_series.id').onDelete('cascade'))
    .addColumn('occurrence', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('idea_id', 'text', (c) => c.references('ideas.id').onDelete('set null'))
    .addColumn('to_status', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // final (taken), proposed (objection window open or not yet started) or objected.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('objection_hours', 'integer')
    .addColumn('objection_deadline', 'text')
    .addColumn('final_at', 'text')
    .execute();
  await db.schema
    .createIndex('decisions_occurrence_idx')
    .on('decisions')
    .columns(['series_id', 'occurrence'])
    .execute();
  await db.schema.createIndex('decisions_idea_idx').on('decisions').column('idea_id').execute();

  await db.schema
    .createTable('action_items')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('series_id', 'text', (c) => c.notNull().references('meeting_series.id').onDelete('cascade'))
    .addColumn('occurrence', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('idea_id', 'text', (c) => c.references('ideas.id').onDelete('set null'))
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('action_items_occurrence_idx')
    .on('action_items')
    .columns(['series_id', 'occurrence'])
    .execute();

  await db.schema
    .createTable('objections')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('objections_decision_user_uq', ['decision_id', 'user_id'])
    .execute();

  // A status change decided in a meeting links back to it from the idea's history.
  await db.schema.alterTable('idea_history').addColumn('meeting', 'text').execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.alterTable('idea_history').dropColumn('meeting').execute();
  await db.schema.dropTable('action_items').execute();
  await db.schema.dropTable('objections').execute();
  await db.schema.dropTable('decisions').execute();
  await db.schema.dropTable('minutes').execute();
}
