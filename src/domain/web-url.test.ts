import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { isWebUrl, markdownUrl, normalizeWebUrl } from './web-url.js';

describe('isWebUrl and normalizeWebUrl', () => {
  it.each([
    // The parser takes these hosts; no DNS name or address looks like them.
    'https://x)(/1',
    'http://a*b{c}.example/',
    'https://ex"ample.org/',
    "https://ex'ample.org/",
    'https://exa`mple.org/',
    'https://ex!ample.org/',
    'https://ex$ample.org/',
    'https://ex&ample.org/',
    'https://ex=ample.org/',
    'https://ex,ample.org/',
    'https://ex;ample.org/',
    'https://ex~ample.org/',
    'https://ex+ample.org/',
  ])('refuses %s, whose host no DNS name looks like', (url) => {
    expect(isWebUrl(url)).toBe(false);
    expect(normalizeWebUrl(url)).toBeNull();
  });

  it.each([
    ['http://example.org', 'http://example.org/'],
    ['HTTPS://EXAMPLE.ORG/Path', 'https://example.org/Path'],
    ['https://example.org:443/a', 'https://example.org/a'],
    ['https://bücher.example/katalog', 'https://xn--bcher-kva.example/katalog'],
    ['http://[::1]:8080/', 'http://[::1]:8080/'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000/'],
    ['https://x/1)<img src=x onerror=alert(1)>(', 'https://x/1)%3Cimg%20src=x%20onerror=alert(1)%3E('],
    ['https://my_host.example/a_b', 'https://my_host.example/a_b'],
    // One spelling for what servers read alike, so exported links come back as they were.
    ['https://en.wikipedia.org/wiki/Foo_%28bar%29', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
    ['https://x.org/a%7Bb%7D?q=%5B1%5D%7C%5E%60', 'https://x.org/a%7Bb%7D?q=[1]|^`'],
    ['https://x.org/100%/a%zz', 'https://x.org/100%25/a%25zz'],
  ])('accepts %s in the form %s', (url, normalized) => {
    expect(isWebUrl(url)).toBe(true);
    expect(normalizeWebUrl(url)).toBe(normalized);
    expect(normalizeWebUrl(normalized)).toBe(normalized);
  });
});

describe('markdownUrl', () => {
  const md = new MarkdownIt({ html: true });
  /** The links of a line of Markdown and the text after the last of them. */
  const read = (markdown: string) => {
    const children = md.parseInline(markdown, {})[0]?.children ?? [];
    const close = children.findLastIndex((t) => t.type === 'link_close');
    return {
      hrefs: children.filter((t) => t.type === 'link_open').map((t) => t.attrGet('href')),
      after: children
        .slice(close + 1)
        .map((t) => t.content)
        .join(''),
    };
  };
  /** The characters markdownUrl encodes, decoded again (on both sides of a comparison). */
  const decoded = (url: string) =>
    url.replace(/%(2[02689]|3[CE]|5[BCDE]|60|7[BCD])/gu, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );

  it('percent-encodes what would end a Markdown link, and leaves the host alone', () => {
    expect(markdownUrl('https://x/1)<img src=x onerror=alert(1)>(')).toBe(
      'https://x/1%29%3Cimg%20src=x%20onerror=alert%281%29%3E%28',
    );
    expect(markdownUrl('http://[::1]:8080/a[b]|c`d\\e{f}"g^')).toBe(
      'http://[::1]:8080/a%5Bb%5D%7Cc%60d/e%7Bf%7D%22g%5E',
    );
    expect(markdownUrl('https://example.org/?q=a&lt;b&c=d&x0;')).toBe(
      'https://example.org/?q=a%26lt;b&c=d&x0;',
    );
    expect(markdownUrl('javascript:alert(1)')).toBeNull();
  });

  it('keeps what a reader of the link opens: decoding gives the normalised URL', () => {
    const urls = fc
      .tuple(
        fc.constantFrom('http://example.org', 'https://[::1]:8443', 'https://xn--bcher-kva.example'),
        fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 })),
      )
      .map(([origin, rest]) => `${origin}/${rest}`)
      .filter((u) => isWebUrl(u));
    fc.assert(
      fc.property(urls, (url) => {
        const target = markdownUrl(url) as string;
        expect(target.slice(new URL(target).origin.length)).not.toMatch(/[\s()<>[\]`\\|{}"]/u);
        expect(decoded(target)).toBe(decoded(normalizeWebUrl(url) as string));
        // As a link destination it ends where it should, and reads back as the stored link.
        const link = read(`[x](${target}) tail`);
        expect(link).toEqual({ hrefs: [md.normalizeLink(target)], after: ' tail' });
        // (markdown-it escapes the brackets of an IPv6 host, so those links break there.)
        // (An `&lt;` in a URL is written `%26lt;`, which Markdown does not turn into `<`.)
        if (!url.includes('[::1]') && !/&#?[a-z0-9]+;/iu.test(url))
          expect(normalizeWebUrl(link.hrefs[0] ?? '')).toBe(normalizeWebUrl(url));
        expect(normalizeWebUrl(normalizeWebUrl(url) as string)).toBe(normalizeWebUrl(url));
      }),
      { numRuns: 300 },
    );
  });
});
