import { RuleError } from '../domain/errors.js';
import { type Idea, validateRejection } from '../domain/idea.js';
import { authorize, authorizeUser } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { toIdea } from '../store/ideas.repository.js';
import type { AppDeps } from './context.js';
import { mustHold } from './held-posts.js';
import { emitProposed, loadIdea } from './idea-steps.js';
import { checkVersion, writer } from './write.js';

/**
 * Reviewing the proposals of new members that an admin holds (setting holdFirstPosts): they
 * wait, seen only by their proposer and maintainers, until a maintainer publishes them (they go
 * on to triage like any proposal) or turns them down with a reason the proposer reads.
 */
export function ideaReview(deps: AppDeps) {
  const { store } = deps;
  const write = writer(deps);
  const review = (
    actor: Actor,
    ref: string,
    version: number,
    change: { held_at: null } | { rejected_reason: string },
  ): Promise<Idea> =>
    write(actor, async ({ repos, at, audit }) => {
      const idea = await loadIdea(repos, ref, actor);
      if (!idea.held || idea.held.rejectedReason !== null) throw new RuleError('idea.notHeld');
      await checkVersion(idea, version, () => repos.ideas.update(idea.id, version, change, at));
      const published = 'held_at' in change;
      await audit(published ? 'idea.approve' : 'idea.reject', { type: 'idea', id: idea.id }, idea.title);
      const after = await loadIdea(repos, idea.id, actor);
      // Published only now, so only now do webhooks hear of it.
      if (published) await emitProposed(repos, at, after, actor);
      return after;
    });
  return {
    /** Whether a proposal of `actor` would now wait for review (so the form can say so first). */
    async willBeHeld(actor: Actor): Promise<boolean> {
      return actor.kind === 'user' && (await mustHold(store.read, actor));
    },

    /** The proposals waiting for review, oldest first, for the triage queue. */
    async heldProposals(actor: Actor): Promise<Idea[]> {
      authorize(actor, 'post.review');
      const filter = { held: true };
      const [rows, tags] = await Promise.all([
        store.read.ideas.list(filter),
        store.read.ideas.tagsFor(filter),
      ]);
      return rows
        .sort((a, b) =>
          a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1,
        )
        .map((r) => toIdea(r, tags.get(r.id) ?? []));
    },

    /** A maintainer publishes a held proposal: everyone reads it from now on, and triage takes it. */
    approve(actor: Actor, ref: string, version: number): Promise<Idea> {
      authorizeUser(actor, 'post.review');
      return review(actor, ref, version, { held_at: null });
    },

    /** A maintainer turns a held proposal down, saying why; only its proposer and maintainers read it. */
    reject(actor: Actor, ref: string, version: number, reason: unknown): Promise<Idea> {
      authorizeUser(actor, 'post.review');
      const why = validateRejection(reason);
      return review(actor, ref, version, { rejected_reason: why });
    },
  };
}
