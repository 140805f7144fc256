import type { Kysely, Selectable } from 'kysely';
import type { DB, MeetingSeriesTable, OccurrenceChangesTable } from './schema.js';

export type SeriesRow = Selectable<MeetingSeriesTable>;
export type ChangeRow = Selectable<OccurrenceChangesTable>;

export function seriesRepository(db: Kysely<DB>) {
  return {
    async list(): Promise<SeriesRow[]> {
      return db.selectFrom('meeting_series').selectAll().orderBy('title').orderBy('id').execute();
    },

    async findBySlug(slug: string): Promise<SeriesRow | undefined> {
      return db.selectFrom('meeting_series').selectAll().where('slug', '=', slug).executeTakeFirst();
    },

    async findById(id: string): Promise<SeriesRow | undefined> {
      return db.selectFrom('meeting_series').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async slugsStartingWith(base: string): Promise<string[]> {
      const rows = await db
        .selectFrom('meeting_series')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .execute();
      return rows.map((r) => r.slug);
    },

    async insert(row: SeriesRow): Promise<void> {
      await db.insertInto('meeting_series').values(row).execute();
    },

    /** Writes when the version still matches; false means someone else changed it first. */
    async update(
      id: string,
      version: number,
      changes: Partial<Omit<SeriesRow, 'id' | 'version'>>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('meeting_series')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Raises the calendar SEQUENCE (every change to an occurrence is a change to the series' calendar). */
    async touch(id: string, at: string): Promise<void> {
      await db
        .updateTable('meeting_series')
        .set((eb) => ({ sequence: eb('sequence', '+', 1), updated_at: at }))
        .where('id', '=', id)
        .execute();
    },

    async changes(seriesId: string): Promise<ChangeRow[]> {
      return db
        .selectFrom('occurrence_changes')
        .selectAll()
        .where('series_id', '=', seriesId)
        .orderBy('date')
        .execute();
    },

    async change(seriesId: string, date: string): Promise<ChangeRow | undefined> {
      return db
        .selectFrom('occurrence_changes')
        .selectAll()
        .where('series_id', '=', seriesId)
        .where('date', '=', date)
        .executeTakeFirst();
    },

    async insertChange(row: ChangeRow): Promise<void> {
      await db.insertInto('occurrence_changes').values(row).execute();
    },

    async updateChange(
      id: string,
      version: number,
      changes: Partial<Omit<ChangeRow, 'id' | 'version'>>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('occurrence_changes')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async deleteChange(id: string, version: number): Promise<boolean> {
      const r = await db
        .deleteFrom('occurrence_changes')
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
