/**
 * A cache whose entries hold for one stamp of the change markers (see
 * store/changes.repository.ts): a request that brings a different stamp empties it, so nothing
 * built before a write is served after it, whichever instance wrote. Entries are dropped least
 * recently used first once their weights pass `maxWeight`; concurrent misses of one key share
 * one build.
 */
export class StampedCache<V> {
  private stamp: string | null = null;
  private readonly entries = new Map<string, { value: Promise<V>; weight: number; used: number }>();
  private total = 0;
  /** Counts lookups; an entry keeps the count of its last use, the order eviction goes by. */
  private clock = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}

  /** The value for `key` at `stamp`, built by `build` unless an entry of this stamp exists. */
  get(stamp: string, key: string, build: () => Promise<V>): Promise<V> {
    if (stamp !== this.stamp) this.clear(stamp);
    const hit = this.entries.get(key);
    if (hit) {
      // Noted rather than moved to the end of the Map: a hit is the hot path of every cached
      // answer, an eviction is rare.
      hit.used = ++this.clock;
      return hit.value;
    }
    const entry = { value: build(), weight: 0, used: ++this.clock };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        entry.weight = this.weigh(value);
        this.total += entry.weight;
        this.evict();
      },
      () => {
        // A failed build is not kept: the next request tries again.
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  /** The value for `key` at `stamp` if one was built, without building it. */
  peek(stamp: string, key: string): Promise<V> | undefined {
    if (stamp !== this.stamp) this.clear(stamp);
    const hit = this.entries.get(key);
    if (hit) hit.used = ++this.clock;
    return hit?.value;
  }

  get size(): number {
    return this.entries.size;
  }

  private clear(stamp: string): void {
    this.entries.clear();
    this.total = 0;
    this.stamp = stamp;
  }

  private evict(): void {
    if (this.total <= this.maxWeight) return;
    const byAge = [...this.entries].sort(([, a], [, b]) => a.used - b.used);
    for (const [key, entry] of byAge) {
      if (this.total <= this.maxWeight || this.entries.size <= 1) return;
      this.entries.delete(key);
      this.total -= entry.weight;
    }
  }
}
