import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import type { PageClient } from './support/client.js';
import { snapshotDatabase } from './support/db-snapshot.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub, startPeer } from './support/hub.js';

/** The admin page's form for the name, sent as an admin's browser would (after loading the page). */
async function rename(admin: PageClient, hubName: string): Promise<number> {
  await admin.get('/admin');
  return (await admin.post('/admin/name', { hubName })).statusCode;
}

/** An admin names the hub after their community: every page's header and title say it. */
describe.each(ENGINES)('the hub’s name (%s)', (engine) => {
  let hub: Hub;
  let admin: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine);
    admin = await buildUser(hub, { role: 'admin', name: 'Ada' });
  });
  afterAll(() => hub.close());

  const api = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(hub)(...args);
  const backlog = async () => (await hub.server.inject({ url: '/backlog' })).body;
  const setName = async (name: unknown) => {
    const read = await api('GET', '/settings', admin);
    return api('PATCH', '/settings', admin, { hubName: name }, { 'if-match': String(read.headers.etag) });
  };

  it('is Plenum until an admin names it, also on pages cached for visitors', async () => {
    const before = await backlog();
    expect(before).toContain('<title>Idea backlog · Plenum</title>');
    expect((await api('GET', '/settings', admin)).json().hubName).toBe('');

    const res = await setName('  metal-stack   planning ');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().hubName).toBe('metal-stack planning');
    const after = await backlog();
    expect(after).toContain('<title>Idea backlog · metal-stack planning</title>');
    expect(after).toMatch(/class="brand"[^>]*>metal-stack planning</u);
    expect(after).not.toContain('· Plenum</title>');
  });

  it('takes one line of at most 60 characters, escaped where it is shown, and empty means Plenum again', async () => {
    const snapshot = () => snapshotDatabase(hub.testDb.database, { ignore: ['rate_limits', 'sessions'] });
    const before = await snapshot();
    for (const bad of ['x'.repeat(61), 'tab\u0007bell', 42]) {
      const res = await setName(bad);
      expect(res.statusCode, String(bad)).toBe(400);
    }
    expect(await snapshot()).toEqual(before);

    const page = await signedInClient(hub, admin);
    expect((await page.get('/admin')).body).toContain('name="hubName"');
    const refused = await page.post('/admin/name', { hubName: 'y'.repeat(70) });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('One line of at most 60 characters.');
    expect((await page.post('/admin/name', { hubName: '<b>Bold & Co</b>' })).statusCode).toBe(303);
    const shown = await backlog();
    expect(shown).toContain('&lt;b>Bold &amp; Co&lt;/b>');
    expect(shown).not.toContain('<b>Bold');

    expect((await page.post('/admin/name', { hubName: '' })).statusCode).toBe(303);
    expect(await backlog()).toContain('<title>Idea backlog · Plenum</title>');
    const audit = await hub.store.read.audit.listForEntity('settings', 'hub.name');
    expect(audit.map((a) => a.action)).toContain('settings.hubName');
  });
  it('shows on a member’s next page at once, though pages keep the settings between changes', async () => {
    const member = await buildUser(hub, { name: 'Mo' });
    const page = await signedInClient(hub, member);
    const byAdmin = await signedInClient(hub, admin);
    const title = async () => /<title>([^<]*)<\/title>/u.exec((await page.get('/ideas/new')).body)?.[1];
    expect(await title()).toContain('· Plenum');
    expect(await title()).toContain('· Plenum');
    for (const name of ['Circle one', 'Circle two', '']) {
      expect(await rename(byAdmin, name)).toBe(303);
      expect(await title()).toContain(`· ${name || 'Plenum'}`);
    }
  });
});

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Two instances on one PostgreSQL database: a name given on one is on the other's next page. */
describe('the hub’s name on two instances', () => {
  let a: Hub;
  let b: Hub;
  let admin: TestUser;

  beforeAll(async () => {
    a = await startHub('postgres');
    b = await startPeer(a);
    admin = await buildUser(a, { role: 'admin', name: 'Ada' });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const titleOn = async (hub: Hub) =>
    /<title>([^<]*)<\/title>/u.exec((await hub.server.inject({ url: '/backlog' })).body)?.[1];

  it('is read afresh by the other instance on its next page', async () => {
    // Both have drawn a page with the default name, so both hold the settings.
    expect(await titleOn(a)).toBe('Idea backlog · Plenum');
    expect(await titleOn(b)).toBe('Idea backlog · Plenum');
    const onA = await signedInClient(a, admin);
    const onB = await signedInClient(b, admin);

    // The writer's next page on the other instance reads the settings' stamp: at once. A visitor
    // there is served by the stamp that instance last heard of, renewed when PostgreSQL's
    // announcement of the change arrives (a millisecond or so).
    expect(await rename(onA, 'Named on A')).toBe(303);
    expect((await onB.get('/ideas/new')).body).toMatch(/<title>[^<]* · Named on A<\/title>/u);
    await until(async () => (await titleOn(b)) === 'Idea backlog · Named on A');

    expect(await rename(onB, 'Named on B')).toBe(303);
    expect(await titleOn(b)).toBe('Idea backlog · Named on B');
    expect((await onA.get('/ideas/new')).body).toMatch(/<title>[^<]* · Named on B<\/title>/u);
    await until(async () => (await titleOn(a)) === 'Idea backlog · Named on B');
  });
});
