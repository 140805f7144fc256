/**
 * A cache whose entries hold for one stamp of the change markers (see
 * store/changes.repository.ts): a request that brings a different stamp empties it, so nothing
 * built before a write is served after it, whichever instance wrote. Entries are dropped least
 * recently used first once their weights pass `maxWeight`; concurrent misses of one key share
 * one build.
 */
export class StampedCache<V> {
  private stamp: string | null = null;
  private readonly entries = new Map<string, { value: Promise<V>; weight: number }>();
  private total = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}

  /** The value for `key` at `stamp`, built by `build` unless an entry of this stamp exists. */
  get(stamp: string, key: string, build: () => Promise<V>): Promise<V> {
    if (stamp !== this.stamp) this.clear(stamp);
    const hit = this.used(key);
    if (hit) return hit.value;
    const entry = { value: build(), weight: 0 };
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
    return this.used(key)?.value;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The entry of `key`, moved to the end: the Map's order is the order of use, and eviction
   * takes from its start. Visitors who vary a URL's query can make every request evict; a sort
   * of all entries each time would cost them nothing and the hub a great deal.
   */
  private used(key: string): { value: Promise<V>; weight: number } | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  private clear(stamp: string): void {
    this.entries.clear();
    this.total = 0;
    this.stamp = stamp;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.total <= this.maxWeight || this.entries.size <= 1) return;
      this.entries.delete(key);
      this.total -= entry.weight;
    }
  }
}
