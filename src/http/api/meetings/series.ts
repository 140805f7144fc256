import { Type } from 'typebox';
import type { App } from '../../../app/app.js';
import type { Config } from '../../../config.js';
import { SeriesCreate as SeriesBody } from '../../schemas/meetings.js';
import { created, sendUpdate } from '../if-match.js';
import { type ApiServer, bearerWrite, GroupQuery, Problem } from '../schemas.js';
import { meetingPresenters, OccurrenceSchema, SeriesSchema, SlugParams, tags } from './shapes.js';

/** `GET /series`: every series with its next occurrence. */
export function registerSeriesList(server: ApiServer, app: App, config: Config): void {
  const present = meetingPresenters(config);
  server.get(
    '/series',
    {
      schema: {
        tags,
        summary: 'Every meeting series with its next occurrence, or a group’s',
        querystring: GroupQuery,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ series: SeriesSchema, next: Type.Union([OccurrenceSchema, Type.Null()]) }),
            ),
            nextCursor: Type.Null({ description: 'every series fits on one page' }),
          }),
          400: Problem,
        },
      },
    },
    async (request) => {
      const overview = await app.meetings.overview(1, request.query.group);
      return {
        items: overview.map(({ series, occurrences }) => ({
          series: present.series(series),
          next: occurrences[0] ? present.occurrence(series, occurrences[0]) : null,
        })),
        nextCursor: null,
      };
    },
  );
}

/** `POST /series`: a new series. */
export function registerSeriesCreate(server: ApiServer, app: App, config: Config): void {
  const present = meetingPresenters(config);
  server.post(
    '/series',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Create a meeting series (maintainers; a group’s leads in their group)',
          body: SeriesBody,
        },
        { 201: SeriesSchema },
      ),
    },
    async (request, reply) => {
      const series = await app.meetings.create(request.auth.actor, request.body);
      return created(
        reply,
        `${config.basePath}/api/v1/series/${encodeURIComponent(series.slug)}`,
        series.version,
        present.series(series),
      );
    },
  );
}

/** `GET /series/:slug` with its next occurrences, and `GET /series/:slug/next` for embeds. */
export function registerSeriesReads(server: ApiServer, app: App, config: Config): void {
  const present = meetingPresenters(config);
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
        series: present.series(series),
        upcoming: occurrences.map((o) => present.occurrence(series, o)),
      };
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
      return { series: present.series(series), next: next ? present.occurrence(series, next) : null };
    },
  );
}

/** `PATCH /series/:slug`: fields left out keep their stored values. */
export function registerSeriesEdit(server: ApiServer, app: App, config: Config): void {
  const present = meetingPresenters(config);
  server.patch(
    '/series/:slug',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Edit a series (maintainers); send the ETag as If-Match',
          params: SlugParams,
          headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
          body: Type.Partial(SeriesBody),
        },
        { 200: SeriesSchema },
      ),
    },
    async (request, reply) => {
      return sendUpdate(
        reply,
        request.headers['if-match'],
        async () => (await app.meetings.get(request.params.slug)).series,
        async (version) => {
          const { series: current } = await app.meetings.get(request.params.slug);
          // A new week rule comes with its own parameter; the stored rule's one does not carry over.
          const rule =
            request.body.weekRule === undefined ? {} : { interval: null, ordinal: null, afterWeekday: null };
          const merged = { ...present.series(current), ...rule, ...request.body };
          return app.meetings.update(request.auth.actor, current.slug, version, merged);
        },
        present.series,
      );
    },
  );
}
