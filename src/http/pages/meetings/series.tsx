import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import type { App } from '../../../app/app.js';
import { ConflictError } from '../../../domain/errors.js';
import { authorize } from '../../../domain/policy.js';
import { MeetingsPage } from '../../../web/pages/meetings.js';
import { emptySeriesForm, seriesFormAsTyped, seriesFormValues } from '../../../web/pages/series-form.js';
import type { Feeds } from '../../feeds.js';
import {
  NoInput,
  OccurrenceChange,
  SeriesEdit,
  SeriesInput,
  SeriesPageParams,
} from '../../schemas/meetings.js';
import { formRoute, pageParams } from '../form-route.js';
import type { PageKit } from '../kit.js';
import { type MeetingViews, UPCOMING } from './views.js';

const seriesParams = pageParams(SeriesPageParams);

/**
 * The form always sends the number of weeks and the one in the month, whichever rule is
 * chosen; only the chosen rule's own field counts (the API, which sends what it means, is
 * told when it sends the other).
 */
function chosenRuleOnly<
  T extends {
    weekRule: string;
    interval?: unknown;
    ordinal?: unknown;
    afterWeekday?: unknown;
    remind24h?: boolean;
    remind15m?: boolean;
  },
>(body: T): T {
  const { interval, ordinal, afterWeekday, ...rest } = body;
  return {
    ...rest,
    // A box left unticked is not sent by the form: off, where the API's omission means on.
    remind24h: body.remind24h === true,
    remind15m: body.remind15m === true,
    ...(body.weekRule === 'interval' ? { interval } : {}),
    ...(body.weekRule === 'monthly' || body.weekRule === 'monthlyAfter' ? { ordinal } : {}),
    ...(body.weekRule === 'monthlyAfter' ? { afterWeekday } : {}),
  } as T;
}

/** A new series: its form, and making it. */
function createRoutes(app: App, kit: PageKit, views: MeetingViews) {
  return (server: FastifyInstance) => {
    server.get('/meetings/new', async (request, reply) => {
      authorize(request.auth.actor, 'series.edit');
      const today = Temporal.Instant.fromEpochMilliseconds(app.now().getTime())
        .toZonedDateTimeISO('Europe/Berlin')
        .toPlainDate();
      return views.seriesForm(request, reply, 'new', emptySeriesForm(today.toString()));
    });

    server.post(
      '/meetings/new',
      kit.once(
        formRoute(kit, {
          action: 'series.edit',
          params: NoInput,
          body: SeriesInput,
          run: async (request, reply, { body }) => {
            const series = await app.meetings.create(request.auth.actor, chosenRuleOnly(body));
            return kit.redirect(reply, `/meetings/${series.slug}`, 'meetings.created');
          },
          again: (request, reply, { values, errors, message, status }) =>
            views.seriesForm(request, reply, 'new', seriesFormAsTyped(values), { errors, message, status }),
        }),
      ),
    );
  };
}

/** Editing a series: its form, and saving it (a change meanwhile is said, and what was typed kept). */
function editRoutes(app: App, kit: PageKit, views: MeetingViews) {
  return (server: FastifyInstance) => {
    server.get('/meetings/:series/edit', async (request, reply) => {
      authorize(request.auth.actor, 'series.edit');
      const { series } = await app.meetings.get(seriesParams(request).series);
      return views.seriesForm(
        request,
        reply,
        { slug: series.slug, version: series.version },
        seriesFormValues(series),
      );
    });

    server.post(
      '/meetings/:series/edit',
      formRoute(kit, {
        action: 'series.edit',
        params: SeriesPageParams,
        body: SeriesEdit,
        run: async (request, reply, { params, body: { version, ...input } }) => {
          const series = await app.meetings.update(
            request.auth.actor,
            params.series,
            version,
            chosenRuleOnly(input),
          );
          return kit.redirect(reply, `/meetings/${series.slug}`, 'meetings.saved');
        },
        again: async (request, reply, { params, values, errors, message, status, cause }) => {
          const typed = seriesFormAsTyped(values);
          if (cause instanceof ConflictError) {
            // The form now carries the version stored, so saving again is a deliberate overwrite.
            const { series } = await app.meetings.get(params.series);
            return views.seriesForm(request, reply, { slug: params.series, version: series.version }, typed, {
              message: kit.t(request)('meetings.conflict'),
              status: 409,
            });
          }
          const version = /^\d{1,9}$/u.test(values.version ?? '') ? Number(values.version) : 0;
          return views.seriesForm(request, reply, { slug: params.series, version }, typed, {
            errors,
            message,
            status,
          });
        },
      }),
    );
  };
}

/** The meetings page, a series' page, its feeds, and the forms that make and edit a series. */
export function seriesRoutes(app: App, kit: PageKit, views: MeetingViews, feeds: Feeds) {
  return async (server: FastifyInstance) => {
    server.get('/meetings', async (request, reply) => {
      const group = (request.query as { group?: unknown }).group;
      const overview = await app.meetings.overview(
        UPCOMING,
        typeof group === 'string' && group ? group : undefined,
      );
      return kit.render(request, reply, MeetingsPage, { overview });
    });
    createRoutes(app, kit, views)(server);
    server.get('/meetings/:series', async (request, reply) => {
      const { series } = seriesParams(request);
      if (series.endsWith('.ics')) return feeds.series(request, reply, series.slice(0, -4));
      return views.series(request, reply, series);
    });

    server.get('/meetings/:series/badge.svg', async (request, reply) =>
      feeds.badge(request, reply, seriesParams(request).series),
    );

    editRoutes(app, kit, views)(server);
    server.post(
      '/meetings/:series/extra',
      kit.once(
        formRoute(kit, {
          action: 'occurrence.change',
          params: SeriesPageParams,
          body: OccurrenceChange,
          run: async (request, reply, { params, body }) => {
            const key = await app.meetings.addExtra(request.auth.actor, params.series, body);
            return kit.redirect(reply, `/meetings/${params.series}/${key}`, 'meetings.changed');
          },
          again: (request, reply, { errors, message, status }) =>
            views.refusal(request, reply, message, errors, status),
        }),
      ),
    );
  };
}
