import { ValidationError } from '../domain/errors.js';
import { type Action, authorize } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { Repositories } from '../store/store.js';

/**
 * The leads of the group a subject belongs to, for the policy's `groupLeads` (src/domain/policy.ts):
 * none for a subject of no group, so only hub-wide roles act on it.
 */
export async function groupLeadsOf(repos: Repositories, groupId: string | null): Promise<string[]> {
  return groupId === null ? [] : repos.groups.leadIds(groupId);
}

/** The leads of the group whose board this is (by id). */
export async function boardLeads(repos: Repositories, boardId: string): Promise<string[]> {
  return groupLeadsOf(repos, (await repos.board.findBoard(boardId))?.group_id ?? null);
}

/** The leads of the group whose meetings these are (the series by id). */
export async function seriesLeads(repos: Repositories, seriesId: string): Promise<string[]> {
  return groupLeadsOf(repos, (await repos.series.findById(seriesId))?.group_id ?? null);
}

/**
 * Who may move a subject from group `from` to group `to` by leading: a lead of `to` when the
 * subject is in no group or in `to` already; otherwise only someone leading both. Taking it out of
 * every group (`to` null) nobody may by leading: a lead who did could no longer edit what they
 * moved, so that is for maintainers.
 */
export async function assignLeads(
  repos: Repositories,
  from: string | null,
  to: string | null,
): Promise<string[]> {
  if (to === null) return [];
  const target = await repos.groups.leadIds(to);
  if (from === null || from === to) return target;
  const current = new Set(await repos.groups.leadIds(from));
  return target.filter((id) => current.has(id));
}

/** The id of the group a list filter names; an unknown one is refused rather than ignored. */
export async function groupIdOf(repos: Repositories, slug: string): Promise<string> {
  const row = await repos.groups.findBySlug(slug.trim());
  if (!row) {
    throw new ValidationError([
      { field: 'group', key: 'group.unknown', params: { group: slug.slice(0, 60) } },
    ]);
  }
  return row.id;
}

/**
 * The group a new series or board goes into (none for an empty slug), if `actor` may make one
 * there by `action`: maintainers anywhere, a group's lead in a group they lead. An unknown group
 * is a problem of the field, as where an edit names one.
 */
export async function groupToCreateIn(
  repos: Repositories,
  actor: Actor,
  action: Action,
  group: unknown,
): Promise<string | null> {
  const groupId = typeof group === 'string' && group.trim() !== '' ? await groupIdOf(repos, group) : null;
  authorize(actor, action, { groupLeads: await groupLeadsOf(repos, groupId) });
  return groupId;
}
