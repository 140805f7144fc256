import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Temporal } from 'temporal-polyfill';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { type FieldProblem, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { Occurrence } from '../../domain/recurrence.js';
import type { Actor } from '../../domain/roles.js';
import { parseDate } from '../../domain/schedule.js';
import type { Series } from '../../domain/series.js';
import { OccurrenceChange as ChangeBody, SeriesInput as SeriesBody } from '../schemas/meetings.js';
import { created, sendUpdate } from './if-match.js';
import { Problem, WriteProblems } from './schemas.js';

const tags = ['meetings'];
const security = [{ bearer: [] }];
const problems = WriteProblems;

const OccurrenceSchema = Type.Object({
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

const SeriesSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  purpose: Type.String(),
  weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' }),
  startTime: Type.String(),
  durationMinutes: Type.Integer(),
  timeZone: Type.String(),
  weekRule: Type.Enum(['odd', 'even', 'every', 'interval']),
  interval: Type.Union([Type.Integer(), Type.Null()]),
  startDate: Type.String({ format: 'date' }),
  endDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  platform: Type.String(),
  joinUrl: Type.Union([Type.String(), Type.Null()]),
  languages: Type.String(),
  recorded: Type.Boolean(),
  invitationInfo: Type.String(),
  contributeNote: Type.String(),
  sequence: Type.Integer(),
  version: Type.Integer(),
  url: Type.String(),
  feed: Type.String(),
});

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const OccurrenceParams = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  date: Type.String({ maxLength: 20 }),
});

/** The series and occurrences API: reads are public, writes need a maintainer. */
export function meetingApiRoutes(app: App, config: Config): FastifyPluginAsyncTypebox {
  const link = (path: string) => new URL(path.replace(/^\//u, ''), config.baseUrl).toString();

  const presentSeries = (s: Series) => ({
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
    startDate: s.schedule.startDate,
    endDate: s.schedule.endDate,
    platform: s.platform,
    joinUrl: s.joinUrl,
    languages: s.languages,
    recorded: s.recorded,
    invitationInfo: s.invitationInfo,
    contributeNote: s.contributeNote,
    sequence: s.sequence,
    version: s.version,
    url: link(`/meetings/${s.slug}`),
    feed: link(`/meetings/${s.slug}.ics`),
  });

  const presentOccurrence = (s: Series, o: Occurrence) => ({
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

  return async (server) => {
    server.get(
      '/series',
      {
        schema: {
          tags,
          summary: 'Every meeting series with its next occurrence',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({ series: SeriesSchema, next: Type.Union([OccurrenceSchema, Type.Null()]) }),
              ),
              nextCursor: Type.Null({ description: 'every series fits on one page' }),
            }),
          },
        },
      },
      async () => {
        const overview = await app.meetings.overview(1);
        return {
          items: overview.map(({ series, occurrences }) => ({
            series: presentSeries(series),
            next: occurrences[0] ? presentOccurrence(series, occurrences[0]) : null,
          })),
          nextCursor: null,
        };
      },
    );

    server.post(
      '/series',
      {
        schema: {
          tags,
          security,
          summary: 'Create a meeting series (maintainers)',
          body: SeriesBody,
          response: { 201: SeriesSchema, ...problems },
        },
      },
      async (request, reply) => {
        const series = await app.meetings.create(request.auth.actor, request.body);
        return created(
          reply,
          `${config.basePath}/api/v1/series/${encodeURIComponent(series.slug)}`,
          series.version,
          presentSeries(series),
        );
      },
    );

    server.get(
      '/series/:slug',
      {
        schema: {
          tags,
          summary: 'One series with its next occurrences',
          params: SlugParams,
          response: {
            200: Type.Object({ series: SeriesSchema, upcoming: Type.Array(OccurrenceSchema) }),
            404: Problem,
          },
        },
      },
      async (request, reply) => {
        const { series, occurrences } = await app.meetings.upcoming(request.params.slug, 10);
        reply.header('etag', `"${series.version}"`);
        return {
          series: presentSeries(series),
          upcoming: occurrences.map((o) => presentOccurrence(series, o)),
        };
      },
    );

    server.patch(
      '/series/:slug',
      {
        schema: {
          tags,
          security,
          summary: 'Edit a series (maintainers); send the ETag as If-Match',
          params: SlugParams,
          headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
          body: Type.Partial(SeriesBody),
          response: { 200: SeriesSchema, ...problems },
        },
      },
      async (request, reply) => {
        return sendUpdate(
          reply,
          request.headers['if-match'],
          async () => (await app.meetings.get(request.params.slug)).series,
          async (version) => {
            const { series: current } = await app.meetings.get(request.params.slug);
            const merged = { ...presentSeries(current), ...request.body };
            return app.meetings.update(request.auth.actor, current.slug, version, merged);
          },
          presentSeries,
        );
      },
    );

    server.get(
      '/series/:slug/next',
      {
        schema: {
          tags,
          summary: 'The next meeting that is not cancelled (for embeds)',
          params: SlugParams,
          response: {
            200: Type.Object({ series: SeriesSchema, next: Type.Union([OccurrenceSchema, Type.Null()]) }),
            404: Problem,
          },
        },
      },
      async (request, reply) => {
        const { series, occurrences } = await app.meetings.upcoming(request.params.slug, 10);
        const next = occurrences.find((o) => o.status !== 'cancelled') ?? null;
        reply.header('cache-control', 'public, max-age=60');
        return { series: presentSeries(series), next: next ? presentOccurrence(series, next) : null };
      },
    );

    server.get(
      '/series/:slug/occurrences',
      {
        schema: {
          tags,
          summary: 'Occurrences between two dates (at most two years apart)',
          params: SlugParams,
          querystring: Type.Object({
            from: Type.String({ maxLength: 20, description: 'YYYY-MM-DD, inclusive' }),
            to: Type.String({ maxLength: 20, description: 'YYYY-MM-DD, exclusive' }),
          }),
          response: {
            200: Type.Object({
              items: Type.Array(OccurrenceSchema),
              nextCursor: Type.Null({ description: 'the range is the page: at most two years' }),
            }),
            400: Problem,
            404: Problem,
          },
        },
      },
      async (request) => {
        const from = parseDate(request.query.from);
        const to = parseDate(request.query.to);
        const problemsFound: FieldProblem[] = [];
        if (!from) problemsFound.push({ field: 'from', key: 'error.badDate' });
        if (!to) problemsFound.push({ field: 'to', key: 'error.badDate' });
        if (from && to && (Temporal.PlainDate.compare(to, from) <= 0 || from.until(to).total('days') > 731)) {
          problemsFound.push({ field: 'to', key: 'error.badRange' });
        }
        if (problemsFound.length > 0 || !from || !to) throw new ValidationError(problemsFound);
        const { series } = await app.meetings.get(request.params.slug);
        const zone = series.schedule.timeZone;
        const { occurrences } = await app.meetings.between(
          series.slug,
          from.toZonedDateTime(zone).toInstant(),
          to.toZonedDateTime(zone).toInstant(),
        );
        return { items: occurrences.map((o) => presentOccurrence(series, o)), nextCursor: null };
      },
    );

    const changeRoute = (
      path: string,
      summary: string,
      run: (
        slug: string,
        date: string,
        body: Record<string, unknown>,
        actor: Actor,
      ) => Promise<Occurrence | null>,
    ) =>
      server.post(
        path,
        {
          schema: {
            tags,
            security,
            summary,
            params: OccurrenceParams,
            body: ChangeBody,
            response: { 200: OccurrenceSchema, ...problems },
          },
        },
        async (request) => {
          const { slug, date } = request.params;
          const changed = await run(slug, date, request.body ?? {}, request.auth.actor);
          try {
            const { series, occurrence } = await app.meetings.occurrence(slug, date);
            return presentOccurrence(series, occurrence);
          } catch (err) {
            // A called-off extra meeting is deleted rather than marked: answer with it, cancelled.
            if (!(err instanceof NotFoundError) || !changed) throw err;
            return presentOccurrence((await app.meetings.get(slug)).series, changed);
          }
        },
      );

    changeRoute(
      '/series/:slug/occurrences/:date/cancel',
      'Cancel an occurrence with a reason (maintainers)',
      (slug, date, body, actor) => app.meetings.cancel(actor, slug, date, body.reason),
    );
    changeRoute(
      '/series/:slug/occurrences/:date/move',
      'Move an occurrence to a new local date and time (maintainers)',
      (slug, date, body, actor) => app.meetings.move(actor, slug, date, body).then(() => null),
    );
    changeRoute(
      '/series/:slug/occurrences/:date/restore',
      'Undo a cancellation or move (maintainers)',
      (slug, date, _body, actor) => app.meetings.restore(actor, slug, date).then(() => null),
    );

    server.post(
      '/series/:slug/extra',
      {
        schema: {
          tags,
          security,
          summary: 'Add an extra occurrence (maintainers)',
          params: SlugParams,
          body: ChangeBody,
          response: { 201: OccurrenceSchema, ...problems },
        },
      },
      async (request, reply) => {
        const key = await app.meetings.addExtra(request.auth.actor, request.params.slug, request.body);
        const { series, occurrence } = await app.meetings.occurrence(request.params.slug, key);
        return reply.code(201).send(presentOccurrence(series, occurrence));
      },
    );
  };
}
