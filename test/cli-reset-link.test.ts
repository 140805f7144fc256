import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, databaseEnv, plenumCli, ROOT, requireBuild } from './support/child.js';
import { PageClient } from './support/client.js';
import { buildUser, PASSWORD } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * `plenum users reset-link EMAIL` prints a link that sets a new password, so an operator can let
 * anyone back in, the last admin too, on a hub that sends no mail.
 */

const NEW_PASSWORD = 'a password from the console';

describe.each(ENGINES)('plenum users reset-link on %s', { timeout: 120_000 }, (engine) => {
  let hub: Hub;
  let env: Record<string, string>;

  beforeAll(async () => {
    requireBuild();
    hub = await startHub(engine);
    env = databaseEnv(hub.testDb, { PLENUM_BASE_URL: 'http://127.0.0.1:8080/' });
  });
  afterAll(() => hub.close());

  it('prints a link that sets a new password once, and leaves an audit entry', async () => {
    const admin = await buildUser(hub, { role: 'admin' });
    const out = plenumCli(['users', 'reset-link', admin.user.email.toUpperCase()], env);
    const link = out.trim();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:8080\/password-reset\/\S+$/u);

    const path = link.slice('http://127.0.0.1:8080'.length);
    const browser = new PageClient(hub);
    expect((await browser.get(path)).statusCode).toBe(200);
    const token = decodeURIComponent(path.split('/').at(-1) ?? '');
    const done = await browser.post('/password-reset/new', { token, password: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect((await browser.get('/admin')).statusCode).toBe(200);
    expect((await browser.post('/password-reset/new', { token, password: PASSWORD })).statusCode).toBe(422);

    const audit = await hub.testDb.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('entity_id', '=', admin.user.id)
      .where('action', '=', 'user.resetLink')
      .execute();
    expect(audit).toEqual([{ action: 'user.resetLink', actor_id: null }]);
  });

  it('refuses an address without an account', () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'plenum.js'), 'users', 'reset-link', 'nobody@example.org'],
      {
        cwd: ROOT,
        env: childEnv(env),
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('No account with e-mail nobody@example.org.');
    expect(r.stdout).toBe('');
  });
});
