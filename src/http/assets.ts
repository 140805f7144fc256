import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';

/** Static files live in src/web as they are (they need no build), served from memory. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'plenum.css': { file: '../../src/web/plenum.css', type: 'text/css; charset=utf-8' },
  'local-time.js': { file: '../../src/web/client/local-time.js', type: 'text/javascript; charset=utf-8' },
  'live.js': { file: '../../src/web/client/live.js', type: 'text/javascript; charset=utf-8' },
  'board-drag.js': { file: '../../src/web/client/board-drag.js', type: 'text/javascript; charset=utf-8' },
  'agenda-drag.js': { file: '../../src/web/client/agenda-drag.js', type: 'text/javascript; charset=utf-8' },
  'idea-picker.js': { file: '../../src/web/client/idea-picker.js', type: 'text/javascript; charset=utf-8' },
  'mentions.js': { file: '../../src/web/client/mentions.js', type: 'text/javascript; charset=utf-8' },
};

export function assetRoutes(): FastifyPluginAsync {
  const loaded = Object.entries(ASSETS).map(([name, { file, type }]) => {
    const body = readFileSync(new URL(file, import.meta.url));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    return { name, body, etag, type };
  });
  return async (server) => {
    for (const asset of loaded) {
      server.get(`/assets/${asset.name}`, async (request, reply) => {
        reply.header('etag', asset.etag).header('cache-control', 'public, max-age=3600');
        if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
        return reply.type(asset.type).send(asset.body);
      });
    }
  };
}
