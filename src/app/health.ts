import { DiskFullError } from '../domain/errors.js';
import { isDiskFull } from '../store/disk-full.js';
import type { AppDeps } from './context.js';

/**
 * How long a full disk seen by a request keeps the instance "not ready". A real full disk is
 * often noticed only when a write commits, which no read-only probe reproduces.
 */
export const DISK_FULL_MEMORY_MS = 60_000;

export type Readiness = { ready: true } | { ready: false; reason: 'database' | 'disk-full'; error?: unknown };

/** Readiness of this instance, and what it has learnt from failed writes. */
export function healthUseCases({ store, now }: AppDeps) {
  let diskFullAt: number | null = null;
  let stopping = false;

  return {
    /** From now on the instance says it is stopping, so balancers send it nothing new. */
    beginStopping(): void {
      stopping = true;
    },

    stopping: () => stopping,

    /**
     * Says an error as what it is: a driver's "disk full" becomes a DiskFullError, remembered
     * for the readiness check. Anything else comes back unchanged.
     */
    classify(err: unknown): unknown {
      if (!(err instanceof DiskFullError) && !isDiskFull(err)) return err;
      diskFullAt = now().getTime();
      return err instanceof DiskFullError ? err : new DiskFullError(err);
    },

    /** Failed queries and pool use, as the metrics show them. */
    database: () => store.stats(),

    async readiness(): Promise<Readiness> {
      try {
        await store.ping();
      } catch (error) {
        return { ready: false, reason: 'database', error };
      }
      try {
        await store.probeWrite();
      } catch (error) {
        if (this.classify(error) instanceof DiskFullError)
          return { ready: false, reason: 'disk-full', error };
        return { ready: false, reason: 'database', error };
      }
      if (diskFullAt !== null && now().getTime() - diskFullAt < DISK_FULL_MEMORY_MS)
        return { ready: false, reason: 'disk-full' };
      return { ready: true };
    },
  };
}

export type HealthUseCases = ReturnType<typeof healthUseCases>;
