import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutboxWorker, smtpTransport, startOutboxWorker } from '../src/mail/worker.js';
import { PageClient } from './support/client.js';
import { buildUser, PASSWORD, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { type Mailbox, startMailbox } from './support/smtp.js';

/**
 * One's own sessions on the profile (which browser, since when, last seen), signing one or all
 * others out; and the check of one's address by a mailed link, with "send again".
 */

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

function linkIn(mail: ParsedMail | undefined): string {
  const m = /http:\/\/127\.0\.0\.1:8080(\/\S+)/u.exec(mail?.text ?? '');
  if (!m?.[1]) throw new Error(`no link in ${mail?.text}`);
  return m[1];
}

describe.each(ENGINES)('sessions and address checks on %s', (engine) => {
  let hub: Hub;
  let mailbox: Mailbox;
  let worker: OutboxWorker;
  let n = 0;

  beforeAll(async () => {
    mailbox = await startMailbox();
    hub = await startHub(engine, { env: { PLENUM_TRUST_PROXY: '1', SMTP_URL: mailbox.url } });
    worker = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
  });
  afterAll(async () => {
    await worker.stop();
    await hub.close();
    await mailbox.close();
  });

  async function browserOf(who: TestUser, agent: string): Promise<PageClient> {
    const client = new PageClient(hub, { 'x-forwarded-for': `203.0.113.${++n}`, 'user-agent': agent });
    await client.get('/login');
    const res = await client.post('/login', { email: who.user.email, password: PASSWORD, next: '/' });
    expect(res.statusCode).toBe(303);
    await client.get('/profile');
    return client;
  }

  const sessionsOf = async (who: TestUser) => {
    const res = await hub.server.inject({ url: '/api/v1/me/sessions', headers: who.auth });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      items: {
        id: string;
        browser: string | null;
        system: string | null;
        current: boolean;
        lastSeen: string;
      }[];
      nextCursor: string | null;
    };
  };

  it('lists the browsers signed in, marks this one, and signs another out at its next request', async () => {
    const who = await buildUser(hub);
    const laptop = await browserOf(who, FIREFOX);
    const phone = await browserOf(who, SAFARI);
    const profile = await laptop.get('/profile');
    expect(profile.body).toContain('Where you are signed in');
    expect(profile.body).toContain('Firefox on Linux');
    expect(profile.body).toContain('Safari on iOS');
    expect(profile.body).toContain('this session');

    const list = await sessionsOf(who);
    expect(list.items).toHaveLength(2);
    expect(list.nextCursor).toBeNull();
    // A token is no session: none is marked as the current one.
    expect(list.items.every((s) => !s.current)).toBe(true);
    const phoneSession = list.items.find((s) => s.browser === 'Safari');
    expect(phoneSession).toMatchObject({ system: 'iOS', lastSeen: expect.any(String) });

    const res = await laptop.post(`/profile/sessions/${phoneSession?.id}/revoke`, {});
    expect(res.statusCode).toBe(303);
    expect((await laptop.follow(res)).body).toContain('The session was signed out.');
    expect((await phone.get('/profile')).statusCode).toBe(401);
    expect((await laptop.get('/profile')).statusCode).toBe(200);
    expect((await sessionsOf(who)).items).toHaveLength(1);
  });

  it('signs out everywhere else, and keeps this browser', async () => {
    const who = await buildUser(hub);
    const here = await browserOf(who, FIREFOX);
    const others = [await browserOf(who, SAFARI), await browserOf(who, SAFARI)];
    await here.get('/profile');
    const res = await here.post('/profile/sessions/revoke-others', {});
    expect(res.statusCode).toBe(303);
    expect((await here.follow(res)).body).toContain('Every other session was signed out.');
    for (const other of others) expect((await other.get('/profile')).statusCode).toBe(401);
    const left = await sessionsOf(who);
    expect(left.items).toHaveLength(1);
    expect(left.items[0]?.browser).toBe('Firefox');
  });

  it('revokes through the API, and never someone else’s session', async () => {
    const who = await buildUser(hub);
    const stranger = await buildUser(hub);
    const browser = await browserOf(who, FIREFOX);
    const [session] = (await sessionsOf(who)).items;
    const foreign = await hub.server.inject({
      method: 'DELETE',
      url: `/api/v1/me/sessions/${session?.id}`,
      headers: stranger.auth,
    });
    expect(foreign.statusCode).toBe(404);
    expect((await browser.get('/profile')).statusCode).toBe(200);
    const own = await hub.server.inject({
      method: 'DELETE',
      url: `/api/v1/me/sessions/${session?.id}`,
      headers: who.auth,
    });
    expect(own.statusCode).toBe(204);
    expect((await browser.get('/profile')).statusCode).toBe(401);
    expect((await hub.server.inject({ url: '/api/v1/me/sessions' })).statusCode).toBe(401);
  });

  it('mails a link to check the address after registration; the link confirms it once', async () => {
    const email = `new-${engine}@example.org`;
    const client = new PageClient(hub, { 'x-forwarded-for': `198.51.100.${++n}` });
    await client.get('/register');
    const reg = await client.post('/register', { email, name: 'New Person', password: PASSWORD, next: '/' });
    expect(reg.statusCode).toBe(303);
    await worker.runOnce();
    const [mail] = mailbox.to(email);
    expect(mail?.subject).toBe('Confirm your e-mail address at 127.0.0.1:8080');
    const path = linkIn(mail);

    await client.get('/login');
    await client.post('/login', { email, password: PASSWORD, next: '/' });
    expect((await client.get('/profile')).body).toContain('Not confirmed yet');
    // Opening the link confirms nothing yet: a scanner may have opened it.
    const page = await client.get(path);
    expect(page.statusCode).toBe(200);
    expect((await client.get('/profile')).body).toContain('Not confirmed yet');
    await client.get(path);
    const token = decodeURIComponent(path.split('/').at(-1) ?? '');
    const done = await client.post('/verify-email', { token });
    expect(done.statusCode).toBe(303);
    const profile = await client.follow(done);
    expect(profile.body).toContain('Thank you: your e-mail address is confirmed.');
    expect(profile.body).toContain('data-testid="email-verified"');
    const row = await hub.store.read.users.findByEmail(email);
    expect(row?.email_verified_at).not.toBeNull();

    await client.get(path);
    expect((await client.post('/verify-email', { token })).statusCode).toBe(422);
  });

  it('sends the link again from the profile, a few times an hour', async () => {
    const who = await buildUser(hub);
    const browser = await browserOf(who, FIREFOX);
    const profile = await browser.get('/profile');
    expect(profile.body).toContain('Send the link again');
    for (let i = 0; i < 3; i++) {
      const res = await browser.post('/profile/verification', {});
      expect(res.statusCode).toBe(303);
      await browser.follow(res);
    }
    const refused = await browser.post('/profile/verification', {});
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Too many confirmation mails lately.');
    await worker.runOnce();
    const mails = mailbox.to(who.user.email);
    expect(mails).toHaveLength(3);
    const api = await hub.server.inject({
      method: 'POST',
      url: '/api/v1/email-verification',
      payload: {
        token: decodeURIComponent(linkIn(mails[0]).split('/').at(-1) ?? ''),
      },
    });
    expect(api.statusCode).toBe(204);
    expect((await browser.get('/profile')).body).toContain('data-testid="email-verified"');
  });
});
