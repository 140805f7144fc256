import { describe, expect, it } from 'vitest';
import { StampedCache } from './stamped-cache.js';

const value = (v: string) => async () => v;

describe('StampedCache', () => {
  it('keeps a value for its stamp and builds afresh after the stamp moves', async () => {
    const cache = new StampedCache<string>(10, () => 1);
    let builds = 0;
    const build = async () => `built ${++builds}`;
    expect(await cache.get('s1', 'k', build)).toBe('built 1');
    expect(await cache.get('s1', 'k', build)).toBe('built 1');
    expect(await cache.get('s2', 'k', build)).toBe('built 2');
    expect(cache.size).toBe(1);
  });

  it('peeks at a value of its stamp without building one', async () => {
    const cache = new StampedCache<string>(10, () => 1);
    expect(cache.peek('s1', 'k')).toBeUndefined();
    await cache.get('s1', 'k', value('v'));
    expect(await cache.peek('s1', 'k')).toBe('v');
    // A peek at another stamp empties the cache like a lookup does.
    expect(cache.peek('s2', 'k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('counts a peek as a use, and evicts in the order of use over many entries', async () => {
    const cache = new StampedCache<string>(1000, () => 1);
    for (let i = 0; i < 1000; i++) await cache.get('s', `k${i}`, value(`v${i}`));
    expect(await cache.peek('s', 'k0')).toBe('v0');
    await cache.get('s', 'k1', value('unused'));
    for (let i = 1000; i < 1010; i++) await cache.get('s', `k${i}`, value(`v${i}`));
    expect(cache.size).toBe(1000);
    // k0 and k1 were used after k2…k11, which went first.
    expect(await cache.peek('s', 'k0')).toBe('v0');
    expect(await cache.peek('s', 'k1')).toBe('v1');
    for (let i = 2; i < 12; i++) expect(cache.peek('s', `k${i}`)).toBeUndefined();
    expect(await cache.peek('s', 'k12')).toBe('v12');
  });

  it('shares one build between concurrent misses of a key', async () => {
    const cache = new StampedCache<string>(10, () => 1);
    let builds = 0;
    const build = () => new Promise<string>((resolve) => setTimeout(() => resolve(`built ${++builds}`), 5));
    const both = await Promise.all([cache.get('s', 'k', build), cache.get('s', 'k', build)]);
    expect(both).toEqual(['built 1', 'built 1']);
  });

  it('drops the least recently used entries once the weights pass the limit', async () => {
    const cache = new StampedCache<string>(3, () => 1);
    for (const key of ['a', 'b', 'c']) await cache.get('s', key, value(key));
    // "a" is read again, so "b" is now the one least recently used.
    await cache.get('s', 'a', value('a again'));
    await cache.get('s', 'd', value('d'));
    expect(cache.size).toBe(3);
    expect(await cache.get('s', 'a', value('rebuilt'))).toBe('a');
    expect(await cache.get('s', 'c', value('rebuilt'))).toBe('c');
    expect(await cache.get('s', 'b', value('rebuilt b'))).toBe('rebuilt b');
  });

  it('keeps one entry heavier than the whole limit, until the next one comes', async () => {
    const cache = new StampedCache<string>(5, (v) => v.length);
    expect(await cache.get('s', 'big', value('0123456789'))).toBe('0123456789');
    expect(cache.size).toBe(1);
    await cache.get('s', 'small', value('x'));
    expect(cache.size).toBe(1);
    expect(await cache.get('s', 'small', value('rebuilt'))).toBe('x');
  });

  it('does not keep a failed build: the next reader tries again', async () => {
    const cache = new StampedCache<string>(10, () => 1);
    await expect(cache.get('s', 'k', () => Promise.reject(new Error('database gone')))).rejects.toThrow(
      'database gone',
    );
    expect(await cache.get('s', 'k', value('second try'))).toBe('second try');
  });
});
