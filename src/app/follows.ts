import { NotFoundError } from '../domain/errors.js';
import { authorizeUser } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { FollowKind, FollowRow, FollowTarget } from '../store/follows.repository.js';
import type { Repositories } from '../store/store.js';
import { ensureBoard } from './board-access.js';
import type { AppDeps } from './context.js';
import { loadIdea } from './idea-steps.js';
import { type Page, pageOf } from './paging.js';
import { loadProposal } from './proposal-steps.js';
import { proposalNumber } from './proposals.js';
import { writer } from './write.js';

export type { FollowKind, FollowTarget };

/** What a follow answers: whether the member follows it now, and whether this request changed that. */
export interface FollowState {
  following: boolean;
  changed: boolean;
}

/** One of a member's follows, as their list shows it. */
export interface Follow {
  kind: FollowKind;
  id: string;
  /** The slug of what is followed (an idea's, a series', a board's, a group's); null when it is gone. */
  slug: string | null;
  title: string | null;
  followedAt: string;
}

/**
 * Follows `target` for the member inside the caller's transaction: proposing an idea, being
 * assigned an action item and commenting take this step beside their own write. Following
 * twice stays one follow; true when this one was new.
 */
export async function followStep(
  repos: Repositories,
  userId: string,
  target: FollowTarget,
  at: string,
): Promise<boolean> {
  return repos.follows.add(userId, target, at);
}

/**
 * The assignee of an action item follows the idea it is linked to, when the assignee's text names
 * one account in use (by its name or address, ignoring case); a name two accounts share, or none,
 * follows nothing, as the assignee is free text.
 */
export async function followAsAssignee(
  repos: Repositories,
  assignee: string,
  ideaId: string | null,
  at: string,
): Promise<void> {
  if (ideaId === null || assignee.trim() === '') return;
  const ids = await repos.people.idsNamed(assignee);
  if (ids.length === 1 && ids[0]) await followStep(repos, ids[0], { kind: 'idea', id: ideaId }, at);
}

/**
 * Someone who comments follows what the thread is about: the idea or proposal, or the meeting series of a
 * topic or decision. Run as a comment hook, inside the comment's transaction.
 */
export async function followCommented(made: {
  repos: Repositories;
  at: string;
  actor: { userId: string };
  target: { type: string; id: string; meeting: { seriesSlug: string } | null };
}): Promise<void> {
  const { repos, at, actor, target } = made;
  if (target.type === 'idea' || target.type === 'proposal') {
    await followStep(repos, actor.userId, { kind: target.type, id: target.id }, at);
    return;
  }
  const series = target.meeting ? await repos.series.findBySlug(target.meeting.seriesSlug) : undefined;
  if (series) await followStep(repos, actor.userId, { kind: 'series', id: series.id }, at);
}

/**
 * The thing `ref` names (an idea by id or slug, a series or group by slug, a board by id or slug,
 * a proposal by number); 404 when there is none.
 */
export async function followTarget(
  repos: Repositories,
  kind: FollowKind,
  ref: string,
  at: string,
): Promise<FollowTarget> {
  if (kind === 'idea') return { kind, id: (await loadIdea(repos, ref)).id };
  if (kind === 'proposal') return { kind, id: (await loadProposal(repos, proposalNumber(ref))).id };
  if (kind === 'series') {
    const row = await repos.series.findBySlug(ref);
    if (!row) throw new NotFoundError('series', ref);
    return { kind, id: row.id };
  }
  if (kind === 'group') {
    const row = await repos.groups.findBySlug(ref);
    if (!row) throw new NotFoundError('group', ref);
    return { kind, id: row.id };
  }
  // The default board exists once anything is done to it; following it is something.
  return { kind, id: (await ensureBoard(repos, ref, at)).id };
}

function toFollow(row: FollowRow): Follow & { id: string } {
  return {
    kind: row.target_type as FollowKind,
    id: row.target_id,
    slug: row.slug,
    title: row.title,
    followedAt: row.created_at,
  };
}

/** Following ideas, meeting series, boards, groups and proposals: one's own follows only. */
export function followUseCases(deps: AppDeps) {
  const write = writer(deps);
  const { store } = deps;

  /** Follows (`on`) or stops following the thing; saying the same twice changes nothing. */
  async function setFollowing(
    actor: Actor,
    kind: FollowKind,
    ref: string,
    on: boolean,
  ): Promise<FollowState> {
    authorizeUser(actor, 'follow.manage');
    return write(actor, async ({ repos, at, audit }) => {
      const target = await followTarget(repos, kind, ref, at);
      const changed = on
        ? await followStep(repos, actor.userId, target, at)
        : await repos.follows.remove(actor.userId, target);
      if (changed) await audit(on ? 'follow.add' : 'follow.remove', { type: kind, id: target.id }, kind);
      return { following: on, changed };
    });
  }

  return {
    follow: (actor: Actor, kind: FollowKind, ref: string) => setFollowing(actor, kind, ref, true),
    unfollow: (actor: Actor, kind: FollowKind, ref: string) => setFollowing(actor, kind, ref, false),

    /** Whether the reader follows the thing with this id; a visitor follows nothing. */
    async isFollowing(actor: Actor, target: FollowTarget): Promise<boolean> {
      return actor.kind === 'user' && store.read.follows.has(actor.userId, target);
    },

    /** The member's follows a page at a time, by kind and id. */
    async list(actor: Actor, request: { cursor?: string | undefined; limit: number }): Promise<Page<Follow>> {
      authorizeUser(actor, 'follow.manage');
      return pageOf(
        request,
        async (after, limit) =>
          (await store.read.follows.page(actor.userId, after, limit)).map((r) => ({ ...r, id: r.key })),
        (rows) => rows.map(toFollow),
      );
    },
  };
}

export type FollowUseCases = ReturnType<typeof followUseCases>;
