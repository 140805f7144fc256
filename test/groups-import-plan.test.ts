import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ExistingGroup,
  type ExistingSeries,
  type GroupsImportPlan,
  planGroupsImport,
} from '../src/app/groups-import-plan.js';
import { readSigsYaml } from '../src/domain/sigs-yaml.js';

/** Planning a sigs.yaml import against a hub's groups, without a store. */

const text = readFileSync(new URL('fixtures/sigs/sigs.yaml', import.meta.url), 'utf8');
const read = (source = text, today = '2026-12-01') => readSigsYaml(source, { today });

/** The summaries a hub would hold after applying the plan: what a second import is planned against. */
function afterImport(existing: readonly ExistingGroup[], plan: GroupsImportPlan): ExistingGroup[] {
  const groups = new Map(existing.map((g) => [g.slug, { ...g, series: [...g.series] }]));
  for (const step of plan.groups) {
    const { spec } = step;
    const before = groups.get(spec.slug);
    groups.set(spec.slug, {
      ...(before ?? { series: [] }),
      slug: spec.slug,
      name: spec.name,
      description: spec.description,
      leads: [...spec.leads],
      kind: spec.kind,
      label: spec.label,
    });
  }
  plan.series.forEach((step, i) => {
    const group = groups.get(step.groupSlug);
    if (!group) return;
    const at = group.series.findIndex((s) => s.id === step.seriesId);
    const stored: ExistingSeries = {
      id: step.seriesId ?? `new-${i}`,
      // The import keeps the hub's spelling of a title matched case-insensitively.
      title: group.series[at]?.title ?? step.spec.title,
      schedule: step.schedule,
      ...step.links,
    };
    if (at < 0) group.series.push(stored);
    else group.series[at] = stored;
  });
  return [...groups.values()];
}

const count = (plan: GroupsImportPlan, action: string) => ({
  groups: plan.groups.filter((g) => g.action === action).length,
  series: plan.series.filter((s) => s.action === action).length,
});

describe('planning a groups import', () => {
  it('creates every group and series of the fixture in an empty hub', () => {
    const plan = planGroupsImport([], read());
    expect(count(plan, 'create')).toEqual({ groups: 20, series: 24 });
    expect(plan.unchanged).toBe(false);
  });

  it('changes nothing when the same file is imported again, on another day too', () => {
    const hub = afterImport([], planGroupsImport([], read()));
    const again = planGroupsImport(hub, read(text, '2027-06-30'));
    expect(again.unchanged).toBe(true);
    expect(count(again, 'unchanged')).toEqual({ groups: 20, series: 24 });
    expect(again.notInFile).toEqual({ groups: [], series: [] });
  });

  it('names the fields a changed file updates, and nothing else', () => {
    const hub = afterImport([], planGroupsImport([], read()));
    const changed = text
      .replace('        time: "17:00"\n        tz: CET', '        time: "18:00"\n        tz: CET')
      .replace('Volumes, snapshots and the drivers', 'Volumes, snapshots, backups and the drivers')
      .replace('        - github: d-osei\n', '        - github: d-osei\n        - github: new-lead\n')
      .replace('https://meet.example.org/sig-node', 'https://meet.example.org/sig-node-2');
    const plan = planGroupsImport(hub, read(changed));
    expect(plan.groups.filter((g) => g.action === 'update').map((g) => [g.slug, g.fields])).toEqual([
      ['sig-storage', ['description']],
      ['sig-testing', ['leads']],
    ]);
    expect(plan.series.filter((s) => s.action === 'update').map((s) => [s.groupSlug, s.fields])).toEqual([
      ['sig-network', ['schedule']],
      ['sig-node', ['joinUrl']],
    ]);
    expect(plan.unchanged).toBe(false);
    // Applied, the changed file imports to nothing new.
    expect(planGroupsImport(afterImport(hub, plan), read(changed)).unchanged).toBe(true);
  });

  it('keeps what the file does not say: the length of a meeting and the start of an undated series', () => {
    const hub = afterImport([], planGroupsImport([], read())).map((g) => ({
      ...g,
      series: g.series.map(
        (s): ExistingSeries => ({
          ...s,
          schedule: { ...s.schedule, durationMinutes: 90, startDate: '2025-04-01' },
        }),
      ),
    }));
    const plan = planGroupsImport(hub, read());
    const dated = plan.series.filter((s) => s.spec.dated);
    // Dated series take the file's first date back; undated ones keep theirs, and their 90 minutes.
    expect(dated.every((s) => s.action === 'update' && s.fields.join() === 'startDate')).toBe(true);
    const undated = plan.series.filter((s) => !s.spec.dated);
    expect(undated.every((s) => s.action === 'unchanged')).toBe(true);
    expect(undated[0]?.schedule).toMatchObject({ durationMinutes: 90, startDate: '2025-04-01' });
  });

  it('leaves groups and series the file does not list as they are, and lists them', () => {
    const hub: ExistingGroup[] = [
      ...afterImport([], planGroupsImport([], read())),
      { slug: 'wg-retired', name: 'Retired', description: '', leads: [], series: [] },
    ];
    const withExtra = hub.map((g) =>
      g.slug === 'sig-node'
        ? { ...g, series: [...g.series, { ...(g.series[0] as ExistingSeries), id: 'x1', title: 'Old sync' }] }
        : g,
    );
    const plan = planGroupsImport(withExtra, read());
    expect(plan.unchanged).toBe(true);
    expect(plan.notInFile).toEqual({
      groups: ['wg-retired'],
      series: [{ groupSlug: 'sig-node', seriesId: 'x1', title: 'Old sync' }],
    });
  });

  it('matches series of the same title by their order, ignoring case and spaces', () => {
    const two = `sigs:
  - dir: sig-a
    name: A
    meetings:
      - description: Triage
        day: Monday
        time: "10:00"
        tz: UTC
        frequency: weekly
      - description: triage
        day: Friday
        time: "10:00"
        tz: UTC
        frequency: weekly
`;
    const hub = afterImport([], planGroupsImport([], read(two)));
    const swapped = two.replace('Monday', 'Tuesday');
    const plan = planGroupsImport(hub, read(swapped));
    expect(plan.series.map((s) => [s.seriesId, s.action, s.fields])).toEqual([
      ['new-0', 'update', ['schedule']],
      ['new-1', 'unchanged', []],
    ]);
  });

  it('agrees with the import about a link the file leaves out: kept, so no change', () => {
    const hub = afterImport([], planGroupsImport([], read())).map((g) => ({
      ...g,
      series: g.series.map((s) => ({ ...s, notesUrl: s.notesUrl ?? 'https://notes.example.org/kept' })),
    }));
    const withoutLinks = text.replace(/^ {8}archive_url: .*\n/gmu, '');
    expect(withoutLinks).not.toContain('archive_url');
    const plan = planGroupsImport(hub, read(withoutLinks));
    expect(plan.series.filter((s) => s.action !== 'unchanged')).toEqual([]);
    expect(plan.unchanged).toBe(true);
    // What it would store is the hub's link, as the import stores it.
    expect(plan.series.every((s) => s.links.notesUrl !== null)).toBe(true);
    // A second preview of the same file after importing it reports no change either.
    expect(planGroupsImport(afterImport(hub, plan), read(withoutLinks)).unchanged).toBe(true);
  });

  it('reports no change for a title spelled otherwise, which the import keeps as the hub has it', () => {
    const hub = afterImport([], planGroupsImport([], read()));
    const first = hub.flatMap((g) => g.series)[0] as ExistingSeries;
    const shouted = text.replace(`description: ${first.title}`, `description: ${first.title.toUpperCase()}`);
    expect(shouted).not.toBe(text);
    expect(planGroupsImport(hub, read(shouted)).unchanged).toBe(true);
  });

  it('reports no start change for a dated file whose date is the first meeting after the hub’s start', () => {
    const hub = afterImport([], planGroupsImport([], read())).map((g) => ({
      ...g,
      series: g.series.map((s) => {
        // A start on the Monday of the first meeting's week: the same meetings, the same first one.
        const day = new Date(`${s.schedule.startDate}T00:00:00Z`);
        day.setUTCDate(day.getUTCDate() - (s.schedule.weekday - 1));
        return { ...s, schedule: { ...s.schedule, startDate: day.toISOString().slice(0, 10) } };
      }),
    }));
    expect(hub.flatMap((g) => g.series).filter((s) => s.schedule.weekday > 1).length).toBeGreaterThan(5);
    expect(planGroupsImport(hub, read()).unchanged).toBe(true);
  });
});
