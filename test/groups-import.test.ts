import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../src/domain/errors.js';
import { SigsYamlError } from '../src/domain/sigs-yaml.js';
import { changedTables, snapshotDatabase } from './support/db-snapshot.js';
import { buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * `plenum import groups FILE` through its use-case: a sigs.yaml of 20 groups becomes 20 groups
 * with their series and leads, all of it or (any bad entry) nothing; importing it again changes
 * no row; the export reads back as the same groups.
 */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/sigs/${name}`, import.meta.url), 'utf8');
const NOW = new Date('2026-12-03T10:00:00Z');
const ODD = { undatedEveryOther: 'odd' } as const;

describe.each(ENGINES)('importing a sigs.yaml on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let maintainer: TestUser;
  let ayesha: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    [admin, maintainer, ayesha] = await Promise.all([
      buildUser(hub, { role: 'admin' }),
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub, { name: 'Ayesha Khan' }),
    ]);
    // The file names leads by GitHub handle: Ayesha's account has the same handle here.
    await hub.app.accounts.updateProfile(ayesha.actor, ayesha.user.version, {
      name: 'Ayesha Khan',
      handle: 'ayesha-k',
    });
  });
  afterAll(() => hub.close());

  it('refuses a file with a misspelled day or an unknown zone and stores nothing', async () => {
    const before = await snapshotDatabase(hub.testDb.database);
    for (const bad of ['bad-day.yaml', 'bad-zone.yaml', 'many-problems.yaml']) {
      const refused = await hub.app.groups
        .importSigs(admin.actor, fixture(bad), ODD)
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SigsYamlError);
      expect((refused as SigsYamlError).problems.length).toBeGreaterThan(0);
      expect((refused as SigsYamlError).problems.every((p) => typeof p.line === 'number')).toBe(true);
    }
    expect(changedTables(before, await snapshotDatabase(hub.testDb.database))).toEqual([]);
  });

  it('lets only admins import', async () => {
    await expect(
      hub.app.groups.importSigs(maintainer.actor, fixture('sigs.yaml'), ODD),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await hub.app.groups.list()).toHaveLength(0);
  });

  it('creates every group and series of the file, with the leads that have an account', async () => {
    const summary = await hub.app.groups.importSigs(admin.actor, fixture('sigs.yaml'), ODD);
    expect(summary.created).toHaveLength(20);
    expect(summary.updated).toEqual([]);
    expect(summary.seriesCreated.length).toBeGreaterThanOrEqual(20);
    expect(summary.unknownPeople).not.toContain('ayesha-k');
    const groups = await hub.app.groups.list();
    expect(groups.map((g) => g.group.slug).sort()).toEqual([...summary.created].sort());
    const led = await hub.app.groups.get(summary.created[0] ?? '');
    expect(led.people.filter((p) => p.role === 'lead').map((p) => p.handle)).toContain('ayesha-k');
    const series = await hub.app.meetings.overview(1, 'sig-api');
    expect(series.find((s) => s.series.title === 'Regular SIG Meeting')?.series).toMatchObject({
      notesUrl: 'https://notes.example.org/sig-api',
      recordingsUrl: 'https://video.example.org/playlist/sig-api',
    });
  });

  it('changes nothing when the same file is imported again, on a later day too', async () => {
    const before = await snapshotDatabase(hub.testDb.database);
    const again = await hub.app.groups.importSigs(admin.actor, fixture('sigs.yaml'), ODD);
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged).toHaveLength(20);
    expect([...again.seriesCreated, ...again.seriesUpdated]).toEqual([]);
    expect(changedTables(before, await snapshotDatabase(hub.testDb.database))).toEqual([]);
  });

  it('exports the groups in the same shape, and importing the export changes nothing', async () => {
    const yaml = await hub.app.groups.exportSigs();
    expect(yaml).toMatch(/^sigs:/mu);
    expect(yaml).toMatch(/^workinggroups:/mu);
    // Ayesha came as a tech lead and goes back as one; the series' links go back too.
    expect(yaml).toMatch(/tech_leads:\n\s+- github: ayesha-k/u);
    expect(yaml).toContain('archive_url: https://notes.example.org/sig-api');
    expect(yaml).toContain('recordings_url: https://video.example.org/playlist/sig-api');
    const before = await snapshotDatabase(hub.testDb.database);
    const again = await hub.app.groups.importSigs(admin.actor, yaml, ODD);
    expect(again.unchanged).toHaveLength(20);
    expect(changedTables(before, await snapshotDatabase(hub.testDb.database))).toEqual([]);
  });
});
