import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSchedule } from '../src/domain/planning-page.js';
import { decodeEntities, type PageClient } from './support/client.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** A Sunday; the fourth Tuesday of December 2026 is the 22nd. */
const NOW = new Date('2026-11-29T10:00:00Z');

/** "The Wednesday after the fourth Tuesday, 10:00 Pacific time", as typed into the series form. */
const FORM = {
  title: 'Testing call',
  purpose: 'The day after the release meeting.',
  weekRule: 'monthlyAfter',
  interval: '2',
  ordinal: '4',
  afterWeekday: '2',
  weekday: '3',
  startTime: '10:00',
  durationMinutes: '60',
  timeZone: 'America/Los_Angeles',
  startDate: '2026-11-29',
  endDate: '',
  platform: 'Jitsi Meet',
  joinUrl: 'https://meet.example.org/testing',
  languages: 'English',
  invitationInfo: '',
  contributeNote: '',
};

function mainText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return decodeEntities(main.replace(/<[^>]*>/gu, ' '))
    .replace(/\s+/gu, ' ')
    .trim();
}

function selected(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`, 'u').exec(html)?.[1];
  return /<option[^>]*value="([^"]*)"[^>]*selected/u.exec(select ?? '')?.[1];
}

function fieldError(html: string, field: string): string | undefined {
  const m = new RegExp(`<p class="field-error" id="field-${field}-error">([^<]*)</p>`, 'u').exec(html);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

describe.each(ENGINES)('weekday-after series on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let browser: PageClient;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    await buildUser(hub, { role: 'admin' });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    browser = await signedInClient(hub, maintainer);
  });
  afterAll(() => hub.close());

  const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: maintainer.auth,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  it('the form makes it; page, API, edit form and feed say the same', async () => {
    await browser.get('/meetings/new');
    const created = await browser.post('/meetings/new', FORM);
    expect(created.statusCode).toBe(303);
    const page = await browser.follow(created);
    expect(mainText(page.body)).toContain(
      'Wednesday after the fourth Tuesday of the month, from 10:00 to 11:00 (America/Los_Angeles)',
    );
    const german = await hub.server.inject({ method: 'GET', url: '/meetings/testing-call?lang=de' });
    expect(mainText(german.body)).toContain(
      'Mittwoch nach dem vierten Dienstag im Monat, von 10:00 bis 11:00 (America/Los_Angeles)',
    );
    const res = await api('GET', '/series/testing-call');
    expect(res.json().series).toMatchObject({
      weekRule: 'monthlyAfter',
      ordinal: 4,
      afterWeekday: 2,
      interval: null,
      weekday: 3,
    });
    expect(
      res
        .json()
        .upcoming.slice(0, 3)
        .map((o: { startUtc: string }) => o.startUtc),
    ).toEqual(['2026-12-23T18:00:00Z', '2027-01-27T18:00:00Z', '2027-02-24T18:00:00Z']);
    const edit = await browser.get('/meetings/testing-call/edit');
    expect(selected(edit.body, 'weekRule')).toBe('monthlyAfter');
    expect(selected(edit.body, 'ordinal')).toBe('4');
    expect(selected(edit.body, 'afterWeekday')).toBe('2');
    const feed = await hub.server.inject({ method: 'GET', url: '/meetings/testing-call.ics' });
    const lines = feed.body.replace(/\r\n[ \t]/gu, '').split('\r\n');
    expect(lines.filter((l) => l.startsWith('RRULE:'))).toEqual([
      'RRULE:FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=23,24,25,26,27,28,29',
    ]);
  });

  it('the planning page says it in both languages, and reads it back', async () => {
    const en = await hub.server.inject({ url: '/docs/planning.md' });
    const sentence =
      'Public planning meetings are held on the **Wednesday after the fourth Tuesday of the month** from **10:00 to 11:00** (America/Los_Angeles) on Jitsi Meet.';
    expect(en.body).toContain(sentence);
    const de = await hub.server.inject({ url: '/docs/planning.md?lang=de' });
    const satz =
      'Öffentliche Planungsmeetings finden **jeden Mittwoch nach dem vierten Dienstag im Monat** von **10:00 bis 11:00** (America/Los_Angeles) auf Jitsi Meet statt.';
    expect(de.body).toContain(satz);
    const expected = {
      weekRule: 'monthlyAfter',
      ordinal: 4,
      afterWeekday: 2,
      weekday: 3,
      startTime: '10:00',
      durationMinutes: 60,
      timeZone: 'America/Los_Angeles',
      platform: 'Jitsi Meet',
    };
    expect(readSchedule(sentence)).toEqual(expected);
    expect(readSchedule(satz)).toEqual(expected);
  });

  it('refuses the fifth, three days after the fourth, and the same weekday, in English and German', async () => {
    for (const [body, field] of [
      [{ ordinal: '5' }, 'ordinal'],
      [{ ordinal: '4', weekday: '5' }, 'ordinal'],
      [{ afterWeekday: '3' }, 'afterWeekday'],
    ] as const) {
      await browser.get('/meetings/new');
      const res = await browser.post('/meetings/new', { ...FORM, title: `Refused ${field}`, ...body });
      expect(res.statusCode).toBe(422);
      expect(fieldError(res.body, field)).toBeTruthy();
    }
    await browser.get('/meetings/new?lang=de');
    const de = await browser.post('/meetings/new?lang=de', { ...FORM, afterWeekday: '3' });
    expect(fieldError(de.body, 'afterWeekday')).toBe(
      'Wähle den Wochentag, von dem aus das Treffen gezählt wird; er muss ein anderer sein als der des Treffens.',
    );
    // The API is told when it sends a weekday to count from with another rule.
    const refused = await api('POST', '/series', {
      title: 'Weekly',
      weekRule: 'every',
      afterWeekday: 2,
      weekday: 3,
      startTime: '10:00',
      durationMinutes: 60,
      timeZone: 'UTC',
      startDate: '2026-11-29',
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    expect(JSON.stringify(refused.json())).toContain('A weekday to count from goes only with');
  });
});
