import type { AnyDB } from './columns.js';

/**
 * Proposals come to meetings as ideas do: a topic may name one (`agenda_topics.proposal_id`), a
 * decision may name one and the state it moves it to (`decisions.proposal_id`,
 * `decisions.proposal_state`), and the history entry such a decision writes names its meeting
 * (`proposal_history.meeting`, `series-slug/YYYY-MM-DD`, as `idea_history.meeting`).
 */
export async function up(db: AnyDB): Promise<void> {
  await db.schema
    .alterTable('agenda_topics')
    .addColumn('proposal_id', 'text', (c) => c.references('proposals.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('decisions')
    .addColumn('proposal_id', 'text', (c) => c.references('proposals.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('decisions').addColumn('proposal_state', 'text').execute();
  await db.schema.alterTable('proposal_history').addColumn('meeting', 'text').execute();
  await db.schema
    .createIndex('agenda_topics_proposal_idx')
    .on('agenda_topics')
    .column('proposal_id')
    .execute();
  await db.schema.createIndex('decisions_proposal_idx').on('decisions').column('proposal_id').execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.dropIndex('decisions_proposal_idx').execute();
  await db.schema.dropIndex('agenda_topics_proposal_idx').execute();
  await db.schema.alterTable('proposal_history').dropColumn('meeting').execute();
  await db.schema.alterTable('decisions').dropColumn('proposal_state').execute();
  await db.schema.alterTable('decisions').dropColumn('proposal_id').execute();
  await db.schema.alterTable('agenda_topics').dropColumn('proposal_id').execute();
}
