import type { Kysely, Selectable } from 'kysely';
import type { ActionItemsTable, DB, DecisionsTable, MinutesTable, ObjectionsTable } from './schema.js';

export type MinutesRow = Selectable<MinutesTable> & { note_taker_name?: string | null };
export type DecisionRow = Selectable<DecisionsTable> & {
  idea_slug: string | null;
  idea_title: string | null;
};
export type ActionItemRow = Selectable<ActionItemsTable>;
export type ObjectionRow = Selectable<ObjectionsTable> & { user_name: string | null };

export function minutesRepository(db: Kysely<DB>) {
  const selectDecision = () =>
    db
      .selectFrom('decisions')
      .leftJoin('ideas', 'ideas.id', 'decisions.idea_id')
      .selectAll('decisions')
      .select(['ideas.slug as idea_slug', 'ideas.title as idea_title']);

  return {
    async find(seriesId: string, occurrence: string): Promise<MinutesRow | undefined> {
      return db
        .selectFrom('minutes')
        .leftJoin('users', 'users.id', 'minutes.note_taker_id')
        .selectAll('minutes')
        .select('users.name as note_taker_name')
        .where('minutes.series_id', '=', seriesId)
        .where('minutes.occurrence', '=', occurrence)
        .executeTakeFirst();
    },

    async published(seriesId: string, limit: number): Promise<MinutesRow[]> {
      return db
        .selectFrom('minutes')
        .selectAll()
        .where('series_id', '=', seriesId)
        .where('status', '=', 'published')
        .orderBy('occurrence', 'desc')
        .limit(limit)
        .execute();
    },

    async insert(row: Selectable<MinutesTable>): Promise<void> {
      await db.insertInto('minutes').values(row).execute();
    },

    /** Names the note-taker; not a change of the text, so the version stays. */
    async setNoteTaker(id: string, userId: string | null): Promise<void> {
      await db.updateTable('minutes').set({ note_taker_id: userId }).where('id', '=', id).execute();
    },

    async update(
      id: string,
      version: number,
      changes: Partial<Omit<Selectable<MinutesTable>, 'id' | 'version'>>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('minutes')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async decisions(seriesId: string, occurrence: string): Promise<DecisionRow[]> {
      return selectDecision()
        .where('decisions.series_id', '=', seriesId)
        .where('decisions.occurrence', '=', occurrence)
        .orderBy('decisions.id')
        .execute();
    },

    async decisionsForIdea(
      ideaId: string,
    ): Promise<(DecisionRow & { series_slug: string; series_title: string })[]> {
      return (
        selectDecision()
          .innerJoin('meeting_series', 'meeting_series.id', 'decisions.series_id')
          .select(['meeting_series.slug as series_slug', 'meeting_series.title as series_title'])
          .innerJoin('minutes', (join) =>
            join
              .onRef('minutes.series_id', '=', 'decisions.series_id')
              .onRef('minutes.occurrence', '=', 'decisions.occurrence'),
          )
          .where('decisions.idea_id', '=', ideaId)
          // Drafts are not public yet; the idea's history already shows a status change they made.
          .where('minutes.status', '=', 'published')
          .orderBy('decisions.id')
          .execute()
      );
    },

    async findDecision(id: string): Promise<DecisionRow | undefined> {
      return selectDecision().where('decisions.id', '=', id).executeTakeFirst();
    },

    async insertDecision(row: Selectable<DecisionsTable>): Promise<void> {
      await db.insertInto('decisions').values(row).execute();
    },

    /** Changes a decision only if it is still in `fromState`, so two deciders cannot both apply it. */
    async updateDecision(
      id: string,
      fromState: string,
      changes: Partial<Pick<DecisionRow, 'state' | 'objection_deadline' | 'final_at'>>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('decisions')
        .set(changes)
        .where('id', '=', id)
        .where('state', '=', fromState)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async objections(decisionIds: readonly string[]): Promise<ObjectionRow[]> {
      if (decisionIds.length === 0) return [];
      return db
        .selectFrom('objections')
        .leftJoin('users', 'users.id', 'objections.user_id')
        .selectAll('objections')
        .select('users.name as user_name')
        .where('objections.decision_id', 'in', decisionIds)
        .orderBy('objections.id')
        .execute();
    },

    async insertObjection(row: Selectable<ObjectionsTable>): Promise<boolean> {
      const r = await db
        .insertInto('objections')
        .values(row)
        .onConflict((oc) => oc.columns(['decision_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
    },

    async actionItems(seriesId: string, occurrence: string): Promise<ActionItemRow[]> {
      return db
        .selectFrom('action_items')
        .selectAll()
        .where('series_id', '=', seriesId)
        .where('occurrence', '=', occurrence)
        .orderBy('id')
        .execute();
    },

    async findActionItem(id: string): Promise<ActionItemRow | undefined> {
      return db.selectFrom('action_items').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insertActionItem(row: ActionItemRow): Promise<void> {
      await db.insertInto('action_items').values(row).execute();
    },

    async updateActionItem(
      id: string,
      version: number,
      changes: Partial<Omit<ActionItemRow, 'id' | 'version'>>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('action_items')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
