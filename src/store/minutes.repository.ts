import type { Kysely, Selectable } from 'kysely';
import type { ActionItemsTable, DB, DecisionsTable, MinutesTable } from './schema.js';

export type MinutesRow = Selectable<MinutesTable>;
export type DecisionRow = Selectable<DecisionsTable> & {
  idea_slug: string | null;
  idea_title: string | null;
};
export type ActionItemRow = Selectable<ActionItemsTable>;

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
        .selectAll()
        .where('series_id', '=', seriesId)
        .where('occurrence', '=', occurrence)
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

    async insert(row: MinutesRow): Promise<void> {
      await db.insertInto('minutes').values(row).execute();
    },

    async update(
      id: string,
      version: number,
      changes: Partial<Omit<MinutesRow, 'id' | 'version'>>,
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
      return selectDecision()
        .innerJoin('meeting_series', 'meeting_series.id', 'decisions.series_id')
        .select(['meeting_series.slug as series_slug', 'meeting_series.title as series_title'])
        .where('decisions.idea_id', '=', ideaId)
        .orderBy('decisions.id')
        .execute();
    },

    async insertDecision(row: Selectable<DecisionsTable>): Promise<void> {
      await db.insertInto('decisions').values(row).execute();
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
