import { ConflictError } from '../domain/errors.js';
import type { Acting } from '../domain/policy.js';
import { type Actor, anonymous } from '../domain/roles.js';
import type { Repositories } from '../store/store.js';
import { type AppDeps, audit } from './context.js';

/**
 * The recipe every write follows, so no use-case types it out again: the caller has authorized
 * and validated; then one transaction with one instant `at` for every row, audit entry and
 * announcement it writes; a version check that reports a stale write as a conflict with the
 * current state; the audit entry; announcements that reach live pages only once it commits.
 */
export interface WriteStep {
  repos: Repositories;
  /** Who writes: the member, or nobody (a visitor's signed link, the command line). */
  actor: Actor;
  /** The one instant of this write (ISO 8601, UTC). */
  at: string;
  /**
   * Records who did what to which entity, at `at`: the writer's actor, or `by` when the write
   * made its actor (a new account registering itself).
   */
  audit(action: string, entity: { type: string; id: string }, summary: string, by?: Actor): Promise<void>;
  /** Tells the live pages showing `channel` to fetch themselves again, after the commit. */
  announce(channel: string): Promise<void>;
}

export type Writer = <T>(actor: Acting, work: (step: WriteStep) => Promise<T>) => Promise<T>;

export function writer({ store, now }: AppDeps): Writer {
  return (actor, work) => {
    const at = now().toISOString();
    // The command line acts as the operator; its audit entries name nobody.
    const who = actor === 'system' ? anonymous : actor;
    return store.transaction((repos) =>
      work({
        repos,
        actor: who,
        at,
        audit: (action, entity, summary, by) => audit(repos, at, by ?? who, action, entity, summary),
        announce: (channel) => repos.live.announce(channel),
      }),
    );
  };
}

/**
 * Checks that the caller saw `current` at `version`, then runs `update`, which answers whether
 * its row still had that version (another write may have come in between): either way a stale
 * write ends as a ConflictError carrying what is stored now.
 */
export async function checkVersion<T extends { version: number }>(
  current: T,
  version: number,
  update: () => Promise<boolean>,
): Promise<void> {
  if (current.version !== version || !(await update())) throw new ConflictError(current);
}
