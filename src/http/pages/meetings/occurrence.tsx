import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TObject } from 'typebox';
import type { App } from '../../../app/app.js';
import type { Actor } from '../../../domain/roles.js';
import type { Feeds } from '../../feeds.js';
import type { LiveStreams } from '../../live-stream.js';
import { MeetingPageParams } from '../../schemas/agenda.js';
import { NoInput, OccurrenceCancelForm, OccurrenceMoveForm } from '../../schemas/meetings.js';
import { formRoute, pageParams } from '../form-route.js';
import type { PageKit } from '../kit.js';
import type { MeetingViews } from './views.js';

const meetingParams = pageParams(MeetingPageParams);

/** The fields of the occurrence page's change forms, each shown again as typed. */
const CHANGE_FIELDS = ['reason', 'newDate', 'newStartTime', 'newDurationMinutes'] as const;

/** A maintainer marks the agenda ready: followers and subscribers get it now, once. */
function agendaReadyRoute(app: App, kit: PageKit, views: MeetingViews) {
  return (server: FastifyInstance) => {
    server.post(
      '/meetings/:series/:date/agenda-ready',
      formRoute(kit, {
        action: 'agenda.markReady',
        params: MeetingPageParams,
        body: NoInput,
        run: async (request, reply, { params: { series, date } }) => {
          await app.reminders.markAgendaReady(request.auth.actor, series, date);
          return kit.redirect(reply, `/meetings/${series}/${date}`, 'agenda.markedReady');
        },
        again: (request, reply, { params, errors, message, status }) =>
          views.occurrence(request, reply, params.series, params.date, {
            status,
            change: { errors, message, values: {} },
          }),
      }),
    );
  };
}

/** One meeting's page, its live updates, and the forms that cancel, move or restore it. */
export function occurrenceRoutes(
  app: App,
  kit: PageKit,
  views: MeetingViews,
  feeds: Feeds,
  live: LiveStreams,
) {
  /** An occurrence change from a form; on a refusal the occurrence page comes back with the input. */
  const change = <B extends TObject>(
    body: B,
    work: (actor: Actor, slug: string, date: string, input: Static<B>) => Promise<unknown>,
  ) =>
    formRoute(kit, {
      action: 'occurrence.change',
      params: MeetingPageParams,
      body,
      run: async (request, reply, { params: { series, date }, body: input }) => {
        await work(request.auth.actor, series, date, input);
        // A called-off extra meeting is gone, and its page with it: back to the series then.
        const stillThere = await app.meetings.occurrence(series, date).then(
          () => true,
          () => false,
        );
        return kit.redirect(
          reply,
          stillThere ? `/meetings/${series}/${date}` : `/meetings/${series}`,
          'meetings.changed',
        );
      },
      again: (request: FastifyRequest, reply: FastifyReply, { params, values, errors, message, status }) =>
        views.occurrence(request, reply, params.series, params.date, {
          status,
          change: {
            errors,
            message,
            values: Object.fromEntries(CHANGE_FIELDS.map((n) => [n, values[n] ?? ''])),
          },
        }),
    });

  return async (server: FastifyInstance) => {
    server.get('/meetings/:series/:date', async (request, reply) => {
      const { series, date } = meetingParams(request);
      if (date.endsWith('.ics')) return feeds.occurrence(request, reply, series, date.slice(0, -4));
      return views.occurrence(request, reply, series, date);
    });

    // The occurrence page's live updates: as public as the page.
    server.get('/meetings/:series/:date/events', async (request, reply) => {
      const { series, date } = meetingParams(request);
      return live.send(request, reply, await app.live.agendaChannel(series, date));
    });

    server.post(
      '/meetings/:series/:date/cancel',
      change(OccurrenceCancelForm, (actor, series, date, { reason }) =>
        app.meetings.cancel(actor, series, date, reason),
      ),
    );

    server.post(
      '/meetings/:series/:date/move',
      change(OccurrenceMoveForm, (actor, series, date, input) =>
        app.meetings.move(actor, series, date, {
          date: input.newDate,
          startTime: input.newStartTime,
          durationMinutes: input.newDurationMinutes,
          reason: input.reason,
        }),
      ),
    );

    agendaReadyRoute(app, kit, views)(server);

    server.post(
      '/meetings/:series/:date/restore',
      change(NoInput, (actor, series, date) => app.meetings.restore(actor, series, date)),
    );
  };
}
