import { type Kysely, type Selectable, sql } from 'kysely';
import type { Engine } from './db.js';
import type { DB, OutboxTable } from './schema.js';

export type OutboxRow = Selectable<OutboxTable>;

/** Putting jobs in and counting them by status. */
function outboxQueue(db: Kysely<DB>) {
  return {
    /**
     * Queues a job; with a `key`, only unless a job of that key was ever queued (pending, done or
     * failed). Answers whether this call queued it. Two instances queueing one key at once make
     * one row, as the key is unique; the loser's insert is skipped, not an error that would roll
     * back its write.
     */
    async enqueue(
      row: Pick<OutboxRow, 'id' | 'kind' | 'payload' | 'created_at' | 'run_after'>,
      key: string | null = null,
    ): Promise<boolean> {
      const result = await db
        .insertInto('outbox')
        .values({
          ...row,
          status: 'pending',
          attempts: 0,
          claimed_by: null,
          claimed_until: null,
          last_error: null,
          done_at: null,
          unique_key: key,
        })
        .onConflict((oc) => oc.column('unique_key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async counts(): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('outbox')
        .select(['status', sql<number>`count(*)`.as('n')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },

    /** Per kind: jobs waiting, jobs given up, and when the oldest waiting one was queued. */
    async backlog(): Promise<
      { kind: string; pending: number; failed: number; oldestPendingAt: string | null }[]
    > {
      const rows = await db
        .selectFrom('outbox')
        .where('status', 'in', ['pending', 'failed'])
        .select((eb) => [
          'kind',
          eb.fn.sum<number>(eb.case().when('status', '=', 'pending').then(1).else(0).end()).as('pending'),
          eb.fn.sum<number>(eb.case().when('status', '=', 'failed').then(1).else(0).end()).as('failed'),
          eb.fn
            .min<string | null>(eb.case().when('status', '=', 'pending').then(eb.ref('created_at')).end())
            .as('oldest'),
        ])
        .groupBy('kind')
        .execute();
      return rows.map((r) => ({
        kind: r.kind,
        pending: Number(r.pending),
        failed: Number(r.failed),
        oldestPendingAt: r.oldest ?? null,
      }));
    },
  };
}

/** Clearing finished jobs, and what a sweep or a test looks at. */
function outboxKeyed(db: Kysely<DB>) {
  return {
    /** Deletes finished jobs of `kind` done before `before` (jobs that queue themselves again would pile up). */
    async clearDone(kind: string, before: string): Promise<number> {
      const result = await db
        .deleteFrom('outbox')
        .where('kind', '=', kind)
        .where('status', '=', 'done')
        .where('done_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Jobs of one kind by status (tests and checks count one kind: a sweep is always queued). */
    async countsOf(kind: string): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('outbox')
        .where('kind', '=', kind)
        .select(['status', sql<number>`count(*)`.as('n')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },

    /** Pending jobs of `kind`, oldest first (what a sweep or a test looks at). */
    async pendingOf(kind: string): Promise<OutboxRow[]> {
      return db
        .selectFrom('outbox')
        .selectAll()
        .where('kind', '=', kind)
        .where('status', '=', 'pending')
        .orderBy('run_after')
        .orderBy('id')
        .execute();
    },
  };
}

/** Workers claim due jobs in batches. */
function outboxClaims(db: Kysely<DB>, engine: Engine) {
  return {
    /**
     * Claims up to `limit` due jobs for `worker` until `leaseUntil`. On PostgreSQL the rows are
     * locked with FOR UPDATE SKIP LOCKED, so instances sharing the database never claim the same
     * job; SQLite has a single writer, which serialises claims by itself.
     */
    async claim(
      worker: string,
      now: string,
      leaseUntil: string,
      limit: number,
      kinds: readonly string[],
    ): Promise<OutboxRow[]> {
      if (kinds.length === 0) return [];
      const due = db
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('kind', 'in', kinds)
        .where('run_after', '<=', now)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
        .orderBy('run_after')
        .orderBy('id')
        .limit(limit);
      const lockedDue = engine === 'postgres' ? due.forUpdate().skipLocked() : due;
      const claimed = await db
        .updateTable('outbox')
        .set((eb) => ({ claimed_by: worker, claimed_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', lockedDue)
        .returningAll()
        .execute();
      // RETURNING keeps no order: the batch runs in the order the jobs fell due.
      const order = (j: OutboxRow) => `${j.run_after} ${j.id}`;
      return claimed.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
    },
  };
}

/** A claimed job's lease: begun, then completed, failed or given back. */
function outboxLeases(db: Kysely<DB>) {
  return {
    /**
     * Renews `worker`'s claim on a job it is about to run, from now: false when the job is no
     * longer its to run (another worker took it over after the claim ran out, or finished it).
     * A claim that ran out but that nobody took is still the worker's: a claim names its worker.
     */
    async begin(id: string, worker: string, leaseUntil: string): Promise<boolean> {
      const result = await db
        .updateTable('outbox')
        .set({ claimed_until: leaseUntil })
        .where('id', '=', id)
        .where('claimed_by', '=', worker)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /**
     * Marks a job done, whoever holds it now: it was carried out, so a worker that took it over
     * after the claim ran out and has not begun it yet finds it done and does not run it again.
     */
    async complete(id: string, at: string): Promise<void> {
      await db
        .updateTable('outbox')
        .set({ status: 'done', done_at: at, claimed_until: null })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Gives claimed jobs back unbegun (a worker that stops before their turn), for any worker to
     * claim at once rather than when the lease ends; the claim does not count as an attempt.
     */
    async release(ids: readonly string[], worker: string): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('outbox')
        .set((eb) => ({ claimed_by: null, claimed_until: null, attempts: eb('attempts', '-', 1) }))
        .where('id', 'in', ids)
        .where('claimed_by', '=', worker)
        .where('status', '=', 'pending')
        .execute();
    },

    /** Gives a failed job back for a later attempt, or gives it up after too many. */
    async fail(id: string, worker: string, error: string, retryAt: string | null): Promise<void> {
      await db
        .updateTable('outbox')
        .set(
          retryAt
            ? { run_after: retryAt, claimed_until: null, last_error: error.slice(0, 2000) }
            : { status: 'failed', claimed_until: null, last_error: error.slice(0, 2000) },
        )
        .where('id', '=', id)
        .where('claimed_by', '=', worker)
        .execute();
    },
  };
}

export function outboxRepository(db: Kysely<DB>, engine: Engine) {
  return { ...outboxQueue(db), ...outboxKeyed(db), ...outboxClaims(db, engine), ...outboxLeases(db) };
}
