import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { dueTomorrowAt, nextSweepAt, reminderDueAt } from './reminder-schedule.js';

describe('when reminders are due', () => {
  it('reminds 24 hours and 15 minutes before the start, as exact durations', () => {
    const start = Temporal.Instant.from('2027-03-29T12:00:00Z');
    expect(reminderDueAt('meeting.agenda_ready', start).toString()).toBe('2027-03-28T12:00:00Z');
    expect(reminderDueAt('meeting.starting', start).toString()).toBe('2027-03-29T11:45:00Z');
  });

  it('tells an assignee at 09:00 their time the day before the due date', () => {
    expect(dueTomorrowAt('2027-03-15', 'America/New_York').toString()).toBe('2027-03-14T13:00:00Z');
    expect(dueTomorrowAt('2027-03-10', 'America/New_York').toString()).toBe('2027-03-09T14:00:00Z');
    expect(dueTomorrowAt('2027-03-10', 'UTC').toString()).toBe('2027-03-09T09:00:00Z');
  });

  it('sweeps again at the next full hour', () => {
    expect(nextSweepAt(Temporal.Instant.from('2027-03-01T10:59:59Z')).toString()).toBe(
      '2027-03-01T11:00:00Z',
    );
    expect(nextSweepAt(Temporal.Instant.from('2027-03-01T11:00:00Z')).toString()).toBe(
      '2027-03-01T12:00:00Z',
    );
  });
});
