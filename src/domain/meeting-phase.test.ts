import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { meetingPhase, nextPhaseChange, type PhaseFacts } from './meeting-phase.js';

const start = Temporal.ZonedDateTime.from('2026-12-14T14:00[Europe/Berlin]');
const facts: PhaseFacts = { start, end: start.add({ minutes: 30 }), startedAt: null, minutesStatus: null };
const at = (s: string) => Temporal.Instant.from(s);

describe('meetingPhase', () => {
  it('follows the meeting from its agenda to its published record', () => {
    expect(meetingPhase(facts, at('2026-12-02T10:00:00Z'))).toBe('before');
    // 14:00 in Berlin is 13:00 UTC in December.
    expect(meetingPhase(facts, at('2026-12-14T12:59:59Z'))).toBe('before');
    expect(meetingPhase(facts, at('2026-12-14T13:00:00Z'))).toBe('during');
    expect(meetingPhase(facts, at('2026-12-14T13:30:00Z'))).toBe('after');
    expect(meetingPhase({ ...facts, minutesStatus: 'draft' }, at('2026-12-20T00:00:00Z'))).toBe('after');
    expect(meetingPhase({ ...facts, minutesStatus: 'published' }, at('2026-12-20T00:00:00Z'))).toBe(
      'published',
    );
  });

  it('begins when a maintainer starts it early', () => {
    const early = { ...facts, startedAt: '2026-12-14T12:45:00Z', minutesStatus: 'draft' as const };
    expect(meetingPhase(early, at('2026-12-14T12:44:00Z'))).toBe('before');
    expect(meetingPhase(early, at('2026-12-14T12:50:00Z'))).toBe('during');
  });
});

describe('nextPhaseChange', () => {
  const next = (f: PhaseFacts, now: string) => nextPhaseChange(f, at(now))?.toString() ?? null;

  it('is the start before the meeting, its end while it runs, none after it', () => {
    expect(next(facts, '2026-12-02T10:00:00Z')).toBe('2026-12-14T13:00:00Z');
    expect(next(facts, '2026-12-14T12:59:59Z')).toBe('2026-12-14T13:00:00Z');
    expect(next(facts, '2026-12-14T13:00:00Z')).toBe('2026-12-14T13:30:00Z');
    expect(next(facts, '2026-12-14T13:30:00Z')).toBeNull();
    expect(next({ ...facts, minutesStatus: 'draft' }, '2026-12-14T13:31:00Z')).toBeNull();
  });

  it('is none once the minutes are published, even before the scheduled end', () => {
    expect(next({ ...facts, minutesStatus: 'published' }, '2026-12-14T13:10:00Z')).toBeNull();
  });

  it('is the end once a maintainer started it early', () => {
    const early = { ...facts, startedAt: '2026-12-14T12:45:00Z', minutesStatus: 'draft' as const };
    expect(next(early, '2026-12-14T12:50:00Z')).toBe('2026-12-14T13:30:00Z');
  });
});
