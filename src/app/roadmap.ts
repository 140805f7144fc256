import type { BoardItem } from '../domain/board.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import type { Idea } from '../domain/idea.js';
import { sortAlphabetically } from '../domain/ordering.js';
import { authorize } from '../domain/policy.js';
import {
  defaultHorizon,
  HORIZONS,
  type Horizon,
  isHorizon,
  type Progress,
  progressOf,
} from '../domain/roadmap.js';
import type { Actor } from '../domain/roles.js';
import { toIdeaSummary } from '../store/ideas.repository.js';
import type { Locale } from './accounts.js';
import type { BoardUseCases } from './board.js';
import type { AppDeps } from './context.js';
import { groupIdOf } from './group-access.js';
import { loadIdea } from './idea-steps.js';
import { writer } from './write.js';

export interface RoadmapEntry {
  idea: Idea;
  horizon: Horizon;
  /** Version of the stored horizon; 0 while the default applies. */
  horizonVersion: number;
  items: (BoardItem & { done: boolean })[];
  progress: Progress;
}

/** Ideas on the roadmap and in progress, grouped now / next / later, with their board items. */
export function roadmapUseCases(deps: AppDeps, board: BoardUseCases) {
  const { store } = deps;
  const write = writer(deps);
  return {
    /** The roadmap, or (`group`, a slug) that of one group's ideas; an unknown group is refused. */
    async view(locale: Locale, group?: string): Promise<{ horizon: Horizon; entries: RoadmapEntry[] }[]> {
      const groupId = group ? await groupIdOf(store.read, group) : undefined;
      const filter = { statuses: ['roadmap', 'in_progress'] as const, ...(groupId ? { groupId } : {}) };
      const ideas = (await store.read.ideas.list(filter)).map(toIdeaSummary);
      const ids = ideas.map((i) => i.id);
      const horizons = new Map((await store.read.board.horizons(ids)).map((h) => [h.idea_id, h]));
      const progress = await board.progressOf(ids);
      const entries = sortAlphabetically(locale, ideas).map((idea): RoadmapEntry => {
        const stored = horizons.get(idea.id);
        const items = progress.get(idea.id)?.items ?? [];
        return {
          idea,
          horizon: stored && isHorizon(stored.horizon) ? stored.horizon : defaultHorizon(idea.status),
          horizonVersion: stored?.version ?? 0,
          items,
          progress: progressOf(items),
        };
      });
      return HORIZONS.map((horizon) => ({ horizon, entries: entries.filter((e) => e.horizon === horizon) }));
    },

    /** Where an idea stands and the version of its stored horizon (0: the default applies). */
    async horizonOf(ideaRef: string): Promise<{ horizon: Horizon; version: number }> {
      const idea = await loadIdea(store.read, ideaRef);
      const stored = await store.read.board.findHorizon(idea.id);
      if (stored && isHorizon(stored.horizon)) return { horizon: stored.horizon, version: stored.version };
      return { horizon: defaultHorizon(idea.status), version: stored?.version ?? 0 };
    },

    /**
     * Maintainers place an idea now, next or later, or (null) back where its status puts it;
     * `version` is that of the stored horizon, 0 when none was set before. Answers where the
     * idea stands now and the version of its stored horizon (0: the default applies).
     */
    async setHorizon(
      actor: Actor,
      ideaRef: string,
      version: number,
      horizon: unknown,
    ): Promise<{ horizon: Horizon; version: number }> {
      authorize(actor, 'roadmap.edit');
      if (horizon !== null && !isHorizon(horizon))
        throw new ValidationError([{ field: 'horizon', key: 'error.badValue' }]);
      return write(actor, async ({ repos, at, audit }) => {
        const idea = await loadIdea(repos, ideaRef);
        const current = await repos.board.findHorizon(idea.id);
        const stale = async () => new ConflictError((await repos.board.findHorizon(idea.id)) ?? null);
        if ((current?.version ?? 0) !== version) throw await stale();
        if (horizon === null) {
          if (current && !(await repos.board.deleteHorizon(idea.id, version))) throw await stale();
          await audit('idea.horizon', { type: 'idea', id: idea.id }, 'default');
          return { horizon: defaultHorizon(idea.status), version: 0 };
        }
        if (!(await repos.board.setHorizon(idea.id, version, horizon, at))) throw await stale();
        await audit('idea.horizon', { type: 'idea', id: idea.id }, horizon);
        return { horizon, version: version + 1 };
      });
    },
  };
}
