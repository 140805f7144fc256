import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutboxWorker, smtpTransport, startOutboxWorker } from '../../src/mail/worker.js';
import { launchBrowser } from '../support/browser.js';
import { buildUser, PASSWORD, type TestUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';
import { type Mailbox, startMailbox } from '../support/smtp.js';

/**
 * A forgotten password in a real Chromium: the link from the mail sets a new one and signs in,
 * and the browser that was signed in elsewhere is out. Then one session signs the other out
 * from the profile, which finds itself signed out at its next page.
 */

const NEW_PASSWORD = 'a new password from the mail';
const POLL = { timeout: 10_000, interval: 50 };

describe.each(ENGINES)('a forgotten password and one’s sessions in the browser (%s)', (engine) => {
  let browser: Browser;
  let mailbox: Mailbox;
  let hub: Hub;
  let worker: OutboxWorker;
  let origin: string;
  let who: TestUser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    mailbox = await startMailbox();
    hub = await startHub(engine, { env: { SMTP_URL: mailbox.url } });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    worker = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
    who = await buildUser(hub, { name: 'Fran Forgetful' });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await worker?.stop();
    await hub?.close();
    await mailbox?.close();
  });

  async function newPage(userAgent?: string): Promise<Page> {
    const context = await browser.newContext({
      baseURL: origin,
      locale: 'en-GB',
      ...(userAgent ? { userAgent } : {}),
    });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  async function signIn(page: Page, password: string): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(who.user.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('Signed in.');
  }

  it('sets a new password from the mail, signs in, and signs the other browser out', {
    timeout: 120_000,
  }, async () => {
    const laptop = await newPage('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0');
    await signIn(laptop, PASSWORD);

    const phone = await newPage();
    await phone.goto('/login');
    await phone.getByRole('link', { name: 'Forgot your password?' }).click();
    await phone.getByLabel('E-mail').fill(who.user.email);
    await phone.getByRole('button', { name: 'Send the link' }).click();
    await expect
      .poll(() => phone.getByRole('status').textContent(), POLL)
      .toContain('If an account has this address');

    await worker.runOnce();
    const mail = mailbox.to(who.user.email).at(-1);
    const link = /http:\/\/127\.0\.0\.1:8080(\/\S+)/u.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();
    await phone.goto(link ?? '/');
    await phone.getByLabel('New password').fill(NEW_PASSWORD);
    await phone.getByRole('button', { name: 'Set the password' }).click();
    await expect
      .poll(() => phone.getByRole('status').textContent(), POLL)
      .toContain('Your new password is set, and you are signed in.');

    const away = await laptop.goto('/profile');
    expect(away?.status()).toBe(401);

    // Back in on the laptop with the new password; the phone signs the laptop out.
    await signIn(laptop, NEW_PASSWORD);
    await phone.goto('/profile');
    const sessions = phone.getByTestId('sessions');
    await expect.poll(() => sessions.locator('li').count(), POLL).toBe(2);
    const other = sessions.locator('li', { hasText: 'Firefox on Linux' });
    await other.getByRole('button', { name: 'Sign out' }).click();
    await expect
      .poll(() => phone.getByRole('status').textContent(), POLL)
      .toContain('The session was signed out.');
    await expect.poll(() => sessions.locator('li').count(), POLL).toBe(1);

    const signedOut = await laptop.goto('/profile');
    expect(signedOut?.status()).toBe(401);
    expect(await laptop.getByText('Please sign in first.').count()).toBeGreaterThan(0);
  });
});
