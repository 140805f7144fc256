import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import { snapshotDatabase } from './support/db-snapshot.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { type Hub, startHub } from './support/hub.js';

/** An admin names the hub after their community: every page's header and title say it. */
describe('the hub’s name', () => {
  let hub: Hub;
  let admin: TestUser;

  beforeAll(async () => {
    hub = await startHub('sqlite');
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
});
