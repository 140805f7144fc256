import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { FollowKind } from '../../app/follows.js';
import { BoardParams } from '../schemas/board.js';
import {
  FollowSchema,
  FollowStateSchema,
  InterestedSchema,
  InterestStateSchema,
  PersonParams,
  ProfileSchema,
} from '../schemas/follows.js';
import { PageQuery, pageOf } from '../schemas/paging.js';
import { ProposalNumberParams } from '../schemas/proposals.js';
import { SlugParams } from './meetings/shapes.js';

const GroupParams = Type.Object({ slug: Type.String({ maxLength: 100, description: 'the group’s slug' }) });

import { type ApiServer, BEARER, IdeaParams, Problem } from './schemas.js';

/**
 * Interest, following and public profiles in the JSON API. Saying yes is PUT and no is DELETE,
 * each answering 200 with the state now and whether this request `changed` it: a repeat is no
 * error, and still one interest or follow.
 */

const security = BEARER;
const refusals = { 401: Problem, 403: Problem, 404: Problem };

/** The schema of a PUT or DELETE that sets a yes/no of the caller on one thing. */
function toggle<P extends TSchema, A extends TSchema>(tag: string, summary: string, params: P, answer: A) {
  return { tags: [tag], security, summary, params, response: { 200: answer, ...refusals } };
}

function interestRoutes(server: ApiServer, app: App): void {
  const schema = (summary: string) => toggle('interest', summary, IdeaParams, InterestStateSchema);
  server.put('/ideas/:id/interest', { schema: schema('Say you want this idea too') }, async (request) =>
    app.interest.add(request.auth.actor, request.params.id),
  );
  server.delete(
    '/ideas/:id/interest',
    { schema: schema('Take back your interest in an idea') },
    async (request) => app.interest.remove(request.auth.actor, request.params.id),
  );
  server.get(
    '/ideas/:id/interest',
    {
      schema: {
        tags: ['interest'],
        summary: 'How many want an idea; who, for maintainers',
        description:
          'Everyone reads the count and whether they are among them; `people` lists the names, a page at a time, to maintainers only (null for everyone else).',
        params: IdeaParams,
        querystring: PageQuery,
        response: {
          200: Type.Object({
            count: Type.Integer({ minimum: 0 }),
            interested: Type.Boolean({ description: 'Whether the caller is interested' }),
            people: Type.Union([
              Type.Object({
                items: Type.Array(InterestedSchema),
                nextCursor: Type.Union([Type.String(), Type.Null()]),
              }),
              Type.Null(),
            ]),
          }),
          400: Problem,
          404: Problem,
        },
      },
    },
    async (request, reply) => {
      // The names depend on who asks: no shared cache may keep them.
      reply.header('cache-control', 'no-store');
      return app.interest.of(request.auth.actor, request.params.id, pageOf(request.query));
    },
  );
}

/** PUT and DELETE `…/follow` of one kind of thing, named by the path's parameter. */
function followRoutes<P extends TSchema>(
  server: ApiServer,
  app: App,
  kind: FollowKind,
  path: string,
  params: P,
  ref: (params: unknown) => string,
): void {
  const schema = (summary: string) => toggle('follows', summary, params, FollowStateSchema);
  server.put(path, { schema: schema(`Follow a${kind === 'idea' ? 'n' : ''} ${kind}`) }, async (request) =>
    app.follows.follow(request.auth.actor, kind, ref(request.params)),
  );
  server.delete(
    path,
    { schema: schema(`Stop following a${kind === 'idea' ? 'n' : ''} ${kind}`) },
    async (request) => app.follows.unfollow(request.auth.actor, kind, ref(request.params)),
  );
}

export function followApiRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    interestRoutes(server, app);
    followRoutes(server, app, 'idea', '/ideas/:id/follow', IdeaParams, (p) => (p as { id: string }).id);
    followRoutes(
      server,
      app,
      'series',
      '/series/:slug/follow',
      SlugParams,
      (p) => (p as { slug: string }).slug,
    );
    followRoutes(server, app, 'board', '/boards/:id/follow', BoardParams, (p) => (p as { id: string }).id);
    followRoutes(
      server,
      app,
      'group',
      '/groups/:slug/follow',
      GroupParams,
      (p) => (p as { slug: string }).slug,
    );
    followRoutes(
      server,
      app,
      'proposal',
      '/proposals/:number/follow',
      ProposalNumberParams,
      (p) => (p as { number: string }).number,
    );

    server.get(
      '/me/follows',
      {
        schema: {
          tags: ['follows'],
          security,
          summary: 'What one follows: ideas, meeting series, boards and groups',
          querystring: PageQuery,
          response: {
            200: Type.Object({
              items: Type.Array(FollowSchema),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
            }),
            400: Problem,
            401: Problem,
            403: Problem,
          },
        },
      },
      async (request) => app.follows.list(request.auth.actor, pageOf(request.query)),
    );

    server.get(
      '/people/:id',
      {
        schema: {
          tags: ['people'],
          summary: 'A person’s public profile',
          description:
            'The name, the ideas and agenda topics they proposed (at most 100 each) and their latest comments the reader may read (at most 20), newest first. Never an e-mail address.',
          params: PersonParams,
          response: { 200: ProfileSchema, 404: Problem },
        },
      },
      async (request, reply) => {
        // Maintainers read more of it (removed ideas) than others.
        reply.header('cache-control', 'no-store');
        return app.people.profile(request.auth.actor, request.params.id);
      },
    );
  };
}
