import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, PASSWORD, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A new password is what someone sets who fears the old one is known: whoever knew it may have
 * made API tokens too, so those end with it, as do the account's other sessions.
 */

const NEW_PASSWORD = 'a new and longer passphrase';

describe.each(ENGINES)('changing the password on %s', (engine) => {
  let hub: Hub;
  let bystander: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine);
    bystander = await buildUser(hub);
  });
  afterAll(() => hub.close());

  const me = (authorization: Record<string, string>) =>
    hub.server.inject({ url: '/api/v1/me', headers: authorization });

  it('revokes every API token of the account and says so on the profile page', async () => {
    const who = await buildUser(hub, { name: 'Tess Token' });
    const second = await hub.app.accounts.createApiToken(who.actor, 'deploy script');
    const secondAuth = { authorization: `Bearer ${second.token}` };
    expect((await me(who.auth)).statusCode).toBe(200);
    expect((await me(secondAuth)).statusCode).toBe(200);

    const browser = await signedInClient(hub, who);
    const elsewhere = await signedInClient(hub, who);
    expect((await browser.get('/profile')).body).toContain(
      'A new password signs out your other sessions and revokes your API tokens.',
    );
    const res = await browser.post('/profile/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(res.statusCode).toBe(303);
    const profile = await browser.follow(res);
    expect(profile.body).toContain(
      'Password changed. Other sessions were signed out. Your API tokens were revoked too.',
    );
    expect(profile.body).not.toContain('deploy script');

    expect((await me(who.auth)).statusCode).toBe(401);
    expect((await me(secondAuth)).statusCode).toBe(401);
    expect((await elsewhere.get('/profile')).statusCode).toBe(401);
    // Other people's tokens are theirs; a token made after the change works.
    expect((await me(bystander.auth)).statusCode).toBe(200);
    const fresh = await hub.app.accounts.createApiToken(who.actor, 'new one');
    expect((await me({ authorization: `Bearer ${fresh.token}` })).statusCode).toBe(200);
  });

  it('says nothing about tokens to someone who had none', async () => {
    const user = await hub.app.accounts.createUser('system', {
      email: `no-tokens-${engine}@example.org`,
      name: 'Nora None',
      role: 'member',
      password: PASSWORD,
    });
    const who: TestUser = {
      user,
      actor: { kind: 'user', userId: user.id, role: user.role, name: user.name },
      token: '',
      auth: { authorization: '' },
    };
    const browser = await signedInClient(hub, who);
    await browser.get('/profile');
    const res = await browser.post('/profile/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    const body = (await browser.follow(res)).body;
    expect(body).toContain('Password changed. Other sessions were signed out.');
    expect(body).not.toContain('API tokens were revoked');
  });
});
