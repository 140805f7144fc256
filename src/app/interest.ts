import { authorizeUser, can } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { AppDeps } from './context.js';
import { notifyInterestMilestone } from './idea-notices.js';
import { loadIdea } from './idea-steps.js';
import { type Page, pageOf } from './paging.js';
import { emit } from './webhook-emit.js';
import { writer } from './write.js';

/** What saying (or taking back) "I want this too" answers. */
export interface InterestState {
  interested: boolean;
  /** False when the member had said so already (or had not, for taking it back). */
  changed: boolean;
  count: number;
}

/** Someone interested in an idea, as maintainers see them. */
export interface Interested {
  id: string;
  name: string;
  at: string;
}

/** The interest in one idea as its page shows it to the reader. */
export interface InterestSummary {
  count: number;
  /** Whether the reader is among them. */
  mine: boolean;
  /** The names, for maintainers only (null for everyone else): the first `NAMES_SHOWN`. */
  names: Interested[] | null;
}

/** Names the idea page lists at most; the API pages through all of them. */
export const NAMES_SHOWN = 100;

/** "I want this too" on ideas: members say it and take it back; everyone sees how many did. */
export function interestUseCases(deps: AppDeps) {
  const write = writer(deps);
  const { store } = deps;

  async function setInterest(actor: Actor, idOrSlug: string, on: boolean): Promise<InterestState> {
    authorizeUser(actor, 'idea.interest');
    return write(actor, async ({ repos, at, audit }) => {
      const idea = await loadIdea(repos, idOrSlug);
      const changed = on
        ? await repos.interest.add(idea.id, actor.userId, at)
        : await repos.interest.remove(idea.id, actor.userId);
      if (changed)
        await audit(on ? 'interest.add' : 'interest.remove', { type: 'idea', id: idea.id }, idea.title);
      const count = (await repos.interest.counts([idea.id])).get(idea.id) ?? 0;
      if (changed) {
        const data = { id: idea.id, slug: idea.slug, title: idea.title, interested: on, count };
        await emit(repos, at, { type: 'idea.interest', path: `ideas/${idea.slug}`, data });
        if (on) await notifyInterestMilestone(repos, at, idea, count);
      }
      return { interested: on, changed, count };
    });
  }

  return {
    add: (actor: Actor, idOrSlug: string) => setInterest(actor, idOrSlug, true),
    remove: (actor: Actor, idOrSlug: string) => setInterest(actor, idOrSlug, false),

    /** How many are interested in each idea (0 for none). */
    async counts(ideaIds: readonly string[]): Promise<Map<string, number>> {
      return store.read.interest.counts(ideaIds);
    },

    /** The idea page's view of it: the count, the reader's own, and the names for maintainers. */
    async summary(actor: Actor, ideaId: string): Promise<InterestSummary> {
      const [counts, mine, names] = await Promise.all([
        store.read.interest.counts([ideaId]),
        actor.kind === 'user' ? store.read.interest.has(ideaId, actor.userId) : false,
        can(actor, 'interest.readNames') ? store.read.interest.interested(ideaId, null, NAMES_SHOWN) : null,
      ]);
      return {
        count: counts.get(ideaId) ?? 0,
        mine,
        names: names?.map((r) => ({ id: r.id, name: r.name, at: r.created_at })) ?? null,
      };
    },

    /**
     * The interest in an idea for anyone: the count and whether the reader is among them; the
     * names a page at a time for maintainers (null for everyone else).
     */
    async of(
      actor: Actor,
      idOrSlug: string,
      request: { cursor?: string | undefined; limit: number },
    ): Promise<{ count: number; interested: boolean; people: Page<Interested> | null }> {
      const idea = await loadIdea(store.read, idOrSlug);
      const [counts, interested, people] = await Promise.all([
        store.read.interest.counts([idea.id]),
        actor.kind === 'user' ? store.read.interest.has(idea.id, actor.userId) : false,
        can(actor, 'interest.readNames')
          ? pageOf(
              request,
              (after, limit) => store.read.interest.interested(idea.id, after, limit),
              (rows) => rows.map((r) => ({ id: r.id, name: r.name, at: r.created_at })),
            )
          : null,
      ]);
      return { count: counts.get(idea.id) ?? 0, interested, people };
    },
  };
}

export type InterestUseCases = ReturnType<typeof interestUseCases>;
