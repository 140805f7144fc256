import type { FastifyPluginAsync } from 'fastify';
import { ASSET_FILES } from '../web/asset-files.js';
import { sendCached } from './compression.js';
import { cachedBody } from './response-cache.js';

/** A year: what "never expires" means to caches (RFC 9111 suggests no more). */
const FOREVER = 'public, max-age=31536000, immutable';

/**
 * Static files from memory, compressed once at start. Pages link `?v=<version of the bytes>`:
 * that URL never changes its content, so browsers keep it for good and ask nothing; a bare or
 * stale link is revalidated hourly.
 */
export function assetRoutes(): FastifyPluginAsync {
  const files = [...ASSET_FILES.values()].map((file) => ({ ...file, cached: cachedBody(file.body) }));
  return async (server) => {
    for (const file of files) {
      server.get(`/assets/${file.name}`, async (request, reply) => {
        const { v } = request.query as { v?: unknown };
        reply.header('cache-control', v === file.version ? FOREVER : 'public, max-age=3600').type(file.type);
        return sendCached(request, reply, file.cached, '');
      });
    }
  };
}
