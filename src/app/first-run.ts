import { can } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { AppDeps } from './context.js';

/** One step of a new hub's setup, with where it is taken and whether it is taken. */
export interface FirstRunStep {
  key: 'name' | 'series' | 'maintainers' | 'github' | 'ideas';
  /** The page where the step is taken. */
  path: string;
  done: boolean;
}

/**
 * The first admin's checklist: name the hub, bring the meetings in (from the planning page or
 * by hand), invite maintainers, connect the GitHub project, add the first ideas. It is shown to
 * admins until every step is done; each step is read from the data, never ticked by hand.
 */
export function firstRunUseCases({ store }: AppDeps) {
  return {
    /** The steps of the checklist, or null for a reader who is no admin or once every step is done. */
    async steps(actor: Actor): Promise<FirstRunStep[] | null> {
      if (!can(actor, 'settings.edit')) return null;
      const p = await store.read.firstRun.progress();
      const steps: FirstRunStep[] = [
        { key: 'name', path: '/admin#name-heading', done: p.hubNamed },
        { key: 'series', path: '/docs/import', done: p.series },
        { key: 'maintainers', path: '/admin#users-heading', done: p.maintainers },
        { key: 'github', path: '/board', done: p.githubItems },
        { key: 'ideas', path: '/ideas/new', done: p.ideas },
      ];
      return steps.every((s) => s.done) ? null : steps;
    },
  };
}
