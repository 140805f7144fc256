import { afterAll, beforeAll } from 'vitest';
import { snapshotDatabase } from './db-snapshot.js';
import { buildUser, type TestUser } from './factories.js';
import { type Engine, type Hub, startHub } from './hub.js';

export interface ApiHub {
  hub: Hub;
  member: TestUser;
  maintainer: TestUser;
}

/**
 * A hub for the tests of one describe block, with a member and a maintainer: its fields are
 * filled in before the first test and the hub closes after the last.
 */
export function apiHubFor(engine: Engine): ApiHub & { snapshot: () => Promise<Record<string, string>> } {
  const world = {} as ApiHub;
  beforeAll(async () => {
    world.hub = await startHub(engine);
    [world.member, world.maintainer] = await Promise.all([
      buildUser(world.hub),
      buildUser(world.hub, { role: 'maintainer' }),
    ]);
  });
  afterAll(() => world.hub.close());
  return Object.assign(world, {
    /** Every table but the rate limits: what a refused request must leave as it was. */
    snapshot: () => snapshotDatabase(world.hub.testDb.database, { ignore: ['rate_limits'] }),
  });
}
