import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';

/**
 * Puts a mail in the outbox, inside the transaction of the change it tells of: the mail worker
 * sends it once that commits, and never for a change that was rolled back.
 */
export async function queueMail(repos: Repositories, job: object, at: string): Promise<void> {
  await repos.outbox.enqueue({
    id: newId(),
    kind: 'mail',
    payload: JSON.stringify(job),
    created_at: at,
    run_after: at,
  });
}
