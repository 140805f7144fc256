import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdea, buildUser, planningSeries, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * `/ideas/new`, `/meetings/new` and `/groups/new` are forms: an idea, series or group whose slug
 * were `new` could never be opened by its address. Such a title gets a number instead.
 */
describe.each(ENGINES)('slugs the forms’ paths would hide (%s)', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    hub = await startHub(engine);
    [maintainer, admin] = await Promise.all([
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub, { role: 'admin' }),
    ]);
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('numbers an idea titled “New”, and its page opens', async () => {
    const idea = await buildIdea(hub, maintainer, { title: 'New', status: 'backlog' });
    expect(idea.slug).toBe('new-2');
    const page = await (await signedInClient(hub, maintainer)).get('/ideas/new-2');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('New');
    const again = await buildIdea(hub, maintainer, { title: 'new', status: 'backlog' });
    expect(again.slug).toBe('new-3');
  });

  it('numbers a series titled “New”, and its page opens', async () => {
    const series = await planningSeries(hub, maintainer, 'New');
    expect(series.slug).toBe('new-2');
    expect((await hub.server.inject({ method: 'GET', url: '/meetings/new-2' })).statusCode).toBe(200);
  });

  it('refuses a group whose slug would be “new”, storing nothing', async () => {
    await expect(hub.app.groups.create(admin.actor, { name: 'New' })).rejects.toMatchObject({
      key: 'group.slugTaken',
    });
    await expect(
      hub.app.groups.create(admin.actor, { name: 'Newcomers', slug: 'new' }),
    ).rejects.toMatchObject({
      key: 'group.slugTaken',
    });
    await hub.app.groups.create(admin.actor, { name: 'Newcomers' });
    expect((await hub.app.groups.list()).map((g) => g.group.slug)).toEqual(['newcomers']);
  });
});
