import { Temporal } from 'temporal-polyfill';
import { Type } from 'typebox';
import type { App } from '../../../app/app.js';
import type { Config } from '../../../config.js';
import { type FieldProblem, NotFoundError, ValidationError } from '../../../domain/errors.js';
import type { Occurrence } from '../../../domain/recurrence.js';
import type { Actor } from '../../../domain/roles.js';
import { parseDate } from '../../../domain/schedule.js';
import { OccurrenceChange as ChangeBody } from '../../schemas/meetings.js';
import { type ApiServer, bearerWrite, Problem } from '../schemas.js';
import { meetingPresenters, OccurrenceParams, OccurrenceSchema, SlugParams, tags } from './shapes.js';

/** The dates of a range query, refused unless `to` follows `from` within two years. */
function rangeOf(query: { from: string; to: string }): { from: Temporal.PlainDate; to: Temporal.PlainDate } {
  const from = parseDate(query.from);
  const to = parseDate(query.to);
  const problemsFound: FieldProblem[] = [];
  if (!from) problemsFound.push({ field: 'from', key: 'error.badDate' });
  if (!to) problemsFound.push({ field: 'to', key: 'error.badDate' });
  if (from && to && (Temporal.PlainDate.compare(to, from) <= 0 || from.until(to).total('days') > 731)) {
    problemsFound.push({ field: 'to', key: 'error.badRange' });
  }
  if (problemsFound.length > 0 || !from || !to) throw new ValidationError(problemsFound);
  return { from, to };
}

/** `GET /series/:slug/occurrences?from&to`. */
export function registerOccurrenceRange(server: ApiServer, app: App, config: Config): void {
  const present = meetingPresenters(config);
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
      const { from, to } = rangeOf(request.query);
      const { series } = await app.meetings.get(request.params.slug);
      const zone = series.schedule.timeZone;
      const { occurrences } = await app.meetings.between(
        series.slug,
        from.toZonedDateTime(zone).toInstant(),
        to.toZonedDateTime(zone).toInstant(),
      );
      return { items: occurrences.map((o) => present.occurrence(series, o)), nextCursor: null };
    },
  );
}

type Change = (
  slug: string,
  date: string,
  body: Record<string, unknown>,
  actor: Actor,
) => Promise<Occurrence | null>;

/** A change of one occurrence, answered with the occurrence as it now is. */
function registerChange(
  server: ApiServer,
  app: App,
  config: Config,
  route: { path: string; summary: string; run: Change },
): void {
  const present = meetingPresenters(config);
  server.post(
    route.path,
    {
      schema: bearerWrite(
        {
          tags,
          summary: route.summary,
          params: OccurrenceParams,
          body: ChangeBody,
        },
        { 200: OccurrenceSchema },
      ),
    },
    async (request) => {
      const { slug, date } = request.params;
      const changed = await route.run(slug, date, request.body ?? {}, request.auth.actor);
      try {
        const { series, occurrence } = await app.meetings.occurrence(slug, date);
        return present.occurrence(series, occurrence);
      } catch (err) {
        // A called-off extra meeting is deleted rather than marked: answer with it, cancelled.
        if (!(err instanceof NotFoundError) || !changed) throw err;
        return present.occurrence((await app.meetings.get(slug)).series, changed);
      }
    },
  );
}

/** Cancel, move and restore an occurrence. */
export function registerOccurrenceChanges(server: ApiServer, app: App, config: Config): void {
  registerChange(server, app, config, {
    path: '/series/:slug/occurrences/:date/cancel',
    summary: 'Cancel an occurrence with a reason (maintainers)',
    run: (slug, date, body, actor) => app.meetings.cancel(actor, slug, date, body.reason),
  });
  registerChange(server, app, config, {
    path: '/series/:slug/occurrences/:date/move',
    summary: 'Move an occurrence to a new local date and time (maintainers)',
    run: (slug, date, body, actor) => app.meetings.move(actor, slug, date, body).then(() => null),
  });
  registerChange(server, app, config, {
    path: '/series/:slug/occurrences/:date/restore',
    summary: 'Undo a cancellation or move (maintainers)',
    run: (slug, date, _body, actor) => app.meetings.restore(actor, slug, date).then(() => null),
  });
}

/** `POST /series/:slug/extra`: a meeting outside the rule. */
export function registerExtra(server: ApiServer, app: App, config: Config): void {
  const present = meetingPresenters(config);
  server.post(
    '/series/:slug/extra',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Add an extra occurrence (maintainers)',
          params: SlugParams,
          body: ChangeBody,
        },
        { 201: OccurrenceSchema },
      ),
    },
    async (request, reply) => {
      const key = await app.meetings.addExtra(request.auth.actor, request.params.slug, request.body);
      const { series, occurrence } = await app.meetings.occurrence(request.params.slug, key);
      return reply.code(201).send(present.occurrence(series, occurrence));
    },
  );
}
