import { describe, expect, it } from 'vitest';
import { RuleError, ValidationError } from './errors.js';
import {
  allowedTransitions,
  checkTransition,
  IDEA_STATUSES,
  type IdeaStatus,
  isIdeaStatus,
  MAX_REASON_LENGTH,
  OPEN_STATUSES,
} from './idea-status.js';

/** The lifecycle as the design describes it, written out independently of the implementation. */
const EXPECTED: Record<IdeaStatus, IdeaStatus[]> = {
  proposed: ['backlog', 'declined'],
  backlog: ['roadmap', 'in_progress', 'removed'],
  roadmap: ['in_progress', 'backlog', 'removed'],
  in_progress: ['done', 'roadmap', 'backlog', 'removed'],
  done: ['in_progress'],
  declined: ['proposed', 'backlog'],
  removed: ['backlog'],
};

const NEEDS_REASON: IdeaStatus[] = ['declined', 'removed'];

const allowed: [IdeaStatus, IdeaStatus][] = [];
const refused: [IdeaStatus, IdeaStatus][] = [];
for (const from of IDEA_STATUSES) {
  for (const to of IDEA_STATUSES) {
    if (from === to) continue;
    (EXPECTED[from].includes(to) ? allowed : refused).push([from, to]);
  }
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}

describe('idea status lifecycle', () => {
  it('knows exactly the seven statuses', () => {
    expect([...IDEA_STATUSES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(OPEN_STATUSES).toEqual(['proposed', 'backlog', 'roadmap', 'in_progress']);
  });

  it('recognises statuses and nothing else', () => {
    for (const s of IDEA_STATUSES) expect(isIdeaStatus(s)).toBe(true);
    for (const v of ['', 'Proposed', 'in progress', 'open', 'toString', null, undefined, 1, {}]) {
      expect(isIdeaStatus(v)).toBe(false);
    }
  });

  it.each(IDEA_STATUSES)('allowedTransitions(%s) lists exactly the table', (from) => {
    expect([...allowedTransitions(from)].sort()).toEqual([...EXPECTED[from]].sort());
  });

  it('the table covers 16 allowed and 26 refused changes', () => {
    expect(allowed).toHaveLength(16);
    expect(refused).toHaveLength(26);
  });

  it.each(allowed)('allows %s → %s (with a reason)', (from, to) => {
    expect(checkTransition(from, to, 'because we said so')).toBe('because we said so');
  });

  it.each(allowed.filter(([, to]) => !NEEDS_REASON.includes(to)))(
    'allows %s → %s without a reason and stores null',
    (from, to) => {
      expect(checkTransition(from, to, undefined)).toBeNull();
      expect(checkTransition(from, to, null)).toBeNull();
      expect(checkTransition(from, to, '   \n\t ')).toBeNull();
    },
  );

  it.each(refused)('refuses %s → %s with the allowed targets named', (from, to) => {
    const err = thrown(() => checkTransition(from, to, 'a reason does not help'));
    expect(err).toBeInstanceOf(RuleError);
    const rule = err as RuleError;
    expect(rule.key).toBe('error.invalidTransition');
    expect(rule.params).toEqual({ from, to, allowed: EXPECTED[from].join(', ') });
  });

  it.each(IDEA_STATUSES)('refuses %s → itself as the same status', (status) => {
    const err = thrown(() => checkTransition(status, status, 'reason'));
    expect(err).toBeInstanceOf(RuleError);
    expect((err as RuleError).key).toBe('error.sameStatus');
    expect((err as RuleError).params).toEqual({ status });
  });

  const needingReason = allowed.filter(([, to]) => NEEDS_REASON.includes(to));

  it('every way into declined or removed is in the table', () => {
    expect(needingReason).toEqual([
      ['proposed', 'declined'],
      ['backlog', 'removed'],
      ['roadmap', 'removed'],
      ['in_progress', 'removed'],
    ]);
  });

  it.each(needingReason)('%s → %s needs a reason', (from, to) => {
    for (const reason of [undefined, null, '', '   ', '\n\t  \r\n']) {
      const err = thrown(() => checkTransition(from, to, reason));
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).problems).toEqual([
        { field: 'reason', key: 'error.reasonRequired', params: { status: to } },
      ]);
    }
  });

  it.each(needingReason)('%s → %s stores the trimmed reason', (from, to) => {
    expect(checkTransition(from, to, '  \n Out of scope for this year.\t ')).toBe(
      'Out of scope for this year.',
    );
    // Inner line breaks belong to the reason and are kept.
    expect(checkTransition(from, to, ' first line\nsecond line ')).toBe('first line\nsecond line');
  });

  it('keeps an optional reason on other transitions, trimmed', () => {
    expect(checkTransition('declined', 'backlog', '  reconsidered after the meeting  ')).toBe(
      'reconsidered after the meeting',
    );
  });

  it(`accepts a reason of ${MAX_REASON_LENGTH} characters and refuses a longer one`, () => {
    const longest = 'x'.repeat(MAX_REASON_LENGTH);
    expect(checkTransition('backlog', 'removed', `  ${longest}  `)).toBe(longest);
    const err = thrown(() => checkTransition('backlog', 'removed', `${longest}y`));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems).toEqual([
      { field: 'reason', key: 'error.tooLong', params: { max: MAX_REASON_LENGTH } },
    ]);
  });

  it('checks the transition before the reason', () => {
    const err = thrown(() => checkTransition('done', 'declined', ''));
    expect(err).toBeInstanceOf(RuleError);
    expect((err as RuleError).key).toBe('error.invalidTransition');
  });
});
