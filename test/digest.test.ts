import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OutboxWorker, smtpTransport, startOutboxWorker } from '../src/mail/worker.js';
import { PageClient } from './support/client.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub, startPeer } from './support/hub.js';
import { saysTheSame, oneClick as sendOneClick, verifiedUser } from './support/mail-reading.js';
import { type Mailbox, rawHeader, startMailbox } from './support/smtp.js';

/**
 * The daily digest: one mail a day at the reader's own hour, through the outbox and real SMTP,
 * bundling what reached their inbox since the last one, by thread, in their language and zone;
 * none when nothing is new, none twice, and a one-click link that stops it without signing in.
 */

describe.each(ENGINES)('the daily digest on %s', (engine) => {
  let hub: Hub;
  let mailbox: Mailbox;
  let worker: OutboxWorker;
  /** The hub's clock, moved by the tests: the day passes without waiting for it. */
  let clock = new Date('2026-12-01T14:00:00Z');
  let anna: TestUser;
  let bob: TestUser;
  let mia: TestUser;

  const verified = (name: string, locale: string, timeZone: string) =>
    verifiedUser(hub, name, locale, timeZone, clock);
  const at = async (iso: string) => {
    clock = new Date(iso);
    await worker.runOnce();
  };
  const mailsTo = (who: TestUser) => mailbox.to(who.user.email);
  const comment = (idea: { id: string }, body: string) =>
    hub.app.comments.create(bob.actor, 'idea', idea.id, { body }, 'test');
  const oneClick = (link: string) => sendOneClick(hub, link);

  beforeAll(async () => {
    mailbox = await startMailbox();
    hub = await startHub(engine, {
      now: () => clock,
      baseUrl: 'https://planning.example.org/',
      env: { SMTP_URL: mailbox.url, PLENUM_MAIL_FROM: 'planning@example.org' },
    });
    worker = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
    anna = await verified('Anna Berg', 'en', 'America/New_York');
    bob = await buildUser(hub, { name: 'Bob' });
    mia = await buildUser(hub, { name: 'Mia', role: 'maintainer' });
  });
  afterAll(async () => {
    await worker.stop();
    await hub.close();
    await mailbox.close();
  });
  afterEach(() => mailbox.clear());

  it('bundles a day’s events into one mail at 08:00 New York time, none before, none twice', async () => {
    await hub.app.notifications.saveSettings(anna.actor, { mail: 'digest' });
    expect(await hub.app.notifications.settings(anna.actor)).toEqual({
      mail: 'digest',
      digestHour: 8,
      muted: [],
    });
    const dark = await buildIdea(hub, anna, { title: 'Dark mode' });
    const feeds = await buildIdea(hub, bob, { title: 'Calendar feeds' });
    clock = new Date('2026-12-01T15:00:00Z');
    await comment(dark, 'Yes please <b>soon</b>');
    clock = new Date('2026-12-01T20:30:00Z');
    await hub.app.ideas.changeStatus(mia.actor, dark.slug, dark.version, 'backlog', 'Fits the plan');
    await comment(feeds, `@${anna.user.handle} what do you think?`);
    clock = new Date('2026-12-02T02:00:00Z');
    await comment(dark, 'And high contrast too');

    // 07:59 in New York (EST, UTC-5): nothing yet, though each event is in the inbox.
    await at('2026-12-02T12:59:59.999Z');
    expect((await hub.app.notifications.list(anna.actor, { limit: 10 })).items).toHaveLength(4);
    expect(mailsTo(anna)).toHaveLength(0);

    await at('2026-12-02T13:00:00.000Z');
    await worker.runOnce();
    const mails = mailsTo(anna);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe('Your daily digest: 4 notifications');
    const text = mail?.text ?? '';
    expect(text).toContain('Times are in your time zone, America/New_York.');
    // By thread, threads in the order of their first event, each entry with its time and page.
    const ideaHeading = text.indexOf('Idea: Dark mode');
    const feedsHeading = text.indexOf('Idea: Calendar feeds');
    expect(ideaHeading).toBeGreaterThan(-1);
    expect(feedsHeading).toBeGreaterThan(ideaHeading);
    const darkPart = text.slice(ideaHeading, feedsHeading);
    expect(darkPart).toContain('Bob commented on “Dark mode”');
    expect(darkPart).toContain('Yes please <b>soon</b>');
    expect(darkPart).toContain('Mia changed the status of “Dark mode”: proposed → backlog');
    expect(darkPart).toContain('And high contrast too');
    expect(darkPart).toMatch(
      /Dec 1, 2026, 10:00 AM (EST|GMT-5) · https:\/\/planning\.example\.org\/ideas\//u,
    );
    expect(darkPart).toMatch(/Dec 1, 2026, 09:00 PM (EST|GMT-5)/u);
    expect(text.slice(feedsHeading)).toContain('Bob mentioned you on “Calendar feeds”');
    expect(text).toContain('You get this digest once a day at 08:00 (America/New_York)');
    expect(text).toContain('All mail settings: https://planning.example.org/profile#notifications');
    saysTheSame(mail);
    expect(mail?.html).toContain(`<a href="https://planning.example.org/ideas/${feeds.slug}#comment-`);
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(mail, 'List-Unsubscribe')).toMatch(
      /^<https:\/\/planning\.example\.org\/notifications\/unsubscribe\?d=[^&]+&t=[^>]+>$/u,
    );

    // The worker again, and the same job run again (its lease ran out after a crash): nothing more.
    await worker.runOnce();
    await hub.app.notificationDigest.run({ user: anna.user.id, due: '2026-12-02T13:00:00.000Z' });
    await worker.runOnce();
    expect(mailsTo(anna)).toHaveLength(1);
    const digests = await hub.store.read.digests.entries(
      (await hub.store.read.notifications.page(anna.user.id, null, 1))[0]?.digest_id ?? '',
    );
    expect(digests).toHaveLength(4);
  });

  it('sends nothing when nothing is new, and keeps 08:00 on both sides of a change of the clocks', async () => {
    await at('2026-12-03T13:00:00.000Z');
    expect(mailsTo(anna)).toHaveLength(0);

    // March 2027: on the 13th New York is on EST (08:00 is 13:00 UTC), on the 14th on EDT (12:00 UTC).
    await at('2027-03-12T17:00:00.000Z');
    clock = new Date('2027-03-12T18:00:00.000Z');
    const idea = await buildIdea(hub, anna, { title: 'Spring' });
    await comment(idea, 'Before the change');
    await at('2027-03-13T12:59:00.000Z');
    expect(mailsTo(anna)).toHaveLength(0);
    await at('2027-03-13T13:00:00.000Z');
    expect(mailsTo(anna).map((m) => m.subject)).toEqual(['Your daily digest: 1 notification']);
    expect(mailsTo(anna)[0]?.text).toMatch(/Mar 12, 2027, 01:00 PM (EST|GMT-5)/u);
    mailbox.clear();

    await comment(idea, 'After the change');
    await at('2027-03-14T11:59:59.999Z');
    expect(mailsTo(anna)).toHaveLength(0);
    await at('2027-03-14T12:00:00.000Z');
    const [after] = mailsTo(anna);
    expect(mailsTo(anna)).toHaveLength(1);
    expect(after?.text).toContain('After the change');
    expect(after?.text).not.toContain('Before the change');
    expect(after?.text).toMatch(/Mar 13, 2027, 08:00 AM (EST|GMT-5)/u);
  });

  it('moves with the member’s zone, and mails each event again when they choose so', async () => {
    await hub.app.accounts.updateProfile(anna.actor, (await hub.app.accounts.me(anna.actor)).version, {
      name: 'Anna Berg',
      locale: 'en',
      timeZone: 'Europe/Berlin',
    });
    const idea = await buildIdea(hub, anna, { title: 'Zones' });
    await comment(idea, 'Moved');
    // 08:00 in Berlin (CET, UTC+1) is 07:00 UTC; the New York hour is stale now.
    await at('2027-03-15T07:00:00.000Z');
    expect(mailsTo(anna)).toHaveLength(1);
    expect(mailsTo(anna)[0]?.text).toContain('Times are in your time zone, Europe/Berlin.');
    mailbox.clear();
    await at('2027-03-15T12:00:00.000Z');
    expect(mailsTo(anna)).toHaveLength(0);

    await hub.app.notifications.saveSettings(anna.actor, { mail: 'each' });
    await comment(idea, 'One by one');
    await worker.runOnce();
    expect(mailsTo(anna).map((m) => m.subject)).toEqual(['Bob commented on “Zones”']);
    mailbox.clear();
    await at('2027-03-16T07:00:00.000Z');
    await at('2027-03-17T07:00:00.000Z');
    expect(mailsTo(anna)).toHaveLength(0);
  });

  it('stops by its one-click link without signing in, twice as once', async () => {
    await hub.app.notifications.saveSettings(anna.actor, { mail: 'digest', digestHour: 9 });
    const idea = await buildIdea(hub, anna, { title: 'Quiet please' });
    await comment(idea, 'Last one');
    // 09:00 in Berlin (CET) is 08:00 UTC.
    await at('2027-03-18T08:00:00.000Z');
    const [mail] = mailsTo(anna);
    expect(mail?.text).toContain('once a day at 09:00 (Europe/Berlin)');
    const link = rawHeader(mail, 'List-Unsubscribe').slice(1, -1);
    const url = new URL(link);
    // Following the link only asks (mail scanners follow links); the POST stops the digest.
    const preview = await new PageClient(hub).get(url.pathname + url.search);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Stop the daily digest?');
    expect((await hub.app.notifications.settings(anna.actor)).mail).toBe('digest');
    for (let i = 0; i < 2; i++) {
      const res = await oneClick(link);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('no more daily digest');
    }
    expect((await hub.app.notifications.settings(anna.actor)).mail).toBe('never');
    const forged = await oneClick(link.replace(/t=[^&]+/u, 't=forged'));
    expect(forged.statusCode).toBe(400);
    mailbox.clear();
    await comment(idea, 'Anyone?');
    await at('2027-03-19T08:00:00.000Z');
    expect(mailsTo(anna)).toHaveLength(0);
  });

  it('writes a German reader’s digest in German, and says UTC to one who chose no zone', async () => {
    const carl = await verified('Carl Do', 'de', 'Europe/Berlin');
    // No zone chosen: her digest comes at 08:00 UTC.
    const dora = await verified('Dora', 'en', '');
    await hub.app.notifications.saveSettings(carl.actor, { mail: 'digest', digestHour: 7 });
    await hub.app.notifications.saveSettings(dora.actor, { mail: 'digest' });
    const idea = await buildIdea(hub, carl, { title: 'Dunkler Modus' });
    await hub.app.follows.follow(dora.actor, 'idea', idea.slug);
    await comment(idea, 'Ja, bitte');
    // 07:00 in Berlin (CET) is 06:00 UTC; Dora's 08:00 is 08:00 UTC.
    await at('2027-03-20T06:00:00.000Z');
    const [german] = mailbox.to(carl.user.email);
    expect(german?.subject).toBe('Deine tägliche Zusammenfassung: 1 Benachrichtigung');
    expect(german?.text).toContain('Zeiten in deiner Zeitzone, Europe/Berlin.');
    expect(german?.text).toContain('Idee: Dunkler Modus');
    expect(german?.text).toContain('Bob hat „Dunkler Modus“ kommentiert');
    expect(german?.text).toContain('einmal am Tag um 07:00 Uhr (Europe/Berlin)');
    expect(german?.text).toContain('Zusammenfassung abbestellen: https://planning.example.org/');
    saysTheSame(german);
    expect(mailbox.to(dora.user.email)).toHaveLength(0);
    await at('2027-03-20T08:00:00.000Z');
    const [utc] = mailbox.to(dora.user.email);
    expect(utc?.text).toContain('Times are in UTC: you have not chosen a time zone.');
    expect(utc?.text).toContain('once a day at 08:00 (UTC)');
    saysTheSame(utc);
  });

  it('takes the hour by the API and the profile form, and refuses a bad one storing nothing', async () => {
    const api = (payload: object) =>
      hub.server.inject({
        method: 'PUT',
        url: '/api/v1/me/notification-settings',
        headers: bob.auth,
        payload,
      });
    const saved = await api({ mail: 'digest', digestHour: 18 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ mail: 'digest', digestHour: 18, muted: [] });
    for (const digestHour of [24, -1, 7.5, '8']) {
      const res = await api({ mail: 'digest', digestHour });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toContain('digestHour');
    }
    const client = await signedInClient(hub, bob);
    const page = await client.get('/profile');
    expect(page.body).toMatch(/name="mail" value="digest" checked/u);
    expect(page.body).toMatch(/<option value="18" selected/u);
    for (const digestHour of ['25', 'eight']) {
      const refused = await client.post('/profile/notifications', { mail: 'never', digestHour });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('Choose an hour from 00:00 to 23:00.');
    }
    expect(await hub.app.notifications.settings(bob.actor)).toEqual({
      mail: 'digest',
      digestHour: 18,
      muted: [],
    });
    // The API reference describes the choice and the hour.
    const doc = (await hub.server.inject({ url: '/api/openapi.json' })).json();
    const put = doc.paths['/api/v1/me/notification-settings'].put;
    const body = put.requestBody.content['application/json'].schema;
    expect(body.properties.mail.enum).toEqual(['each', 'digest', 'never']);
    expect(body.properties.digestHour).toMatchObject({ type: 'integer', minimum: 0, maximum: 23 });
    const answer = put.responses['200'].content['application/json'].schema;
    expect(answer.required).toContain('digestHour');
    const ok = await client.post('/profile/notifications', { mail: 'digest', digestHour: '6' });
    expect(ok.statusCode).toBe(303);
    expect((await hub.app.notifications.settings(bob.actor)).digestHour).toBe(6);
  });

  it.runIf(engine === 'postgres')(
    'makes one digest when two instances run the same job at once',
    async () => {
      const peer = await startPeer(hub, { now: () => clock });
      try {
        const eve = await verified('Eve', 'en', 'America/New_York');
        await hub.app.notifications.saveSettings(eve.actor, { mail: 'digest' });
        const idea = await buildIdea(hub, eve, { title: 'Twice?' });
        await comment(idea, 'Once');
        // Both run the job of 08:00 EDT (12:00 UTC), as after a lease ran out mid-run.
        clock = new Date('2027-03-20T12:00:00.000Z');
        const job = { user: eve.user.id, due: clock.toISOString() };
        await Promise.all([hub.app.notificationDigest.run(job), peer.app.notificationDigest.run(job)]);
        await worker.runOnce();
        expect(mailsTo(eve).map((m) => m.subject)).toEqual(['Your daily digest: 1 notification']);
      } finally {
        await peer.close();
      }
    },
  );
});
