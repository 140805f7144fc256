import { describe, expect, it } from 'vitest';
import { withoutAttendee } from './own-data.js';

describe('withoutAttendee', () => {
  it('takes the name out and keeps how many came', () => {
    expect(withoutAttendee('Ada, Bob;  carl\nDora', null, 'Carl')).toEqual({
      names: 'Ada, Bob, Dora',
      count: 4,
    });
  });

  it('keeps a recorded count as it is', () => {
    expect(withoutAttendee('Ada, Bob', 12, 'ada')).toEqual({ names: 'Bob', count: 12 });
  });

  it('leaves lists that do not name the person alone, also where the name is only part of another', () => {
    expect(withoutAttendee('Adam, Bob', null, 'Ada')).toBeNull();
    expect(withoutAttendee('Ada', null, '  ')).toBeNull();
  });
});
