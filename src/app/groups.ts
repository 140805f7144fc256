import { Temporal } from 'temporal-polyfill';
import { NotFoundError, RuleError } from '../domain/errors.js';
import { type Group, type GroupPerson, groupRoleOf, validateGroupDraft } from '../domain/group.js';
import { type Acting, authorize, authorizeAttempt, can } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { readSigsYamlReport, type SigsOptions } from '../domain/sigs-yaml.js';
import { toSigsYaml } from '../domain/sigs-yaml-export.js';
import type { GroupedTable } from '../store/groups.repository.js';
import type { Repositories } from '../store/store.js';
import type { AppDeps } from './context.js';
import { assignLeads, groupLeadsOf } from './group-access.js';
import { type ChoiceOptions, checkGroupChoice, type GroupChoices, groupChoices } from './group-choice.js';
import {
  bySoonest,
  type GroupHome,
  type GroupMinutes,
  type GroupSeries,
  groupHome,
  seriesWithNext,
} from './group-home.js';
import {
  groupPeople,
  handleList,
  insertGroup,
  loadGroup,
  peopleByHandle,
  setPeople,
  toGroup,
  updateGroup,
} from './group-steps.js';
import { type GroupUpsert, type UpsertSummary, upsertGroup } from './group-upsert.js';
import { applySigsSpecs, type GroupsImportSummary, sigsSpecs, todayOf } from './groups-import.js';
import { findIdeaRow } from './idea-steps.js';
import { writer } from './write.js';

export type { GroupChoices, GroupHome, GroupMinutes, GroupSeries, GroupUpsert, UpsertSummary };

/** A group as its list shows it: with its leads. */
export interface GroupSummary {
  group: Group;
  leads: GroupPerson[];
}

/** The meeting a group has next, in the series that meets soonest. */
export type GroupNextMeeting = GroupSeries & { group: Group };

/** Group fields as they arrive from a form or JSON body, with the people as handles. */
export type GroupInput = Parameters<typeof validateGroupDraft>[0] & { members?: unknown; leads?: unknown };

/** What can be put into a group. */
export type Groupable = 'idea' | 'series' | 'board';

const TABLES: Record<Groupable, GroupedTable> = { idea: 'ideas', series: 'meeting_series', board: 'boards' };

export function groupsUseCases(deps: AppDeps) {
  return {
    ...groupReads(deps),
    ...groupChoiceReads(deps),
    ...groupWrites(deps),
    ...groupMembers(deps),
    ...groupAssignment(deps),
  };
}

/** The group field of the forms: which groups someone may choose, and the check of a choice. */
function groupChoiceReads({ store }: AppDeps) {
  return {
    /** The groups `actor` may choose for a subject now in group `from` (see group-choice.ts). */
    async choices(actor: Actor, from: string | null, options?: ChoiceOptions): Promise<GroupChoices> {
      return groupChoices(store.read, actor, from, options);
    },

    /**
     * The groups a new series or board (made by `action`) may go into: maintainers anywhere or in
     * none, a group's lead in a group they lead; anyone else is refused.
     */
    async createChoices(actor: Actor, action: 'series.edit' | 'board.edit'): Promise<GroupChoices> {
      const anywhere = can(actor, action);
      const choices = await groupChoices(store.read, actor, null, { none: anywhere });
      if (!anywhere && choices.groups.length === 0) authorize(actor, action);
      return choices;
    },

    /** Whether `actor` may make a series or board somewhere (by `action`), for the link to its form. */
    async mayCreate(actor: Actor, action: 'series.edit' | 'board.edit'): Promise<boolean> {
      if (can(actor, action)) return true;
      return actor.kind === 'user' && (await store.read.groups.idsLedBy(actor.userId)).length > 0;
    },

    /** Refuses, as a problem of the `group` field, a choice `choices` would not offer. */
    async checkChoice(
      actor: Actor,
      from: string | null,
      slug: string | null,
      options?: ChoiceOptions,
    ): Promise<void> {
      await checkGroupChoice(store.read, actor, from, slug, options);
    },
  };
}

function groupReads({ store, now }: AppDeps) {
  return {
    /** Every group by name, with its leads. */
    async list(): Promise<GroupSummary[]> {
      const rows = await store.read.groups.list();
      return Promise.all(
        rows.map(async (row) => ({
          group: toGroup(row),
          leads: (await groupPeople(store.read, row.id)).filter((p) => p.role === 'lead'),
        })),
      );
    },

    async get(slug: string): Promise<{ group: Group; people: GroupPerson[] }> {
      const group = await loadGroup(store.read, slug);
      return { group, people: await groupPeople(store.read, group.id) };
    },

    /** The group's home page: its people, meetings, recent minutes, boards and open ideas. */
    async home(slug: string, locale: string): Promise<GroupHome> {
      return groupHome(store.read, slug, locale, Temporal.Instant.fromEpochMilliseconds(now().getTime()));
    },

    /** The next meeting of each group's series: of the groups given, or of every group. */
    async nextMeetings(groupIds?: readonly string[]): Promise<GroupNextMeeting[]> {
      const repos = store.read;
      const instant = Temporal.Instant.fromEpochMilliseconds(now().getTime());
      const groups = (await repos.groups.list()).filter((g) => !groupIds || groupIds.includes(g.id));
      const out: GroupNextMeeting[] = [];
      for (const row of groups) {
        const soonest = bySoonest(await seriesWithNext(repos, row.id, instant))[0];
        if (soonest) out.push({ ...soonest, group: toGroup(row) });
      }
      return bySoonest(out) as GroupNextMeeting[];
    },

    /** A group's leads (user ids), the policy's subject on pages; none for no group. */
    async leadIds(groupId: string | null): Promise<string[]> {
      return groupLeadsOf(store.read, groupId);
    },

    /** The groups the person belongs to (as lead or member). */
    async idsOfMember(userId: string): Promise<string[]> {
      return store.read.groups.idsOfMember(userId);
    },

    /** The groups the person follows or belongs to: whose meetings their home page shows. */
    async idsFollowedOrMember(userId: string): Promise<string[]> {
      const [member, followed] = await Promise.all([
        store.read.groups.idsOfMember(userId),
        store.read.follows.idsOf(userId, 'group'),
      ]);
      return [...new Set([...member, ...followed])];
    },
  };
}

function groupWrites(deps: AppDeps) {
  const write = writer(deps);
  return {
    /** A new group with its people (handles); every lead must be among the members. */
    async create(actor: Acting, input: GroupInput): Promise<Group> {
      authorize(actor, 'group.manage');
      const draft = validateGroupDraft(input);
      const lists = {
        members: handleList(input.members, 'members'),
        leads: handleList(input.leads, 'leads'),
      };
      return write(actor, async ({ repos, at, audit }) => {
        const row = await insertGroup(repos, draft, at);
        await setPeople(repos, row.id, lists, at);
        await audit('group.create', { type: 'group', id: row.id }, draft.name);
        return loadGroup(repos, row.slug);
      });
    },

    /** Changes name, slug and description, and the people when given; a stale version is a conflict. */
    async update(actor: Acting, slug: string, version: number, input: GroupInput): Promise<Group> {
      authorize(actor, 'group.manage');
      const draft = validateGroupDraft(input);
      return write(actor, async ({ repos, at, audit }) => {
        const current = await repos.groups.findBySlug(slug);
        if (!current) throw new NotFoundError('group', slug);
        await updateGroup(repos, current, version, draft, at);
        if (input.members !== undefined || input.leads !== undefined) {
          const lists = {
            members: handleList(input.members, 'members'),
            leads: handleList(input.leads, 'leads'),
          };
          await setPeople(repos, current.id, lists, at);
        }
        await audit('group.edit', { type: 'group', id: current.id }, draft.name);
        return toGroup((await repos.groups.findById(current.id)) ?? current);
      });
    },

    /**
     * Creates the group named by `input.slug` or updates it, with its people and its meeting
     * series (matched by title within the group), all in one transaction; what is already as
     * asked is left alone, so a second run of the same input changes nothing.
     */
    async upsert(actor: Acting, input: GroupUpsert): Promise<UpsertSummary> {
      authorize(actor, 'group.manage');
      return write(actor, (step) => upsertGroup(step, input));
    },

    /**
     * Imports a `sigs.yaml`: every group and series of it, or (a SigsYamlError naming each
     * problem with its line) nothing at all.
     */
    async importSigs(
      actor: Acting,
      text: string,
      options: Omit<SigsOptions, 'today'> = {},
    ): Promise<GroupsImportSummary> {
      authorize(actor, 'group.manage');
      const { specs, notes } = readSigsYamlReport(text, { ...options, today: todayOf(deps.now()) });
      const summary = await write(actor, (step) => applySigsSpecs(step, specs));
      return { ...summary, notes };
    },

    /** The hub's groups as a `sigs.yaml`. */
    async exportSigs(): Promise<string> {
      return toSigsYaml(await sigsSpecs(deps.store.read));
    },
  };
}

function groupMembers(deps: AppDeps) {
  const write = writer(deps);
  return {
    /**
     * Adds a person or changes their role. Leads add and remove members of their group; only
     * admins name leads, and only someone already a member becomes one.
     */
    async setMember(actor: Actor, slug: string, handle: string, roleInput: unknown): Promise<GroupPerson[]> {
      authorizeAttempt(actor, 'group.members');
      const role = groupRoleOf(roleInput);
      return write(actor, async ({ repos, at, audit }) => {
        const group = await loadGroup(repos, slug);
        const people = await groupPeople(repos, group.id);
        const userId = (await repos.groups.personByHandle(handle))?.id;
        const had = people.find((p) => p.userId === userId);
        if (role === 'lead' || had?.role === 'lead') authorize(actor, 'group.manage');
        else authorize(actor, 'group.members', { groupLeads: leadsIn(people) });
        if (!userId) await peopleByHandle(repos, 'handle', [handle.toLowerCase()]);
        if (role === 'lead' && !had) throw new RuleError('group.leadNotMember', { handles: handle });
        if (!userId || had?.role === role) return people;
        await repos.groups.setMember({
          group_id: group.id,
          user_id: userId,
          role,
          lead_titles: null,
          created_at: at,
        });
        await audit('group.member', { type: 'group', id: group.id }, `${handle}: ${role}`);
        return groupPeople(repos, group.id);
      });
    },

    async removeMember(actor: Actor, slug: string, handle: string): Promise<GroupPerson[]> {
      authorizeAttempt(actor, 'group.members');
      return write(actor, async ({ repos, audit }) => {
        const group = await loadGroup(repos, slug);
        const people = await groupPeople(repos, group.id);
        const person = people.find((p) => p.handle === handle.replace(/^@/u, '').toLowerCase());
        if (person?.role === 'lead') authorize(actor, 'group.manage');
        else authorize(actor, 'group.members', { groupLeads: leadsIn(people) });
        if (!person) throw new NotFoundError('member', handle);
        await repos.groups.removeMember(group.id, person.userId);
        await audit('group.member', { type: 'group', id: group.id }, `${handle}: removed`);
        return groupPeople(repos, group.id);
      });
    },
  };
}

const leadsIn = (people: readonly GroupPerson[]) =>
  people.filter((p) => p.role === 'lead').map((p) => p.userId);

/** The group an idea, series or board belongs to: admins and maintainers anywhere, leads their own. */
function groupAssignment(deps: AppDeps) {
  const write = writer(deps);
  return {
    async assign(actor: Actor, kind: Groupable, ref: string, groupSlug: string | null): Promise<void> {
      authorizeAttempt(actor, 'group.assign');
      await write(actor, async ({ repos, at, audit }) => {
        const subject = await subjectOf(repos, kind, ref);
        const target = groupSlug === null ? null : (await loadGroup(repos, groupSlug)).id;
        const rule = { groupLeads: await assignLeads(repos, subject.groupId, target) };
        if (!can(actor, 'group.assign', rule))
          authorize(actor, 'group.assign', rule, await assignRefusal(repos, target));
        if (subject.groupId === target) return;
        await repos.groups.assign(TABLES[kind], subject.id, target, at);
        await audit('group.assign', { type: kind, id: subject.id }, groupSlug ?? '—');
      });
    },
  };
}

/** Why a move to group `target` (null: out of every group) is refused, said as the forms say it. */
async function assignRefusal(repos: Repositories, target: string | null) {
  if (target === null) return { key: 'group.noneNotYours' };
  return { key: 'group.notYours', params: { group: (await repos.groups.findById(target))?.name ?? '' } };
}

async function subjectOf(
  repos: Repositories,
  kind: Groupable,
  ref: string,
): Promise<{ id: string; groupId: string | null }> {
  const row =
    kind === 'idea'
      ? await findIdeaRow(repos, ref)
      : kind === 'series'
        ? await repos.series.findBySlug(ref)
        : await repos.board.findBoard(ref);
  if (!row) throw new NotFoundError(kind, ref);
  return { id: row.id, groupId: row.group_id };
}
export type GroupsUseCases = ReturnType<typeof groupsUseCases>;
