import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import {
  type Idea,
  type IdeaDraft,
  type IdeaLink,
  ideaSearchText,
  validateIdeaDraft,
} from '../domain/idea.js';
import { checkTransition, type IdeaStatus, isIdeaStatus, OPEN_STATUSES } from '../domain/idea-status.js';
import { authorize, authorizeAttempt, authorizeUser, ideaSubject } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { searchWords, slugify } from '../domain/text.js';
import { isUniqueViolation } from '../store/db.js';
import type { IdeaFilter, IdeaHistoryRow, IdeaRow } from '../store/ideas.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { coalescedReader } from './changes.js';
import { type AppDeps, actorId, audit } from './context.js';
import { ideaListing } from './idea-list.js';
import { StampedCache } from './stamped-cache.js';

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
}

export interface IdeaList {
  items: Idea[];
  nextCursor: string | null;
  total: number;
}

export const MAX_PAGE = 500;

/** Idea fields as they arrive from a form or JSON body, checked by the domain. */
export type IdeaInput = Parameters<typeof validateIdeaDraft>[0];

/** An idea without its tags, for lists that show titles and status only. */
export function toIdeaSummary(row: IdeaRow): Idea {
  return toIdea(row, []);
}

function toIdea(row: IdeaRow, tags: string[]): Idea {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    status: row.status as IdeaStatus,
    statusReason: row.status_reason,
    tags,
    links: JSON.parse(row.links) as IdeaLink[],
    proposerId: row.proposer_id,
    proposerName: row.proposer_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

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

/** Cursor: the position after the last item of a page, as (title, id); opaque to clients. */
function encodeCursor(idea: { title: string; id: string }): string {
  return Buffer.from(JSON.stringify([idea.title, idea.id])).toString('base64url');
}

function decodeCursor(cursor: string): { title: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { title: value[0], id: value[1] };
    }
  } catch {
    // fall through to the validation error below
  }
  throw new ValidationError([{ field: 'cursor', key: 'error.badCursor' }]);
}

async function uniqueSlug(repos: Repositories, title: string): Promise<string> {
  const base = slugify(title);
  const taken = new Set(await repos.ideas.slugsStartingWith(base));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export async function loadIdea(repos: Repositories, idOrSlug: string): Promise<Idea> {
  const row = (await repos.ideas.findBySlug(idOrSlug)) ?? (await repos.ideas.findById(idOrSlug));
  if (!row) throw new NotFoundError('idea', idOrSlug);
  return toIdea(row, await repos.ideas.tagsOf(row.id));
}

function changedFields(before: Idea, after: IdeaDraft): string[] {
  const fields: string[] = [];
  if (before.title !== after.title) fields.push('title');
  if (before.description !== after.description) fields.push('description');
  if (JSON.stringify(before.tags) !== JSON.stringify([...after.tags].sort())) fields.push('tags');
  if (JSON.stringify(before.links) !== JSON.stringify(after.links)) fields.push('links');
  return fields;
}

/**
 * Stores a new idea with its first history entry and an audit entry, inside the caller's
 * transaction. `actor` is the proposer; null (the command line) leaves the proposer unknown.
 */
export async function insertIdea(
  repos: Repositories,
  actor: Extract<Actor, { kind: 'user' }> | null,
  draft: IdeaDraft,
  status: IdeaStatus,
  id: string,
  at: string,
): Promise<Idea> {
  const slug = await uniqueSlug(repos, draft.title);
  await repos.ideas.insert(
    {
      id,
      slug,
      title: draft.title,
      description: draft.description,
      search_text: ideaSearchText(draft),
      status,
      status_reason: null,
      links: JSON.stringify(draft.links),
      proposer_id: actor?.userId ?? null,
      created_at: at,
      updated_at: at,
      version: 1,
    },
    draft.tags,
  );
  await repos.ideas.addHistory({
    id: newId(),
    idea_id: id,
    at,
    actor_id: actor?.userId ?? null,
    action: status === 'proposed' ? 'proposed' : 'created',
    from_status: null,
    to_status: status,
    reason: null,
    fields: null,
    meeting: null,
  });
  await audit(
    repos,
    at,
    actor ?? { kind: 'anonymous' },
    'idea.create',
    { type: 'idea', id },
    `${status}: ${draft.title}`,
  );
  return loadIdea(repos, id);
}

/** Ideas by id with their tags, read 500 at a time (an import compares thousands). */
export async function loadIdeas(repos: Repositories, ids: readonly string[]): Promise<Map<string, Idea>> {
  const ideas = new Map<string, Idea>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [rows, tags] = await Promise.all([repos.ideas.findByIds(chunk), repos.ideas.tagsOfIdeas(chunk)]);
    for (const row of rows) ideas.set(row.id, toIdea(row, tags.get(row.id) ?? []));
  }
  return ideas;
}

/**
 * Stores many new ideas at once (an import), each with the same history and audit entry as
 * insertIdea gives it: slugs are chosen in memory from one read of those taken, rows are
 * written in chunks, so the work grows with the number of ideas and not with its square.
 */
export async function insertIdeas(
  repos: Repositories,
  actor: Extract<Actor, { kind: 'user' }> | null,
  drafts: readonly IdeaDraft[],
  status: IdeaStatus,
  at: string,
): Promise<void> {
  if (drafts.length === 0) return;
  const taken = new Set(await repos.ideas.allSlugs());
  const nextNumber = new Map<string, number>();
  const slugFor = (title: string) => {
    const base = slugify(title);
    let slug = base;
    if (taken.has(slug)) {
      let n = nextNumber.get(base) ?? 2;
      while (taken.has(`${base}-${n}`)) n++;
      slug = `${base}-${n}`;
      nextNumber.set(base, n + 1);
    }
    taken.add(slug);
    return slug;
  };
  const rows = drafts.map((draft) => ({
    row: {
      id: newId(),
      slug: slugFor(draft.title),
      title: draft.title,
      description: draft.description,
      search_text: ideaSearchText(draft),
      status,
      status_reason: null,
      links: JSON.stringify(draft.links),
      proposer_id: actor?.userId ?? null,
      created_at: at,
      updated_at: at,
      version: 1,
    },
    tags: draft.tags,
  }));
  await repos.ideas.insertMany(rows);
  await repos.ideas.addHistoryMany(
    rows.map(({ row }) => ({
      id: newId(),
      idea_id: row.id,
      at,
      actor_id: actor?.userId ?? null,
      action: status === 'proposed' ? 'proposed' : 'created',
      from_status: null,
      to_status: status,
      reason: null,
      fields: null,
      meeting: null,
    })),
  );
  await repos.audit.insertMany(
    rows.map(({ row }) => ({
      id: newId(),
      at,
      actor_id: actor?.userId ?? null,
      action: 'idea.create',
      entity_type: 'idea',
      entity_id: row.id,
      summary: `${status}: ${row.title}`.slice(0, 500),
    })),
  );
}

/** Writes an edit of title, description, tags or links with its history entry (inside the caller's transaction). */
export async function editIdea(
  repos: Repositories,
  actor: Actor,
  idea: Idea,
  draft: IdeaDraft,
  at: string,
): Promise<Idea> {
  const fields = changedFields(idea, draft);
  if (fields.length === 0) return idea;
  const ok = await repos.ideas.update(
    idea.id,
    idea.version,
    {
      title: draft.title,
      description: draft.description,
      search_text: ideaSearchText(draft),
      links: JSON.stringify(draft.links),
    },
    at,
  );
  if (!ok) throw new ConflictError(await loadIdea(repos, idea.id));
  if (fields.includes('tags')) await repos.ideas.replaceTags(idea.id, draft.tags);
  await repos.ideas.addHistory({
    id: newId(),
    idea_id: idea.id,
    at,
    actor_id: actorId(actor),
    action: 'edited',
    from_status: null,
    to_status: null,
    reason: null,
    fields: JSON.stringify(fields),
    meeting: null,
  });
  await audit(repos, at, actor, 'idea.update', { type: 'idea', id: idea.id }, `edited ${fields.join(', ')}`);
  return loadIdea(repos, idea.id);
}

/**
 * Moves an idea to a new status with its history entry and audit entry (inside the caller's
 * transaction). `meeting` names the meeting that decided it (`series/YYYY-MM-DD`), if any.
 */
export async function applyStatus(
  repos: Repositories,
  actor: Actor,
  idea: Idea,
  to: IdeaStatus,
  reason: unknown,
  at: string,
  meeting: string | null,
): Promise<void> {
  const storedReason = checkTransition(idea.status, to, typeof reason === 'string' ? reason : null);
  const ok = await repos.ideas.update(idea.id, idea.version, { status: to, status_reason: storedReason }, at);
  if (!ok) throw new ConflictError(await loadIdea(repos, idea.id));
  await repos.ideas.addHistory({
    id: newId(),
    idea_id: idea.id,
    at,
    actor_id: actorId(actor),
    action: 'status',
    from_status: idea.status,
    to_status: to,
    reason: storedReason,
    fields: null,
    meeting,
  });
  await audit(repos, at, actor, 'idea.status', { type: 'idea', id: idea.id }, `${idea.status} -> ${to}`);
}

export function ideasUseCases({ store, now }: AppDeps) {
  const listing = ideaListing(store);
  const readStamp = coalescedReader(() => store.read.changes.stamps());
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
      };
      const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_PAGE);
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      const page = await listing.page(stamp ?? (await readStamp()), filter, query.locale, after, limit);
      const items = page.rows.map((r) => toIdea(r, page.tags.get(r.id) ?? []));
      return { items, nextCursor: page.next ? encodeCursor(page.next) : null, total: page.total };
    },

    async get(idOrSlug: string): Promise<{ idea: Idea; history: IdeaHistoryEntry[] }> {
      const idea = await loadIdea(store.read, idOrSlug);
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

    /** Proposals waiting for triage, oldest first so nobody waits longest by accident. */
    async triageQueue(actor: Actor): Promise<Idea[]> {
      authorize(actor, 'idea.triage');
      const filter: IdeaFilter = { statuses: ['proposed'] };
      const [rows, tags] = await Promise.all([
        store.read.ideas.list(filter),
        store.read.ideas.tagsFor(filter),
      ]);
      return rows
        .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0))
        .map((r) => toIdea(r, tags.get(r.id) ?? []));
    },

    /**
     * A member's proposal waits for triage. Maintainers may also put an idea straight into the
     * backlog (`status: 'backlog'`), e.g. when they copy one from a meeting.
     */
    async propose(actor: Actor, input: IdeaInput & { status?: unknown }): Promise<Idea> {
      authorizeUser(actor, 'idea.propose');
      const draft = validateIdeaDraft(input);
      let status: IdeaStatus = 'proposed';
      if (input.status !== undefined && input.status !== 'proposed') {
        authorize(actor, 'idea.proposeTriaged');
        if (input.status !== 'backlog') {
          throw new ValidationError([{ field: 'status', key: 'error.initialStatus' }]);
        }
        status = 'backlog';
      }
      const at = now().toISOString();
      const id = newId();
      // Two ideas with one title proposed at the same moment may pick the same slug; the
      // unique index refuses the second, which then simply picks again.
      for (let attempt = 1; ; attempt++) {
        try {
          return await store.transaction((repos) => insertIdea(repos, actor, draft, status, id, at));
        } catch (err) {
          if (!isUniqueViolation(err) || attempt >= 3) throw err;
        }
      }
    },

    /** Edits title, description, tags and links. Members may edit their own proposals until triaged. */
    async update(actor: Actor, idOrSlug: string, version: number, input: IdeaInput): Promise<Idea> {
      authorizeAttempt(actor, 'idea.edit');
      const draft = validateIdeaDraft(input);
      const at = now().toISOString();
      return store.transaction(async (repos) => {
        const idea = await loadIdea(repos, idOrSlug);
        authorize(actor, 'idea.edit', ideaSubject(idea));
        if (idea.version !== version) throw new ConflictError(idea);
        return editIdea(repos, actor, idea, draft, at);
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
      authorize(actor, 'idea.changeStatus');
      if (!isIdeaStatus(to)) {
        throw new ValidationError([
          { field: 'status', key: 'error.unknownStatus', params: { status: String(to).slice(0, 40) } },
        ]);
      }
      if (reason !== undefined && reason !== null && typeof reason !== 'string') {
        throw new ValidationError([{ field: 'reason', key: 'error.notText' }]);
      }
      const at = now().toISOString();
      return store.transaction(async (repos) => {
        const idea = await loadIdea(repos, idOrSlug);
        if (idea.version !== version) throw new ConflictError(idea);
        await applyStatus(repos, actor, idea, to, reason, at, null);
        return loadIdea(repos, idea.id);
      });
    },
  };
}

export type IdeasUseCases = ReturnType<typeof ideasUseCases>;
