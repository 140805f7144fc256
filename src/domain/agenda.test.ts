import { describe, expect, it } from 'vitest';
import { topicStops } from './agenda.js';

describe('topicStops', () => {
  it('lists the meetings a topic was carried over from, each with the next, then its own', () => {
    expect(topicStops({ occurrence: '2026-12-28', carriedThrough: ['2026-11-30', '2026-12-14'] })).toEqual([
      { occurrence: '2026-11-30', carriedTo: '2026-12-14' },
      { occurrence: '2026-12-14', carriedTo: '2026-12-28' },
      { occurrence: '2026-12-28', carriedTo: null },
    ]);
  });

  it('gives a topic never carried its own meeting only, and never lists that one twice', () => {
    expect(topicStops({ occurrence: '2026-11-30', carriedThrough: [] })).toEqual([
      { occurrence: '2026-11-30', carriedTo: null },
    ]);
    expect(topicStops({ occurrence: '2026-11-30', carriedThrough: ['2026-11-30'] })).toHaveLength(1);
  });
});
