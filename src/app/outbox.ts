import { authorize } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { OutboxRow } from '../store/outbox.repository.js';
import type { AppDeps } from './context.js';

/** One kind of job in the outbox: how many wait, how many were given up, the oldest waiting one's age. */
export interface OutboxKindState {
  kind: string;
  pending: number;
  failed: number;
  oldestAgeSeconds: number;
}

/** Attempts before a job is given up (and kept, with its last error, for an operator to see). */
export const MAX_ATTEMPTS = 8;

/** Claiming and settling outbox jobs; the worker that runs them lives outside the app layer. */
export function outboxUseCases({ store, now }: AppDeps) {
  const backlog = async (): Promise<OutboxKindState[]> => {
    const at = now().getTime();
    const rows = await store.read.outbox.backlog();
    return rows.map((r) => ({
      kind: r.kind,
      pending: r.pending,
      failed: r.failed,
      oldestAgeSeconds: r.oldestPendingAt ? Math.max(0, (at - Date.parse(r.oldestPendingAt)) / 1000) : 0,
    }));
  };
  return {
    /** Due jobs of the given kinds: a worker without SMTP leaves the mail to one that has it. */
    async claim(
      worker: string,
      limit: number,
      kinds: readonly string[],
      leaseSeconds = 120,
    ): Promise<OutboxRow[]> {
      const at = now();
      // The worker's claim on jobs, not anybody's write: nothing to audit or announce.
      return store.transaction((repos) =>
        repos.outbox.claim(
          worker,
          at.toISOString(),
          new Date(at.getTime() + leaseSeconds * 1000).toISOString(),
          limit,
          kinds,
        ),
      );
    },

    /** What waits and what was given up, per kind (for the metrics). */
    backlog,

    /** The same for an admin's eyes: whether mail, webhooks and decisions keep up. */
    async overview(actor: Actor): Promise<OutboxKindState[]> {
      authorize(actor, 'settings.edit');
      return backlog();
    },

    /**
     * Whether `worker` may run a job it claimed, its claim renewed for the whole lease from now:
     * in a batch, a job's turn may come after the claim made with the batch ran out.
     */
    async begin(job: OutboxRow, worker: string, leaseSeconds = 120): Promise<boolean> {
      const until = new Date(now().getTime() + leaseSeconds * 1000).toISOString();
      return store.read.outbox.begin(job.id, worker, until);
    },

    async complete(job: OutboxRow): Promise<void> {
      await store.read.outbox.complete(job.id, now().toISOString());
    },

    /** Jobs a stopping worker claimed but did not begin: free for another worker now. */
    async release(jobs: readonly OutboxRow[], worker: string): Promise<void> {
      await store.read.outbox.release(
        jobs.map((j) => j.id),
        worker,
      );
    },

    /** Backs off exponentially: 30 s, 1 min, 2 min … until MAX_ATTEMPTS. */
    async fail(job: OutboxRow, worker: string, error: string): Promise<void> {
      const retryAt =
        job.attempts >= MAX_ATTEMPTS
          ? null
          : new Date(now().getTime() + 30_000 * 2 ** (job.attempts - 1)).toISOString();
      await store.read.outbox.fail(job.id, worker, error, retryAt);
    },

    async counts(): Promise<Record<string, number>> {
      return store.read.outbox.counts();
    },
  };
}
