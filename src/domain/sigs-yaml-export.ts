import { Scalar, stringify } from 'yaml';
import type { WeekRule } from './schedule.js';
import { type Cadence, frequencyText, weekdayName, zoneLabel } from './sigs-meeting.js';
import { GROUP_KINDS, type GroupSpec, SECTION_OF, type SeriesSpec } from './sigs-yaml.js';

/**
 * Group specs written back as a `sigs.yaml`, in the shape and words `readSigsYaml` reads: what
 * was imported exports to a file that imports to the same specs. Leads are written as the chairs
 * and tech leads they were listed as (as chairs when the hub made them leads); a series' first date is written only where the
 * file it came from gave one.
 */

function cadenceOf(rule: WeekRule): Cadence {
  switch (rule.kind) {
    case 'every':
      return { kind: 'weekly' };
    case 'interval':
      return rule.interval === 1 ? { kind: 'weekly' } : { kind: 'interval', interval: rule.interval };
    case 'odd':
    case 'even':
      return { kind: 'parity', parity: rule.kind };
    case 'monthly':
    case 'monthlyAfter':
      return { kind: 'monthly' };
  }
}

/** Times are quoted: YAML 1.1 readers (Kubernetes' own tools) take a bare 17:00 for a number. */
function quoted(text: string): Scalar {
  const scalar = new Scalar(text);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

function meetingOf(series: SeriesSpec): Record<string, unknown> {
  const { schedule } = series;
  const r = schedule.weekRule;
  const ordinal = r.kind === 'monthly' || r.kind === 'monthlyAfter' ? r.ordinal : null;
  const after = r.kind === 'monthlyAfter' ? r.after : null;
  const rule = frequencyText(cadenceOf(r), schedule.weekday, ordinal, after);
  const meeting: Record<string, unknown> = {
    description: series.title,
    day: weekdayName(schedule.weekday),
    time: quoted(schedule.startTime),
    tz: zoneLabel(schedule.timeZone),
    frequency: series.dated ? `${rule} starting ${schedule.startDate}` : rule,
  };
  if (series.joinUrl) meeting.url = series.joinUrl;
  if (series.notesUrl) meeting.archive_url = series.notesUrl;
  if (series.recordingsUrl) meeting.recordings_url = series.recordingsUrl;
  return meeting;
}

function leadershipOf(spec: GroupSpec): Record<string, unknown> {
  const titled = new Set([...spec.chairs, ...spec.techLeads]);
  const chairs = [...spec.chairs, ...spec.leads.filter((h) => !titled.has(h))];
  const people = (handles: string[]) => handles.map((github) => ({ github }));
  return {
    ...(chairs.length > 0 ? { chairs: people(chairs) } : {}),
    ...(spec.techLeads.length > 0 ? { tech_leads: people(spec.techLeads) } : {}),
  };
}

function entryOf(spec: GroupSpec): Record<string, unknown> {
  const entry: Record<string, unknown> = { dir: spec.slug, name: spec.name };
  if (spec.description !== '') entry.mission_statement = spec.description;
  if (spec.label) entry.label = spec.label;
  if (spec.leads.length > 0) entry.leadership = leadershipOf(spec);
  if (spec.series.length > 0) entry.meetings = spec.series.map(meetingOf);
  return entry;
}

export function toSigsYaml(specs: readonly GroupSpec[]): string {
  const file: Record<string, unknown[]> = {};
  for (const kind of GROUP_KINDS) {
    file[SECTION_OF[kind]] = specs.filter((s) => s.kind === kind).map(entryOf);
  }
  return stringify(file, { lineWidth: 0 });
}
