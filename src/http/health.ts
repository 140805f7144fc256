import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../app/app.js';

/** Liveness (the process answers) and readiness (the database answers and has room to write). */
export function healthRoutes(app: App): FastifyPluginAsync {
  return async (server) => {
    let stopping = false;
    server.addHook('preClose', async () => {
      stopping = true;
    });
    server.get('/healthz', async (_request, reply) =>
      reply.header('cache-control', 'no-store').send({ status: 'ok' }),
    );
    server.get('/readyz', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (stopping || app.health.stopping())
        return reply.code(503).send({ status: 'stopping', database: app.store.engine });
      const health = await app.health.readiness();
      if (health.ready) return reply.send({ status: 'ok', database: app.store.engine });
      if (health.reason === 'disk-full')
        request.log.error({ err: health.error }, 'the database disk is full');
      else request.log.warn({ err: health.error }, 'database not ready');
      return reply.code(503).send({
        status: 'unavailable',
        database: app.store.engine,
        ...(health.reason === 'disk-full' ? { reason: 'disk-full' } : {}),
      });
    });
  };
}
