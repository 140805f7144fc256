import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Admins see whether the hub keeps up with its mail, webhooks and decisions. */
describe.each(ENGINES)('the outbox for admins on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let member: TestUser;
  let clock = new Date('2026-12-03T09:00:00Z');

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    [admin, member] = await Promise.all([buildUser(hub, { role: 'admin' }), buildUser(hub)]);
  });
  afterAll(() => hub.close());

  const api = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(hub)(...args);

  it('is empty at first, then counts what waits and how long, in the page and the API', async () => {
    const page = await signedInClient(hub, admin);
    expect((await page.get('/admin')).body).toContain('Nothing waits');
    await hub.app.webhooks.create(admin.actor, {
      url: 'https://hooks.example.org/in',
      events: ['idea.proposed'],
    });
    await hub.app.ideas.propose(admin.actor, { title: 'Waiting for delivery', status: 'backlog' });
    clock = new Date('2026-12-03T09:30:00Z');

    const listed = await api('GET', '/outbox', admin);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      items: [{ kind: 'webhook', pending: 1, failed: 0, oldestAgeSeconds: 1800 }],
      nextCursor: null,
    });
    const shown = (await page.get('/admin')).body;
    expect(shown).toContain('Webhooks and chat posts');
    expect(shown).toMatch(/<td>30 min<\/td>/u);
    expect((await page.get('/admin?lang=de')).body).toContain('Postausgang');

    expect((await api('GET', '/outbox', member)).statusCode).toBe(403);
    expect((await api('GET', '/outbox', null)).statusCode).toBe(401);
  });
});
