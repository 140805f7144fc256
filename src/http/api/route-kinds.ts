import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyRequest,
  FastifySchema,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
} from 'fastify';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { ifMatchOrAny, sendUpdate } from './if-match.js';
import type { ApiServer } from './schemas.js';

/**
 * The kinds of route most of the API is made of, declared once. Each takes the route's schema as
 * a type parameter, so a handler's `request.params`, `request.body` and headers are typed by its
 * TypeBox schema exactly as in a `server.post(url, { schema }, handler)` of its own.
 */

/** A request of the API as a route with `schema` receives it. */
export type ApiRequest<S extends FastifySchema> = FastifyRequest<
  RouteGenericInterface,
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  S,
  TypeBoxTypeProvider
>;

/**
 * The request as its route's schema types it. Fastify cannot resolve the reply's type from a
 * schema that is a type parameter, so these routes are registered with the schema widened and
 * the request given its type back here: the schema did validate it before the handler runs.
 */
const typed = <S extends FastifySchema>(request: FastifyRequest) => request as unknown as ApiRequest<S>;

interface Route<S extends FastifySchema> {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  schema: S;
  /** Runs before the body is checked: a DELETE sent without a body gets an empty one. */
  preValidation?: (request: FastifyRequest) => Promise<void>;
}

/** A write that answers 204 with no body once `run` is done. */
export function noContentRoute<S extends FastifySchema>(
  server: ApiServer,
  route: Route<S>,
  run: (request: ApiRequest<S>) => Promise<unknown>,
): void {
  server.route({
    ...route,
    schema: route.schema as FastifySchema,
    handler: async (request, reply) => {
      await run(typed(request));
      return reply.code(204).send(null);
    },
  });
}

/**
 * An update by If-Match that answers with what it made and the ETag of its new version
 * (`sendUpdate`): `current` reads the stored thing (for `*`, and 404 when there is none),
 * `update` writes the version If-Match names. A change that adds to its subject rather than
 * replacing it may go without If-Match (`ifMatch: 'optional'`): then it is for the current version.
 */
export function updateRoute<S extends FastifySchema, T extends { version: number }>(
  server: ApiServer,
  route: Route<S> & { ifMatch?: 'optional' },
  kind: {
    current: (request: ApiRequest<S>) => Promise<{ version: number }>;
    update: (request: ApiRequest<S>, version: number) => Promise<T>;
    present: (value: T) => unknown;
  },
): void {
  const { ifMatch, ...declared } = route;
  server.route({
    ...declared,
    schema: declared.schema as FastifySchema,
    handler: async (request, reply) => {
      const header = request.headers['if-match'] as string | undefined;
      return sendUpdate(
        reply,
        ifMatch === 'optional' ? ifMatchOrAny(header) : header,
        () => kind.current(typed(request)),
        (version) => kind.update(typed(request), version),
        kind.present,
      );
    },
  });
}

/** What registers some of the API's routes on its server. */
type Register = (server: ApiServer, app: App, config: Config) => void;

/** The plugin of one part of the API, made of the functions that register its routes, in order. */
export const apiPart =
  (...registers: Register[]) =>
  (app: App, config: Config): FastifyPluginAsyncTypebox =>
  async (server) => {
    for (const register of registers) register(server, app, config);
  };
