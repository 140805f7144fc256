import { describe, expect, it } from 'vitest';
import { parseMailbox } from './mailbox.js';

describe('parseMailbox', () => {
  it('takes a bare address, trimmed and in lower case, and names its mailbox without +tag', () => {
    expect(parseMailbox(' Ada.Lovelace+Plenum@Example.ORG ')).toEqual({
      address: 'ada.lovelace+plenum@example.org',
      key: 'ada.lovelace@example.org',
    });
    expect(parseMailbox("o'brien@mail.example.co.uk")?.key).toBe("o'brien@mail.example.co.uk");
    expect(parseMailbox('jürgen@bücher.example')?.address).toBe('jürgen@bücher.example');
    expect(parseMailbox('+only-tag@example.org')?.key).toBe('+only-tag@example.org');
  });

  it('refuses every other form of RFC 5322 address, and what is no address', () => {
    for (const input of [
      'x1<victim@example.org>',
      'x1 <victim@example.org>',
      '<victim@example.org>',
      'g1:victim@example.org;',
      'victim@example.org(c1)',
      '(c1)victim@example.org',
      'victim@example.org, other@example.org',
      'victim@example.org;other@example.org',
      '"victim@example.org"@example.net',
      '"quoted"@example.org',
      'victim@example.org\nBcc: other@example.org',
      'victim@[127.0.0.1]',
      'victim@127.0.0.1',
      'victim@localhost',
      'a..b@example.org',
      '.a@example.org',
      'a@example..org',
      'a@-example.org',
      'a@@example.org',
      'a b@example.org',
      '@example.org',
      'victim@',
      '',
      `${'a'.repeat(65)}@example.org`,
      `a@${'b'.repeat(250)}.org`,
      42,
      null,
    ]) {
      expect(parseMailbox(input), String(input)).toBeNull();
    }
  });
});
