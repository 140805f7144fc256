import type { Actor } from '../domain/roles.js';
import { newId } from '../store/ids.js';
import type { Repositories, Store } from '../store/store.js';

export interface AppDeps {
  store: Store;
  /** The current instant; tests may pin it. */
  now: () => Date;
  /**
   * The change markers' stamp that caches are keyed by (app/changes.ts `stampReader`): one
   * reader for the whole app, so every cache shares its kept stamp and its look at the database.
   */
  stamp: () => Promise<string>;
}

export function actorId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

/** Every write leaves an audit entry: who did what to which entity. */
export async function audit(
  repos: Repositories,
  at: string,
  actor: Actor,
  action: string,
  entity: { type: string; id: string },
  summary: string,
): Promise<void> {
  await repos.audit.insert({
    id: newId(),
    at,
    actor_id: actorId(actor),
    action,
    entity_type: entity.type,
    entity_id: entity.id,
    summary: summary.slice(0, 500),
  });
}
