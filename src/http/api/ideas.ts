import { type TSchema, Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { ValidationError } from '../../domain/errors.js';
import type { Idea } from '../../domain/idea.js';
import { type IdeaStatus, isIdeaStatus } from '../../domain/idea-status.js';
import { changeStamp } from '../change-stamp.js';
import { KEPT_FOR_VISITORS, sendCached } from '../compression.js';
import { clientOf } from '../rate-limit.js';
import { type CachedBody, cachedBody, responseCache } from '../response-cache.js';
import { CreateIdeaBody, StatusBody, UpdateIdeaBody } from '../schemas/ideas.js';
import { IDEA_EXAMPLE, IDEA_LIST_EXAMPLE, NEW_IDEA_EXAMPLE, withExample } from './examples.js';
import { created, updatesOf } from './if-match.js';
import { apiPart } from './route-kinds.js';
import {
  type ApiServer,
  BEARER,
  bearerWrite,
  HistoryEntrySchema,
  IdeaParams,
  IdeaSchema,
  ListQuery,
  Problem,
  WriteProblems,
} from './schemas.js';

const tags = ['ideas'];
const security = BEARER;

/** The schema of an update of one idea: If-Match names the version, the answer is the idea. */
function ideaUpdate<B extends TSchema>(summary: string, description: string, body: B) {
  return {
    tags,
    security,
    summary,
    description,
    params: IdeaParams,
    headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
    body,
    response: { 200: IdeaSchema, ...WriteProblems },
  };
}

export function etagOf(idea: Idea): string {
  return `"${idea.version}"`;
}

function parseStatuses(value: string | string[] | undefined): IdeaStatus[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const statuses = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = statuses.find((s) => !isIdeaStatus(s));
  if (unknown !== undefined) {
    throw new ValidationError([
      { field: 'status', key: 'error.unknownStatus', params: { status: unknown.slice(0, 40) } },
    ]);
  }
  return statuses as IdeaStatus[];
}

/** Room for serialized idea lists: a page of 100 ideas is about 60 kB. */
const LIST_BYTES = 16 * 1024 * 1024;

/** `GET /ideas`, its serialized pages kept until the next write. */
function registerIdeaList(server: ApiServer, app: App): void {
  const lists = responseCache<CachedBody>(LIST_BYTES);

  server.get(
    '/ideas',
    {
      config: KEPT_FOR_VISITORS,
      schema: {
        tags,
        summary: 'List ideas alphabetically',
        description:
          'Ordered by locale-aware collation of the title (case- and accent-insensitive, numeric), never by importance; `sort=interest` puts the most wanted first.',
        querystring: ListQuery,
        response: {
          200: Type.Object(
            {
              items: Type.Array(IdeaSchema),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
              total: Type.Integer(),
            },
            { examples: [IDEA_LIST_EXAMPLE] },
          ),
          304: Type.Null(),
          400: Problem,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const query = {
        statuses: parseStatuses(q.status),
        ...(q.tag !== undefined ? { tag: q.tag } : {}),
        ...(q.group !== undefined ? { group: q.group } : {}),
        ...(q.q !== undefined ? { q: q.q } : {}),
        ...(q.limit !== undefined ? { limit: Number(q.limit) } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
        ...(q.sort !== undefined ? { sort: q.sort } : {}),
        locale: request.locale,
      };
      // The list is the same for every reader of one URL in one language (it depends on no
      // one's rights), so its bytes are kept until the next write anywhere.
      const stamp = await changeStamp(app, request);
      const list = await lists.get(stamp, `${request.locale}\n${request.url}`, async () =>
        cachedBody(reply.serialize(await app.ideas.list(query, stamp))),
      );
      reply.header('cache-control', 'no-cache').type('application/json; charset=utf-8');
      // Already serialized by this route's own serializer; Fastify sends a Buffer as it is.
      return sendCached(request, reply, list, 'accept-language, cookie, authorization') as never;
    },
  );
}

/** `POST /ideas`: a proposal. */
function registerIdeaCreate(server: ApiServer, app: App, config: Config): void {
  server.post(
    '/ideas',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Propose an idea',
          body: withExample(CreateIdeaBody, NEW_IDEA_EXAMPLE),
        },
        { 201: withExample(IdeaSchema, IDEA_EXAMPLE) },
      ),
    },
    async (request, reply) => {
      const idea = await app.ideas.propose(request.auth.actor, request.body, clientOf(request));
      return created(reply, `${config.basePath}/api/v1/ideas/${idea.id}`, idea.version, idea);
    },
  );
}

/** `GET /ideas/:id` with its history. */
function registerIdeaRead(server: ApiServer, app: App): void {
  server.get(
    '/ideas/:id',
    {
      schema: {
        tags,
        summary: 'One idea with its history',
        params: IdeaParams,
        response: {
          200: Type.Intersect([IdeaSchema, Type.Object({ history: Type.Array(HistoryEntrySchema) })]),
          304: Type.Null(),
          404: Problem,
        },
      },
    },
    async (request, reply) => {
      const { idea, history } = await app.ideas.get(request.params.id, request.auth.actor);
      const etag = etagOf(idea);
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
      return { ...idea, history };
    },
  );
}

/** `PATCH /ideas/:id` and `POST /ideas/:id/status`, by If-Match. */
function registerIdeaUpdates(server: ApiServer, app: App): void {
  /** An update of the idea `id` by If-Match (`*`: the stored version), answered with the idea. */
  const updateIdea = updatesOf(
    // Only the version is read here; the update itself decides who may see and change the idea.
    async (id) => (await app.ideas.get(id, 'system')).idea,
    (idea: Idea) => idea,
  );

  server.patch(
    '/ideas/:id',
    {
      schema: ideaUpdate(
        'Edit title, description, tags, links or group',
        'Send the ETag you read as If-Match; a stale version gets 409 with the current idea.',
        UpdateIdeaBody,
      ),
    },
    async (request, reply) => {
      return updateIdea(reply, request.params.id, request.headers['if-match'], async (version) => {
        const { idea: current } = await app.ideas.get(request.params.id, request.auth.actor);
        const merged = {
          title: request.body.title ?? current.title,
          description: request.body.description ?? current.description,
          tags: request.body.tags ?? current.tags,
          links: request.body.links ?? current.links,
          group: request.body.group,
        };
        return app.ideas.update(request.auth.actor, current.id, version, merged);
      });
    },
  );

  server.post(
    '/ideas/:id/status',
    {
      schema: ideaUpdate(
        'Change the status (maintainers)',
        'declined and removed need a reason. Send the ETag you read as If-Match.',
        StatusBody,
      ),
    },
    async (request, reply) => {
      return updateIdea(reply, request.params.id, request.headers['if-match'], (version) =>
        app.ideas.changeStatus(
          request.auth.actor,
          request.params.id,
          version,
          request.body.status,
          request.body.reason,
        ),
      );
    },
  );
}

/** Ideas: read publicly; proposed, edited and moved along their statuses as the policy allows. */
export const ideaApiRoutes = apiPart(
  registerIdeaList,
  registerIdeaCreate,
  registerIdeaRead,
  registerIdeaUpdates,
);
