import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../src/domain/errors.js';
import { buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** A series' notes archive and recordings links: http or https only, stored and shown on its page. */
const SERIES = {
  title: 'Links meeting',
  weekday: 1,
  startTime: '10:00',
  durationMinutes: 30,
  timeZone: 'Europe/Berlin',
  weekRule: 'odd',
  startDate: '2026-11-01',
};

describe.each(ENGINES)('series links on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  beforeAll(async () => {
    hub = await startHub(engine);
    maintainer = await buildUser(hub, { role: 'maintainer' });
  });
  afterAll(() => hub.close());

  it('keeps http(s) links and refuses any other scheme', async () => {
    const series = await hub.app.meetings.create(maintainer.actor, {
      ...SERIES,
      notesUrl: 'https://notes.example.org/links',
      recordingsUrl: 'http://video.example.org/links',
    });
    expect(series).toMatchObject({
      notesUrl: 'https://notes.example.org/links',
      recordingsUrl: 'http://video.example.org/links',
    });
    const refused = await hub.app.meetings
      .create(maintainer.actor, { ...SERIES, title: 'Bad', recordingsUrl: 'javascript:alert(1)' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).problems.map((p) => p.field)).toEqual(['recordingsUrl']);
    const page = await hub.server.inject({ method: 'GET', url: `/meetings/${series.slug}?lang=de` });
    expect(page.body).toContain(
      '<a href="https://notes.example.org/links" rel="noopener">Archiv der Protokolle',
    );
    expect(page.body).toContain('<a href="http://video.example.org/links" rel="noopener">Aufzeichnungen</a>');
  });
});
