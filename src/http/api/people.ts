import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { SUGGESTIONS_MAX } from '../../app/mentions.js';
import { initials } from '../../domain/board.js';
import { BEARER, Problem } from './schemas.js';

/** What `GET /people` reads: the beginning of a handle or of a word of a name. */
export const PeopleQuery = Type.Object(
  {
    q: Type.String({ maxLength: 50, description: 'the start of a handle or of a word of a name' }),
    limit: Type.Optional(
      Type.String({ pattern: '^([1-9]|1[0-9]|20)$', description: `1–${SUGGESTIONS_MAX}, default 8` }),
    ),
  },
  { additionalProperties: false },
);

const PersonSuggestionSchema = Type.Object({
  id: Type.String({ description: 'their profile: /people/{id}' }),
  handle: Type.String({ description: 'what @handle in a comment names' }),
  name: Type.String(),
  avatar: Type.String({ description: 'the initials the hub shows as their picture' }),
});

/** Finding members to mention: members only (see the policy's `people.search`). */
export function peopleApiRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/people',
      {
        schema: {
          tags: ['people'],
          security: BEARER,
          summary: 'Find members to mention',
          description:
            'Members in use whose handle, or a word of whose name, begins with `q` (case ignored), by name: the suggestions of `@…` in a comment. For members only (a visitor gets 401), at most 20 and 120 requests a minute per account (429 beyond). Never an e-mail address. `nextCursor` is always null: a suggestion list has one page.',
          querystring: PeopleQuery,
          response: {
            200: Type.Object({
              items: Type.Array(PersonSuggestionSchema),
              nextCursor: Type.Null(),
            }),
            400: Problem,
            401: Problem,
            403: Problem,
            429: Problem,
          },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const limit = request.query.limit === undefined ? 8 : Number(request.query.limit);
        const people = await app.mentions.suggest(request.auth.actor, request.query.q, limit);
        return { items: people.map((p) => ({ ...p, avatar: initials(p.name) })), nextCursor: null };
      },
    );
  };
}
