import type { AppDeps } from './context.js';

/**
 * Reads the change markers at most once at a time. A caller joins a read only if it starts
 * after the caller asked: one already under way may have begun before a write the caller has
 * seen committed, so such a caller waits for the next read. Under load that is one query per
 * round trip for all requests together instead of one per request, and still never stale.
 */
export function coalescedReader(read: () => Promise<string>): () => Promise<string> {
  let running: Promise<string> | null = null;
  let next: Promise<string> | null = null;
  const start = (): Promise<string> => {
    const current: Promise<string> = read().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (running === null) return start();
    next ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}

export function changesUseCases({ store }: AppDeps) {
  return {
    /** The current stamps of ideas, settings and user names; caches are keyed by it. */
    stamp: coalescedReader(() => store.read.changes.stamps()),
  };
}

export type ChangesUseCases = ReturnType<typeof changesUseCases>;
