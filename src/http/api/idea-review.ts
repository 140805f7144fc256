import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { CommentReason } from '../schemas/comments.js';
import { type ApiRequest, apiPart, updateRoute } from './route-kinds.js';
import {
  type ApiServer,
  BEARER,
  bearerWrite,
  IdeaParams,
  IdeaSchema,
  IfMatchHeader,
  ifMatchUpdate,
  Problem,
} from './schemas.js';

const tags = ['ideas'];

/** The proposals of new members held for review, for the triage queue. */
function registerHeld(server: ApiServer, app: App): void {
  server.get(
    '/held-ideas',
    {
      schema: {
        tags,
        security: BEARER,
        summary: 'Proposals held for review, oldest first (maintainers)',
        description:
          'While an admin holds the first posts of new members (setting holdFirstPosts). Rejected ones are not listed.',
        response: {
          200: Type.Object({
            items: Type.Array(IdeaSchema),
            nextCursor: Type.Null({ description: 'all of them at once: the queue is short by nature' }),
          }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => ({ items: await app.ideas.heldProposals(request.auth.actor), nextCursor: null }),
  );
}

/** Publishing a held proposal, or turning it down with a reason. */
function registerReview(server: ApiServer, app: App): void {
  // Only the version is read here (as the policy's whole view of it, so refusals come first);
  // the step itself decides who may see and review the idea.
  const current = (request: ApiRequest<{ params: typeof IdeaParams }>) =>
    app.ideas.get(request.params.id, 'system').then((r) => r.idea);
  const present = <T>(idea: T) => idea;
  updateRoute(
    server,
    {
      method: 'POST',
      url: '/ideas/:id/approve',
      ifMatch: 'optional',
      schema: bearerWrite(
        {
          tags,
          summary: 'Publish a proposal held for review (maintainers)',
          description:
            'Everyone reads it from then on, and it waits for triage like any proposal. 422 for one not held.',
          params: IdeaParams,
          headers: IfMatchHeader,
        },
        { 200: IdeaSchema },
      ),
    },
    {
      current,
      present,
      update: (request, version) => app.ideas.approve(request.auth.actor, request.params.id, version),
    },
  );
  updateRoute(
    server,
    {
      method: 'POST',
      url: '/ideas/:id/reject',
      ifMatch: 'optional',
      schema: ifMatchUpdate(
        {
          tags,
          summary: 'Turn down a proposal held for review, with a reason its proposer reads (maintainers)',
          description:
            'It stays unpublished; only its proposer and maintainers read it. 422 for one not held.',
          params: IdeaParams,
          body: CommentReason,
        },
        IdeaSchema,
      ),
    },
    {
      current,
      present,
      update: (request, version) =>
        app.ideas.reject(request.auth.actor, request.params.id, version, request.body.reason),
    },
  );
}

export const ideaReviewApiRoutes = apiPart(registerHeld, registerReview);
