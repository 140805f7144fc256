import { ConflictError, RuleError, ValidationError } from '../domain/errors.js';
import { type Idea, validateIdeaDraft } from '../domain/idea.js';
import { type IdeaStatus, isIdeaStatus, OPEN_STATUSES } from '../domain/idea-status.js';
import { type Acting, authorize, authorizeAttempt, authorizeUser, ideaSubject } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { searchWords } from '../domain/text.js';
import { isUniqueViolation } from '../store/db.js';
import { type IdeaFilter, type IdeaHistoryRow, toIdea } from '../store/ideas.repository.js';
import { newId } from '../store/ids.js';
import type { AppDeps } from './context.js';
import { followStep } from './follows.js';
import { groupIdOf, groupLeadsOf } from './group-access.js';
import { groupOfInput, moveToChosenGroup } from './group-choice.js';
import { mustHold } from './held-posts.js';
import { type IdeaSort, ideaListing, type ListPosition } from './idea-list.js';
import { ideaReview } from './idea-review.js';
import { applyStatus, editIdea, insertIdea, loadIdea } from './idea-steps.js';
import { type LimitsUseCases, takeProposal } from './limits.js';
import { StampedCache } from './stamped-cache.js';
import { writer } from './write.js';

export interface IdeaHistoryEntry {
  id: string;
  at: string;
  actorName: string | null;
  action: 'proposed' | 'created' | 'edited' | 'status';
  fromStatus: IdeaStatus | null;
  toStatus: IdeaStatus | null;
  reason: string | null;
  fields: string[];
  /** `series-slug/YYYY-MM-DD` of the meeting that decided a status change. */
  meeting: string | null;
}

export interface IdeaListQuery {
  statuses?: readonly IdeaStatus[];
  tag?: string;
  q?: string;
  limit?: number;
  cursor?: string;
  /** Collation locale of the reader. */
  locale: string;
  /** Alphabetical unless asked otherwise: the public backlog never orders by interest. */
  sort?: IdeaSort;
  /** Only the ideas of this group (its slug). */
  group?: string;
}

/** An idea in a list, with how many members want it. */
export type ListedIdea = Idea & { interestCount: number };

export interface IdeaList {
  items: ListedIdea[];
  nextCursor: string | null;
  total: number;
}

export const MAX_PAGE = 500;

/** Idea fields as they arrive from a form or JSON body, checked by the domain. */
/** An idea's fields as a form or body sends them, and the group to put it into (its slug; null: none). */
export type IdeaInput = Parameters<typeof validateIdeaDraft>[0] & { group?: unknown };

function toHistory(row: IdeaHistoryRow): IdeaHistoryEntry {
  return {
    id: row.id,
    at: row.at,
    actorName: row.actor_name,
    action: row.action as IdeaHistoryEntry['action'],
    fromStatus: (row.from_status as IdeaStatus | null) ?? null,
    toStatus: (row.to_status as IdeaStatus | null) ?? null,
    reason: row.reason,
    fields: row.fields ? (JSON.parse(row.fields) as string[]) : [],
    meeting: row.meeting,
  };
}

/** Cursor: the position after the last item of a page, as (title, id[, count]); opaque to clients. */
function encodeCursor(at: ListPosition): string {
  const value = at.count === undefined ? [at.title, at.id] : [at.title, at.id, at.count];
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor(cursor: string): ListPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const count = value[2];
      return {
        title: value[0],
        id: value[1],
        ...(Number.isSafeInteger(count) ? { count: count as number } : {}),
      };
    }
  } catch {
    // fall through to the validation error below
  }
  throw new ValidationError([{ field: 'cursor', key: 'error.badCursor' }]);
}

const IDEA_TABLE = { table: 'ideas', type: 'idea' } as const;

/** The backlog as ideas: reading it (readers) and changing it (writers). */
export function ideasUseCases(deps: AppDeps, limits: LimitsUseCases) {
  return { ...ideaReads(deps), ...ideaWrites(deps, limits), ...ideaEdits(deps), ...ideaReview(deps) };
}

/** The backlog as read: the public list, one idea with its history, tags, triage. */
function ideaReads({ store, stamp: readStamp }: AppDeps) {
  const listing = ideaListing(store);
  const tagCountCache = new StampedCache<{ tag: string; count: number }[]>(64, () => 1);
  return {
    /**
     * The public backlog: filtered, then ordered alphabetically in the reader's locale. `stamp`
     * is the change markers' stamp the caller read first (app.changes.stamp), if it has one.
     */
    async list(query: IdeaListQuery, stamp?: string): Promise<IdeaList> {
      const filter: IdeaFilter = {
        statuses: query.statuses && query.statuses.length > 0 ? query.statuses : OPEN_STATUSES,
        ...(query.tag ? { tag: query.tag.trim().toLowerCase() } : {}),
        words: searchWords(query.q ?? ''),
        ...(query.group ? { groupId: await groupIdOf(store.read, query.group) } : {}),
      };
      const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_PAGE);
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      const sort = query.sort ?? 'title';
      const page = await listing.page(stamp ?? (await readStamp()), filter, query.locale, after, limit, sort);
      const counts = await store.read.interest.counts(page.rows.map((r) => r.id));
      const items = page.rows.map((r) => ({
        ...toIdea(r, page.tags.get(r.id) ?? []),
        interestCount: counts.get(r.id) ?? 0,
      }));
      return { items, nextCursor: page.next ? encodeCursor(page.next) : null, total: page.total };
    },

    /** One idea with its history; a held proposal only for its proposer and maintainers. */
    async get(idOrSlug: string, viewer?: Acting): Promise<{ idea: Idea; history: IdeaHistoryEntry[] }> {
      const idea = await loadIdea(store.read, idOrSlug, viewer);
      const history = (await store.read.ideas.history(idea.id)).map(toHistory);
      return { idea, history };
    },

    /** Every tag in use among ideas of these statuses, with counts; kept until the next write. */
    async tagCounts(statuses: readonly IdeaStatus[] = OPEN_STATUSES, stamp?: string) {
      return tagCountCache.get(stamp ?? (await readStamp()), [...statuses].sort().join(','), () =>
        store.read.ideas.tagCounts(statuses),
      );
    },

    async recentlyChanged(limit: number): Promise<Idea[]> {
      const rows = await store.read.ideas.recentlyChanged(limit, [...OPEN_STATUSES, 'done']);
      return rows.map((r) => toIdea(r, []));
    },

    /**
     * Proposals waiting for triage, oldest first so nobody waits longest by accident; or the
     * most wanted first, the oldest first among equals.
     */
    async triageQueue(actor: Actor, sort: IdeaSort = 'title'): Promise<ListedIdea[]> {
      authorize(actor, 'idea.triage');
      const filter: IdeaFilter = { statuses: ['proposed'] };
      const [rows, tags] = await Promise.all([
        store.read.ideas.list(filter),
        store.read.ideas.tagsFor(filter),
      ]);
      const counts = await store.read.interest.counts(rows.map((r) => r.id));
      const wanted = (id: string) => (sort === 'interest' ? (counts.get(id) ?? 0) : 0);
      return rows
        .sort(
          (a, b) =>
            wanted(b.id) - wanted(a.id) ||
            (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0),
        )
        .map((r) => ({ ...toIdea(r, tags.get(r.id) ?? []), interestCount: counts.get(r.id) ?? 0 }));
    },
  };
}

/** Proposing ideas. */
function ideaWrites(deps: AppDeps, limits: LimitsUseCases) {
  const write = writer(deps);
  return {
    /**
     * A member's proposal waits for triage. Maintainers may also put an idea straight into the
     * backlog (`status: 'backlog'`), e.g. when they copy one from a meeting. A proposal through
     * a door names its `client` and is counted against it and the account (src/app/limits.ts).
     */
    async propose(actor: Actor, input: IdeaInput & { status?: unknown }, client?: string): Promise<Idea> {
      authorizeUser(actor, 'idea.propose');
      const draft = validateIdeaDraft(input);
      const group = groupOfInput(input.group);
      let status: IdeaStatus = 'proposed';
      if (input.status !== undefined && input.status !== 'proposed') {
        authorize(actor, 'idea.proposeTriaged');
        if (input.status !== 'backlog') {
          throw new ValidationError([{ field: 'status', key: 'error.initialStatus' }]);
        }
        status = 'backlog';
      }
      if (client !== undefined) await takeProposal(limits, actor, client);
      const id = newId();
      // A maintainer's proposal (straight into the backlog or not) is never held.
      const held = status === 'proposed' && (await mustHold(deps.store.read, actor));
      // Two ideas with one title proposed at the same moment may pick the same slug; the
      // unique index refuses the second, which then simply picks again.
      for (let attempt = 1; ; attempt++) {
        try {
          return await write(actor, async ({ repos, at }) => {
            const idea = await insertIdea(repos, actor, draft, status, id, at, held);
            // Whoever proposes an idea hears what becomes of it.
            await followStep(repos, actor.userId, { kind: 'idea', id }, at);
            if (!group) return idea;
            await moveToChosenGroup(repos, actor, { ...IDEA_TABLE, id, groupId: null }, group, at);
            return loadIdea(repos, id);
          });
        } catch (err) {
          if (!isUniqueViolation(err) || attempt >= 3) throw err;
        }
      }
    },
  };
}

/** Editing ideas and moving them through their life. */
function ideaEdits(deps: AppDeps) {
  const write = writer(deps);
  return {
    /**
     * Edits title, description, tags and links, and the group when `group` is given. Members may
     * edit their own proposals until triaged; the group follows `group.assign`.
     */
    async update(actor: Actor, idOrSlug: string, version: number, input: IdeaInput): Promise<Idea> {
      authorizeAttempt(actor, 'idea.edit');
      const draft = validateIdeaDraft(input);
      const group = groupOfInput(input.group);
      return write(actor, async ({ repos, at }) => {
        const idea = await loadIdea(repos, idOrSlug, actor);
        authorize(actor, 'idea.edit', ideaSubject(idea, await groupLeadsOf(repos, idea.groupId)));
        if (idea.version !== version) throw new ConflictError(idea);
        const edited = await editIdea(repos, actor, idea, draft, at);
        if (group === undefined) return edited;
        await moveToChosenGroup(
          repos,
          actor,
          { ...IDEA_TABLE, id: idea.id, groupId: idea.groupId },
          group,
          at,
        );
        return loadIdea(repos, idea.id);
      });
    },

    /** Only maintainers and admins move an idea through its life. */
    async changeStatus(
      actor: Actor,
      idOrSlug: string,
      version: number,
      to: unknown,
      reason: unknown,
    ): Promise<Idea> {
      authorizeAttempt(actor, 'idea.changeStatus');
      return write(actor, async ({ repos, at }) => {
        const idea = await loadIdea(repos, idOrSlug, actor);
        authorize(actor, 'idea.changeStatus', { groupLeads: await groupLeadsOf(repos, idea.groupId) });
        if (!isIdeaStatus(to)) {
          throw new ValidationError([
            { field: 'status', key: 'error.unknownStatus', params: { status: String(to).slice(0, 40) } },
          ]);
        }
        if (reason !== undefined && reason !== null && typeof reason !== 'string') {
          throw new ValidationError([{ field: 'reason', key: 'error.notText' }]);
        }
        // Triage starts once a held proposal is published (see idea-review.ts).
        if (idea.held) throw new RuleError('idea.heldNoStatus');
        if (idea.version !== version) throw new ConflictError(idea);
        await applyStatus(repos, actor, idea, to, reason, at, null);
        return loadIdea(repos, idea.id);
      });
    },
  };
}

export type IdeasUseCases = ReturnType<typeof ideasUseCases>;
