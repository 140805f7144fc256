import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';

/** The stylesheet sits beside the compiled code in src/web (copied as is; it needs no build). */
const CSS_URL = new URL('../../src/web/plenum.css', import.meta.url);

export function assetRoutes(): FastifyPluginAsync {
  const css = readFileSync(CSS_URL);
  const etag = `"${createHash('sha256').update(css).digest('base64url').slice(0, 16)}"`;
  return async (server) => {
    server.get('/assets/plenum.css', async (request, reply) => {
      reply.header('etag', etag).header('cache-control', 'public, max-age=3600');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('text/css; charset=utf-8').send(css);
    });
  };
}
