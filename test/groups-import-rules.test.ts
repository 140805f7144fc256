import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigsYamlError } from '../src/domain/sigs-yaml.js';
import { changedTables, snapshotDatabase } from './support/db-snapshot.js';
import { buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A `sigs.yaml` with a day counted from another ("Wednesday after the fourth Tuesday") and an
 * undated every-four-weeks meeting dated by the importer's first meeting: stored as such on both
 * engines, imported again without a change, exported and read back to the same.
 */
const FILE = `sigs:
  - dir: sig-testing
    name: Testing
    meetings:
      - description: Regular SIG Meeting
        day: Wednesday after the fourth Tuesday
        time: "10:00"
        tz: PT (Pacific Time)
        frequency: monthly
  - dir: sig-release
    name: Release
    meetings:
      - description: Release Team Sync
        day: Monday
        time: "9:00"
        tz: UTC
        frequency: every four weeks
`;
const NOW = new Date('2026-12-03T10:00:00Z');
const START = { undatedStart: '2027-01-04' } as const;

describe.each(ENGINES)('importing counted and started rules on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    admin = await buildUser(hub, { role: 'admin' });
  });
  afterAll(() => hub.close());

  const seriesOf = async (group: string) => (await hub.app.meetings.overview(1, group))[0]?.series;

  it('refuses a first meeting on another weekday, and stores nothing', async () => {
    const before = await snapshotDatabase(hub.testDb.database);
    const refused = await hub.app.groups
      .importSigs(admin.actor, FILE, { undatedStart: '2027-01-05' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SigsYamlError);
    expect((refused as SigsYamlError).problems.map((p) => [p.line, p.key])).toEqual([
      [17, 'sigs.error.startNotOnDay'],
    ]);
    expect(changedTables(before, await snapshotDatabase(hub.testDb.database))).toEqual([]);
  });

  it('stores the Wednesday after the fourth Tuesday, and every four weeks from the given Monday', async () => {
    const summary = await hub.app.groups.importSigs(admin.actor, FILE, START);
    expect(summary.created.sort()).toEqual(['sig-release', 'sig-testing']);
    const testing = await seriesOf('sig-testing');
    expect(testing?.schedule).toMatchObject({
      weekday: 3,
      timeZone: 'America/Los_Angeles',
      weekRule: { kind: 'monthlyAfter', ordinal: 4, after: 2 },
    });
    const { occurrences } = await hub.app.meetings.upcoming(testing?.slug ?? '', 3);
    expect(occurrences.map((o) => o.key)).toEqual(['2026-12-23', '2027-01-27', '2027-02-24']);
    expect((await seriesOf('sig-release'))?.schedule).toMatchObject({
      weekRule: { kind: 'interval', interval: 4 },
      startDate: '2027-01-04',
    });
  });

  it('changes nothing when the file is imported again with the same first meeting', async () => {
    const before = await snapshotDatabase(hub.testDb.database);
    const again = await hub.app.groups.importSigs(admin.actor, FILE, START);
    expect(again.unchanged.sort()).toEqual(['sig-release', 'sig-testing']);
    expect([...again.seriesCreated, ...again.seriesUpdated]).toEqual([]);
    expect(changedTables(before, await snapshotDatabase(hub.testDb.database))).toEqual([]);
  });

  it('exports both rules in words the import reads back without a change', async () => {
    const yaml = await hub.app.groups.exportSigs();
    expect(yaml).toContain('frequency: Wednesday after the fourth Tuesday of the month starting 2026-12-23');
    expect(yaml).toContain('frequency: every 4 weeks starting 2027-01-04');
    const before = await snapshotDatabase(hub.testDb.database);
    const again = await hub.app.groups.importSigs(admin.actor, yaml);
    expect(again.unchanged).toHaveLength(2);
    expect(changedTables(before, await snapshotDatabase(hub.testDb.database))).toEqual([]);
  });
});
