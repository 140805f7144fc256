import type { FastifyInstance } from 'fastify';
import type { Static, TObject } from 'typebox';
import type { App } from '../../../app/app.js';
import { ConflictError, NotFoundError } from '../../../domain/errors.js';
import type { Action } from '../../../domain/policy.js';
import type { Actor } from '../../../domain/roles.js';
import { clientOf } from '../../rate-limit.js';
import {
  MeetingPageParams,
  TopicParams,
  TopicProposal,
  TopicStatusChange,
  TopicStep,
  TopicTimebox,
} from '../../schemas/agenda.js';
import { withVersion } from '../../schemas/meetings.js';
import { formRoute, nextPath } from '../form-route.js';
import type { PageKit } from '../kit.js';
import type { MeetingViews } from './views.js';

/** The agenda's forms on a meeting's page: proposing a topic, and the small forms that change one. */
export function agendaRoutes(app: App, kit: PageKit, views: MeetingViews) {
  /** Topic changes come from small forms on the occurrence page, which they return to. */
  const topicChange = <B extends TObject>(
    action: Action,
    body: B,
    work: (actor: Actor, id: string, input: Static<B> & { version: number }) => Promise<unknown>,
  ) =>
    formRoute(kit, {
      action,
      params: TopicParams,
      body: withVersion(body),
      run: async (request, reply, { params, body: input }) => {
        await work(request.auth.actor, params.id, input as Static<B> & { version: number });
        return kit.redirect(reply, nextPath(request, '/meetings'), 'agenda.topicChanged');
      },
      // Refused for a reason the reader can act on: show the agenda as it is now, with why.
      again: async (request, reply, { params, errors, message, status, cause }) => {
        const meeting = await app.agenda.meetingOf(params.id);
        if (!meeting) throw new NotFoundError('topic', params.id);
        const changeMessage =
          cause instanceof ConflictError
            ? kit.t(request)('agenda.changedMeanwhile')
            : [message, ...Object.values(errors).flat()].join(' ');
        return views.occurrence(request, reply, meeting.slug, meeting.key, {
          status,
          topic: { values: {}, errors: {}, changeMessage },
        });
      },
    });

  return async (server: FastifyInstance) => {
    server.post(
      '/meetings/:series/:date/topics',
      kit.once(
        formRoute(kit, {
          // Visitors who are not signed in see no topic form, so no message in it: they are
          // refused with an error page that says why (and offers to sign in).
          action: 'topic.propose',
          params: MeetingPageParams,
          body: TopicProposal,
          run: async (request, reply, { params: { series, date }, body }) => {
            const topic = await app.agenda.propose(request.auth.actor, series, date, body, clientOf(request));
            return kit.redirect(
              reply,
              `/meetings/${series}/${date}#topic-${topic.id}`,
              topic.status === 'accepted' ? 'agenda.topicAdded' : 'agenda.topicProposed',
            );
          },
          again: (request, reply, { params, values, errors, message, status }) =>
            views.occurrence(request, reply, params.series, params.date, {
              status,
              topic: { values, errors: Object.keys(errors).length > 0 ? errors : { title: [message] } },
            }),
        }),
      ),
    );

    server.post(
      '/topics/:id/status',
      topicChange('topic.setStatus', TopicStatusChange, (actor, id, { version, status }) =>
        app.agenda.setStatus(actor, id, version, status),
      ),
    );
    server.post(
      '/topics/:id/move',
      topicChange('topic.arrange', TopicStep, (actor, id, { version, direction }) =>
        app.agenda.move(actor, id, version, direction),
      ),
    );
    server.post(
      '/topics/:id/minutes',
      topicChange('topic.arrange', TopicTimebox, (actor, id, { version, minutes }) =>
        app.agenda.setMinutes(actor, id, version, minutes),
      ),
    );
  };
}
