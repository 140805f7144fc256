import { ConflictError, NotFoundError } from '../domain/errors.js';
import { type Idea, type IdeaDraft, ideaSearchText } from '../domain/idea.js';
import { checkTransition, type IdeaStatus } from '../domain/idea-status.js';
import { type Acting, can } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { freeSlugAmong, PATH_WORDS, slugify } from '../domain/text.js';
import { type IdeaRow, toIdea } from '../store/ideas.repository.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { actorId, audit } from './context.js';
import { notifyIdeaStatus, notifyProposed } from './idea-notices.js';
import { emit } from './webhook-emit.js';

/**
 * The steps on ideas that several use-cases take inside their own transaction: the backlog's
 * own, the minutes' decisions, the roadmap and the planning page's import.
 */

async function uniqueSlug(repos: Repositories, title: string): Promise<string> {
  const base = slugify(title);
  return freeSlugAmong(base, new Set(await repos.ideas.slugsStartingWith(base)));
}

/**
 * The idea a slug or id names. A proposal held for review exists only for its proposer and
 * maintainers, and only where they read it as `viewer`: everywhere else it is no idea at all.
 */
export async function findIdeaRow(
  repos: Repositories,
  idOrSlug: string,
  viewer?: Acting,
): Promise<IdeaRow | undefined> {
  const row = (await repos.ideas.findBySlug(idOrSlug)) ?? (await repos.ideas.findById(idOrSlug));
  if (row?.held_at == null) return row;
  return viewer && can(viewer, 'idea.readHeld', { proposerId: row.proposer_id }) ? row : undefined;
}

export async function loadIdea(repos: Repositories, idOrSlug: string, viewer?: Acting): Promise<Idea> {
  const row = await findIdeaRow(repos, idOrSlug, viewer);
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

/** The row of a new idea. */
function newIdeaRow(
  draft: IdeaDraft,
  id: string,
  slug: string,
  status: IdeaStatus,
  proposerId: string | null,
  at: string,
  held: boolean = false,
) {
  return {
    id,
    slug,
    title: draft.title,
    description: draft.description,
    search_text: ideaSearchText(draft),
    status,
    status_reason: null,
    held_at: held ? at : null,
    rejected_reason: null,
    group_id: null,
    links: JSON.stringify(draft.links),
    proposer_id: proposerId,
    created_at: at,
    updated_at: at,
    version: 1,
  };
}

/** A new idea's first history entry: proposed, or created with its status. */
function firstHistory(ideaId: string, status: IdeaStatus, actorId: string | null, at: string) {
  return {
    id: newId(),
    idea_id: ideaId,
    at,
    actor_id: actorId,
    action: status === 'proposed' ? 'proposed' : 'created',
    from_status: null,
    to_status: status,
    reason: null,
    fields: null,
    meeting: null,
  };
}

/**
 * Tells webhooks and the triagers' inboxes an idea is proposed: when it is stored, or for a held
 * one when `by` publishes it.
 */
export async function emitProposed(repos: Repositories, at: string, idea: Idea, by: Actor): Promise<void> {
  const { id, slug, title, status, tags } = idea;
  await emit(repos, at, {
    type: 'idea.proposed',
    path: `ideas/${slug}`,
    data: { id, slug, title, status, tags },
  });
  await notifyProposed(repos, at, idea, by);
}

/**
 * Stores a new idea with its first history entry and an audit entry, inside the caller's
 * transaction. `actor` is the proposer; null (the command line) leaves the proposer unknown.
 * A `held` proposal waits for review and is heard of outside only once published.
 */
export async function insertIdea(
  repos: Repositories,
  actor: Extract<Actor, { kind: 'user' }> | null,
  draft: IdeaDraft,
  status: IdeaStatus,
  id: string,
  at: string,
  held = false,
): Promise<Idea> {
  const slug = await uniqueSlug(repos, draft.title);
  const proposer = actor?.userId ?? null;
  await repos.ideas.insert(newIdeaRow(draft, id, slug, status, proposer, at, held), draft.tags);
  await repos.ideas.addHistory(firstHistory(id, status, proposer, at));
  await audit(
    repos,
    at,
    actor ?? { kind: 'anonymous' },
    'idea.create',
    { type: 'idea', id },
    `${status}: ${draft.title}`,
  );
  const idea = toIdea((await repos.ideas.findById(id)) as IdeaRow, await repos.ideas.tagsOf(id));
  if (!held) await emitProposed(repos, at, idea, actor ?? { kind: 'anonymous' });
  return idea;
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
  const taken = new Set([...(await repos.ideas.allSlugs()), ...PATH_WORDS]);
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
  const proposer = actor?.userId ?? null;
  const rows = drafts.map((draft) => ({
    row: newIdeaRow(draft, newId(), slugFor(draft.title), status, proposer, at),
    tags: draft.tags,
  }));
  await repos.ideas.insertMany(rows);
  await repos.ideas.addHistoryMany(rows.map(({ row }) => firstHistory(row.id, status, proposer, at)));
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
  if (!ok) throw new ConflictError(await loadIdea(repos, idea.id, actor));
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
  return loadIdea(repos, idea.id, actor);
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
  await emit(repos, at, {
    type: 'idea.status_changed',
    path: `ideas/${idea.slug}`,
    data: { id: idea.id, slug: idea.slug, title: idea.title, from: idea.status, to, reason: storedReason },
  });
  await notifyIdeaStatus(repos, at, actor, idea, { to, reason: storedReason });
}
