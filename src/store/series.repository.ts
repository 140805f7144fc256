import type { Kysely, Selectable } from 'kysely';
import type { StampedChange } from '../domain/ical-feed.js';
import { isAfterOrdinal, isMonthOrdinal, type Schedule, type WeekRule } from '../domain/schedule.js';
import type { Series, SeriesText } from '../domain/series.js';
import { deleteBy, findBy, listBy, slugsStartingWith, versionedTable } from './queries.js';
import type { DB, MeetingSeriesTable, OccurrenceChangesTable } from './schema.js';

export type SeriesRow = Selectable<MeetingSeriesTable>;
export type ChangeRow = Selectable<OccurrenceChangesTable>;

function weekRuleOf(row: SeriesRow): WeekRule {
  if (row.week_rule === 'interval') return { kind: 'interval', interval: row.interval_weeks ?? 1 };
  if (row.week_rule === 'monthly') {
    const ordinal = row.month_ordinal ?? 1;
    return { kind: 'monthly', ordinal: isMonthOrdinal(ordinal) ? ordinal : 1 };
  }
  if (row.week_rule === 'monthlyAfter') {
    const ordinal = row.month_ordinal ?? 1;
    return {
      kind: 'monthlyAfter',
      ordinal: isAfterOrdinal(ordinal) ? ordinal : 1,
      after: row.after_weekday ?? ((row.weekday + 5) % 7) + 1,
    };
  }
  return { kind: row.week_rule as 'odd' | 'even' | 'every' };
}

/** The texts and switches of a series as its row holds them: what `seriesColumns` writes, read back. */
export function seriesTextOf(row: SeriesRow): SeriesText {
  return {
    title: row.title,
    purpose: row.purpose,
    platform: row.platform,
    joinUrl: row.join_url,
    notesUrl: row.notes_url,
    recordingsUrl: row.recordings_url,
    languages: row.languages,
    recorded: row.recorded === 1,
    remind24h: row.remind_24h === 1,
    remind15m: row.remind_15m === 1,
    invitationInfo: row.invitation_info,
    contributeNote: row.contribute_note,
  };
}

export function toSeries(row: SeriesRow): Series {
  const schedule: Schedule = {
    weekday: row.weekday,
    startTime: row.start_time,
    durationMinutes: row.duration_minutes,
    timeZone: row.time_zone,
    weekRule: weekRuleOf(row),
    startDate: row.start_date,
    endDate: row.end_date,
  };
  return {
    id: row.id,
    slug: row.slug,
    ...seriesTextOf(row),
    schedule,
    sequence: row.sequence,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    groupId: row.group_id,
  };
}

export function toChange(row: ChangeRow): StampedChange {
  const base = { date: row.date, reason: row.reason, sequence: row.sequence, updatedAt: row.updated_at };
  if (row.kind === 'moved') {
    return {
      ...base,
      kind: 'moved',
      newDate: row.moved_to_date ?? row.date,
      newStartTime: row.start_time ?? '00:00',
      newDurationMinutes: row.duration_minutes ?? 30,
    };
  }
  if (row.kind === 'extra') {
    return {
      ...base,
      kind: 'extra',
      startTime: row.start_time ?? '00:00',
      durationMinutes: row.duration_minutes ?? 30,
    };
  }
  return { ...base, kind: 'cancelled' };
}

/** A series' text and schedule as the columns that store them. */
export function seriesColumns(text: SeriesText, schedule: Schedule) {
  return {
    title: text.title,
    purpose: text.purpose,
    weekday: schedule.weekday,
    start_time: schedule.startTime,
    duration_minutes: schedule.durationMinutes,
    time_zone: schedule.timeZone,
    week_rule: schedule.weekRule.kind,
    interval_weeks: schedule.weekRule.kind === 'interval' ? schedule.weekRule.interval : null,
    month_ordinal:
      schedule.weekRule.kind === 'monthly' || schedule.weekRule.kind === 'monthlyAfter'
        ? schedule.weekRule.ordinal
        : null,
    after_weekday: schedule.weekRule.kind === 'monthlyAfter' ? schedule.weekRule.after : null,
    start_date: schedule.startDate,
    end_date: schedule.endDate,
    platform: text.platform,
    join_url: text.joinUrl,
    notes_url: text.notesUrl,
    recordings_url: text.recordingsUrl,
    languages: text.languages,
    recorded: text.recorded ? 1 : 0,
    remind_24h: text.remind24h ? 1 : 0,
    remind_15m: text.remind15m ? 1 : 0,
    invitation_info: text.invitationInfo,
    contribute_note: text.contributeNote,
  };
}

export function seriesRepository(db: Kysely<DB>) {
  const series = versionedTable(db, 'meeting_series');
  const changes = versionedTable(db, 'occurrence_changes');
  return {
    async list(): Promise<SeriesRow[]> {
      return db.selectFrom('meeting_series').selectAll().orderBy('title').orderBy('id').execute();
    },

    async findBySlug(slug: string): Promise<SeriesRow | undefined> {
      return findBy(db, 'meeting_series', { slug });
    },

    findById: series.find,

    async slugsStartingWith(base: string): Promise<string[]> {
      return slugsStartingWith(db, 'meeting_series', base);
    },

    insert: series.insert,

    update: series.update,

    /** Raises the calendar SEQUENCE (every change to an occurrence is a change to the series' calendar). */
    async touch(id: string, at: string): Promise<void> {
      await db
        .updateTable('meeting_series')
        .set((eb) => ({ sequence: eb('sequence', '+', 1), updated_at: at }))
        .where('id', '=', id)
        .execute();
    },

    async changes(seriesId: string): Promise<ChangeRow[]> {
      return listBy(db, 'occurrence_changes', { series_id: seriesId }, ['date']);
    },

    async change(seriesId: string, date: string): Promise<ChangeRow | undefined> {
      return findBy(db, 'occurrence_changes', { series_id: seriesId, date });
    },

    insertChange: changes.insert,

    updateChange: changes.update,

    async deleteChange(id: string, version: number): Promise<boolean> {
      return deleteBy(db, 'occurrence_changes', { id, version });
    },
  };
}
