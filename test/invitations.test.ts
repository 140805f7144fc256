import ICAL from 'ical.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OutboxWorker, smtpTransport, startOutboxWorker } from '../src/mail/worker.js';
import { PageClient } from './support/client.js';
import { buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { calendarOf, rawHeader as header, type Mailbox, startMailbox } from './support/smtp.js';

/** The reference series; the clock stands on Sun 29 Nov 2026, so the next meeting is Mon 30 Nov. */
const REFERENCE = {
  title: 'Planning meeting',
  purpose: 'Overview of current projects and priorities.',
  weekday: 1,
  startTime: '14:00',
  durationMinutes: 30,
  timeZone: 'Europe/Berlin',
  weekRule: 'odd',
  startDate: '2026-11-01',
  platform: 'Microsoft Teams',
  joinUrl: 'https://teams.example.com/l/meetup-join/abc',
  languages: 'English or German, depending on attendees',
};

function linkIn(text: string, path: string): string {
  const m = new RegExp(`https?://\\S+${path}\\S*`, 'u').exec(text);
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return m[0];
}

function events(ics: string): ICAL.Component[] {
  return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
}

describe.each(ENGINES)('invitations on %s', (engine) => {
  let hub: Hub;
  let mailbox: Mailbox;
  let worker: OutboxWorker;
  let maintainer: TestUser;
  let clock = new Date('2026-11-29T10:00:00Z');

  beforeAll(async () => {
    mailbox = await startMailbox();
    hub = await startHub(engine, {
      now: () => clock,
      baseUrl: 'https://planning.example.org/',
      // Behind one proxy: each visitor below comes from an address of its own.
      env: { SMTP_URL: mailbox.url, PLENUM_MAIL_FROM: 'planning@example.org', PLENUM_TRUST_PROXY: '1' },
    });
    worker = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    await hub.app.meetings.create(maintainer.actor, REFERENCE);
  });
  afterAll(async () => {
    await worker.stop();
    await hub.close();
    await mailbox.close();
  });
  afterEach(() => {
    mailbox.clear();
  });

  let visitors = 0;
  const ask = async (email: string) => {
    const browser = new PageClient(hub, { 'x-forwarded-for': `192.0.2.${++visitors}` });
    await browser.get('/meetings/planning-meeting');
    return browser.post('/meetings/planning-meeting/invitations', { email });
  };

  it('sends an unconfirmed address only the confirmation, once, and never the invitation', async () => {
    const res = await ask('Someone@Example.org');
    expect(res.statusCode).toBe(303);
    expect((await ask('someone@example.org')).statusCode).toBe(303);
    await worker.runOnce();
    const mails = mailbox.to('someone@example.org');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('Please confirm');
    expect(mails[0]?.text).toContain('/meetings/planning-meeting/invitations/confirm?');
    expect(calendarOf(mails[0] as never)).toBeNull();
    // A change to the series reaches confirmed subscribers only.
    await hub.app.meetings.cancel(maintainer.actor, 'planning-meeting', '2026-12-14', 'Team offsite');
    await worker.runOnce();
    expect(mailbox.to('someone@example.org')).toHaveLength(1);
    await hub.app.meetings.restore(maintainer.actor, 'planning-meeting', '2026-12-14');
    await worker.runOnce();
  });

  it('refuses a malformed address with a message at the field and stores nothing', async () => {
    const res = await ask('not an address');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('e-mail address');
    await worker.runOnce();
    expect(mailbox.messages).toHaveLength(0);
  });

  it('confirms, then sends one iTIP REQUEST per calendar run, updates and cancellations', async () => {
    await ask('ada@example.org');
    await worker.runOnce();
    const confirmation = mailbox.to('ada@example.org')[0];
    const link = new URL(linkIn(confirmation?.text ?? '', '/invitations/confirm'));
    mailbox.clear();

    // Following the link (as a mail scanner would) confirms nothing; the button on it does.
    const reader = new PageClient(hub);
    const page = await reader.get(`${link.pathname}${link.search}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm with the button.');
    await worker.runOnce();
    expect(mailbox.to('ada@example.org')).toEqual([]);
    const confirmed = await reader.post(`${link.pathname}${link.search}`, {});
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Confirmed');
    await worker.runOnce();

    const invitations = mailbox.to('ada@example.org');
    // Runs reach ten years ahead: 2026-11-02…2026-12-28, 2027-01-04…2032-12-27, 2033-01-03…2037-12-28.
    expect(invitations.length).toBeGreaterThanOrEqual(3);
    const first = invitations[0];
    expect(header(first, 'List-Unsubscribe')).toMatch(
      /^<https:\/\/planning\.example\.org\/meetings\/planning-meeting\/invitations\/unsubscribe\?s=/u,
    );
    expect(header(first, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const uids = new Set<string>();
    for (const mail of invitations) {
      const ics = calendarOf(mail);
      expect(ics).toContain('METHOD:REQUEST');
      const [event, ...rest] = events(ics ?? '');
      expect(rest).toHaveLength(0);
      uids.add(String(event?.getFirstPropertyValue('uid')));
      expect(event?.getFirstPropertyValue('organizer')).toBe('mailto:planning@example.org');
      expect(event?.getFirstPropertyValue('attendee')).toBe('mailto:ada@example.org');
      expect(String(event?.getFirstProperty('rrule')?.toICALString())).toMatch(
        /FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=\d{8}T\d{6}Z;WKST=MO|FREQ=WEEKLY;INTERVAL=2;.*UNTIL=\d{8}T\d{6}Z/u,
      );
    }
    expect(uids.size).toBe(invitations.length);
    // The first run ends in 2026-W53 (Mon 28 Dec); the next starts in 2027-W01 (Mon 4 Jan).
    const firstRun = calendarOf(invitations[0] as never) ?? '';
    expect(firstRun).toContain('UNTIL=20261228T130000Z');
    expect(calendarOf(invitations[1] as never) ?? '').toContain('DTSTART;TZID=Europe/Berlin:20270104T140000');
    const sequenceBefore = Number(events(firstRun)[0]?.getFirstPropertyValue('sequence'));
    mailbox.clear();

    // A cancellation: iTIP CANCEL of that one occurrence, with its RECURRENCE-ID.
    await hub.app.meetings.cancel(maintainer.actor, 'planning-meeting', '2026-12-28', 'Holidays');
    await worker.runOnce();
    const cancels = mailbox.to('ada@example.org');
    expect(cancels).toHaveLength(1);
    expect(cancels[0]?.subject).toContain('Cancelled');
    const cancelIcs = calendarOf(cancels[0] as never) ?? '';
    expect(cancelIcs).toContain('METHOD:CANCEL');
    expect(cancelIcs).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20261228T140000');
    expect(cancelIcs).toContain('STATUS:CANCELLED');
    const cancelled = events(cancelIcs)[0];
    expect(cancelled?.getFirstPropertyValue('uid')).toBe(events(firstRun)[0]?.getFirstPropertyValue('uid'));
    expect(Number(cancelled?.getFirstPropertyValue('sequence'))).toBeGreaterThan(sequenceBefore);
    mailbox.clear();

    // An edit of the series: an updated REQUEST with a higher SEQUENCE.
    const { series } = await hub.app.meetings.get('planning-meeting');
    await hub.app.meetings.update(maintainer.actor, 'planning-meeting', series.version, {
      ...REFERENCE,
      startTime: '14:30',
    });
    await worker.runOnce();
    const updates = mailbox.to('ada@example.org');
    expect(updates.length).toBe(invitations.length);
    const updated = calendarOf(updates[0] as never) ?? '';
    expect(updated).toContain('METHOD:REQUEST');
    expect(updated).toContain('DTSTART;TZID=Europe/Berlin:20261102T143000');
    expect(Number(events(updated)[0]?.getFirstPropertyValue('sequence'))).toBeGreaterThan(sequenceBefore);
    mailbox.clear();

    // One-click unsubscribe (RFC 8058): a cookie-less POST; the events are cancelled.
    const unsubscribe = new URL(header(first, 'List-Unsubscribe').slice(1, -1));
    const res = await hub.server.inject({
      method: 'POST',
      url: `${unsubscribe.pathname}${unsubscribe.search}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    await worker.runOnce();
    const goodbyes = mailbox.to('ada@example.org');
    expect(goodbyes.length).toBe(invitations.length);
    expect(goodbyes.every((m) => (calendarOf(m) ?? '').includes('METHOD:CANCEL'))).toBe(true);
    mailbox.clear();
    const again = await hub.app.meetings.get('planning-meeting');
    await hub.app.meetings.update(maintainer.actor, 'planning-meeting', again.series.version, REFERENCE);
    await worker.runOnce();
    expect(mailbox.to('ada@example.org')).toHaveLength(0);
  });

  it('refuses a forged confirmation or unsubscribe link', async () => {
    await ask('eve@example.org');
    await worker.runOnce();
    const link = new URL(linkIn(mailbox.to('eve@example.org')[0]?.text ?? '', '/invitations/confirm'));
    link.searchParams.set('t', 'forged');
    const res = await new PageClient(hub).post(`${link.pathname}${link.search}`, {});
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('not valid');
    const bad = await hub.server.inject({
      method: 'POST',
      url: '/meetings/planning-meeting/invitations/unsubscribe?s=x&t=y',
    });
    expect(bad.statusCode).toBe(400);
  });

  it('never shows a subscriber address on a public page or feed', async () => {
    for (const url of [
      '/meetings',
      '/meetings/planning-meeting',
      '/meetings/planning-meeting.ics',
      '/api/v1/series/planning-meeting',
    ]) {
      const res = await hub.server.inject({ url });
      expect(res.body).not.toContain('ada@example.org');
      expect(res.body).not.toContain('someone@example.org');
    }
  });

  it('sends each queued mail once even with two workers claiming at the same time', async () => {
    const other = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
    for (let i = 0; i < 12; i++)
      await hub.app.invitations.request('planning-meeting', `guest${i}@example.org`, 'en');
    const [a, b] = await Promise.all([worker.runOnce(), other.runOnce()]);
    await other.stop();
    expect(a + b).toBe(12);
    for (let i = 0; i < 12; i++) expect(mailbox.to(`guest${i}@example.org`)).toHaveLength(1);
    expect((await hub.store.read.outbox.countsOf('mail')).pending ?? 0).toBe(0);
  });

  it('keeps a job for a later attempt when the SMTP server is down, and delivers it then', async () => {
    const down = startOutboxWorker(
      hub.app,
      { ...hub.config, smtpUrl: 'smtp://127.0.0.1:1' },
      smtpTransport({ ...hub.config, smtpUrl: 'smtp://127.0.0.1:1' }),
      {
        autoStart: false,
      },
    );
    await hub.app.invitations.request('planning-meeting', 'late@example.org', 'en');
    expect(await down.runOnce()).toBe(1);
    await down.stop();
    expect((await hub.store.read.outbox.countsOf('mail')).pending).toBe(1);
    expect(mailbox.to('late@example.org')).toHaveLength(0);
    // Nothing is due until the back-off has passed.
    expect(await worker.runOnce()).toBe(0);
    clock = new Date(clock.getTime() + 60_000);
    expect(await worker.runOnce()).toBe(1);
    expect(mailbox.to('late@example.org')).toHaveLength(1);
  });

  describe('limits against inbox floods', () => {
    it('accepts only a bare address: display names, groups, comments and lists are refused and store nothing', async () => {
      const before = await hub.store.read.subscribers.confirmed('none');
      expect(before).toEqual([]);
      for (const email of [
        'x1<victim@example.org>',
        'x1 <victim@example.org>',
        'g1:victim@example.org;',
        'victim@example.org(c1)',
        '(c1)victim@example.org',
        'victim@example.org, other@example.org',
        'victim@example.org,other@example.org',
        '"victim@example.org"@example.net',
        'victim@example.org\nBcc: other@example.org',
      ]) {
        const res = await ask(email);
        expect(res.statusCode, email).toBe(422);
        expect(res.body, email).toContain('e-mail address');
      }
      await worker.runOnce();
      expect(mailbox.messages).toHaveLength(0);
    });

    it('sends one confirmation per mailbox, whatever +tag or capitals dress up its address', async () => {
      for (let i = 0; i < 20; i++) expect((await ask(`victim+${i}@Example.ORG`)).statusCode).toBe(303);
      expect((await ask('VICTIM@example.org')).statusCode).toBe(303);
      await worker.runOnce();
      expect(
        mailbox.recipients
          .flat()
          .filter((r) => r.toLowerCase().replace(/\+[^@]*/u, '') === 'victim@example.org'),
      ).toHaveLength(1);
    });

    it('limits confirmation mails per address across every series', async () => {
      for (let i = 0; i < 5; i++) {
        const series = await hub.app.meetings.create(maintainer.actor, {
          ...REFERENCE,
          title: `Series ${i}`,
        });
        const browser = new PageClient(hub, { 'x-forwarded-for': `203.0.113.${i}` });
        await browser.get(`/meetings/${series.slug}`);
        expect(
          (await browser.post(`/meetings/${series.slug}/invitations`, { email: 'target@example.org' }))
            .statusCode,
        ).toBe(303);
      }
      await worker.runOnce();
      expect(mailbox.to('target@example.org')).toHaveLength(3);
    });

    it('limits invitation requests per client', async () => {
      const browser = new PageClient(hub);
      await browser.get('/meetings/planning-meeting');
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) {
        statuses.push(
          (await browser.post('/meetings/planning-meeting/invitations', { email: `many${i}@example.org` }))
            .statusCode,
        );
      }
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      const refused = await browser.post('/meetings/planning-meeting/invitations', {
        email: 'one-more@example.org',
      });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toContain('Too many requests.');
    });

    it('sends a mail to exactly the one address stored, in a form nodemailer cannot read as several', async () => {
      // Mail queued by the tests before is sent first, so that only this one is looked at.
      await worker.runOnce();
      mailbox.clear();
      // A row stored before addresses were checked strictly.
      const { series } = await hub.app.meetings.get('planning-meeting');
      const id = '01900000-0000-7000-8000-00000000beef';
      await hub.store.read.subscribers.insert({
        id,
        series_id: series.id,
        email: 'g1:victim@example.org, attacker@example.net;',
        locale: 'en',
        status: 'pending',
        created_at: clock.toISOString(),
        confirmation_sent_at: clock.toISOString(),
        confirmed_at: null,
        unsubscribed_at: null,
        version: 1,
      });
      await hub.store.read.outbox.enqueue({
        id: '01900000-0000-7000-8000-00000000bee0',
        kind: 'mail',
        payload: JSON.stringify({ type: 'confirm', subscriberId: id }),
        created_at: clock.toISOString(),
        run_after: clock.toISOString(),
      });
      await worker.runOnce();
      // One recipient at most (the SMTP server may refuse the odd address), and neither of the two.
      const everyone = mailbox.recipients.flat();
      expect(everyone).not.toContain('victim@example.org');
      expect(everyone).not.toContain('attacker@example.net');
      expect(everyone.length).toBeLessThanOrEqual(1);
    });
  });
});
