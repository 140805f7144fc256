import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { RoadmapEntry } from '../../app/roadmap.js';
import { githubRef } from '../../domain/board.js';
import { HORIZONS } from '../../domain/roadmap.js';
import { HorizonChange } from '../schemas/board.js';
import { IfMatch, problems, security } from './board/shapes.js';
import { sendUpdate } from './if-match.js';
import { GroupQuery, IdeaParams, IdeaStatusSchema, Problem } from './schemas.js';

const tags = ['roadmap'];

const HorizonSchema = Type.Enum([...HORIZONS], { description: 'now, next or later' });

const EntrySchema = Type.Object({
  idea: Type.Object({
    id: Type.String(),
    slug: Type.String(),
    title: Type.String(),
    status: IdeaStatusSchema,
  }),
  horizon: HorizonSchema,
  horizonVersion: Type.Integer({ description: 'ETag of the horizon; 0 while the default applies' }),
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      boardId: Type.String(),
      column: Type.String(),
      title: Type.String(),
      done: Type.Boolean({ description: 'in a column flagged done' }),
      ref: Type.Union([Type.String(), Type.Null()], {
        description: 'owner/repo#123 of its first GitHub link',
      }),
    }),
  ),
});

const present = (e: RoadmapEntry) => ({
  idea: { id: e.idea.id, slug: e.idea.slug, title: e.idea.title, status: e.idea.status },
  horizon: e.horizon,
  horizonVersion: e.horizonVersion,
  progress: e.progress,
  items: e.items.map((i) => ({
    id: i.id,
    boardId: i.boardId,
    column: i.columnId,
    title: i.title,
    done: i.done,
    ref: i.links.map((l) => githubRef(l.url)).find((r) => r !== null) ?? null,
  })),
});

/** The roadmap: read publicly, horizons set by maintainers (policy action `roadmap.edit`). */
export function roadmapApiRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/roadmap',
      {
        schema: {
          tags,
          summary: 'The ideas on the roadmap and in progress, grouped now / next / later, with progress',
          description:
            'Groups in the order now, next, later; ideas alphabetically within each. `group` keeps the ideas of one working group (an unknown one is refused). Progress counts the board items linked to the idea and those of them in a column flagged done.',
          querystring: Type.Object(
            {
              lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('de')])),
              ...GroupQuery.properties,
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              groups: Type.Array(Type.Object({ horizon: HorizonSchema, entries: Type.Array(EntrySchema) })),
            }),
            400: Problem,
          },
        },
      },
      async (request) => {
        const groups = await app.roadmap.view(request.locale, request.query.group);
        return { groups: groups.map((g) => ({ horizon: g.horizon, entries: g.entries.map(present) })) };
      },
    );

    server.put(
      '/ideas/:id/horizon',
      {
        schema: {
          tags,
          security,
          summary: 'Place an idea now, next or later on the roadmap (maintainers); If-Match required',
          description:
            'If-Match names the horizon’s version (`horizonVersion` of the roadmap, `"0"` while the default applies) or `*`. `null` gives the idea back the default of its status (in progress → now, else next). A stale version gets 409.',
          params: IdeaParams,
          headers: IfMatch,
          body: HorizonChange,
          response: {
            200: Type.Object({ idea: Type.String(), horizon: HorizonSchema, version: Type.Integer() }),
            ...problems,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        return sendUpdate(
          reply,
          request.headers['if-match'],
          () => app.roadmap.horizonOf(id),
          (version) => app.roadmap.setHorizon(request.auth.actor, id, version, request.body.horizon),
          (set) => ({ idea: id, ...set }),
        );
      },
    );
  };
}
