import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { pageOf } from '../schemas/paging.js';
import {
  DeliveryParams,
  DeliveryQuery,
  DeliverySchema,
  WebhookChange,
  WebhookCreate,
  WebhookCreated,
  WebhookParams,
  WebhookSchema,
} from '../schemas/webhooks.js';
import { created, sendUpdate } from './if-match.js';
import { noContentRoute } from './route-kinds.js';
import { BEARER, bearerWrite, Problem } from './schemas.js';

const tags = ['webhooks'];
const security = BEARER;
const ReadProblems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

type Server = Parameters<FastifyPluginAsyncTypebox>[0];

/** Webhook endpoints and their delivery log in the JSON API (admins). */
export function webhookApiRoutes(app: App, config: Config): FastifyPluginAsyncTypebox {
  return async (server) => {
    endpointRoutes(server, app, config);
    changeRoutes(server, app);
    deliveryRoutes(server, app);
  };
}

function endpointRoutes(server: Server, app: App, config: Config): void {
  server.get(
    '/webhooks',
    {
      schema: {
        tags,
        security,
        summary: 'The webhook endpoints, oldest first',
        response: {
          200: Type.Object({ items: Type.Array(WebhookSchema), nextCursor: Type.Null() }),
          ...ReadProblems,
        },
      },
    },
    async (request) => ({ items: await app.webhooks.list(request.auth.actor), nextCursor: null }),
  );

  server.post(
    '/webhooks',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Register a webhook endpoint',
          description:
            'The answer carries the endpoint’s secret (whsec_…), shown this once; it signs what a `standard` endpoint is sent. With a chat `format` (slack, mattermost, teams, discord, matrix) the endpoint is sent posts in that platform’s message format and `locale`, unsigned, and its URL must have the shape of the platform’s incoming webhooks. Only https URLs outside private networks are taken.',
          body: WebhookCreate,
        },
        { 201: WebhookCreated },
      ),
    },
    async (request, reply) => {
      const { endpoint, secret } = await app.webhooks.create(request.auth.actor, request.body);
      const location = `${config.basePath}/api/v1/webhooks/${endpoint.id}`;
      return created(reply, location, endpoint.version, { ...endpoint, secret });
    },
  );

  server.get(
    '/webhooks/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One webhook endpoint',
        params: WebhookParams,
        response: { 200: WebhookSchema, ...ReadProblems },
      },
    },
    async (request, reply) => {
      const endpoint = await app.webhooks.get(request.auth.actor, request.params.id);
      return reply.header('etag', `"${endpoint.version}"`).send(endpoint);
    },
  );
}

function changeRoutes(server: Server, app: App): void {
  server.patch(
    '/webhooks/:id',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Change, pause or resume a webhook endpoint',
          description:
            'Send the ETag you read as If-Match. `active: true` resumes a paused endpoint and forgets its failures. A new `format` or `url` is checked together with the one stored.',
          params: WebhookParams,
          body: WebhookChange,
          headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 200 })) }),
        },
        { 200: WebhookSchema },
      ),
    },
    async (request, reply) =>
      sendUpdate(
        reply,
        request.headers['if-match'],
        () => app.webhooks.get(request.auth.actor, request.params.id),
        (version) => app.webhooks.update(request.auth.actor, request.params.id, version, request.body),
        (endpoint) => endpoint,
      ),
  );

  noContentRoute(
    server,
    {
      method: 'DELETE',
      url: '/webhooks/:id',
      schema: bearerWrite(
        {
          tags,
          summary: 'Remove a webhook endpoint',
          description: 'Its messages and delivery log go with it.',
          params: WebhookParams,
        },
        { 204: Type.Null() },
      ),
    },
    (request) => app.webhooks.remove(request.auth.actor, request.params.id),
  );
}

function deliveryRoutes(server: Server, app: App): void {
  server.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        security,
        summary: 'The delivery log of an endpoint, newest first',
        description:
          'One entry per attempt: the receiver’s status, the time it took, the first 1 KB of its answer.',
        params: WebhookParams,
        querystring: DeliveryQuery,
        response: {
          200: Type.Object({
            items: Type.Array(DeliverySchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...ReadProblems,
        },
      },
    },
    async (request) => {
      const { cursor, limit } = pageOf(request.query);
      return app.webhooks.deliveries(request.auth.actor, request.params.id, cursor ?? null, limit);
    },
  );

  server.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Send a logged message again',
          description:
            'The same message (same webhook-id and body), newly signed, goes out with the next run of the outbox.',
          params: DeliveryParams,
        },
        { 202: Type.Object({ messageId: Type.String() }) },
      ),
    },
    async (request, reply) => {
      const result = await app.webhooks.redeliver(
        request.auth.actor,
        request.params.id,
        request.params.deliveryId,
      );
      return reply.code(202).send(result);
    },
  );
}
