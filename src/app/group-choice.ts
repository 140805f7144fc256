import { ValidationError } from '../domain/errors.js';
import { can } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { GroupedTable } from '../store/groups.repository.js';
import type { Repositories } from '../store/store.js';
import { audit } from './context.js';
import { assignLeads } from './group-access.js';

/**
 * The group field of the idea, series and board forms (and of the API bodies that carry one):
 * which groups someone may choose for a subject now in group `from`, and the check of a choice,
 * both by the one rule of `group.assign` (src/domain/policy.ts) with the leads `assignLeads` names.
 * Keeping the group a subject is in already is no move, so it is always a choice.
 */

export interface GroupOption {
  id: string;
  slug: string;
  name: string;
}

export interface GroupChoices {
  groups: GroupOption[];
  /** Whether "no group" may be chosen. */
  none: boolean;
}

/**
 * Where "no group" is decided by something other than a move: a new series is in no group only
 * when its maker may make one outside every group (maintainers, not leads).
 */
export interface ChoiceOptions {
  none?: boolean;
}

async function mayMove(repos: Repositories, actor: Actor, from: string | null, to: string | null) {
  if (from === to) return true;
  return can(actor, 'group.assign', { groupLeads: await assignLeads(repos, from, to) });
}

/** The groups (by name) `actor` may put a subject of group `from` into, and whether none. */
export async function groupChoices(
  repos: Repositories,
  actor: Actor,
  from: string | null,
  options: ChoiceOptions = {},
): Promise<GroupChoices> {
  const groups: GroupOption[] = [];
  for (const row of await repos.groups.list()) {
    if (await mayMove(repos, actor, from, row.id))
      groups.push({ id: row.id, slug: row.slug, name: row.name });
  }
  return { groups, none: options.none ?? (await mayMove(repos, actor, from, null)) };
}

/**
 * The group id a choice names (null for none), or a problem of the `group` field: an unknown
 * group, a group the actor may not put it into, or none where none may not be chosen.
 */
export async function checkGroupChoice(
  repos: Repositories,
  actor: Actor,
  from: string | null,
  slug: string | null,
  options: ChoiceOptions = {},
): Promise<string | null> {
  const wanted = slug?.trim() ?? '';
  if (wanted === '') {
    const none = options.none ?? (await mayMove(repos, actor, from, null));
    // Out of the group it is in, or a new one in none: said apart, as the first is what a lead tried.
    const key = from === null ? 'group.choose' : 'group.noneNotYours';
    if (!none) throw new ValidationError([{ field: 'group', key }]);
    return null;
  }
  const row = await repos.groups.findBySlug(wanted);
  if (!row) {
    throw new ValidationError([
      { field: 'group', key: 'group.unknown', params: { group: wanted.slice(0, 60) } },
    ]);
  }
  if (!(await mayMove(repos, actor, from, row.id))) {
    throw new ValidationError([{ field: 'group', key: 'group.notYours', params: { group: row.name } }]);
  }
  return row.id;
}

/**
 * Moves a subject to the group chosen (inside the caller's transaction, after its own checks);
 * `slug` undefined leaves it where it is.
 */
export async function moveToChosenGroup(
  repos: Repositories,
  actor: Actor,
  subject: { table: GroupedTable; type: string; id: string; groupId: string | null },
  slug: string | null | undefined,
  at: string,
): Promise<void> {
  if (slug === undefined) return;
  const to = await checkGroupChoice(repos, actor, subject.groupId, slug);
  if (to === subject.groupId) return;
  await repos.groups.assign(subject.table, subject.id, to, at);
  await audit(repos, at, actor, 'group.assign', { type: subject.type, id: subject.id }, slug ?? '—');
}

/** The `group` of a loosely shaped input: undefined when not given, null for none. */
export function groupOfInput(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw new ValidationError([{ field: 'group', key: 'error.notText' }]);
  return value;
}
