import { type Static, type TObject, type TProperties, Type } from 'typebox';
import { MAX_DURATION_MINUTES, MAX_INTERVAL_WEEKS, WEEK_RULES } from '../../domain/schedule.js';

/** What `ordinal` means, said once for the input and the answer. */
export const ORDINAL_DESCRIPTION =
  'which of its weekday in the month a series with weekRule "monthly" meets on: 1 to 5, or -1 for the last (a month without a fifth one has no meeting); with weekRule "monthlyAfter", which one of `afterWeekday` it is counted from: 1 to 4';

/** What `afterWeekday` means, said once for the input and the answer. */
export const AFTER_WEEKDAY_DESCRIPTION =
  'with weekRule "monthlyAfter": the ISO weekday (1 = Monday) the meeting follows, e.g. 2 with weekday 3 and ordinal 4 for "the Wednesday after the fourth Tuesday"; after the fourth one at most two days on';

/**
 * The inputs of the meetings' use-cases, one schema each, read by both doors: the API validates
 * its JSON body with them, the form routes shape and check a form's fields with them. The
 * domain checks what a schema cannot (times, zones, dates, links) and reports every problem of
 * a form at once, so the schemas here type and bound the fields and leave ranges the domain
 * reports together to the domain.
 */

/** A series as a page's path names it. */
export const SeriesPageParams = Type.Object({ series: Type.String({ maxLength: 200 }) });

/** A series' page asking to be invited: the address the invitation goes to. */
export const InvitationRequest = Type.Object(
  { email: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);

/** A decision or an action item on a meeting's page. */
export const RecordItemParams = Type.Object({
  series: Type.String({ maxLength: 200 }),
  date: Type.String({ maxLength: 20 }),
  id: Type.String({ maxLength: 100 }),
});

/** A thing named by its id alone, as `/actions/:id/done` does. */
export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** The version a form read, sent back so that a change made meanwhile is not overwritten. */
export const FormVersion = Type.Integer({ minimum: 0, 'x-message': 'error.badVersion' });

/** A form's body: an API body plus the version the form was rendered with. */
export function withVersion<P extends TProperties>(body: TObject<P>) {
  return Type.Object({ ...body.properties, version: FormVersion }, { additionalProperties: false });
}

export const SeriesInput = Type.Object(
  {
    title: Type.String({ maxLength: 1000 }),
    purpose: Type.Optional(Type.String({ maxLength: 20_000 })),
    weekday: Type.Integer({
      minimum: 1,
      maximum: 7,
      description: 'ISO weekday, 1 = Monday',
      'x-message': 'error.badWeekday',
    }),
    startTime: Type.String({ maxLength: 20, description: 'HH:MM, local to timeZone' }),
    durationMinutes: Type.Integer({
      description: `1 to ${MAX_DURATION_MINUTES}`,
      'x-message': 'error.badDuration',
      'x-params': { max: MAX_DURATION_MINUTES },
    }),
    timeZone: Type.String({ maxLength: 100, description: 'IANA time zone, e.g. Europe/Berlin' }),
    weekRule: Type.Enum([...WEEK_RULES], {
      description:
        'odd or even ISO weeks, every week, every `interval` weeks, monthly on the `ordinal` weekday, or monthly on the weekday after the `ordinal` `afterWeekday`',
      'x-message': 'error.badWeekRule',
    }),
    interval: Type.Optional(
      Type.Integer({
        description: 'weeks between meetings, with weekRule "interval" only',
        'x-message': 'error.badInterval',
        'x-params': { max: MAX_INTERVAL_WEEKS },
      }),
    ),
    ordinal: Type.Optional(
      Type.Union([Type.Integer({ description: ORDINAL_DESCRIPTION }), Type.Null()], {
        'x-message': 'error.badOrdinal',
      }),
    ),
    afterWeekday: Type.Optional(
      Type.Union([Type.Integer({ description: AFTER_WEEKDAY_DESCRIPTION }), Type.Null()], {
        'x-message': 'error.badAfterWeekday',
      }),
    ),
    startDate: Type.String({ maxLength: 20, description: 'YYYY-MM-DD' }),
    endDate: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    platform: Type.Optional(Type.String({ maxLength: 1000 })),
    joinUrl: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
    notesUrl: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 4096, description: 'where notes and agendas are kept (http or https)' }),
        Type.Null(),
      ]),
    ),
    recordingsUrl: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 4096, description: 'where the recordings are (http or https)' }),
        Type.Null(),
      ]),
    ),
    languages: Type.Optional(Type.String({ maxLength: 1000 })),
    recorded: Type.Optional(Type.Boolean()),
    remind24h: Type.Optional(
      Type.Boolean({
        description: 'remind followers and subscribers 24 h before, with the agenda (default on)',
      }),
    ),
    remind15m: Type.Optional(Type.Boolean({ description: 'remind them 15 minutes before (default on)' })),
    invitationInfo: Type.Optional(Type.String({ maxLength: 20_000 })),
    contributeNote: Type.Optional(Type.String({ maxLength: 20_000 })),
  },
  {
    additionalProperties: false,
    examples: [
      {
        title: 'Release review',
        weekday: 4,
        startTime: '16:30',
        durationMinutes: 45,
        timeZone: 'Europe/Vienna',
        weekRule: 'interval',
        interval: 3,
        startDate: '2027-01-07',
        joinUrl: 'https://meet.example.org/release-review',
      },
    ],
  },
);
export type SeriesInput = Static<typeof SeriesInput>;

/** A new series: its fields and, optionally, the group whose meetings these are (its slug). */
export const SeriesCreate = Type.Object(
  {
    ...SeriesInput.properties,
    group: Type.Optional(
      Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
        description: 'The slug of the group; null or empty: no group (a group’s lead must name theirs)',
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      {
        title: 'Docs team sync',
        weekday: 2,
        startTime: '15:00',
        durationMinutes: 30,
        timeZone: 'Europe/Berlin',
        weekRule: 'every',
        startDate: '2027-01-05',
        group: 'docs',
      },
    ],
  },
);

/** The edit form of a series: its fields, its group (left out: where it is) and the version it was read at. */
export const SeriesEdit = withVersion(SeriesCreate);

/** Cancels, moves or adds an occurrence: which fields count depends on the change. */
export const OccurrenceChange = Type.Object(
  {
    date: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD, local' })),
    startTime: Type.Optional(Type.String({ maxLength: 20, description: 'HH:MM, local' })),
    durationMinutes: Type.Optional(
      Type.Integer({ 'x-message': 'error.badDuration', 'x-params': { max: MAX_DURATION_MINUTES } }),
    ),
    reason: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
  },
  {
    additionalProperties: false,
    examples: [{ date: '2026-12-09', startTime: '14:00', durationMinutes: 30 }],
  },
);
export type OccurrenceChange = Static<typeof OccurrenceChange>;

const change = OccurrenceChange.properties;

/** The cancel form: the reason alone. */
export const OccurrenceCancelForm = Type.Object({ reason: change.reason }, { additionalProperties: false });

/**
 * The move form: the occurrence page holds the move beside the meeting's own date and time, so
 * its fields carry a `new` prefix; the use-case reports its problems under the same names.
 */
export const OccurrenceMoveForm = Type.Object(
  {
    newDate: change.date,
    newStartTime: change.startTime,
    newDurationMinutes: change.durationMinutes,
    reason: change.reason,
  },
  { additionalProperties: false },
);

/** Nothing to say: a path without params, a change without input (taking one back). */
export const NoInput = Type.Object({}, { additionalProperties: false });
