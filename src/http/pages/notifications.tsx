import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { liveChannel } from '../../app/live-channels.js';
import type { Config } from '../../config.js';
import { authorizeUser } from '../../domain/policy.js';
import type { Translate } from '../../web/i18n/index.js';
import { ErrorPage } from '../../web/pages/error.js';
import { InvitationStatusPage } from '../../web/pages/invitation.js';
import { NotificationsPage } from '../../web/pages/notifications.js';
import type { LiveStreams } from '../live-stream.js';
import { NotificationSettingsBody } from '../schemas/notifications.js';
import { buttonRoute, type FormAgain, formRoute } from './form-route.js';
import type { PageKit } from './kit.js';
import { type ProfilePageView, profilePageOf } from './profile.js';

const NoParams = Type.Object({});
const MarkOne = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

/** A refused button (a stale page, a form of another site) says why on a page of its own. */
function refusedAgain(kit: PageKit) {
  return async (request: FastifyRequest, reply: FastifyReply, { message, status }: FormAgain<unknown>) =>
    kit.render(request, reply, ErrorPage, { message }, status);
}

/** The inbox page, its buttons and its event stream. */
function inboxRoutes(app: App, kit: PageKit, live: LiveStreams, server: FastifyInstance): void {
  server.get('/notifications', async (request, reply) => {
    const actor = request.auth.actor;
    authorizeUser(actor, 'notification.manage');
    const since = live.cursor(liveChannel.inbox(actor.userId));
    const q = request.query as Record<string, unknown>;
    const cursor = typeof q.cursor === 'string' ? q.cursor.slice(0, 100) : undefined;
    const page = await app.notifications.list(actor, { cursor, limit: 50 });
    return kit.render(request, reply, NotificationsPage, {
      items: page.items,
      nextCursor: page.nextCursor,
      unread: await app.notifications.unreadCount(actor),
      events: kit.ctx(request, reply).url('/notifications/events', { since }),
    });
  });

  server.get('/notifications/events', async (request, reply) => {
    const actor = request.auth.actor;
    authorizeUser(actor, 'notification.manage');
    return live.send(request, reply, liveChannel.inbox(actor.userId));
  });

  server.post(
    '/notifications/read',
    formRoute(kit, {
      action: 'notification.manage',
      params: NoParams,
      body: MarkOne,
      run: async (request, reply, { body }) => {
        await app.notifications.markRead(request.auth.actor, { ids: [body.id] });
        return kit.redirect(reply, '/notifications', 'notifications.marked');
      },
      again: refusedAgain(kit),
    }),
  );

  server.post(
    '/notifications/read-all',
    buttonRoute(kit, {
      action: 'notification.manage',
      params: NoParams,
      run: (request) => app.notifications.markRead(request.auth.actor, { all: true }),
      to: '/notifications',
      notice: 'notifications.allMarked',
      again: refusedAgain(kit),
    }),
  );
}

/** The signed link of a mail: its notification (`n`) or digest (`d`), and the token that proves it came from us. */
function linkQuery(request: FastifyRequest) {
  const q = request.query as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 100) : '');
  return { n: text(q.n), d: text(q.d), t: text(q.t) };
}

type LinkQuery = ReturnType<typeof linkQuery>;

/** What the link asks before it acts: null for a bad link. */
async function askOf(app: App, { n, d, t: token }: LinkQuery, t: Translate): Promise<string | null> {
  if (d !== '')
    return (await app.notificationDigest.preview(d, token)) ? t('notifications.unsubscribeDigest') : null;
  const preview = await app.notificationMail.preview(n, token);
  if (!preview) return null;
  return preview.stopped === 'follow'
    ? t('notifications.unsubscribeFollow', { title: preview.title })
    : t('notifications.unsubscribeKind', { kind: t(`notifications.kindName.${preview.kind}`) });
}

/** Follows the link: what it stopped, said; a bad link is a ValidationError. */
async function actOn(app: App, { n, d, t: token }: LinkQuery, t: Translate): Promise<string> {
  if (d !== '') {
    await app.notificationDigest.unsubscribe(d, token);
    return t('notifications.unsubscribedDigest');
  }
  const done = await app.notificationMail.unsubscribe(n, token);
  return done.stopped === 'follow'
    ? t('notifications.unsubscribedFollow', { title: done.title })
    : t('notifications.unsubscribedKind', { kind: t(`notifications.kindName.${done.kind}`) });
}

/**
 * The unsubscribe link of a notification's mail or a digest. The link shows a button (mail
 * scanners follow links and must not unsubscribe anyone); the POST acts, with or without
 * cookies: it is also where mail programs send RFC 8058's one-click `List-Unsubscribe=One-Click`.
 */
function unsubscribeRoutes(app: App, kit: PageKit, server: FastifyInstance): void {
  const title = (request: FastifyRequest) => kit.t(request)('notifications.unsubscribeTitle');
  const badLink = (request: FastifyRequest, reply: FastifyReply) =>
    kit.render(
      request,
      reply,
      InvitationStatusPage,
      { title: title(request), message: kit.t(request)('notifications.badLink') },
      400,
    );
  server.get('/notifications/unsubscribe', async (request, reply) => {
    const query = linkQuery(request);
    const ctx = kit.ctx(request, reply);
    const message = await askOf(app, query, ctx.t);
    if (message === null) return badLink(request, reply);
    const { n, d, t: token } = query;
    return kit.render(request, reply, InvitationStatusPage, {
      title: title(request),
      message,
      unsubscribeAction: ctx.url('/notifications/unsubscribe', d !== '' ? { d, t: token } : { n, t: token }),
    });
  });

  server.post('/notifications/unsubscribe', async (request, reply) => {
    try {
      const message = await actOn(app, linkQuery(request), kit.t(request));
      return kit.render(request, reply, InvitationStatusPage, { title: title(request), message });
    } catch (err) {
      if (!kit.formProblem(request, err)) throw err;
      return badLink(request, reply);
    }
  });
}

/** The mail setting of the profile page. */
function settingsRoute(app: App, kit: PageKit, profilePage: ProfilePageView, server: FastifyInstance): void {
  server.post(
    '/profile/notifications',
    formRoute(kit, {
      action: 'notification.manage',
      params: NoParams,
      body: NotificationSettingsBody,
      run: async (request, reply, { body }) => {
        await app.notifications.saveSettings(request.auth.actor, {
          mail: body.mail,
          digestHour: body.digestHour,
          muted: [],
        });
        return kit.redirect(reply, '/profile#notifications', 'notifications.mailSaved');
      },
      again: (request, reply, { errors, message, status }) =>
        profilePage(request, reply, { errors, message, status }),
    }),
  );
}

/** One's notifications: the inbox page, marking read, the mail's unsubscribe link, the mail setting. */
export function notificationPageRoutes(app: App, kit: PageKit, config: Config, live: LiveStreams) {
  const profilePage = profilePageOf(app, kit, config);
  return async (server: FastifyInstance) => {
    inboxRoutes(app, kit, live, server);
    unsubscribeRoutes(app, kit, server);
    settingsRoute(app, kit, profilePage, server);
  };
}
