import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, planningSeries, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** A new hub's first admin sees what is left to set up; the steps tick themselves from the data. */
describe.each(ENGINES)('the first-run checklist on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine);
    [admin, member] = await Promise.all([buildUser(hub, { role: 'admin' }), buildUser(hub)]);
  });
  afterAll(() => hub.close());

  const done = async () =>
    Object.fromEntries(((await hub.app.firstRun.steps(admin.actor)) ?? []).map((s) => [s.key, s.done]));

  it('shows admins the open steps as links, and nobody else anything', async () => {
    const page = await signedInClient(hub, admin);
    const home = (await page.get('/')).body;
    expect(home).toContain('Set up your hub');
    expect(home).toContain('0 of 5 steps done.');
    expect(home).toContain('href="/docs/import"');
    expect(home).toContain('href="/admin#name-heading"');
    expect((await (await signedInClient(hub, member)).get('/')).body).not.toContain('Set up your hub');
    expect((await hub.server.inject({ url: '/' })).body).not.toContain('Set up your hub');
    expect(await hub.app.firstRun.steps(member.actor)).toBeNull();
  });

  it('ticks each step as the hub gets it, and goes away when all are done', async () => {
    await hub.app.settings.setHubName(admin.actor, 'Bare metal planning');
    await planningSeries(hub, admin);
    await hub.app.ideas.propose(admin.actor, { title: 'First idea', status: 'backlog' });
    expect(await done()).toEqual({
      name: true,
      series: true,
      maintainers: false,
      github: false,
      ideas: true,
    });
    await buildUser(hub, { role: 'maintainer' });
    expect((await done()).maintainers).toBe(true);

    // A card brought in from a GitHub project marks the board as connected.
    const item = await hub.app.board.addItem(admin.actor, 'default', { title: 'Imported card' });
    await hub.testDb.database.db
      .updateTable('board_items')
      .set({ external_id: 'PVTI_1' })
      .where('id', '=', item.id)
      .execute();
    expect(await hub.app.firstRun.steps(admin.actor)).toBeNull();
    const home = (await (await signedInClient(hub, admin)).get('/')).body;
    expect(home).not.toContain('Set up your hub');
    expect(home).toContain('Welcome to Bare metal planning');
  });
});
