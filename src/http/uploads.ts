import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { MAX_PAGE_BYTES } from '../domain/planning-page.js';

/**
 * Routes that take a file (multipart/form-data), in a scope of their own: the multipart plugin
 * hooks into every request of the scope it is registered in (a listener on each response, a
 * look at each body, a clean-up after each answer), which the other routes do not need. A
 * multipart body sent anywhere else is answered 415. Fields and files land in request.body;
 * a route sets its own file limit (`config.multipartOptions`).
 */
export function uploadRoutes(routes: (uploads: FastifyInstance) => void | Promise<void>) {
  return async (server: FastifyInstance): Promise<void> => {
    await server.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_PAGE_BYTES, files: 1, fields: 20, fieldSize: MAX_PAGE_BYTES },
    });
    await routes(server);
  };
}

/** Whether a request says it carries a multipart body (the parser itself exists only where uploads go). */
export function saysMultipart(contentType: string | undefined): boolean {
  return contentType?.trimStart().toLowerCase().startsWith('multipart/') ?? false;
}
