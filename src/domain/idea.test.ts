import { describe, expect, it } from 'vitest';
import { type FieldProblem, ValidationError } from './errors.js';
import { IDEA_LIMITS, ideaSearchText, isWebUrl, validateIdeaDraft } from './idea.js';

/** The problems validateIdeaDraft reports for this input; fails the test when it accepts it. */
function problemsOf(input: Parameters<typeof validateIdeaDraft>[0]): FieldProblem[] {
  try {
    validateIdeaDraft(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).problems;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

function keysOf(input: Parameters<typeof validateIdeaDraft>[0]): string[] {
  return problemsOf(input).map((p) => `${p.field}: ${p.key}`);
}

describe('validateIdeaDraft: title', () => {
  it('trims and collapses whitespace, including tabs and line breaks', () => {
    expect(validateIdeaDraft({ title: '  metal-stack \t dashboard\n\n(UI)  ' }).title).toBe(
      'metal-stack dashboard (UI)',
    );
  });

  it('collapses non-breaking and other Unicode spaces too', () => {
    expect(validateIdeaDraft({ title: '\u00a0a\u2003\u3000b\u00a0' }).title).toBe('a b');
  });

  it('is required: missing, null, empty and blank titles are refused', () => {
    for (const title of [undefined, null, '', '   ', '\n\t']) {
      expect(problemsOf({ title })).toEqual([{ field: 'title', key: 'error.required' }]);
    }
  });

  it('must be text', () => {
    for (const title of [42, true, ['a'], { a: 1 }]) {
      expect(problemsOf({ title })).toEqual([{ field: 'title', key: 'error.notText' }]);
    }
  });

  it('accepts 1 to 200 characters', () => {
    expect(validateIdeaDraft({ title: 'x' }).title).toBe('x');
    expect(validateIdeaDraft({ title: 'x'.repeat(200) }).title).toHaveLength(200);
    expect(problemsOf({ title: 'x'.repeat(201) })).toEqual([
      { field: 'title', key: 'error.tooLong', params: { max: 200 } },
    ]);
  });

  it('counts the length after trimming', () => {
    expect(validateIdeaDraft({ title: `   ${'x'.repeat(200)}   ` }).title).toHaveLength(200);
  });

  it('counts an emoji (two UTF-16 units) as one character', () => {
    const emoji = '😀'.repeat(200);
    expect(emoji.length).toBe(400);
    expect(validateIdeaDraft({ title: emoji }).title).toBe(emoji);
    expect(problemsOf({ title: `${emoji}😀` })).toEqual([
      { field: 'title', key: 'error.tooLong', params: { max: 200 } },
    ]);
  });

  it('keeps the text as typed otherwise (case, punctuation, non-Latin scripts)', () => {
    for (const title of ['Straße & Ölpreis: „Was nun?“', '日本語のタイトル', 'C++ / C# <script>']) {
      expect(validateIdeaDraft({ title }).title).toBe(title);
    }
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['BEL', 'a\u0007b'],
    ['ESC', 'a\u001bb'],
    ['DEL', 'a\u007fb'],
    ['C1 NEL', 'a\u0085b'],
    ['C1 CSI', 'a\u009bb'],
    ['lone high surrogate', 'a\ud800b'],
    ['lone low surrogate', 'a\udc00b'],
    ['reversed surrogate pair', 'a\ude00\ud83db'],
  ])('refuses a %s in the title', (_name, title) => {
    expect(problemsOf({ title })).toEqual([{ field: 'title', key: 'error.badCharacters' }]);
  });
});

describe('validateIdeaDraft: description', () => {
  it('is optional and defaults to empty text', () => {
    expect(validateIdeaDraft({ title: 't' }).description).toBe('');
    expect(validateIdeaDraft({ title: 't', description: null }).description).toBe('');
  });

  it('keeps line breaks and tabs, normalises CRLF and CR to LF, and trims the ends', () => {
    expect(
      validateIdeaDraft({ title: 't', description: '\n  # Heading\r\n\r\n- item\r\titem\n  ' }).description,
    ).toBe('# Heading\n\n- item\n\titem');
  });

  it(`accepts ${IDEA_LIMITS.description} characters and refuses one more`, () => {
    expect(IDEA_LIMITS.description).toBe(20_000);
    expect(validateIdeaDraft({ title: 't', description: 'd'.repeat(20_000) }).description).toHaveLength(
      20_000,
    );
    expect(problemsOf({ title: 't', description: 'd'.repeat(20_001) })).toEqual([
      { field: 'description', key: 'error.tooLong', params: { max: 20_000 } },
    ]);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(validateIdeaDraft({ title: 't', description: '🚀'.repeat(20_000) }).description).toHaveLength(
      40_000,
    );
  });

  it('refuses control characters and lone surrogates, but allows tabs and newlines', () => {
    for (const description of ['a\u0000b', 'a\u000bb', 'a\u000cb', 'a\u001fb', 'a\u0090b', 'x\ud83d']) {
      expect(problemsOf({ title: 't', description })).toEqual([
        { field: 'description', key: 'error.badCharacters' },
      ]);
    }
  });

  it('must be text', () => {
    expect(problemsOf({ title: 't', description: 5 })).toEqual([
      { field: 'description', key: 'error.notText' },
    ]);
  });
});

describe('validateIdeaDraft: tags', () => {
  it('are optional', () => {
    for (const tags of [undefined, null, '', []])
      expect(validateIdeaDraft({ title: 't', tags }).tags).toEqual([]);
  });

  it('are lower-cased, trimmed, whitespace-collapsed and deduplicated in first-seen order', () => {
    expect(
      validateIdeaDraft({ title: 't', tags: ['  UI ', 'ui', 'Kubernetes', 'bare   metal', 'KUBERNETES', ''] })
        .tags,
    ).toEqual(['ui', 'kubernetes', 'bare metal']);
  });

  it('are Unicode-normalised, so a decomposed umlaut is the same tag as a composed one', () => {
    expect(validateIdeaDraft({ title: 't', tags: ['Ä', 'a\u0308', 'Über'] }).tags).toEqual(['ä', 'über']);
  });

  it('come as one comma-separated string from a form', () => {
    expect(validateIdeaDraft({ title: 't', tags: ' UI, ui ,Kubernetes,, ,c++ ' }).tags).toEqual([
      'ui',
      'kubernetes',
      'c++',
    ]);
  });

  it('allow letters and digits first, then . _ + # - and spaces', () => {
    expect(
      validateIdeaDraft({ title: 't', tags: ['c#', 'node.js', 's3_api', '2fa', 'gitops-flux'] }).tags,
    ).toEqual(['c#', 'node.js', 's3_api', '2fa', 'gitops-flux']);
  });

  it('refuse tags that start with punctuation or hold other characters, naming each', () => {
    expect(problemsOf({ title: 't', tags: ['-x', '#x', 'a/b', 'a<b>', 'ok'] })).toEqual(
      ['-x', '#x', 'a/b', 'a<b>'].map((tag) => ({
        field: 'tags',
        key: 'error.badTag',
        params: { tag, max: 40 },
      })),
    );
  });

  it('may have up to 40 characters each', () => {
    expect(validateIdeaDraft({ title: 't', tags: ['a'.repeat(40)] }).tags).toEqual(['a'.repeat(40)]);
    expect(validateIdeaDraft({ title: 't', tags: ['ü'.repeat(40)] }).tags).toEqual(['ü'.repeat(40)]);
    expect(keysOf({ title: 't', tags: ['a'.repeat(41)] })).toEqual(['tags: error.badTag']);
  });

  it('are limited to 10, counted after deduplication', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `tag${i}`);
    expect(
      validateIdeaDraft({ title: 't', tags: [...ten, ...ten.map((t) => t.toUpperCase())] }).tags,
    ).toEqual(ten);
    expect(problemsOf({ title: 't', tags: [...ten, 'eleven'] })).toEqual([
      { field: 'tags', key: 'error.tooMany', params: { max: 10 } },
    ]);
  });

  it('must be a list of text or one string', () => {
    for (const tags of [42, { a: 'b' }, ['ok', 3], [null]]) {
      expect(problemsOf({ title: 't', tags })).toEqual([{ field: 'tags', key: 'error.notTextList' }]);
    }
  });
});

describe('validateIdeaDraft: links', () => {
  const withLink = (url: unknown, label: unknown = 'Link') => ({ title: 't', links: [{ label, url }] });

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'JavaScript:alert(document.cookie)',
    '  javascript:alert(1)  ',
    '\tjavascript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'DATA:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.org/file',
    'mailto:a@example.org',
    '//evil.example/path',
    'http:///x',
    'https:///evil.example',
    'http://\\evil.example',
    'http:/evil.example',
    'https:evil.example',
    'http://',
    'example.org',
    '/relative/path',
    'http://exa mple.org',
  ])('refuses %j', (url) => {
    expect(isWebUrl(url.trim())).toBe(false);
    const problems = problemsOf(withLink(url));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'links[0].url', key: 'error.badUrl' });
  });

  it.each([
    ['http://example.org', 'example.org', 'http://example.org/'],
    ['https://example.org/path?q=1#frag', 'example.org', 'https://example.org/path?q=1#frag'],
    ['HTTPS://EXAMPLE.ORG/Path', 'example.org', 'https://example.org/Path'],
    ['https://example.org:8443/a', 'example.org:8443', 'https://example.org:8443/a'],
    ['http://localhost:8080/healthz', 'localhost:8080', 'http://localhost:8080/healthz'],
    ['http://127.0.0.1:3000', '127.0.0.1:3000', 'http://127.0.0.1:3000/'],
    ['http://[::1]:8080/', '[::1]:8080', 'http://[::1]:8080/'],
    // IDN hosts are accepted; the default label is the host as the URL standard spells it.
    ['https://bücher.example/katalog', 'xn--bcher-kva.example', 'https://xn--bcher-kva.example/katalog'],
    ['https://例え.jp/', 'xn--r8jz45g.jp', 'https://xn--r8jz45g.jp/'],
    // Kept as the URL standard spells it: what a browser opens and what exports write.
    ['https://x/1)<img src=x>(', 'x', 'https://x/1)%3Cimg%20src=x%3E('],
  ])('accepts %s, labels it %s by default and stores it as %s', (url, host, stored) => {
    expect(isWebUrl(url)).toBe(true);
    expect(validateIdeaDraft({ title: 't', links: [{ url }] }).links).toEqual([{ label: host, url: stored }]);
    expect(validateIdeaDraft({ title: 't', links: [{ url, label: '   ' }] }).links).toEqual([
      { label: host, url: stored },
    ]);
  });

  it.each(['https://x)(/1', 'http://a*b{c}.example/'])('refuses %s, whose host is no name', (url) => {
    expect(problemsOf(withLink(url))).toEqual([
      { field: 'links[0].url', key: 'error.badUrl', params: { url } },
    ]);
  });

  it('refuses a URL that percent-encoding makes longer than a link may be', () => {
    const url = `https://example.org/${' x'.repeat(IDEA_LIMITS.url / 2 - 20)}`;
    expect(url.length).toBeLessThanOrEqual(IDEA_LIMITS.url);
    expect(problemsOf(withLink(url))).toEqual([
      { field: 'links[0].url', key: 'error.tooLong', params: { max: IDEA_LIMITS.url } },
    ]);
  });

  it('trims the URL and keeps a given label, trimmed and collapsed', () => {
    expect(
      validateIdeaDraft({
        title: 't',
        links: [{ label: '  Gardener \n test grid ', url: '  https://testgrid.k8s.io/gardener-all ' }],
      }).links,
    ).toEqual([{ label: 'Gardener test grid', url: 'https://testgrid.k8s.io/gardener-all' }]);
  });

  it('keeps several links in order', () => {
    const links = [
      { label: 'Spinnaker', url: 'https://spinnaker.io/' },
      { label: 'Flux', url: 'https://fluxcd.io/' },
    ];
    expect(validateIdeaDraft({ title: 't', links }).links).toEqual(links);
  });

  it('requires a URL and refuses a malformed entry', () => {
    expect(problemsOf({ title: 't', links: [{ label: 'x' }] })).toEqual([
      { field: 'links[0].url', key: 'error.required' },
    ]);
    expect(problemsOf({ title: 't', links: ['https://example.org'] })).toEqual([
      { field: 'links[0]', key: 'error.notLinkList' },
    ]);
    expect(problemsOf({ title: 't', links: 'https://example.org' })).toEqual([
      { field: 'links', key: 'error.notLinkList' },
    ]);
  });

  it('limits label and URL length', () => {
    const longUrl = `https://example.org/${'a'.repeat(IDEA_LIMITS.url)}`;
    expect(keysOf(withLink(longUrl))).toEqual(['links[0].url: error.tooLong']);
    expect(keysOf(withLink('https://example.org', 'l'.repeat(201)))).toEqual([
      'links[0].label: error.tooLong',
    ]);
  });

  it('allows 20 links, not 21', () => {
    const links = Array.from({ length: 21 }, (_, i) => ({ label: `L${i}`, url: `https://example.org/${i}` }));
    expect(validateIdeaDraft({ title: 't', links: links.slice(0, 20) }).links).toHaveLength(20);
    expect(problemsOf({ title: 't', links })).toEqual([
      { field: 'links', key: 'error.tooMany', params: { max: 20 } },
    ]);
  });

  it('refuses control characters in labels', () => {
    expect(keysOf(withLink('https://example.org', 'a\u0000b'))).toEqual([
      'links[0].label: error.badCharacters',
    ]);
  });
});

describe('validateIdeaDraft: all problems at once', () => {
  it('reports every field that is wrong in one ValidationError', () => {
    const problems = problemsOf({
      title: '   ',
      description: 'd'.repeat(20_001),
      tags: ['-bad', 'fine'],
      links: [
        { label: 'ok', url: 'https://example.org' },
        { label: 'evil', url: 'javascript:alert(1)' },
        { label: 'x\u0000', url: 'https://example.org' },
      ],
    });
    expect(problems).toEqual([
      { field: 'title', key: 'error.required' },
      { field: 'description', key: 'error.tooLong', params: { max: 20_000 } },
      { field: 'tags', key: 'error.badTag', params: { tag: '-bad', max: 40 } },
      { field: 'links[1].url', key: 'error.badUrl', params: { url: 'javascript:alert(1)' } },
      { field: 'links[2].label', key: 'error.badCharacters' },
    ]);
  });

  it('names the problems in the error message for logs', () => {
    try {
      validateIdeaDraft({ title: '', tags: 7 });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toBe('title: error.required; tags: error.notTextList');
    }
  });

  it('returns exactly the cleaned draft when all is well', () => {
    expect(
      validateIdeaDraft({
        title: ' Public  offering ',
        description: 'A demo playground.\r\n',
        tags: 'Demo, Community',
        links: [{ label: '', url: 'https://metal-stack.io' }],
      }),
    ).toEqual({
      title: 'Public offering',
      description: 'A demo playground.',
      tags: ['demo', 'community'],
      links: [{ label: 'metal-stack.io', url: 'https://metal-stack.io/' }],
    });
  });
});

describe('ideaSearchText', () => {
  it('folds title and description for the word search', () => {
    expect(ideaSearchText({ title: 'Äpfel  und BIRNEN', description: 'Crème brûlée\n\nfür alle' })).toBe(
      'apfel und birnen creme brulee fur alle',
    );
  });
});
