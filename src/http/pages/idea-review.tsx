import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { CommentReason } from '../schemas/comments.js';
import { withVersion } from '../schemas/meetings.js';
import { formRoute } from './form-route.js';
import type { PageKit } from './kit.js';
import { triageView } from './triage.js';

const Params = Type.Object({ slug: Type.String({ maxLength: 200 }) });

/**
 * The triage queue's forms on a proposal held for review: publish it, or turn it down saying
 * why. Both lead back to the queue; a refusal shows the queue with its reason.
 */
export function ideaReviewPageRoutes(app: App, kit: PageKit) {
  const queue = triageView(app, kit);
  const again = (
    request: Parameters<typeof queue>[0],
    reply: Parameters<typeof queue>[1],
    r: { message: string; status: number },
  ) => queue(request, reply, { message: r.message, status: r.status });
  return async (server: FastifyInstance) => {
    server.post(
      '/ideas/:slug/approve',
      formRoute(kit, {
        action: 'post.review',
        params: Params,
        body: withVersion(Type.Object({})),
        run: async (request, reply, { params: { slug }, body: { version } }) => {
          await app.ideas.approve(request.auth.actor, slug, version);
          return kit.redirect(reply, '/triage', 'idea.approved');
        },
        again,
      }),
    );
    server.post(
      '/ideas/:slug/reject',
      formRoute(kit, {
        action: 'post.review',
        params: Params,
        body: withVersion(CommentReason),
        run: async (request, reply, { params: { slug }, body: { version, reason } }) => {
          await app.ideas.reject(request.auth.actor, slug, version, reason);
          return kit.redirect(reply, '/triage', 'idea.rejected');
        },
        again,
      }),
    );
  };
}
