import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { SEARCH_KINDS } from '../../domain/search.js';
import { SearchQuery, searchRequest } from '../schemas/search.js';
import { Problem } from './schemas.js';

const Hit = Type.Object({
  id: Type.String(),
  kind: Type.Enum([...SEARCH_KINDS]),
  title: Type.String({ description: "A comment's is the title of what it is on; a decision's, its text" }),
  excerpt: Type.Array(
    Type.Object({ text: Type.String(), match: Type.Boolean({ description: 'A word the query found' }) }),
    { description: 'A passage of the text as plain text pieces: escape them, mark those that match' },
  ),
  path: Type.String({ description: 'Where it is shown, below the hub; a comment’s permalink in its thread' }),
  meeting: Type.Union([
    Type.Object({ seriesSlug: Type.String(), seriesTitle: Type.String(), occurrence: Type.String() }),
    Type.Null(),
  ]),
});

/** `GET /search`: the hub-wide search, as far as the caller may read. */
export function searchApiRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Search ideas, comments, topics, minutes, decisions and board cards',
          description:
            'Best matches first. Only what the caller may open is found: no deleted or hidden comments (but their own), no removed ideas or drafts they may not read. An empty query finds nothing.',
          querystring: SearchQuery,
          response: {
            200: Type.Object({
              items: Type.Array(Hit),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
            }),
            400: Problem,
            422: Problem,
          },
        },
      },
      async (request) => app.search.search(request.auth.actor, searchRequest(request.query)),
    );
  };
}
