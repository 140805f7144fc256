import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAllSchemas } from '../src/http/server.js';
import { type Hub, startHub } from './support/hub.js';

/**
 * Route schemas are compiled on each route's first request (src/http/lazy-schemas.ts), so a
 * schema that cannot compile would otherwise surface only when someone first calls its route.
 * Here every one of them is compiled, and the lazy validators answer as eager ones would.
 */
describe('route schemas', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub('sqlite');
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('compiles the schema of every route', () => {
    expect(() => compileAllSchemas(hub.server)).not.toThrow();
  });

  it('refuses a field the schema does not know, naming it, before and after compiling', async () => {
    for (let round = 0; round < 2; round++) {
      const answer = await hub.server.inject({
        method: 'POST',
        url: '/api/v1/ideas',
        payload: { title: 'Night mode', description: 'Darker colours', colour: 'black' },
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.body).toContain('colour');
    }
  });

  it('answers JSON through serialisers compiled on first use', async () => {
    const answer = await hub.server.inject({ method: 'GET', url: '/healthz' });
    expect(answer.statusCode).toBe(200);
    const again = await hub.server.inject({ method: 'GET', url: '/api/v1/ideas' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toHaveProperty('items');
  });
});
