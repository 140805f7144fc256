import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import { TriagePage } from '../../web/pages/triage.js';
import type { PageKit } from './kit.js';

/** The maintainers' triage queue, with a refused form's reason when one of its forms was refused. */
export function triageView(app: App, kit: PageKit) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { message: string; status: number },
  ) => {
    const byInterest = (request.query as Record<string, unknown>).sort === 'interest';
    const queue = await app.ideas.triageQueue(request.auth.actor, byInterest ? 'interest' : 'title');
    const reports = await app.comments.openReports(request.auth.actor);
    const held = (await app.comments.heldComments(request.auth.actor)).items;
    const heldIdeas = await app.ideas.heldProposals(request.auth.actor);
    const message = refused?.message ?? null;
    return kit.render(
      request,
      reply,
      TriagePage,
      { queue, byInterest, reports, held, heldIdeas, message },
      refused?.status,
    );
  };
}
