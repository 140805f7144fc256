import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { COMMENT_TARGETS, type Comment, type CommentTargetType } from '../../domain/comment.js';
import type { Actor } from '../../domain/roles.js';
import { clientOf } from '../rate-limit.js';
import { CommentEdit, CommentParams, CommentReason, NewCommentBody } from '../schemas/comments.js';
import { PageQuery, pageOf } from '../schemas/paging.js';
import { created } from './if-match.js';
import { type ApiRequest, apiPart, updateRoute } from './route-kinds.js';
import { type ApiServer, BEARER, bearerWrite, IfMatchHeader, ifMatchUpdate, Problem } from './schemas.js';

const tags = ['comments'];

const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);

export const CommentSchema = Type.Object({
  id: Type.String(),
  targetType: Type.Enum([...COMMENT_TARGETS]),
  targetId: Type.String(),
  parentId: Nullable(Type.String()),
  authorName: Nullable(Type.String({ description: 'null for a former member or an unknown author' })),
  authorLeft: Type.Boolean({ description: 'The author deleted their account' }),
  state: Type.Enum(['visible', 'deleted', 'hidden', 'held', 'rejected'], {
    description:
      'hidden: by a maintainer; held: waiting for review; rejected: in review. Their text and reason only to the author and maintainers, who alone see held and rejected comments at all',
  }),
  body: Nullable(Type.String({ description: 'Markdown; null when deleted or hidden from the reader' })),
  hiddenReason: Nullable(Type.String()),
  rejectedReason: Nullable(Type.String()),
  createdAt: Type.String(),
  editedAt: Nullable(Type.String()),
  version: Type.Integer(),
  mentions: Type.Array(
    Type.Object({
      handle: Type.String({ description: 'as written after @ (lower-case)' }),
      id: Type.String({ description: 'the person’s id (their profile: /people/{id})' }),
      name: Type.String(),
    }),
    { description: 'Whom the text’s @handles name; empty where the text is not shown to the reader' },
  ),
});

export const presentComment = (c: Comment) => ({
  id: c.id,
  targetType: c.targetType,
  targetId: c.targetId,
  parentId: c.parentId,
  authorName: c.authorName,
  authorLeft: c.authorLeft,
  state: c.state,
  body: c.body,
  hiddenReason: c.hiddenReason,
  rejectedReason: c.rejectedReason,
  createdAt: c.createdAt,
  editedAt: c.editedAt,
  version: c.version,
  mentions: c.mentions,
});

/** Where each kind's threads are; a proposal is named by its number, as all its routes name it. */
const PATHS: Record<CommentTargetType, string> = {
  idea: '/ideas/:id/comments',
  topic: '/topics/:id/comments',
  decision: '/decisions/:id/comments',
  proposal: '/proposals/:number/comments',
};

/** The thread's reference in a request's parameters, whichever name its path gives it. */
const refOf = (params: { id?: string; number?: string }) => params.id ?? params.number ?? '';
const ThreadParams = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 100 })),
  number: Type.Optional(Type.String({ maxLength: 20 })),
});

/** `GET` and `POST /{ideas,topics,decisions,proposals}/:id/comments` (a proposal by its number). */
function registerThreads(server: ApiServer, app: App, config: Config): void {
  for (const type of COMMENT_TARGETS) {
    const path = PATHS[type];
    server.get(
      path,
      {
        schema: {
          tags,
          summary: `List the comments on ${type === 'idea' ? 'an' : 'a'} ${type}`,
          description: 'In the order they were written; a reply names its thread as parentId.',
          params: ThreadParams,
          querystring: PageQuery,
          response: {
            200: Type.Object({ items: Type.Array(CommentSchema), nextCursor: Nullable(Type.String()) }),
            400: Problem,
            404: Problem,
          },
        },
      },
      async (request) => {
        const page = await app.comments.list(
          request.auth.actor,
          type,
          refOf(request.params),
          pageOf(request.query),
        );
        return { items: page.items.map(presentComment), nextCursor: page.nextCursor };
      },
    );
    server.post(
      path,
      {
        schema: bearerWrite(
          {
            tags,
            summary: `Comment on ${type === 'idea' ? 'an' : 'a'} ${type}, or reply to a thread`,
            description: 'A reply to a reply, or to a deleted or hidden comment, is refused (422).',
            params: ThreadParams,
            body: NewCommentBody,
          },
          { 201: CommentSchema, 429: Problem },
        ),
      },
      async (request, reply) => {
        const { actor } = request.auth;
        const comment = await app.comments.create(
          actor,
          type,
          refOf(request.params),
          request.body,
          clientOf(request),
        );
        return created(
          reply,
          `${config.basePath}/api/v1/comments/${comment.id}`,
          comment.version,
          presentComment(comment),
        );
      },
    );
  }
}

/** A comment's updates by If-Match: the stored one read as its reader may, answered as the API shows it. */
const commentUpdates = (app: App) => ({
  current: async (request: ApiRequest<{ params: typeof CommentParams }>) =>
    (await app.comments.get(request.auth.actor, request.params.id)).comment,
  present: presentComment,
});

/**
 * A maintainer's step on one comment with a reason its author reads (hiding it, rejecting a held
 * one), by If-Match or, without it, on the current version; answered with the comment.
 */
export function reasonedStep(
  server: ApiServer,
  about: { url: string; summary: string; description?: string },
  kind: {
    current: (request: ApiRequest<{ params: typeof CommentParams }>) => Promise<{ version: number }>;
    step: (actor: Actor, id: string, version: number, reason: string) => Promise<Comment>;
  },
): void {
  const { url, ...text } = about;
  updateRoute(
    server,
    {
      method: 'POST',
      url,
      ifMatch: 'optional',
      schema: ifMatchUpdate({ tags, ...text, params: CommentParams, body: CommentReason }, CommentSchema),
    },
    {
      current: kind.current,
      update: (request, version) =>
        kind.step(request.auth.actor, request.params.id, version, request.body.reason),
      present: presentComment,
    },
  );
}

/** One comment: read, edited by its author, deleted by its author, hidden by a maintainer. */
function registerComment(server: ApiServer, app: App): void {
  server.get(
    '/comments/:id',
    {
      schema: {
        tags,
        summary: 'One comment',
        params: CommentParams,
        response: { 200: CommentSchema, 404: Problem },
      },
    },
    async (request, reply) => {
      const { comment } = await app.comments.get(request.auth.actor, request.params.id);
      return reply.header('etag', `"${comment.version}"`).send(presentComment(comment));
    },
  );

  updateRoute(
    server,
    {
      method: 'PATCH',
      url: '/comments/:id',
      schema: ifMatchUpdate(
        {
          tags,
          summary: 'Edit the text of your comment',
          description: 'Send the ETag you read as If-Match. The text before is kept in its history.',
          params: CommentParams,
          body: CommentEdit,
        },
        CommentSchema,
      ),
    },
    {
      ...commentUpdates(app),
      update: (request, version) =>
        app.comments.edit(request.auth.actor, request.params.id, version, request.body.body),
    },
  );

  updateRoute(
    server,
    {
      method: 'DELETE',
      url: '/comments/:id',
      ifMatch: 'optional',
      schema: bearerWrite(
        {
          tags,
          summary: 'Delete your comment',
          description:
            'Its text goes; a placeholder keeps the replies in their thread. If-Match is optional.',
          params: CommentParams,
          headers: IfMatchHeader,
        },
        { 200: CommentSchema },
      ),
    },
    {
      ...commentUpdates(app),
      update: (request, version) => app.comments.remove(request.auth.actor, request.params.id, version),
    },
  );
}

/** Hiding a comment (maintainers), reporting one to them, and the earlier texts of an edited one. */
function registerModeration(server: ApiServer, app: App): void {
  reasonedStep(
    server,
    {
      url: '/comments/:id/hide',
      summary: 'Hide a comment, with a reason (maintainers)',
      description: 'Its author and maintainers still read it, marked hidden; others see a placeholder.',
    },
    { current: commentUpdates(app).current, step: app.comments.hide },
  );
  server.post(
    '/comments/:id/report',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Report a comment to the maintainers',
          description: 'Maintainers see it in the triage queue. Reporting one again changes nothing.',
          params: CommentParams,
          body: CommentReason,
        },
        { 202: Type.Object({ reported: Type.Boolean() }) },
      ),
    },
    async (request, reply) => {
      const { reported } = await app.comments.report(
        request.auth.actor,
        request.params.id,
        request.body.reason,
      );
      return reply.code(202).send({ reported });
    },
  );

  server.get(
    '/comments/:id/history',
    {
      schema: {
        tags,
        security: BEARER,
        summary: 'Earlier texts of an edited comment (its author and maintainers)',
        params: CommentParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ id: Type.String(), body: Type.String(), replacedAt: Type.String() }),
            ),
            nextCursor: Type.Null(),
          }),
          401: Problem,
          403: Problem,
          404: Problem,
        },
      },
    },
    async (request) => ({
      items: await app.comments.history(request.auth.actor, request.params.id),
      nextCursor: null,
    }),
  );
}

export const commentApiRoutes = apiPart(registerThreads, registerComment, registerModeration);
