import { ValidationError } from '../domain/errors.js';
import { type Group, validateGroupDraft } from '../domain/group.js';
import { seriesColumns } from '../store/series.repository.js';
import type { Repositories } from '../store/store.js';
import { handleList, insertGroup, loadGroup, setPeople, updateGroup } from './group-steps.js';
import { insertSeries, updateSeries, validateSeriesInput } from './series-steps.js';
import type { WriteStep } from './write.js';

/** A group as an import describes it (e.g. one entry of a sigs.yaml). */
export interface GroupUpsert {
  /** Names the group to create or update; also its address. */
  slug: string;
  name: string;
  /** Markdown. */
  description?: string;
  /** Its list and label in the file it came from (kept for the export); unchanged when absent. */
  origin?: { kind: string; label: string | null };
  /** Handles of hub accounts; handles the hub does not know are left out and reported. */
  members?: readonly string[];
  /** Handles; each must also be among `members`. */
  leads?: readonly string[];
  /** Each lead's titles in the file ("chair,tech_lead"), kept for the export. */
  leadTitles?: ReadonlyMap<string, string>;
  /**
   * The group's meeting series, each as `POST /api/v1/series` takes it; an existing series of
   * the group with the same title is updated, others are created in the group.
   */
  series?: readonly Record<string, unknown>[];
}

export interface UpsertSummary {
  group: Group;
  created: boolean;
  /** Whether anything was written (the group, its people or its series). */
  changed: boolean;
  /** Slugs of the series created and updated. */
  seriesCreated: string[];
  seriesUpdated: string[];
  /** Handles no account of the hub has. */
  unknownPeople: string[];
}

/** Creates or updates one group with its people and series, inside the caller's transaction. */
export async function upsertGroup(step: WriteStep, input: GroupUpsert): Promise<UpsertSummary> {
  const { repos, at, audit } = step;
  const draft = validateGroupDraft(input);
  if (draft.slug === null) throw new ValidationError([{ field: 'slug', key: 'group.badSlug' }]);
  let row = await repos.groups.findBySlug(draft.slug);
  const created = !row;
  let changed = created;
  if (!row) {
    row = await insertGroup(repos, draft, at);
    await audit('group.create', { type: 'group', id: row.id }, draft.name);
  } else if (row.name !== draft.name || row.description !== draft.description) {
    await updateGroup(repos, row, row.version, draft, at);
    await audit('group.edit', { type: 'group', id: row.id }, draft.name);
    changed = true;
  }
  if (input.origin && (row.kind !== input.origin.kind || row.label !== input.origin.label)) {
    const current = await repos.groups.findById(row.id);
    if (current) {
      await repos.groups.update(row.id, current.version, { ...input.origin, updated_at: at });
      changed = true;
    }
  }
  const people = await upsertPeople(repos, row.id, input, at);
  const series = await upsertSeries(step, row.id, input.series ?? []);
  return {
    group: await loadGroup(repos, draft.slug),
    created,
    changed: changed || people.changed || series.created.length + series.updated.length > 0,
    seriesCreated: series.created,
    seriesUpdated: series.updated,
    unknownPeople: people.unknown,
  };
}

async function upsertPeople(
  repos: Repositories,
  groupId: string,
  input: GroupUpsert,
  at: string,
): Promise<{ changed: boolean; unknown: string[] }> {
  const members = handleList(input.members ?? [], 'members');
  const leads = handleList(input.leads ?? [], 'leads');
  const unknown: string[] = [];
  for (const handle of members) if (!(await repos.groups.personByHandle(handle))) unknown.push(handle);
  const known = (list: string[]) => list.filter((h) => !unknown.includes(h));
  // The titles count too: a chair who became a tech lead is a change to report.
  const snapshot = async () => JSON.stringify(await repos.groups.members(groupId));
  const before = await snapshot();
  await setPeople(
    repos,
    groupId,
    {
      members: known(members),
      leads: known(leads),
      ...(input.leadTitles ? { leadTitles: input.leadTitles } : {}),
    },
    at,
  );
  const after = await snapshot();
  return { changed: before !== after, unknown };
}

async function upsertSeries(
  step: WriteStep,
  groupId: string,
  inputs: readonly Record<string, unknown>[],
): Promise<{ created: string[]; updated: string[] }> {
  const { repos, actor, at } = step;
  const created: string[] = [];
  const updated: string[] = [];
  const existing = await repos.groups.seriesOf(groupId);
  for (const [i, input] of inputs.entries()) {
    let valid: ReturnType<typeof validateSeriesInput>;
    try {
      valid = validateSeriesInput(input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      throw new ValidationError(err.problems.map((p) => ({ ...p, field: `series[${i}].${p.field}` })));
    }
    const { text, schedule } = valid;
    const row = existing.find((s) => s.title === text.title);
    if (!row) {
      created.push((await insertSeries(repos, actor, text, schedule, at, groupId)).slug);
      continue;
    }
    const wanted = seriesColumns(text, schedule);
    const same = (Object.keys(wanted) as (keyof typeof wanted)[]).every((k) => row[k] === wanted[k]);
    if (same) continue;
    updated.push((await updateSeries(repos, actor, row, text, schedule, at)).slug);
  }
  return { created, updated };
}
