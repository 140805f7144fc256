import { ConflictError } from '../domain/errors.js';
import type { Repositories } from '../store/store.js';

/** Settings row written by every change that takes an admin away (see `keepAnAdmin`). */
const ADMIN_LOCK = 'admins.lock';

/**
 * Refuses a change that would leave the hub without an admin who can sign in (demoting,
 * disabling or deleting one), with the error `refuse` makes. Two admins taking each other away
 * at once must not both succeed: writing one settings row serialises such changes, and the
 * second then counts the first's result.
 */
export async function keepAnAdmin(
  repos: Repositories,
  at: string,
  current: { version: number },
  refuse: () => Error,
): Promise<void> {
  const lock = await repos.settings.get(ADMIN_LOCK);
  if (!(await repos.settings.put(ADMIN_LOCK, at, lock?.version ?? 0, at))) throw new ConflictError(current);
  if ((await repos.users.countActiveByRole('admin')) <= 1) throw refuse();
}
