import * as col from './columns.js';

/** Enhancement proposals: numbered documents with a state, its history and the ideas they link. */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'proposals', [
    col.id,
    (t) => t.addColumn('number', 'integer', (c) => c.notNull().unique()),
    col.texts('title', 'text', 'authors', 'state'),
    col.tracked,
  ]);
  await col.createTable(db, 'proposal_history', [
    col.id,
    col.belongsTo('proposal_id', 'proposals'),
    col.texts('at'),
    col.refersTo('actor_id', 'users'),
    col.optionalTexts('from_state'),
    col.texts('to_state'),
    col.optionalTexts('reason'),
  ]);
  await col.createIndex(db, 'proposal_history_proposal_idx', 'proposal_history', ['proposal_id', 'at']);
  await col.createTable(db, 'proposal_ideas', [
    col.belongsTo('proposal_id', 'proposals'),
    col.belongsTo('idea_id', 'ideas'),
    col.primaryKey('proposal_ideas_pkey', ['proposal_id', 'idea_id']),
  ]);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'proposal_ideas', 'proposal_history', 'proposals');
}
