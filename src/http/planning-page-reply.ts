import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';
import { exportPlanningPage } from '../web/planning-page-parts.js';

/**
 * The generated planning page as Markdown, for `/docs/planning.md` and the API alike. A docs
 * site can fetch it on every build, so it answers 304 when nothing changed.
 */
export async function sendPlanningPage(
  app: App,
  request: FastifyRequest,
  reply: FastifyReply,
  includeRoadmap: boolean,
): Promise<FastifyReply> {
  const body = await exportPlanningPage(app.docs, request.locale, includeRoadmap);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  reply.header('etag', etag).header('cache-control', 'public, max-age=60, must-revalidate');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply
    .type('text/markdown; charset=utf-8')
    .header('content-disposition', 'inline; filename="planning.md"')
    .send(body);
}
