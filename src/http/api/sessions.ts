import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { SessionView } from '../../app/session-list.js';
import { SessionParams, SessionSchema } from '../schemas/account-links.js';
import { PageQuery, pageOf } from '../schemas/paging.js';
import { noContentRoute } from './route-kinds.js';
import { BEARER, Problem } from './schemas.js';

const security = BEARER;

export function presentSession(s: SessionView) {
  return {
    id: s.id,
    browser: s.device?.browser ?? null,
    system: s.device?.system ?? null,
    created: s.createdAt,
    lastSeen: s.lastSeenAt,
    current: s.current,
  };
}

/** One's own browser sessions in the JSON API. */
export function sessionApiRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/me/sessions',
      {
        schema: {
          tags: ['sessions'],
          security,
          summary: 'The browsers signed in to one’s account, newest first',
          querystring: PageQuery,
          response: {
            200: Type.Object({
              items: Type.Array(SessionSchema),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
            }),
            400: Problem,
            401: Problem,
            403: Problem,
          },
        },
      },
      async (request) => {
        const { cursor, limit } = pageOf(request.query);
        const all = await app.sessionList.list(request.auth.actor, request.auth.sessionToken ?? null);
        const start = cursor === undefined ? 0 : all.findIndex((s) => s.id === cursor) + 1;
        const items = all.slice(start, start + limit);
        const more = start + limit < all.length;
        return { items: items.map(presentSession), nextCursor: more ? (items.at(-1)?.id ?? null) : null };
      },
    );

    noContentRoute(
      server,
      {
        method: 'DELETE',
        url: '/me/sessions/:id',
        schema: {
          tags: ['sessions'],
          security,
          summary: 'Sign one session out',
          description:
            'Its browser is signed out at its next request. Someone else’s session is not found (404).',
          params: SessionParams,
          response: { 204: Type.Null(), 401: Problem, 403: Problem, 404: Problem },
        },
      },
      (request) => app.sessionList.revoke(request.auth.actor, request.params.id),
    );

    noContentRoute(
      server,
      {
        method: 'DELETE',
        url: '/me/sessions',
        schema: {
          tags: ['sessions'],
          security,
          summary: 'Sign out everywhere else',
          description:
            'Every session of the account ends but the one sending this (all of them for a token).',
          response: { 204: Type.Null(), 401: Problem, 403: Problem },
        },
      },
      (request) => app.sessionList.revokeOthers(request.auth.actor, request.auth.sessionToken ?? null),
    );
  };
}
