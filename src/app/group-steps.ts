import { ConflictError, NotFoundError, RuleError, ValidationError } from '../domain/errors.js';
import type { Group, GroupDraft, GroupPerson, GroupRole } from '../domain/group.js';
import { PATH_WORDS, slugify } from '../domain/text.js';
import type { GroupRow } from '../store/groups.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';

/** The steps on groups that the forms, the API and an import take inside their own transaction. */

export function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export async function loadGroup(repos: Repositories, slug: string): Promise<Group> {
  const row = await repos.groups.findBySlug(slug);
  if (!row) throw new NotFoundError('group', slug);
  return toGroup(row);
}

export async function groupPeople(repos: Repositories, groupId: string): Promise<GroupPerson[]> {
  return (await repos.groups.members(groupId)).map((m) => ({
    userId: m.user_id,
    name: m.name,
    handle: m.handle ?? '',
    role: m.role as GroupRole,
  }));
}

/** A slug no other group has: the one asked for, or one made from the name. */
export async function freeSlug(repos: Repositories, draft: GroupDraft, exceptId?: string): Promise<string> {
  const slug = draft.slug ?? (slugify(draft.name).slice(0, 60).replace(/-+$/u, '') || 'group');
  const holder = await repos.groups.findBySlug(slug);
  if ((holder && holder.id !== exceptId) || PATH_WORDS.has(slug))
    throw new RuleError('group.slugTaken', { slug });
  return slug;
}

/** The people a list of handles names, each once; unknown handles are one problem, named. */
export async function peopleByHandle(
  repos: Repositories,
  field: string,
  handles: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const unknown: string[] = [];
  for (const handle of handles) {
    const person = await repos.groups.personByHandle(handle);
    if (person) found.set(handle, person.id);
    else unknown.push(handle);
  }
  if (unknown.length > 0) {
    throw new ValidationError([
      { field, key: 'group.unknownPeople', params: { handles: unknown.join(', ').slice(0, 300) } },
    ]);
  }
  return found;
}

/** Checks that every lead is among the members: a lead leads the group they belong to. */
export function checkLeadsAreMembers(members: readonly string[], leads: readonly string[]): void {
  const strangers = leads.filter((l) => !members.includes(l));
  if (strangers.length > 0) throw new RuleError('group.leadNotMember', { handles: strangers.join(', ') });
}

/** A list of handles from a form (comma or line separated) or a JSON list. */
export function handleList(value: unknown, field: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const raw = typeof value === 'string' ? value.split(/[\s,]+/u) : value;
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string' || v.length > 100) || raw.length > 500) {
    throw new ValidationError([{ field, key: 'error.notTextList' }]);
  }
  return [
    ...new Set((raw as string[]).map((h) => h.trim().replace(/^@/u, '').toLowerCase()).filter(Boolean)),
  ];
}

/** Makes the group's people exactly these: leads (each also a member) and members. */
export async function setPeople(
  repos: Repositories,
  groupId: string,
  lists: {
    members: readonly string[];
    leads: readonly string[];
    /** A lead's titles in an imported file ("chair,tech_lead"); absent leaves them unset. */
    leadTitles?: ReadonlyMap<string, string>;
  },
  at: string,
): Promise<void> {
  checkLeadsAreMembers(lists.members, lists.leads);
  const ids = await peopleByHandle(repos, 'members', lists.members);
  const current = await repos.groups.members(groupId);
  const wanted = new Set(ids.values());
  for (const m of current) if (!wanted.has(m.user_id)) await repos.groups.removeMember(groupId, m.user_id);
  for (const [handle, userId] of ids) {
    const role = lists.leads.includes(handle) ? 'lead' : 'member';
    const had = current.find((m) => m.user_id === userId);
    // A form that edits the people says nothing of titles: a lead keeps the ones imported.
    const kept = had?.role === 'lead' ? had.lead_titles : null;
    const titles = role !== 'lead' ? null : lists.leadTitles ? (lists.leadTitles.get(handle) ?? null) : kept;
    if (had?.role === role && had.lead_titles === titles) continue;
    await repos.groups.setMember({
      group_id: groupId,
      user_id: userId,
      role,
      lead_titles: titles,
      created_at: had?.created_at ?? at,
    });
  }
}

/** Stores a new group (inside the caller's transaction). */
export async function insertGroup(repos: Repositories, draft: GroupDraft, at: string): Promise<GroupRow> {
  const row: GroupRow = {
    id: newId(),
    slug: await freeSlug(repos, draft),
    name: draft.name,
    description: draft.description,
    kind: null,
    label: null,
    created_at: at,
    updated_at: at,
    version: 1,
  };
  await repos.groups.insert(row);
  // The backlog's filter bar lists the groups, and its pages are kept until the ideas' stamp moves.
  await repos.changes.bump('ideas');
  return row;
}

/** Changes name, slug and description when the caller saw `version`; a stale one is a conflict. */
export async function updateGroup(
  repos: Repositories,
  current: GroupRow,
  version: number,
  draft: GroupDraft,
  at: string,
): Promise<void> {
  if (current.version !== version) throw new ConflictError(toGroup(current));
  const slug = draft.slug === null ? current.slug : await freeSlug(repos, draft, current.id);
  const ok = await repos.groups.update(current.id, version, {
    slug,
    name: draft.name,
    description: draft.description,
    updated_at: at,
  });
  if (!ok) throw new ConflictError(toGroup(current));
  await repos.changes.bump('ideas');
}
