import { Temporal } from 'temporal-polyfill';
import { regularDates } from '../domain/recurrence.js';
import type { Schedule, WeekRule } from '../domain/schedule.js';
import type { GroupKind, GroupSpec, SeriesSpec } from '../domain/sigs-yaml.js';

/**
 * What importing a `sigs.yaml` would do to the groups a hub has: which groups and series it
 * creates, which it updates (and which fields), and which stay as they are. Decided from
 * summaries alone, so "importing the same file again changes nothing" holds before anything is
 * stored, and a preview can say so.
 *
 * Series have no identity in the file: within a group they are matched by title (case and
 * surrounding spaces aside, and the hub's spelling kept), the second "Triage" of a group with the
 * second one. What the file does not say is not compared and not overwritten, exactly as the
 * import keeps it: the length of a meeting (the file has none), the first date of a series the
 * file gives no date for (or a first date that is the series' first meeting already), and a link
 * the file leaves out (a series' notes kept in the hub stay when the file has no `archive_url`). Groups and series the hub has but
 * the file does not are left as they are, and listed.
 */

export interface ExistingSeries {
  id: string;
  title: string;
  schedule: Schedule;
  joinUrl: string | null;
  notesUrl: string | null;
  recordingsUrl: string | null;
}

export interface ExistingGroup {
  slug: string;
  name: string;
  description: string;
  /** Handles of the group's leads, in any order. */
  leads: string[];
  /** Compared only where the hub keeps them. */
  kind?: GroupKind;
  label?: string | null;
  series: ExistingSeries[];
}

export type GroupField = 'name' | 'description' | 'leads' | 'kind' | 'label';
export type SeriesField = 'title' | 'schedule' | 'startDate' | 'joinUrl' | 'notesUrl' | 'recordingsUrl';

export interface SeriesStep {
  action: 'create' | 'update' | 'unchanged';
  groupSlug: string;
  title: string;
  /** The existing series an update or an unchanged step is about. */
  seriesId: string | null;
  fields: SeriesField[];
  /** The schedule to store: the file's, with what it does not say kept from the existing series. */
  schedule: Schedule;
  /** The links to store: the file's, and the existing series' where the file names none. */
  links: Pick<ExistingSeries, 'joinUrl' | 'notesUrl' | 'recordingsUrl'>;
  spec: SeriesSpec;
}

export interface GroupStep {
  action: 'create' | 'update' | 'unchanged';
  slug: string;
  fields: GroupField[];
  spec: GroupSpec;
}

export interface GroupsImportPlan {
  groups: GroupStep[];
  series: SeriesStep[];
  /** In the hub but not in the file: left as they are. */
  notInFile: { groups: string[]; series: { groupSlug: string; seriesId: string; title: string }[] };
  /** True when applying would change nothing. */
  unchanged: boolean;
}

const titleKey = (title: string) => title.trim().toLowerCase();

function sameRule(a: WeekRule, b: WeekRule): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'interval' && b.kind === 'interval') return a.interval === b.interval;
  if (a.kind === 'monthly' && b.kind === 'monthly') return a.ordinal === b.ordinal;
  if (a.kind === 'monthlyAfter' && b.kind === 'monthlyAfter')
    return a.ordinal === b.ordinal && a.after === b.after;
  return true;
}

const LINKS = ['joinUrl', 'notesUrl', 'recordingsUrl'] as const;

/** The first regular meeting on or after a schedule's start date (a year on at most). */
export function firstMeeting(schedule: Schedule): string {
  const start = Temporal.PlainDate.from(schedule.startDate);
  return regularDates(schedule, start, start.add({ years: 1 }))[0]?.toString() ?? schedule.startDate;
}

/**
 * Whether the file moves the series' start: an undated series never does; a dated one only when
 * its date is not the series' first meeting as the hub has it (an export writes that meeting's
 * date, and the hub may keep an earlier start).
 */
export function movesStart(spec: SeriesSpec, existing: Schedule): boolean {
  return spec.dated && firstMeeting(existing) !== spec.schedule.startDate;
}

/** The schedule to store: what the file says, and the rest as the hub has it. */
function mergedSchedule(spec: SeriesSpec, existing: ExistingSeries | null): Schedule {
  if (!existing) return spec.schedule;
  return {
    ...spec.schedule,
    durationMinutes: existing.schedule.durationMinutes,
    startDate: movesStart(spec, existing.schedule) ? spec.schedule.startDate : existing.schedule.startDate,
    endDate: existing.schedule.endDate,
  };
}

/** The links to store: a link the file leaves out is kept, as the import keeps it. */
function mergedLinks(spec: SeriesSpec, existing: ExistingSeries | null): SeriesStep['links'] {
  const links = { joinUrl: spec.joinUrl, notesUrl: spec.notesUrl, recordingsUrl: spec.recordingsUrl };
  for (const field of LINKS) links[field] = spec[field] ?? existing?.[field] ?? null;
  return links;
}

function seriesFields(spec: SeriesSpec, existing: ExistingSeries): SeriesField[] {
  const fields: SeriesField[] = [];
  const a = spec.schedule;
  const b = existing.schedule;
  // Matched by title, case and spaces aside: the hub's spelling stays, so no title changes.
  if (
    a.weekday !== b.weekday ||
    a.startTime !== b.startTime ||
    a.timeZone !== b.timeZone ||
    !sameRule(a.weekRule, b.weekRule)
  )
    fields.push('schedule');
  if (movesStart(spec, b)) fields.push('startDate');
  for (const field of LINKS) {
    if (spec[field] !== null && spec[field] !== existing[field]) fields.push(field);
  }
  return fields;
}

function groupFields(spec: GroupSpec, existing: ExistingGroup): GroupField[] {
  const fields: GroupField[] = [];
  if (spec.name !== existing.name) fields.push('name');
  if (spec.description !== existing.description) fields.push('description');
  if ([...spec.leads].sort().join() !== [...existing.leads].sort().join()) fields.push('leads');
  if (existing.kind !== undefined && existing.kind !== spec.kind) fields.push('kind');
  if (existing.label !== undefined && existing.label !== spec.label) fields.push('label');
  return fields;
}

/** The group's series matched to the file's, by title and, among equal titles, by order. */
function planSeries(spec: GroupSpec, existing: ExistingGroup | null, plan: GroupsImportPlan): void {
  const left = [...(existing?.series ?? [])];
  for (const s of spec.series) {
    const at = left.findIndex((e) => titleKey(e.title) === titleKey(s.title));
    const match = at < 0 ? null : (left.splice(at, 1)[0] ?? null);
    const fields = match ? seriesFields(s, match) : [];
    plan.series.push({
      action: !match ? 'create' : fields.length > 0 ? 'update' : 'unchanged',
      groupSlug: spec.slug,
      title: s.title,
      seriesId: match?.id ?? null,
      fields,
      schedule: mergedSchedule(s, match),
      links: mergedLinks(s, match),
      spec: s,
    });
  }
  for (const e of left) plan.notInFile.series.push({ groupSlug: spec.slug, seriesId: e.id, title: e.title });
}

export function planGroupsImport(
  existing: readonly ExistingGroup[],
  specs: readonly GroupSpec[],
): GroupsImportPlan {
  const bySlug = new Map(existing.map((g) => [g.slug, g]));
  const plan: GroupsImportPlan = {
    groups: [],
    series: [],
    notInFile: { groups: [], series: [] },
    unchanged: true,
  };
  for (const spec of specs) {
    const group = bySlug.get(spec.slug) ?? null;
    const fields = group ? groupFields(spec, group) : [];
    plan.groups.push({
      action: !group ? 'create' : fields.length > 0 ? 'update' : 'unchanged',
      slug: spec.slug,
      fields,
      spec,
    });
    planSeries(spec, group, plan);
  }
  const inFile = new Set(specs.map((s) => s.slug));
  plan.notInFile.groups = existing.filter((g) => !inFile.has(g.slug)).map((g) => g.slug);
  plan.unchanged =
    plan.groups.every((g) => g.action === 'unchanged') && plan.series.every((s) => s.action === 'unchanged');
  return plan;
}
