import type { Kysely, Selectable } from 'kysely';
import type { ActionItemsTable, DB } from './schema.js';

/** The reminders sent of meetings, and the action items a due-tomorrow reminder is for. */
export function remindersRepository(db: Kysely<DB>) {
  return {
    /**
     * Notes a reminder of an occurrence as sent: answers false when it was already (by another
     * instance, or the agenda marked ready before its 24-hour reminder), and then nothing is sent.
     */
    async markSent(seriesId: string, occurrence: string, kind: string, at: string): Promise<boolean> {
      const result = await db
        .insertInto('meeting_reminders')
        .values({ series_id: seriesId, occurrence, kind, sent_at: at })
        .onConflict((oc) => oc.columns(['series_id', 'occurrence', 'kind']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async sentAt(seriesId: string, occurrence: string, kind: string): Promise<string | null> {
      const row = await db
        .selectFrom('meeting_reminders')
        .select('sent_at')
        .where('series_id', '=', seriesId)
        .where('occurrence', '=', occurrence)
        .where('kind', '=', kind)
        .executeTakeFirst();
      return row?.sent_at ?? null;
    },

    /** Action items not done whose due date lies in [from, to] (dates `YYYY-MM-DD`). */
    async openDueBetween(from: string, to: string): Promise<Selectable<ActionItemsTable>[]> {
      return db
        .selectFrom('action_items')
        .selectAll()
        .where('done', '=', 0)
        .where('due_date', '>=', from)
        .where('due_date', '<=', to)
        .orderBy('id')
        .execute();
    },
  };
}
