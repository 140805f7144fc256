import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import {
  MarkReadAnswer,
  MarkReadBody,
  NotificationSchema,
  NotificationSettingsBody,
  NotificationSettingsSchema,
  UnreadCount,
} from '../schemas/notifications.js';
import { PageQuery, pageOf } from '../schemas/paging.js';
import { apiPart } from './route-kinds.js';
import { type ApiServer, BEARER, bearerWrite, Problem } from './schemas.js';

const tags = ['notifications'];
const security = BEARER;
const refusals = { 401: Problem, 403: Problem };

/** One's inbox: a page of entries, the unread count, marking read. */
function registerInbox(server: ApiServer, app: App): void {
  server.get(
    '/me/notifications',
    {
      schema: {
        tags,
        security,
        summary: 'One’s notifications, newest first',
        description:
          'Comments on what one follows, mentions, status changes of followed ideas and action items assigned to one; each event once.',
        querystring: PageQuery,
        response: {
          200: Type.Object({
            items: Type.Array(NotificationSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          400: Problem,
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return app.notifications.list(request.auth.actor, pageOf(request.query));
    },
  );

  server.get(
    '/me/notifications/unread-count',
    {
      schema: {
        tags,
        security,
        summary: 'How many of one’s notifications are unread',
        response: { 200: UnreadCount, ...refusals },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { unread: await app.notifications.unreadCount(request.auth.actor) };
    },
  );

  server.post(
    '/me/notifications/read',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Mark notifications read: some by id, or all',
          description:
            'An id that is not one of your notifications is not found (404), and then none is marked. Marking one read twice changes nothing.',
          body: MarkReadBody,
        },
        { 200: MarkReadAnswer },
      ),
    },
    async (request) => app.notifications.markRead(request.auth.actor, request.body),
  );
}

/** What reaches one by mail. */
function registerSettings(server: ApiServer, app: App): void {
  server.get(
    '/me/notification-settings',
    {
      schema: {
        tags,
        security,
        summary: 'What of one’s notifications is mailed',
        response: { 200: NotificationSettingsSchema, ...refusals },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return app.notifications.settings(request.auth.actor);
    },
  );

  server.put(
    '/me/notification-settings',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Choose whether each notification is mailed, a daily digest of them, or none',
          description:
            'Mail goes only to a confirmed address, in your language and time zone. The digest comes once a day at `digestHour` on your clock, bundling what came since the last one; nothing new, no mail.',
          body: NotificationSettingsBody,
        },
        { 200: NotificationSettingsSchema },
      ),
    },
    async (request) => app.notifications.saveSettings(request.auth.actor, request.body),
  );
}

export const notificationApiRoutes = apiPart(registerInbox, registerSettings);
