import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from 'typebox';
import { IDEA_STATUSES } from '../../domain/idea-status.js';
import { LinkSchema } from '../schemas/ideas.js';

// The inputs of the ideas live with their form route's; the routes that read a link's shape from here still may.
export { LinkSchema };

/** JSON shapes of the API. Validation of content (URLs, tag syntax, transitions) happens in the domain. */

/** The server an API plugin registers its routes on (under `/api/v1`), typed by TypeBox. */
export type ApiServer = Parameters<FastifyPluginAsyncTypebox>[0];

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    current: Type.Optional(Type.Unknown()),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** The refusals a write of the API may answer with. */
export const WriteProblems = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
  428: Problem,
};

/** The header an update names the version it read with (see if-match.ts). */
export const IfMatchHeader = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 200 })) });

export const IdeaStatusSchema = Type.Enum([...IDEA_STATUSES], {
  description: 'proposed → backlog → roadmap → in_progress → done; declined and removed carry a reason',
});

/** What an idea or topic says of its author once they deleted their account or had its text removed. */
export const AuthorMarkFields = {
  proposerLeft: Type.Optional(
    Type.Boolean({ description: 'the proposer deleted their account: shown as by a former member' }),
  ),
  textRemoved: Type.Optional(
    Type.Boolean({ description: 'the description was removed at its author’s request' }),
  ),
};

/** Where a thing belongs: its group's id, as `GET /groups` lists them. */
export const GroupIdSchema = Type.Union([Type.String(), Type.Null()], {
  description: 'The id of the group it belongs to (GET /groups lists them), or null for none',
});

export const IdeaSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  description: Type.String({ description: 'Markdown' }),
  status: IdeaStatusSchema,
  statusReason: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()),
  links: Type.Array(LinkSchema),
  proposerId: Type.Union([Type.String(), Type.Null()]),
  proposerName: Type.Union([Type.String(), Type.Null()]),
  groupId: GroupIdSchema,
  ...AuthorMarkFields,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer({ minimum: 1 }),
  interestCount: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'How many members want it (in lists; one idea’s: GET /ideas/{id}/interest)',
    }),
  ),
  held: Type.Optional(
    Type.Object(
      {
        since: Type.String({ format: 'date-time' }),
        rejectedReason: Type.Union([Type.String(), Type.Null()], {
          description: 'why a maintainer turned it down in review; null while it waits',
        }),
      },
      {
        description:
          'A new member’s proposal held for review: only its proposer and maintainers read it. Absent once published.',
      },
    ),
  ),
});

export const HistoryEntrySchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  fromStatus: Type.Union([IdeaStatusSchema, Type.Null()]),
  toStatus: Type.Union([IdeaStatusSchema, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  fields: Type.Array(Type.String()),
  meeting: Type.Union([Type.String(), Type.Null()], {
    description: 'series/YYYY-MM-DD of the meeting that decided the change',
  }),
});

export const ListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union(
        [Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })],
        {
          description: 'Repeat or separate by commas; default: proposed, backlog, roadmap, in_progress',
        },
      ),
    ),
    tag: Type.Optional(Type.String({ maxLength: 100 })),
    group: Type.Optional(
      Type.String({ maxLength: 60, description: 'Only the ideas of this group (its slug)' }),
    ),
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Words that must all occur in title or description' }),
    ),
    // Query values arrive as text and are not coerced (see server.ts), so numbers are patterns here.
    limit: Type.Optional(
      Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', description: '1–500, default 100' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 1000 })),
    sort: Type.Optional(
      Type.Union([Type.Literal('title'), Type.Literal('interest')], {
        description: 'title (default): alphabetically; interest: most wanted first, then alphabetically',
      }),
    ),
    lang: Type.Optional(
      Type.Union([Type.Literal('en'), Type.Literal('de')], { description: 'Collation and message language' }),
    ),
  },
  { additionalProperties: false },
);

export const IdeaParams = Type.Object({ id: Type.String({ maxLength: 200, description: 'id or slug' }) });

/** Routes that act as someone take a bearer token (or a session with its CSRF token). */
export const BEARER = [{ bearer: [] }];

/** The schema of an update by If-Match: a bearer token, the header, and the refusals of a write. */
export function ifMatchUpdate<T extends { body: TSchema }, R extends TSchema>(schema: T, answer: R) {
  return {
    ...schema,
    security: BEARER,
    headers: IfMatchHeader,
    response: { 200: answer, ...WriteProblems },
  };
}

/** The schema of a write by a bearer token: the refusals of a write follow its own answers. */
export const bearerWrite = <A extends { tags: string[]; summary: string }, R extends Record<number, TSchema>>(
  about: A,
  answers: R,
) => ({ ...about, security: BEARER, response: { ...answers, ...WriteProblems } });

/** `?group=slug`: only what belongs to that group; an unknown group is refused (400). */
export const GroupQuery = Type.Object({
  group: Type.Optional(Type.String({ maxLength: 60, description: 'the slug of a group' })),
});
