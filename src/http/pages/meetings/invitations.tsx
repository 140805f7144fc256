import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../app/app.js';
import type { Series } from '../../../domain/series.js';
import type { MessageKey } from '../../../web/i18n/index.js';
import { InvitationStatusPage } from '../../../web/pages/invitation.js';
import { limitPerClient } from '../../rate-limit.js';
import { InvitationRequest, SeriesPageParams } from '../../schemas/meetings.js';
import { formRoute, pageParams } from '../form-route.js';
import { FormFields, type PageKit } from '../kit.js';
import type { MeetingViews } from './views.js';

const seriesParams = pageParams(SeriesPageParams);

/** The signed link of a mail: the subscriber and the token that proves it came from us. */
function linkQuery(request: FastifyRequest) {
  const q = request.query as Record<string, unknown>;
  return {
    s: typeof q.s === 'string' ? q.s.slice(0, 100) : '',
    t: typeof q.t === 'string' ? q.t.slice(0, 100) : '',
  };
}

/** What a link of a mail asks (GET) and what it does once confirmed (POST). */
interface MailLink {
  path: 'confirm' | 'unsubscribe';
  title: MessageKey;
  ask: MessageKey;
  done: MessageKey;
  /** The page's button: a form to confirm or to unsubscribe. */
  button: 'confirmAction' | 'unsubscribeAction';
  act(s: string, token: string): Promise<{ series: Series }>;
}

/** The page a link of a mail shows: what it asks, or what it did. */
function statusPageOf(kit: PageKit) {
  return (request: FastifyRequest, reply: FastifyReply, link: MailLink, message: string, code = 200) =>
    kit.render(request, reply, InvitationStatusPage, { title: kit.t(request)(link.title), message }, code);
}

/**
 * A link of a mail (confirm, unsubscribe): the link only shows a button; the POST acts. Mail
 * scanners and link previews fetch links, and must not subscribe (or unsubscribe) anyone by
 * doing so.
 */
function mailLinkRoutes(app: App, kit: PageKit, server: FastifyInstance, link: MailLink) {
  const status = statusPageOf(kit);
  server.get(`/meetings/:series/invitations/${link.path}`, async (request, reply) => {
    const { series: slug } = seriesParams(request);
    const { s, t: token } = linkQuery(request);
    const { series } = await app.meetings.get(slug);
    const ctx = kit.ctx(request, reply);
    const button = {
      [link.button]: ctx.url(`/meetings/${slug}/invitations/${link.path}`, { s, t: token }),
    };
    return kit.send(
      reply,
      <InvitationStatusPage
        ctx={ctx}
        title={ctx.t(link.title)}
        message={ctx.t(link.ask, { title: series.title })}
        {...button}
      />,
    );
  });

  server.post(`/meetings/:series/invitations/${link.path}`, async (request, reply) => {
    const { s, t: token } = linkQuery(request);
    const t = kit.t(request);
    try {
      const { series } = await link.act(s, token);
      return status(request, reply, link, t(link.done, { title: series.title }));
    } catch (err) {
      if (!kit.formProblem(request, err)) throw err;
      return status(request, reply, link, t('error.badLink'), 400);
    }
  });
}

/** Asking to be invited to a series: one e-mail field, limited per client. */
function requestRoute(app: App, kit: PageKit, views: MeetingViews) {
  return (server: FastifyInstance) => {
    const invitationRequests = limitPerClient(server, app.limits, 'invitationRequestsPerClient');

    const invite = formRoute(kit, {
      params: SeriesPageParams,
      body: InvitationRequest,
      run: async (request, reply, { params, body }) => {
        // Counted once the form is known to come from our page.
        await invitationRequests(request);
        await app.invitations.request(params.series, body.email, request.locale);
        return kit.redirect(reply, `/meetings/${params.series}#invite`, 'invite.sent');
      },
      again: (request, reply, { params, values, errors, message, status, cause }) => {
        const retryAfter = (cause as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
        if (status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
        return views.series(
          request,
          reply,
          params.series,
          {
            enabled: true,
            email: values.email ?? '',
            // The form has one field: whatever is wrong is said beside it.
            errors: Object.keys(errors).length > 0 ? errors : { email: [message] },
          },
          status,
        );
      },
    });
    server.post(
      '/meetings/:series/invitations',
      kit.once(async (request, reply) => {
        if (views.invitationsEnabled) return invite(request, reply);
        // Without a mail server there is nothing to send: the page says so where the form was.
        const email = new FormFields(request.body).get('email');
        const { series } = seriesParams(request);
        return views.series(request, reply, series, { enabled: false, email, errors: {} }, 404);
      }),
    );
  };
}

/** Asking to be invited to a series, and the pages the links of the invitation mails lead to. */
export function invitationRoutes(app: App, kit: PageKit, views: MeetingViews) {
  return async (server: FastifyInstance) => {
    requestRoute(app, kit, views)(server);
    mailLinkRoutes(app, kit, server, {
      path: 'confirm',
      title: 'invite.title',
      ask: 'invite.confirmAsk',
      done: 'invite.confirmed',
      button: 'confirmAction',
      act: (s, token) => app.invitations.confirm(s, token),
    });
    // RFC 8058 one-click: mail providers POST here without cookies; the signed link is the proof.
    mailLinkRoutes(app, kit, server, {
      path: 'unsubscribe',
      title: 'invite.unsubscribeTitle',
      ask: 'invite.unsubscribeConfirm',
      done: 'invite.unsubscribed',
      button: 'unsubscribeAction',
      act: (s, token) => app.invitations.unsubscribe(s, token),
    });
  };
}
