import type { LightMyRequestResponse } from 'fastify';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutboxWorker, smtpTransport, startOutboxWorker } from '../src/mail/worker.js';
import { PageClient } from './support/client.js';
import { buildUser, PASSWORD, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { type Mailbox, startMailbox } from './support/smtp.js';

/**
 * A forgotten password: "Forgot your password?" mails a link that works once, for an hour, and
 * the same answer comes for an address without an account. Setting the new password ends every
 * session and API token of the account. Admins send such links, or copy one when the hub sends
 * no mail.
 */

const NEW_PASSWORD = 'a brand new passphrase';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** The path (below the base URL) of the first link of a mail to the hub. */
function linkIn(mail: ParsedMail | undefined, base: string): string {
  const m = /(http:\/\/127\.0\.0\.1:8080\/\S+)/u.exec(mail?.text ?? '');
  if (!m?.[1]) throw new Error(`no link in ${mail?.text}`);
  return `/${m[1].slice(base.length)}`;
}

const tokenOf = (path: string) => decodeURIComponent(path.split('/').at(-1) ?? '');

describe.each(ENGINES)('password reset on %s', (engine) => {
  let hub: Hub;
  let mailbox: Mailbox;
  let worker: OutboxWorker;
  let clock = new Date('2026-12-02T10:00:00Z');
  let n = 0;
  /** A browser at an address of its own. */
  const from = (address = `203.0.113.${++n}`, agent = FIREFOX) =>
    new PageClient(hub, { 'x-forwarded-for': address, 'user-agent': agent });
  const base = 'http://127.0.0.1:8080/';

  beforeAll(async () => {
    mailbox = await startMailbox();
    hub = await startHub(engine, {
      now: () => clock,
      env: { PLENUM_TRUST_PROXY: '1', SMTP_URL: mailbox.url },
    });
    worker = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
  });
  afterAll(async () => {
    await worker.stop();
    await hub.close();
    await mailbox.close();
  });

  async function ask(client: PageClient, email: string): Promise<LightMyRequestResponse> {
    await client.get('/password-reset');
    return client.post('/password-reset', { email });
  }

  /** Asks for a link for the address and reads it from the mail that arrives. */
  async function mailedLink(email: string): Promise<string> {
    const before = mailbox.to(email).length;
    expect((await ask(from(), email)).statusCode).toBe(303);
    await worker.runOnce();
    const mails = mailbox.to(email);
    expect(mails).toHaveLength(before + 1);
    return linkIn(mails.at(-1), base);
  }

  const me = (who: TestUser) => hub.server.inject({ url: '/api/v1/me', headers: who.auth });

  it('sets a new password from the mailed link, ends every session and token, and signs in', async () => {
    const who = await buildUser(hub);
    const elsewhere = await signedInClient(hub, who);
    const browser = from();
    expect((await browser.get('/login')).body).toContain('Forgot your password?');
    const asked = await ask(browser, who.user.email);
    expect(asked.statusCode).toBe(303);
    expect((await browser.follow(asked)).body).toContain('If an account has this address');

    await worker.runOnce();
    const [mail] = mailbox.to(who.user.email);
    expect(mail?.subject).toBe('Set a new password at 127.0.0.1:8080');
    const path = linkIn(mail, base);
    // Only the hash is stored.
    const stored = await hub.testDb.database.db.selectFrom('account_tokens').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(tokenOf(path));

    // Looking at the link, as a mail scanner does, uses nothing.
    expect((await from().get(path)).statusCode).toBe(200);
    const form = await browser.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Set a new password');

    const done = await browser.post('/password-reset/new', { token: tokenOf(path), password: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    const home = await browser.follow(done);
    expect(home.body).toContain('Your new password is set, and you are signed in.');
    expect((await browser.get('/profile')).statusCode).toBe(200);

    expect((await elsewhere.get('/profile')).statusCode).toBe(401);
    expect((await me(who)).statusCode).toBe(401);
    const signIn = async (password: string) => {
      const c = from();
      await c.get('/login');
      return (await c.post('/login', { email: who.user.email, password, next: '/' })).statusCode;
    };
    expect(await signIn(PASSWORD)).toBe(422);
    expect(await signIn(NEW_PASSWORD)).toBe(303);
    // The link came by mail: the address is the owner's.
    const row = await hub.store.read.users.findById(who.user.id);
    expect(row?.email_verified_at).not.toBeNull();
  });

  it('refuses a link used twice, an expired one and a forged one', async () => {
    const who = await buildUser(hub);
    const path = await mailedLink(who.user.email);
    const client = from();
    await client.get(path);
    expect(
      (await client.post('/password-reset/new', { token: tokenOf(path), password: NEW_PASSWORD })).statusCode,
    ).toBe(303);
    const again = from();
    expect((await again.get(path)).statusCode).toBe(404);
    await again.get('/password-reset');
    const twice = await again.post('/password-reset/new', {
      token: tokenOf(path),
      password: 'yet another password',
    });
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain('This link does not work (any more)');

    const late = await mailedLink(who.user.email);
    const started = clock;
    clock = new Date(started.getTime() + 61 * 60_000);
    try {
      const c = from();
      expect((await c.get(late)).statusCode).toBe(404);
      await c.get('/password-reset');
      const expired = await c.post('/password-reset/new', {
        token: tokenOf(late),
        password: 'yet another password',
      });
      expect(expired.statusCode).toBe(422);
    } finally {
      clock = started;
    }

    const forger = from();
    expect((await forger.get('/password-reset/forged-token')).statusCode).toBe(404);
    await forger.get('/password-reset');
    const forged = await forger.post('/password-reset/new', {
      token: 'forged-token',
      password: NEW_PASSWORD,
    });
    expect(forged.statusCode).toBe(422);
    // The password set with the first link still holds.
    const c = from();
    await c.get('/login');
    expect(
      (await c.post('/login', { email: who.user.email, password: NEW_PASSWORD, next: '/' })).statusCode,
    ).toBe(303);
  });

  it('answers an unknown address exactly as a known one, and mails nobody', async () => {
    const who = await buildUser(hub);
    mailbox.clear();
    const known = await ask(from(), who.user.email);
    const unknown = await ask(from(), 'nobody-here@example.org');
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.headers.location).toBe(known.headers.location);
    await worker.runOnce();
    expect(mailbox.to('nobody-here@example.org')).toHaveLength(0);
    expect(mailbox.messages).toHaveLength(1);
  });

  it('mails in the account’s language', async () => {
    const who = await buildUser(hub);
    await hub.app.accounts.updateProfile(who.actor, who.user.version, { name: who.user.name, locale: 'de' });
    await mailedLink(who.user.email);
    expect(mailbox.to(who.user.email).at(-1)?.subject).toBe('Neues Passwort für 127.0.0.1:8080 setzen');
  });

  it('refuses one client asking for many addresses with a clear 429 page', async () => {
    const client = from('198.51.100.7');
    const answers: number[] = [];
    let refused: LightMyRequestResponse | null = null;
    for (let i = 0; i < 100; i++) {
      const res = await ask(client, `someone-${i}@example.org`);
      answers.push(res.statusCode);
      if (res.statusCode === 429) {
        refused = res;
        break;
      }
    }
    expect(answers.filter((s) => s === 303)).toHaveLength(10);
    expect(refused?.statusCode).toBe(429);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused?.body).toContain('Too many password reset requests from your network.');
    // Another client is not refused.
    expect((await ask(from(), 'someone-else@example.org')).statusCode).toBe(303);
  });

  it('sends at most a few mails to one address, answering alike', async () => {
    const who = await buildUser(hub);
    for (let i = 0; i < 5; i++) expect((await ask(from(), who.user.email)).statusCode).toBe(303);
    await worker.runOnce();
    expect(mailbox.to(who.user.email)).toHaveLength(3);
  });

  it('lets an admin mail someone a reset link, and says so in the audit log', async () => {
    const admin = await buildUser(hub, { role: 'admin' });
    const who = await buildUser(hub);
    const client = await signedInClient(hub, admin);
    expect((await client.get('/admin')).body).toContain(`/admin/users/${who.user.id}/reset-link`);
    const res = await client.post(`/admin/users/${who.user.id}/reset-link`, {});
    expect(res.statusCode).toBe(303);
    expect((await client.follow(res)).body).toContain(
      'A link to set a new password went to the account’s address.',
    );
    await worker.runOnce();
    expect(mailbox.to(who.user.email).at(-1)?.subject).toBe('Set a new password at 127.0.0.1:8080');
    const audit = await hub.testDb.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', who.user.id)
      .where('action', '=', 'user.resetMailed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(admin.user.id);
    // Not for members.
    const member = await signedInClient(hub, who);
    await member.get('/profile');
    expect((await member.post(`/admin/users/${admin.user.id}/reset-link`, {})).statusCode).toBe(403);
  });

  it('has API twins: ask by mail, set with the token', async () => {
    const who = await buildUser(hub);
    const asked = await hub.server.inject({
      method: 'POST',
      url: '/api/v1/me/password-reset',
      payload: { email: who.user.email },
    });
    expect(asked.statusCode).toBe(202);
    const unknown = await hub.server.inject({
      method: 'POST',
      url: '/api/v1/me/password-reset',
      payload: { email: 'nobody-api@example.org' },
    });
    expect(unknown.statusCode).toBe(202);
    await worker.runOnce();
    const path = linkIn(mailbox.to(who.user.email).at(-1), base);
    const set = await hub.server.inject({
      method: 'POST',
      url: '/api/v1/password-reset',
      payload: { token: tokenOf(path), password: NEW_PASSWORD },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ tokensRevoked: 1 });
    expect((await me(who)).statusCode).toBe(401);
    const again = await hub.server.inject({
      method: 'POST',
      url: '/api/v1/password-reset',
      payload: { token: tokenOf(path), password: NEW_PASSWORD },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toEqual([
      { field: 'token', message: expect.stringContaining('This link does not work') },
    ]);
  });
});

describe.each(ENGINES)('reset links without mail on %s', (engine) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(() => hub.close());

  it('shows an admin the link once instead, and the link works', async () => {
    const admin = await buildUser(hub, { role: 'admin' });
    const who = await buildUser(hub);
    const client = await signedInClient(hub, admin);
    await client.get('/admin');
    const res = await client.post(`/admin/users/${who.user.id}/reset-link`, {});
    expect(res.statusCode).toBe(200);
    const m = /data-testid="reset-link">([^<]+)</u.exec(res.body);
    const link = m?.[1] ?? '';
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:8080\/password-reset\/\S+$/u);
    expect(res.body).toContain('It is shown only now');

    const path = link.slice('http://127.0.0.1:8080'.length);
    const browser = new PageClient(hub);
    expect((await browser.get(path)).statusCode).toBe(200);
    const done = await browser.post('/password-reset/new', {
      token: decodeURIComponent(path.split('/').at(-1) ?? ''),
      password: NEW_PASSWORD,
    });
    expect(done.statusCode).toBe(303);
    const audit = await hub.testDb.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', who.user.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['user.resetLink', 'user.passwordReset']),
    );
  });

  it('gives the API the link too', async () => {
    const admin = await buildUser(hub, { role: 'admin' });
    const who = await buildUser(hub);
    const res = await hub.server.inject({
      method: 'POST',
      url: `/api/v1/users/${who.user.id}/reset-link`,
      headers: admin.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mailed: false, link: expect.stringContaining('/password-reset/') });
    const member = await hub.server.inject({
      method: 'POST',
      url: `/api/v1/users/${admin.user.id}/reset-link`,
      headers: who.auth,
    });
    expect(member.statusCode).toBe(403);
  });
});
