import { describe, expect, it } from 'vitest';
import { isDigestHour, nextDigestAt } from './digest-schedule.js';

describe('nextDigestAt', () => {
  it('finds the next 08:00 in New York on either side of a change of the clocks', () => {
    // Winter (EST, UTC-5): 08:00 is 13:00 UTC.
    expect(nextDigestAt('2026-12-01T12:59:00Z', 8, 'America/New_York')).toBe('2026-12-01T13:00:00.000Z');
    expect(nextDigestAt('2026-12-01T13:00:00Z', 8, 'America/New_York')).toBe('2026-12-02T13:00:00.000Z');
    // 2027-03-14 the clocks go forward at 02:00: 08:00 that day is already EDT, 12:00 UTC.
    expect(nextDigestAt('2027-03-13T13:00:00Z', 8, 'America/New_York')).toBe('2027-03-14T12:00:00.000Z');
    expect(nextDigestAt('2027-03-14T12:00:00Z', 8, 'America/New_York')).toBe('2027-03-15T12:00:00.000Z');
    // 2026-11-01 the clocks went back: that day's 08:00 is EST again, 13:00 UTC.
    expect(nextDigestAt('2026-10-31T12:00:00Z', 8, 'America/New_York')).toBe('2026-11-01T13:00:00.000Z');
  });

  it('takes the local day, not the UTC one, and a skipped hour as the moment after the gap', () => {
    // 23:30 in Auckland on 1 December is 10:30 UTC; 07:00 there is the next morning.
    expect(nextDigestAt('2026-12-01T10:30:00Z', 7, 'Pacific/Auckland')).toBe('2026-12-01T18:00:00.000Z');
    expect(nextDigestAt('2027-03-14T06:00:00Z', 2, 'America/New_York')).toBe('2027-03-14T07:00:00.000Z');
    expect(nextDigestAt('2026-12-01T00:00:00Z', 0, 'UTC')).toBe('2026-12-02T00:00:00.000Z');
  });

  it('knows the hours there are', () => {
    expect([0, 8, 23].every(isDigestHour)).toBe(true);
    expect([-1, 24, 7.5, '8', null].some(isDigestHour)).toBe(false);
  });
});
