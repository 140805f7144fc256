import type { FastifyReply, FastifySchema } from 'fastify';
import type { Static, TObject, TSchema, TString } from 'typebox';
import { ValidationError } from '../../domain/errors.js';
import type { Actor } from '../../domain/roles.js';
import { HttpError } from '../problem.js';
import type { ApiServer } from './schemas.js';

const ETAG = /^(?:W\/)?"(\d{1,9})"$/u;

/**
 * The version an update is meant for, from If-Match, which every update requires (else 428):
 * the ETag the client read (`"3"`, `W/"3"`), one of a list of them, or `*` for whatever version
 * is current (RFC 9110 §13.1.1: go ahead if the resource exists). `current` reads the current
 * version, throwing NotFoundError (404) when there is no such resource; it is asked only when
 * the header does not name one version.
 */
export async function versionFromIfMatch(
  header: string | undefined,
  current: () => Promise<number>,
): Promise<number> {
  if (header === undefined) throw new HttpError(428, 'error.preconditionRequired');
  const value = header.trim();
  if (value === '*') return current();
  const versions = value.split(',').map((tag) => ETAG.exec(tag.trim())?.[1]);
  const named = versions.filter((v): v is string => v !== undefined).map(Number);
  if (named.length === 0 || named.length !== versions.length)
    throw new ValidationError([{ field: 'If-Match', key: 'error.badVersion' }]);
  if (named.length === 1) return named[0] as number;
  // None current: the first, so the update meets the usual conflict (409 with the current state).
  const now = await current();
  return named.includes(now) ? now : (named[0] as number);
}

/**
 * An update by If-Match: the version it names (or the current one, read by `current`, for `*`)
 * goes to `update`; the answer is what `update` made, with the ETag of its new version.
 */
export async function updateIfMatch<T extends { version: number }>(
  header: string | undefined,
  current: () => Promise<{ version: number }>,
  update: (version: number) => Promise<T>,
): Promise<{ value: T; etag: string }> {
  const value = await update(await versionFromIfMatch(header, async () => (await current()).version));
  return { value, etag: `"${value.version}"` };
}

/** The answer to an update by If-Match: the ETag of the new version and what `present` makes of it. */
export async function sendUpdate<T extends { version: number }>(
  reply: FastifyReply,
  header: string | undefined,
  current: () => Promise<{ version: number }>,
  update: (version: number) => Promise<T>,
  present: (value: T) => unknown,
): Promise<FastifyReply> {
  const { value, etag } = await updateIfMatch(header, current, update);
  return reply.header('etag', etag).send(present(value));
}

/**
 * The updates of one kind of resource named by id, answered as `sendUpdate` does: `current` reads
 * one (for `If-Match: *`, and 404 for an unknown id), `present` shows what an update made.
 */
export const updatesOf =
  <T extends { version: number }>(
    current: (id: string) => Promise<{ version: number }>,
    present: (value: T) => unknown,
  ) =>
  (reply: FastifyReply, id: string, header: string | undefined, update: (version: number) => Promise<T>) =>
    sendUpdate(reply, header, () => current(id), update, present);

/** If-Match of a change that may go without it: left out, it stands for `*` (the current version). */
export const ifMatchOrAny = (header: string | undefined): string => header ?? '*';

/**
 * The answer to a write that creates what is not stored yet or updates it by If-Match. `current`
 * reads the stored version, 0 while there is none: then no If-Match is needed, and the answer is
 * 201 at `location`; once there is one, If-Match is required as for any update (200).
 */
export async function sendUpsert<T extends { version: number }>(
  reply: FastifyReply,
  header: string | undefined,
  current: () => Promise<{ version: number }>,
  write: (version: number) => Promise<T>,
  present: (value: T) => unknown,
  location: string,
): Promise<FastifyReply> {
  const stored = (await current()).version;
  const version =
    header === undefined && stored === 0 ? 0 : await versionFromIfMatch(header, async () => stored);
  const value = await write(version);
  if (stored === 0) reply.code(201).header('location', location);
  return reply.header('etag', `"${value.version}"`).send(present(value));
}

/** 201 for what a create made: where it now lives, the ETag of its first version, and the body. */
export const created = (
  reply: FastifyReply,
  location: string,
  version: number,
  body: unknown,
): FastifyReply => reply.code(201).header('location', location).header('etag', `"${version}"`).send(body);

/**
 * `GET` of one versioned thing by its id, answered with its ETag: the version a later update
 * sends back in If-Match.
 */
export function versionedRead<T extends { version: number }>(
  server: ApiServer,
  path: string,
  schema: {
    tags: string[];
    summary: string;
    params: TObject<{ id: TString }>;
    response: Record<number, TSchema>;
  },
  read: (id: string, actor: Actor) => Promise<T>,
  present: (t: T) => unknown,
): void {
  server.get(path, { schema }, async (request, reply) => {
    const found = await read((request.params as { id: string }).id, request.auth.actor);
    return reply.header('etag', `"${found.version}"`).send(present(found));
  });
}

/**
 * An update of one versioned thing named by `:id`, by If-Match (as `updatesOf` answers it):
 * `write` gets the actor, the id, the version If-Match names and the body its schema checked.
 */
export function versionedUpdate<T extends { version: number }, S extends FastifySchema & { body: TSchema }>(
  server: ApiServer,
  route: { method: 'PATCH' | 'POST'; url: string; schema: S },
  kind: { read: (id: string) => Promise<T>; present: (value: T) => unknown },
  write: (actor: Actor, id: string, version: number, body: Static<S['body']>) => Promise<T>,
): void {
  const update = updatesOf(kind.read, kind.present);
  server.route({
    ...route,
    // Widened: Fastify cannot resolve the reply's type from a schema that is a type parameter.
    schema: route.schema as FastifySchema,
    handler: async (request, reply) => {
      const { id } = request.params as { id: string };
      const header = request.headers['if-match'] as string | undefined;
      return update(reply, id, header, (version) =>
        // The schema checked the body before the handler runs; Fastify cannot type it from a generic schema.
        write(request.auth.actor, id, version, request.body as Static<S['body']>),
      );
    },
  });
}

/** A create below the thing named by `:id`, answered 201 at `place` of what it made, with its ETag. */
export function createdRoute<T extends { version: number }, S extends FastifySchema & { body: TSchema }>(
  server: ApiServer,
  route: { url: string; schema: S },
  write: (actor: Actor, id: string, body: Static<S['body']>) => Promise<T>,
  answer: { place: (made: T) => string; present: (made: T) => unknown },
): void {
  server.post(route.url, { schema: route.schema as FastifySchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    // As in versionedUpdate: the schema checked the body, which Fastify cannot type from a generic schema.
    const made = await write(request.auth.actor, id, request.body as Static<S['body']>);
    return created(reply, answer.place(made), made.version, answer.present(made));
  });
}
