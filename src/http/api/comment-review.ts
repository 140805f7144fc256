import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { HeldComment } from '../../app/comment-moderation.js';
import { CommentParams, ReportDismissal } from '../schemas/comments.js';
import { PageQuery, pageOf } from '../schemas/paging.js';
import { CommentSchema, presentComment, reasonedStep } from './comments.js';
import { type ApiRequest, apiPart, updateRoute } from './route-kinds.js';
import { type ApiServer, BEARER, bearerWrite, IfMatchHeader, Problem } from './schemas.js';

const tags = ['comments'];

const HeldCommentSchema = Type.Object({
  id: Type.String(),
  authorName: Type.Union([Type.String(), Type.Null()]),
  authorLeft: Type.Boolean(),
  body: Type.String(),
  createdAt: Type.String(),
  version: Type.Integer(),
  targetTitle: Type.String(),
  path: Type.String({ description: 'where the comment is shown, with its anchor (without the base path)' }),
});

const presentHeld = (c: HeldComment) => ({ ...c });

/** The comments held for review, for the triage queue. */
function registerReview(server: ApiServer, app: App): void {
  server.get(
    '/held-comments',
    {
      schema: {
        tags,
        security: BEARER,
        summary: 'Comments held for review, oldest first (maintainers)',
        description: 'While an admin holds the first posts of new members (setting holdFirstPosts).',
        querystring: PageQuery,
        response: {
          200: Type.Object({
            items: Type.Array(HeldCommentSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          400: Problem,
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => {
      const page = await app.comments.heldComments(request.auth.actor, pageOf(request.query));
      return { items: page.items.map(presentHeld), nextCursor: page.nextCursor };
    },
  );
}

/** Approving and rejecting held comments, dismissing reports. */
function registerDecisions(server: ApiServer, app: App): void {
  const review = {
    current: (request: ApiRequest<{ params: typeof CommentParams }>) =>
      app.comments.forReview(request.auth.actor, request.params.id),
    present: presentComment,
  };
  updateRoute(
    server,
    {
      method: 'POST',
      url: '/comments/:id/approve',
      ifMatch: 'optional',
      schema: bearerWrite(
        {
          tags,
          summary: 'Approve a comment held for review (maintainers)',
          description: 'Everyone reads it from then on. 422 for a comment not held.',
          params: CommentParams,
          headers: IfMatchHeader,
        },
        { 200: CommentSchema },
      ),
    },
    {
      ...review,
      update: (request, version) => app.comments.approve(request.auth.actor, request.params.id, version),
    },
  );
  reasonedStep(
    server,
    {
      url: '/comments/:id/reject',
      summary: 'Reject a comment held for review, with a reason its author reads (maintainers)',
    },
    { current: review.current, step: app.comments.reject },
  );
  server.post(
    '/comments/:id/reports/dismiss',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Dismiss a report of a comment, or all its open reports (maintainers)',
          description:
            'Dismissed reports leave the triage queue and stay on record with the note. 422 when none is open.',
          params: CommentParams,
          body: ReportDismissal,
        },
        { 200: Type.Object({ dismissed: Type.Integer() }) },
      ),
    },
    async (request) => app.comments.dismissReports(request.auth.actor, request.params.id, request.body),
  );
}

export const commentReviewApiRoutes = apiPart(registerReview, registerDecisions);
