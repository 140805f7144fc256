import { describe, expect, it } from 'vitest';
import { checkHandle, freeHandle, handleFromName } from './handle.js';
import { mentionedHandles, splitMentions } from './mentions.js';

describe('mentions', () => {
  it('reads @handles in text, not in code, links, addresses or paths', () => {
    const source = [
      'Hi @Anna and @bob-b, mail ada@example.org or see a/@x',
      '`@code` and [@linked](https://example.org) and @anna again',
      '```',
      '@fenced',
      '```',
      '**@bold** @trail- @under_ @<img src=x onerror=alert(1)>',
    ].join('\n');
    expect(mentionedHandles(source)).toEqual(['anna', 'bob-b', 'bold', 'trail', 'under']);
  });

  it('cuts text into pieces that join to the text again', () => {
    const text = 'x @a-b_c- y @@z';
    const pieces = splitMentions(text);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.filter((p) => 'handle' in p)).toEqual([{ text: '@a-b_c', handle: 'a-b_c' }]);
  });

  it('keeps at most twenty people per comment', () => {
    const many = Array.from({ length: 30 }, (_, i) => `@p${i}`).join(' ');
    expect(mentionedHandles(many)).toHaveLength(20);
  });
});

describe('handles', () => {
  it('derives a handle from a display name', () => {
    expect(handleFromName('Jürgen Groß-Müller')).toBe('jurgen-gross-muller');
    expect(handleFromName('李明')).toBe('member');
    expect(handleFromName('  Ana  B. ')).toBe('ana-b');
    expect(handleFromName('x'.repeat(50))).toHaveLength(39);
  });

  it('checks a typed handle', () => {
    const problems: { field: string; key: string }[] = [];
    expect(checkHandle(' @Ana_B ', problems)).toBe('ana_b');
    expect(checkHandle('-ana', problems)).toBeNull();
    // Every GitHub login fits: GitHub allows 39 characters.
    expect(checkHandle('a'.repeat(39), problems)).toBe('a'.repeat(39));
    expect(checkHandle('a'.repeat(40), problems)).toBeNull();
    expect(checkHandle('<img src=x>', problems)).toBeNull();
    expect(checkHandle('', problems)).toBeNull();
    expect(problems.map((p) => p.key)).toEqual([
      'error.badHandle',
      'error.badHandle',
      'error.badHandle',
      'error.required',
    ]);
  });

  it('numbers a handle already taken', async () => {
    const taken = new Set(['ana', 'ana-2']);
    expect(await freeHandle('ana', async (h) => taken.has(h))).toBe('ana-3');
    expect(await freeHandle('x'.repeat(39), async (h) => h === 'x'.repeat(39))).toBe(`${'x'.repeat(37)}-2`);
  });
});
