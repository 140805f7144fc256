import { STAMP_CHANNEL } from '../store/changes.repository.js';
import type { LiveBus } from '../store/live-bus.js';
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

/**
 * A stamp kept from one read is trusted for at most this long even when no change was heard: a
 * listening connection that died without a word (a dropped route) can then hide others' writes
 * from a visitor for no longer than this.
 */
const HEARD_STAMP_MS = 1000;

/**
 * The stamps as a reader who wrote nothing may see them: while this process hears of commits
 * (PostgreSQL's LISTEN is up; on SQLite it never is sure to, and the write mark keeps reads rare
 * instead, see {@link markedReader}), the last read is kept until a new stamp is announced, so
 * visitors' requests cost no query. A write on another instance reaches it as soon as the
 * NOTIFY does (about a millisecond), one of this process's own at its commit; the writer's next
 * request carries their session and reads exactly, on any instance. A read that overlapped an
 * announcement is not kept: it may predate the change.
 */
export function heardReader(read: () => Promise<string>, bus: LiveBus, now = () => performance.now()) {
  const exact = coalescedReader(read);
  let kept: { stamp: string; at: number } | null = null;
  let heard = 0;
  let watching = false;
  return async (): Promise<string> => {
    if (!watching) {
      watching = true;
      bus.watch(STAMP_CHANNEL, () => {
        heard++;
        kept = null;
      });
    }
    if (kept && bus.hearsCommits() && now() - kept.at < HEARD_STAMP_MS) return kept.stamp;
    const before = heard;
    const listening = bus.hearsCommits();
    const at = now();
    const stamp = await exact();
    if (listening && heard === before && bus.hearsCommits()) kept = { stamp, at };
    return stamp;
  };
}

/**
 * Keeps the last stamp while the database's write mark stands still (SQLite: no commit by this
 * connection or any other process since the read began), so an unchanged hub answers without
 * a query and never stale. Where the mark is unknown (PostgreSQL) every call reads.
 */
export function markedReader(
  read: () => Promise<string>,
  writeMark: () => string | null,
): () => Promise<string> {
  const exact = coalescedReader(read);
  let kept: { stamp: string; mark: string } | null = null;
  return async () => {
    const mark = writeMark();
    if (mark === null) return exact();
    if (kept?.mark === mark) return kept.stamp;
    // Taken before the read begins: a commit in between moves the mark, and the next call reads.
    const stamp = await exact();
    kept = { stamp, mark };
    return stamp;
  };
}

/** The change markers' stamp, read as seldom as exactness allows (see {@link markedReader}). */
export function stampReader(store: AppDeps['store'], othersWithinMs = 0): () => Promise<string> {
  return markedReader(
    () => store.read.changes.stamps(),
    () => store.writeMark(othersWithinMs),
  );
}

/**
 * How long a visitor on SQLite may be served without looking for other processes' commits (a
 * command-line import, a second process on the file): a look is a system call, which under load
 * cost about a sixth of a cached page. This process's own commits count at once.
 */
export const VISITOR_OTHERS_MS = 10;

export function changesUseCases({ store, stamp }: AppDeps) {
  return {
    /** The current stamps of ideas, settings and user names; caches are keyed by it. */
    stamp,
    /**
     * The stamps for a visitor, who has written nothing: on PostgreSQL as current as the
     * announcements of commits this process hears (see {@link heardReader}); on SQLite exact for
     * this process's writes and at most {@link VISITOR_OTHERS_MS} behind other processes'.
     */
    visitorStamp: heardReader(stampReader(store, VISITOR_OTHERS_MS), store.live),
  };
}

export type ChangesUseCases = ReturnType<typeof changesUseCases>;
