import { compareAlphabetically } from '../domain/ordering.js';
import type { IdeaFilter, IdeaOrderKey, IdeaRow } from '../store/ideas.repository.js';
import type { Store } from '../store/store.js';
import { StampedCache } from './stamped-cache.js';

/** The alphabetical order of every idea matching one filter in one locale, as parallel arrays. */
interface Order {
  ids: string[];
  titles: string[];
}

export interface OrderedPage {
  rows: IdeaRow[];
  tags: Map<string, string[]>;
  total: number;
  /** Where the next page starts, when there is one. */
  next: IdeaOrderKey | null;
}

/** Ids held in cached orders at most (about 120 bytes each with the title): three orders of 100 000 ideas. */
const MAX_CACHED_IDS = 300_000;

function filterKey(filter: IdeaFilter, locale: string): string {
  return JSON.stringify([
    locale,
    [...(filter.statuses ?? [])].sort(),
    filter.tag ?? '',
    [...(filter.words ?? [])].sort(),
  ]);
}

/** Still matches the filter: a write between reading the order and the page may have moved it. */
function matches(filter: IdeaFilter, row: IdeaRow, tags: readonly string[]): boolean {
  if (filter.statuses && filter.statuses.length > 0 && !filter.statuses.includes(row.status)) return false;
  if (filter.tag && !tags.includes(filter.tag)) return false;
  return (filter.words ?? []).every((w) => row.search_text.includes(w));
}

/**
 * Pages of the alphabetical idea list. Sorting every matching idea with Intl.Collator on each
 * request costs seconds at 100 000 ideas, so the order (ids and titles only) is kept per filter
 * and locale until the next write anywhere; a page then costs a binary search and one query for
 * its rows and one for their tags.
 */
export function ideaListing(store: Store) {
  const orders = new StampedCache<Order>(MAX_CACHED_IDS, (o) => o.ids.length);

  async function buildOrder(filter: IdeaFilter, locale: string): Promise<Order> {
    const keys = await store.read.ideas.orderKeys(filter);
    keys.sort((a, b) => compareAlphabetically(locale, a, b));
    return { ids: keys.map((k) => k.id), titles: keys.map((k) => k.title) };
  }

  /** Index of the first entry after `after`, by binary search over the ordered titles and ids. */
  function startAfter(order: Order, locale: string, after: IdeaOrderKey): number {
    let low = 0;
    let high = order.ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const key = { id: order.ids[mid] ?? '', title: order.titles[mid] ?? '' };
      if (compareAlphabetically(locale, key, after) > 0) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  return {
    /** `limit` ideas after `after` (or from the start) in `locale`'s order, as of `stamp`. */
    async page(
      stamp: string,
      filter: IdeaFilter,
      locale: string,
      after: IdeaOrderKey | null,
      limit: number,
    ): Promise<OrderedPage> {
      const order = await orders.get(stamp, filterKey(filter, locale), () => buildOrder(filter, locale));
      const start = after ? startAfter(order, locale, after) : 0;
      const end = Math.min(start + limit, order.ids.length);
      const ids = order.ids.slice(start, end);
      const [found, tags] = await Promise.all([
        store.read.ideas.findByIds(ids),
        store.read.ideas.tagsOfIdeas(ids),
      ]);
      const byId = new Map(found.map((r) => [r.id, r]));
      const rows: IdeaRow[] = [];
      for (const id of ids) {
        const row = byId.get(id);
        if (row && matches(filter, row, tags.get(id) ?? [])) rows.push(row);
      }
      const last = end - 1;
      const next =
        end < order.ids.length ? { id: order.ids[last] ?? '', title: order.titles[last] ?? '' } : null;
      return { rows, tags, total: order.ids.length, next };
    },
  };
}
