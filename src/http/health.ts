import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../app/app.js';

/** Liveness (the process answers) and readiness (the database answers too). */
export function healthRoutes(app: App): FastifyPluginAsync {
  return async (server) => {
    server.get('/healthz', async (_request, reply) =>
      reply.header('cache-control', 'no-store').send({ status: 'ok' }),
    );
    server.get('/readyz', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        await app.store.ping();
        return reply.send({ status: 'ok', database: app.store.engine });
      } catch (err) {
        request.log.warn({ err }, 'database not ready');
        return reply.code(503).send({ status: 'unavailable', database: app.store.engine });
      }
    });
  };
}
