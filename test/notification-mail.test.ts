import type { ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OutboxWorker, smtpTransport, startOutboxWorker } from '../src/mail/worker.js';
import { PageClient } from './support/client.js';
import { buildIdea, buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { saysTheSame, oneClick as sendOneClick, verifiedUser } from './support/mail-reading.js';
import { type Mailbox, rawHeader, startMailbox } from './support/smtp.js';

/**
 * A notification's mail: one per event through the outbox and real SMTP, in the reader's
 * language and zone, its HTML saying what its text says, and an unsubscribe link that works
 * without signing in (and by a mail program's one-click POST), twice as once.
 */

/** 15:30 in Auckland, 21:30 the day before in New York: a zone leak shows in the date. */
const NOW = new Date('2026-11-30T02:30:00Z');

describe.each(ENGINES)('notification mail on %s', (engine) => {
  let hub: Hub;
  let mailbox: Mailbox;
  let worker: OutboxWorker;
  let anna: TestUser;
  let bob: TestUser;
  let carl: TestUser;

  const verified = (name: string, locale: string, timeZone: string) =>
    verifiedUser(hub, name, locale, timeZone, NOW);

  beforeAll(async () => {
    mailbox = await startMailbox();
    hub = await startHub(engine, {
      now: () => NOW,
      baseUrl: 'https://planning.example.org/',
      env: { SMTP_URL: mailbox.url, PLENUM_MAIL_FROM: 'planning@example.org' },
    });
    worker = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
    anna = await verified('Anna Berg', 'de', 'America/New_York');
    carl = await verified('Carl Do', 'en', 'Europe/Berlin');
    bob = await buildUser(hub, { name: 'Bob' });
  });
  afterAll(async () => {
    await worker.stop();
    await hub.close();
    await mailbox.close();
  });
  afterEach(() => mailbox.clear());

  const inbox = async (who: TestUser) => (await hub.app.notifications.list(who.actor, { limit: 100 })).items;
  const oneClick = (link: string) => sendOneClick(hub, link);
  const unsubscribeOf = (mail: ParsedMail | undefined) => rawHeader(mail, 'List-Unsubscribe').slice(1, -1);

  it('mails one comment on a followed idea once, in the reader’s language and zone, and unsubscribes in one click', async () => {
    const idea = await buildIdea(hub, anna, { title: 'Dunkler Modus' });
    await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'Ja, bitte <b>bald</b>' }, 'test');
    await worker.runOnce();
    await worker.runOnce();
    expect(await inbox(anna)).toHaveLength(1);
    const mails = mailbox.to(anna.user.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe('Bob hat „Dunkler Modus“ kommentiert');
    expect(mail?.text).toContain('Ja, bitte <b>bald</b>');
    // 02:30 UTC is 21:30 the evening before in New York.
    expect(mail?.text).toMatch(/Wann: 29\. Nov\. 2026, 21:30 (GMT-5|EST)/u);
    expect(mail?.text).toContain(`Öffnen: https://planning.example.org/ideas/${idea.slug}#comment-`);
    expect(mail?.text).toContain('weil du „Dunkler Modus“ folgst');
    saysTheSame(mail);
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const link = unsubscribeOf(mail);
    expect(link).toMatch(/^https:\/\/planning\.example\.org\/notifications\/unsubscribe\?n=[^&]+&t=/u);

    // A link preview only shows the button; the cookie-less POST ends the follow, twice as once.
    const preview = await new PageClient(hub).get(new URL(link).pathname + new URL(link).search);
    expect(preview.statusCode).toBe(200);
    expect(await hub.app.follows.isFollowing(anna.actor, { kind: 'idea', id: idea.id })).toBe(true);
    for (let i = 0; i < 2; i++) {
      const res = await oneClick(link);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Dunkler Modus');
    }
    expect(await hub.app.follows.isFollowing(anna.actor, { kind: 'idea', id: idea.id })).toBe(false);
    await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'Noch da?' }, 'test');
    await worker.runOnce();
    expect(await inbox(anna)).toHaveLength(1);
    expect(mailbox.to(anna.user.email)).toHaveLength(1);
  });

  it('gives a notification’s mail one Message-ID, the same when it is sent again after a crash', async () => {
    const idea = await buildIdea(hub, anna, { title: 'Einmal' });
    await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'Nur einmal' }, 'test');
    await worker.runOnce();
    const [entry] = await inbox(anna);
    const [first] = mailbox.to(anna.user.email);
    expect(first?.messageId).toBe(`<notification.${entry?.id}@planning.example.org>`);
    // A crash between the SMTP server's accept and the outbox's commit leaves the job pending.
    await hub.testDb.database.db
      .updateTable('outbox')
      .set({ status: 'pending', done_at: null, claimed_by: null, claimed_until: null })
      .where('payload', 'like', `%${entry?.id}%`)
      .execute();
    await worker.runOnce();
    const both = mailbox.to(anna.user.email);
    expect(both).toHaveLength(2);
    expect(both[1]?.messageId).toBe(first?.messageId);
  });

  it('stops mail of a kind by the link of a mention, and keeps the inbox', async () => {
    const idea = await buildIdea(hub, bob, { title: 'Mentions' });
    const mention = () =>
      hub.app.comments.create(bob.actor, 'idea', idea.id, { body: `@${carl.user.handle} look` }, 'test');
    await mention();
    await worker.runOnce();
    const [mail] = mailbox.to(carl.user.email);
    expect(mail?.subject).toBe('Bob mentioned you on “Mentions”');
    expect(mail?.text).toMatch(/When: Nov 30, 2026, 03:30 AM GMT\+1/u);
    expect(mail?.text).toContain('because you were named');
    expect((await oneClick(unsubscribeOf(mail))).statusCode).toBe(200);
    expect(await hub.app.notifications.settings(carl.actor)).toEqual({
      mail: 'each',
      digestHour: 8,
      muted: ['comment.mentioned'],
    });
    mailbox.clear();
    await mention();
    await worker.runOnce();
    expect((await inbox(carl)).filter((n) => n.kind === 'comment.mentioned')).toHaveLength(2);
    expect(mailbox.to(carl.user.email)).toHaveLength(0);
  });

  it('mails nobody who chose never or whose address is not confirmed, and refuses a forged link', async () => {
    await hub.app.notifications.saveSettings(carl.actor, { mail: 'never' });
    const carlsIdea = await buildIdea(hub, carl, { title: 'Quiet' });
    const bobsIdea = await buildIdea(hub, bob, { title: 'Unconfirmed' });
    await hub.app.comments.create(anna.actor, 'idea', carlsIdea.id, { body: 'Hello Carl' }, 'test');
    await hub.app.comments.create(anna.actor, 'idea', bobsIdea.id, { body: 'Hello Bob' }, 'test');
    await worker.runOnce();
    expect((await inbox(carl))[0]?.thread.title).toBe('Quiet');
    expect((await inbox(bob))[0]?.thread.title).toBe('Unconfirmed');
    expect(mailbox.messages).toHaveLength(0);

    const [entry] = await inbox(bob);
    const forged = await oneClick(
      `https://planning.example.org/notifications/unsubscribe?n=${entry?.id}&t=forged`,
    );
    expect(forged.statusCode).toBe(400);
    expect(await hub.app.follows.isFollowing(bob.actor, { kind: 'idea', id: bobsIdea.id })).toBe(true);
    expect((await new PageClient(hub).get('/notifications/unsubscribe?n=x&t=y')).statusCode).toBe(400);
  });
});
