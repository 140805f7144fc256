import { Type } from 'typebox';
import type { Config } from '../../../config.js';
import type { Occurrence } from '../../../domain/recurrence.js';
import { WEEK_RULES } from '../../../domain/schedule.js';
import type { Series } from '../../../domain/series.js';
import { AFTER_WEEKDAY_DESCRIPTION, ORDINAL_DESCRIPTION } from '../../schemas/meetings.js';
import { GroupIdSchema, WriteProblems } from '../schemas.js';

/** What the series and occurrences API answers: the schemas and the functions that fill them. */

export const tags = ['meetings'];
export const problems = WriteProblems;

export const OccurrenceSchema = Type.Object({
  key: Type.String({ description: 'Original local date, the occurrence’s name in URLs' }),
  start: Type.String({
    description: 'Local start with offset and zone, e.g. 2026-12-28T14:00:00+01:00[Europe/Berlin]',
  }),
  end: Type.String(),
  startUtc: Type.String({ format: 'date-time' }),
  endUtc: Type.String({ format: 'date-time' }),
  status: Type.Enum(['scheduled', 'cancelled', 'moved', 'extra']),
  reason: Type.Union([Type.String(), Type.Null()]),
  originalStart: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  ics: Type.String(),
});

export const SeriesSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  purpose: Type.String(),
  weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' }),
  startTime: Type.String(),
  durationMinutes: Type.Integer(),
  timeZone: Type.String(),
  weekRule: Type.Enum([...WEEK_RULES]),
  interval: Type.Union([Type.Integer(), Type.Null()]),
  ordinal: Type.Union([Type.Integer({ description: ORDINAL_DESCRIPTION }), Type.Null()]),
  afterWeekday: Type.Union([Type.Integer({ description: AFTER_WEEKDAY_DESCRIPTION }), Type.Null()]),
  startDate: Type.String({ format: 'date' }),
  endDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  platform: Type.String(),
  joinUrl: Type.Union([Type.String(), Type.Null()]),
  notesUrl: Type.Union([Type.String(), Type.Null()]),
  recordingsUrl: Type.Union([Type.String(), Type.Null()]),
  languages: Type.String(),
  recorded: Type.Boolean(),
  remind24h: Type.Boolean(),
  remind15m: Type.Boolean(),
  invitationInfo: Type.String(),
  contributeNote: Type.String(),
  groupId: GroupIdSchema,
  sequence: Type.Integer(),
  version: Type.Integer(),
  url: Type.String(),
  feed: Type.String(),
});

export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
export const OccurrenceParams = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  date: Type.String({ maxLength: 20 }),
});

/** Series and occurrences as the API shows them, with links to their pages under the hub's base URL. */
export function meetingPresenters(config: Config) {
  const link = (path: string) => new URL(path.replace(/^\//u, ''), config.baseUrl).toString();

  const series = (s: Series) => ({
    id: s.id,
    slug: s.slug,
    title: s.title,
    purpose: s.purpose,
    weekday: s.schedule.weekday,
    startTime: s.schedule.startTime,
    durationMinutes: s.schedule.durationMinutes,
    timeZone: s.schedule.timeZone,
    weekRule: s.schedule.weekRule.kind,
    interval: s.schedule.weekRule.kind === 'interval' ? s.schedule.weekRule.interval : null,
    ordinal:
      s.schedule.weekRule.kind === 'monthly' || s.schedule.weekRule.kind === 'monthlyAfter'
        ? s.schedule.weekRule.ordinal
        : null,
    afterWeekday: s.schedule.weekRule.kind === 'monthlyAfter' ? s.schedule.weekRule.after : null,
    startDate: s.schedule.startDate,
    endDate: s.schedule.endDate,
    platform: s.platform,
    joinUrl: s.joinUrl,
    notesUrl: s.notesUrl,
    recordingsUrl: s.recordingsUrl,
    languages: s.languages,
    recorded: s.recorded,
    remind24h: s.remind24h,
    remind15m: s.remind15m,
    invitationInfo: s.invitationInfo,
    contributeNote: s.contributeNote,
    groupId: s.groupId,
    sequence: s.sequence,
    version: s.version,
    url: link(`/meetings/${s.slug}`),
    feed: link(`/meetings/${s.slug}.ics`),
  });

  const occurrence = (s: Series, o: Occurrence) => ({
    key: o.key,
    start: o.start.toString(),
    end: o.end.toString(),
    startUtc: o.start.toInstant().toString(),
    endUtc: o.end.toInstant().toString(),
    status: o.status,
    reason: o.reason,
    originalStart: o.originalStart?.toString() ?? null,
    url: link(`/meetings/${s.slug}/${o.key}`),
    ics: link(`/meetings/${s.slug}/${o.key}.ics`),
  });

  return { series, occurrence };
}
