import { describe, expect, it } from 'vitest';
import { isInterestMilestone } from './interest-milestones.js';

describe('interest milestones', () => {
  it('are 5, 10, 25, 50, 100, 250 … and nothing between', () => {
    const found = Array.from({ length: 10_001 }, (_, n) => n).filter(isInterestMilestone);
    expect(found).toEqual([5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000]);
  });
});
