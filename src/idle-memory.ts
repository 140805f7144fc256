import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8 grows its young generation to the limit while a server is busy and keeps the garbage of the
 * old one until the heap nears its next limit; neither shrinks by itself while no JavaScript
 * allocates, so an instance that served a burst sits at its busiest size for hours. One full
 * collection once requests have stopped gives that back, and a second one a quiet spell later
 * shrinks the young generation too: V8 does that only when it sees the allocation rate low
 * between two collections (measured: 137 → 97 MB after a load run, 107 → 90 MB after start;
 * bench/RESULTS.md). It runs only when idle, so no request waits for it.
 */
export interface IdleCollector {
  /** A request was answered: the process is busy again and collects at the next quiet spell. */
  touch(): void;
  stop(): void;
}

export interface Collected {
  /** 1 or 2: the first or second collection of this quiet spell. */
  round: number;
  ms: number;
  /** Resident memory before it; the pages freed leave the process shortly after, not at once. */
  rssBeforeMb: number;
}

type Gc = () => void;

/**
 * The collector function, exposed after start: `--expose-gc` on the command line would be the
 * usual way, but the hub must behave the same however it was started (npm start, a unit file,
 * a container). A context made after the flag is set carries `gc`.
 */
function exposedGc(): Gc {
  const existing = (globalThis as { gc?: Gc }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Gc;
}

/** Collections in one quiet spell: see above why one is not enough. */
const ROUNDS = 2;

/**
 * Collects once the process has answered no request for `idleMs`, once more after another
 * `idleMs` of quiet, then not again until it has been busy. Start-up counts as busy, so a fresh
 * instance gives back what loading took.
 */
export function collectWhenIdle(idleMs: number, onCollected: (c: Collected) => void): IdleCollector {
  const gc = exposedGc();
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  let since = performance.now();
  let rounds = 0;
  const check = () => {
    if (rounds >= ROUNDS || performance.now() - since < idleMs) return;
    const before = process.memoryUsage.rss();
    const started = performance.now();
    // Compacting moves the survivors of a busy spell together, so the old generation's pages
    // they were scattered over go back too: settled 98 MB instead of 103–104 after a load run
    // (PostgreSQL, 200 ideas), and sooner. Only for this collection; a busy one stays as it was.
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
    const ms = Math.round(performance.now() - started);
    rounds++;
    since = performance.now();
    onCollected({ round: rounds, ms, rssBeforeMb: mb(before) });
  };
  // Checked at a fraction of the idle time rather than with a timer reset on every request,
  // which would cost every request a timer operation.
  const timer = setInterval(check, Math.max(50, Math.min(idleMs / 4, 2500)));
  timer.unref();
  return {
    touch() {
      since = performance.now();
      rounds = 0;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
