import { Temporal } from 'temporal-polyfill';
import type { WeekRule } from '../domain/schedule.js';
import type { GroupKind, GroupSpec, SeriesSpec, SigsProblem } from '../domain/sigs-yaml.js';
import { GROUP_KINDS } from '../domain/sigs-yaml.js';
import { type SeriesRow, seriesTextOf, toSeries } from '../store/series.repository.js';
import type { Repositories } from '../store/store.js';
import { upsertGroup } from './group-upsert.js';
import { firstMeeting, movesStart } from './groups-import-plan.js';
import type { WriteStep } from './write.js';

/**
 * Applying a read `sigs.yaml` to the hub: each group created or updated with its leads and its
 * meeting series, all inside the caller's one transaction (a problem anywhere leaves the hub as
 * it was). What the file does not say is kept as the hub has it — a series' length, platform,
 * texts and reminders, and the first date of a series the file gives no date for — so importing
 * the same file again, on any day, changes nothing.
 */

export interface GroupsImportSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
  seriesCreated: string[];
  seriesUpdated: string[];
  /** Leads named in the file whom no account of the hub has as its handle (left out). */
  unknownPeople: string[];
  /** What the file says that was read otherwise than written (a placeholder for a link). */
  notes: SigsProblem[];
}

const ruleInput = (rule: WeekRule): Record<string, unknown> => ({
  weekRule: rule.kind,
  ...(rule.kind === 'interval' ? { interval: rule.interval } : {}),
  ...(rule.kind === 'monthly' || rule.kind === 'monthlyAfter' ? { ordinal: rule.ordinal } : {}),
  ...(rule.kind === 'monthlyAfter' ? { afterWeekday: rule.after } : {}),
});

/**
 * What the hub keeps of a series that the file has no word for; its title and join link are
 * the file's to say, and `seriesInput` sets them after these.
 */
function keptFields(row: SeriesRow): Record<string, unknown> {
  return { ...seriesTextOf(row), durationMinutes: row.duration_minutes, endDate: row.end_date ?? '' };
}

/** The series as `upsertGroup` takes it: the hub's own fields, overlaid with the file's. */
export function seriesInput(spec: SeriesSpec, existing: SeriesRow | undefined): Record<string, unknown> {
  const { schedule } = spec;
  return {
    ...(existing ? keptFields(existing) : { durationMinutes: schedule.durationMinutes }),
    ...(existing ? {} : spec.recordingsUrl ? { recorded: true } : {}),
    // Matched case-insensitively; the hub's spelling stays, so a match is no rename.
    title: existing?.title ?? spec.title,
    weekday: schedule.weekday,
    startTime: schedule.startTime,
    timeZone: schedule.timeZone,
    ...ruleInput(schedule.weekRule),
    startDate:
      existing && !movesStart(spec, toSeries(existing).schedule) ? existing.start_date : schedule.startDate,
    joinUrl: spec.joinUrl ?? existing?.join_url ?? '',
    notesUrl: spec.notesUrl ?? existing?.notes_url ?? '',
    recordingsUrl: spec.recordingsUrl ?? existing?.recordings_url ?? '',
  };
}

const titleKey = (title: string) => title.trim().toLowerCase();

/** Creates or updates every group of the file, inside the caller's transaction. */
export async function applySigsSpecs(
  step: WriteStep,
  specs: readonly GroupSpec[],
): Promise<GroupsImportSummary> {
  const summary: GroupsImportSummary = {
    created: [],
    updated: [],
    unchanged: [],
    seriesCreated: [],
    seriesUpdated: [],
    unknownPeople: [],
    notes: [],
  };
  for (const spec of specs) {
    const existing = await step.repos.groups.findBySlug(spec.slug);
    const rows = existing ? await step.repos.groups.seriesOf(existing.id) : [];
    const result = await upsertGroup(step, {
      slug: spec.slug,
      name: spec.name,
      description: spec.description,
      origin: { kind: spec.kind, label: spec.label },
      // A lead is a member of the group; the file names leads only.
      members: existing ? await withMembers(step.repos, existing.id, spec.leads) : spec.leads,
      leads: spec.leads,
      leadTitles: leadTitles(spec),
      series: spec.series.map((s) =>
        seriesInput(
          s,
          rows.find((r) => titleKey(r.title) === titleKey(s.title)),
        ),
      ),
    });
    const list = result.created ? summary.created : result.changed ? summary.updated : summary.unchanged;
    list.push(spec.slug);
    summary.seriesCreated.push(...result.seriesCreated);
    summary.seriesUpdated.push(...result.seriesUpdated);
    for (const handle of result.unknownPeople)
      if (!summary.unknownPeople.includes(handle)) summary.unknownPeople.push(handle);
  }
  return summary;
}

/** Each lead's titles as the file lists them, e.g. "chair,tech_lead". */
function leadTitles(spec: GroupSpec): Map<string, string> {
  const titles = new Map<string, string>();
  for (const handle of spec.leads) {
    const of = [spec.chairs.includes(handle) && 'chair', spec.techLeads.includes(handle) && 'tech_lead'];
    titles.set(handle, of.filter(Boolean).join(','));
  }
  return titles;
}

/** The group's members as they are, with the file's leads added: an import never removes a member. */
async function withMembers(
  repos: Repositories,
  groupId: string,
  leads: readonly string[],
): Promise<string[]> {
  const handles = (await repos.groups.members(groupId)).flatMap((m) => (m.handle ? [m.handle] : []));
  return [...new Set([...handles, ...leads])];
}

/** The hub's groups in the shape a `sigs.yaml` has, for `toSigsYaml`. */
export async function sigsSpecs(repos: Repositories): Promise<GroupSpec[]> {
  const specs: GroupSpec[] = [];
  for (const group of await repos.groups.list()) {
    const members = await repos.groups.members(group.id);
    const series = await repos.groups.seriesOf(group.id);
    const leads = members.filter((m) => m.role === 'lead' && m.handle);
    const titled = (title: string) =>
      leads.flatMap((m) => (m.handle && m.lead_titles?.split(',').includes(title) ? [m.handle] : []));
    specs.push({
      kind: isKind(group.kind) ? group.kind : 'workinggroup',
      slug: group.slug,
      name: group.name,
      description: group.description,
      label: group.label,
      leads: leads.flatMap((m) => (m.handle ? [m.handle] : [])),
      chairs: titled('chair'),
      techLeads: titled('tech_lead'),
      series: series.map((row) => ({
        title: row.title,
        schedule: { ...toSeries(row).schedule, startDate: firstMeeting(toSeries(row).schedule) },
        dated: true,
        joinUrl: row.join_url,
        notesUrl: row.notes_url,
        recordingsUrl: row.recordings_url,
      })),
    });
  }
  return specs;
}

const isKind = (kind: string | null): kind is GroupKind => GROUP_KINDS.includes(kind as GroupKind);

/** Today in UTC, `YYYY-MM-DD`: the start of series the file gives no date for. */
export const todayOf = (now: Date) =>
  Temporal.Instant.fromEpochMilliseconds(now.getTime()).toString().slice(0, 10);
