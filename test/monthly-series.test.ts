import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSchedule } from '../src/domain/planning-page.js';
import { decodeEntities, type PageClient } from './support/client.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** A Sunday; the third Thursday of December 2026 is the 17th. */
const NOW = new Date('2026-11-29T10:00:00Z');

/** "Third Thursday of the month, 17:00 UTC", exactly as a maintainer types it into the form. */
const FORM = {
  title: 'Community call',
  purpose: 'Once a month, everyone together.',
  weekRule: 'monthly',
  // The form always sends the number of weeks too; with "once a month" it does not count.
  interval: '2',
  ordinal: '3',
  weekday: '4',
  startTime: '17:00',
  durationMinutes: '60',
  timeZone: 'UTC',
  startDate: '2026-11-29',
  endDate: '',
  platform: 'Jitsi Meet',
  joinUrl: 'https://meet.example.org/community',
  languages: 'English',
  invitationInfo: '',
  contributeNote: '',
};

function apiSeries(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Release sync',
    weekRule: 'monthly',
    ordinal: -1,
    weekday: 1,
    startTime: '14:00',
    durationMinutes: 45,
    timeZone: 'Europe/Berlin',
    startDate: '2026-11-29',
    ...overrides,
  };
}

function mainText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return decodeEntities(main.replace(/<[^>]*>/gu, ' '))
    .replace(/\s+/gu, ' ')
    .trim();
}

function fieldError(html: string, field: string): string | undefined {
  const m = new RegExp(`<p class="field-error" id="field-${field}-error">([^<]*)</p>`, 'u').exec(html);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

function selected(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`, 'u').exec(html)?.[1];
  return /<option[^>]*value="([^"]*)"[^>]*selected/u.exec(select ?? '')?.[1];
}

describe.each(ENGINES)('monthly series on %s', (engine) => {
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

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, etag?: string) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...maintainer.auth, ...(etag ? { 'if-match': etag } : {}) },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  const snapshot = async () => {
    const series = await hub.store.read.series.list();
    const changes = await Promise.all(series.map((s) => hub.store.read.series.changes(s.id)));
    return { series, changes, audit: await hub.store.read.audit.latest(1000) };
  };

  it('the form makes a "third Thursday" series; page, API, edit form and feed say the same', async () => {
    await browser.get('/meetings/new');
    const created = await browser.post('/meetings/new', FORM);
    expect(created.statusCode).toBe(303);
    const page = await browser.follow(created);
    expect(mainText(page.body)).toContain('third Thursday of the month, from 17:00 to 18:00 (UTC)');
    const german = await hub.server.inject({ method: 'GET', url: '/meetings/community-call?lang=de' });
    expect(mainText(german.body)).toContain('dritter Donnerstag im Monat, von 17:00 bis 18:00 (UTC)');

    const res = await api('GET', '/series/community-call');
    expect(res.statusCode).toBe(200);
    expect(res.json().series).toMatchObject({ weekRule: 'monthly', ordinal: 3, interval: null, weekday: 4 });
    expect(
      res
        .json()
        .upcoming.slice(0, 4)
        .map((o: { startUtc: string }) => o.startUtc),
    ).toEqual([
      '2026-12-17T17:00:00Z',
      '2027-01-21T17:00:00Z',
      '2027-02-18T17:00:00Z',
      '2027-03-18T17:00:00Z',
    ]);

    const edit = await browser.get('/meetings/community-call/edit');
    expect(selected(edit.body, 'weekRule')).toBe('monthly');
    expect(selected(edit.body, 'ordinal')).toBe('3');

    // Saved again through the form as "last Thursday": the ordinal changes, nothing else.
    const version = /name="version" value="(\d+)"/u.exec(edit.body)?.[1] ?? '';
    const saved = await browser.post('/meetings/community-call/edit', { ...FORM, ordinal: '-1', version });
    expect(saved.statusCode).toBe(303);
    const after = await api('GET', '/series/community-call');
    expect(after.json().series).toMatchObject({ weekRule: 'monthly', ordinal: -1, interval: null });
    expect(after.json().upcoming[0].key).toBe('2026-12-31');

    // Cancelled like any occurrence: the feed keeps one monthly rule and a cancelled instance.
    const cancel = await api('POST', '/series/community-call/occurrences/2027-01-28/cancel', {
      reason: 'Holiday',
    });
    expect(cancel.statusCode).toBe(200);
    const feed = await hub.server.inject({ method: 'GET', url: '/meetings/community-call.ics' });
    const lines = feed.body.replace(/\r\n[ \t]/gu, '').split('\r\n');
    expect(lines.filter((l) => l.startsWith('RRULE:'))).toEqual(['RRULE:FREQ=MONTHLY;BYDAY=-1TH']);
    expect(lines).toContain('RECURRENCE-ID;TZID=UTC:20270128T170000');
    expect(lines).toContain('STATUS:CANCELLED');
  });

  it('the planning page says "third Thursday of the month" in both languages, and reads it back', async () => {
    const en = await hub.server.inject({ url: '/docs/planning.md' });
    expect(en.statusCode).toBe(200);
    // The series was made "last Thursday" by the test before.
    const sentence =
      'Public planning meetings are held on the **last Thursday of the month** from **17:00 to 18:00** (UTC) on Jitsi Meet.';
    expect(en.body).toContain(sentence);
    expect(en.body).not.toMatch(/every week|biweekly/u);
    const de = await hub.server.inject({ url: '/docs/planning.md?lang=de' });
    const satz =
      'Öffentliche Planungsmeetings finden **jeden letzten Donnerstag im Monat** von **17:00 bis 18:00** (UTC) auf Jitsi Meet statt.';
    expect(de.body).toContain(satz);
    const expected = {
      weekRule: 'monthly',
      ordinal: -1,
      weekday: 4,
      startTime: '17:00',
      durationMinutes: 60,
      timeZone: 'UTC',
      platform: 'Jitsi Meet',
    };
    expect(readSchedule(sentence)).toEqual(expected);
    expect(readSchedule(satz)).toEqual(expected);
    expect(
      readSchedule('We meet on the 3rd Tuesday of each month, 16:00–17:00 (Europe/Berlin).'),
    ).toMatchObject({
      weekRule: 'monthly',
      ordinal: 3,
      weekday: 2,
    });
  });

  it('the API makes a "last Monday" series and switches its rule both ways', async () => {
    const created = await api('POST', '/series', apiSeries());
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ weekRule: 'monthly', ordinal: -1, interval: null });
    const slug = created.json().slug as string;
    const got = await api('GET', `/series/${slug}`);
    expect(
      got
        .json()
        .upcoming.slice(0, 2)
        .map((o: { start: string }) => o.start),
    ).toEqual(['2026-11-30T14:00:00+01:00[Europe/Berlin]', '2026-12-28T14:00:00+01:00[Europe/Berlin]']);

    // A new rule brings its own parameter; the stored ordinal does not carry over.
    const biweekly = await api('PATCH', `/series/${slug}`, { weekRule: 'interval', interval: 2 }, '"1"');
    expect(biweekly.statusCode).toBe(200);
    expect(biweekly.json()).toMatchObject({ weekRule: 'interval', interval: 2, ordinal: null });
    const fifth = await api(
      'PATCH',
      `/series/${slug}`,
      { weekRule: 'monthly', ordinal: 5, weekday: 5 },
      '"2"',
    );
    expect(fifth.statusCode).toBe(200);
    expect(fifth.json()).toMatchObject({ weekRule: 'monthly', ordinal: 5, interval: null });
    const next = await api('GET', `/series/${slug}/occurrences?from=2027-01-01&to=2028-01-01`);
    expect(next.json().items.map((o: { key: string }) => o.key)).toEqual([
      '2027-01-29',
      '2027-04-30',
      '2027-07-30',
      '2027-10-29',
      '2027-12-31',
    ]);
  });

  describe('bad input gets a clear 4xx and stores nothing', () => {
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['ordinal 0', { ordinal: 0 }, 'ordinal', /first to the fifth \(1 to 5\) or the last \(-1\)/u],
      ['ordinal 6', { ordinal: 6 }, 'ordinal', /first to the fifth \(1 to 5\) or the last \(-1\)/u],
      ['no ordinal', { ordinal: null }, 'ordinal', /first to the fifth/u],
      [
        '"third" with an interval',
        { ordinal: 3, interval: 2 },
        'interval',
        /does not go with a monthly rule/u,
      ],
      [
        '"third" with every 2 weeks',
        { weekRule: 'interval', interval: 2, ordinal: 3 },
        'ordinal',
        /goes only with the monthly rules/u,
      ],
    ];
    it.each(cases)('%s through the API', async (_name, overrides, field, message) => {
      const before = await snapshot();
      const res = await api('POST', '/series', apiSeries({ title: `Bad ${_name}`, ...overrides }));
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors).toEqual([{ field, message: expect.stringMatching(message) }]);
      expect(await snapshot()).toEqual(before);
    });

    it.each(['0', '6', 'third'])(
      'ordinal %j in the form, beside the field, with what was typed',
      async (ordinal) => {
        await browser.get('/meetings/new');
        const before = await snapshot();
        const res = await browser.post('/meetings/new', { ...FORM, title: `Form ${ordinal}`, ordinal });
        expect(res.statusCode).toBe(422);
        expect(fieldError(res.body, 'ordinal')).toMatch(/first to the fifth \(1 to 5\) or the last \(-1\)/u);
        expect(res.body).toContain(`value="Form ${ordinal}"`);
        expect(await snapshot()).toEqual(before);
      },
    );

    it('the German form says it in German', async () => {
      await browser.get('/meetings/new?lang=de');
      const res = await browser.post('/meetings/new?lang=de', { ...FORM, ordinal: '6' });
      expect(res.statusCode).toBe(422);
      expect(fieldError(res.body, 'ordinal')).toMatch(/erste bis fünfte \(1 bis 5\) oder der letzte \(-1\)/u);
    });
  });
});
