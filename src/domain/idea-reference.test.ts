import { describe, expect, it } from 'vitest';
import { chooseIdea, referenceWords, titleMatches } from './idea-reference.js';

const ideas = [
  { title: 'Überwachung der Build-Infrastruktur', slug: 'uberwachung-der-build-infrastruktur' },
  { title: 'Build cache for pull requests', slug: 'build-cache-for-pull-requests' },
  { title: 'Build cache for releases', slug: 'build-cache-for-releases' },
  { title: 'Queue for webhooks', slug: 'queue-for-webhooks' },
];

describe('naming an idea by its title', () => {
  it('finds a title with accents typed with, without or spelled out', () => {
    for (const typed of [
      'Überwachung der Build-Infrastruktur',
      'uberwachung der build-infrastruktur',
      'Ueberwachung',
      'überwachung infrastruktur',
    ]) {
      expect(chooseIdea(typed, ideas)).toEqual({ found: ideas[0] });
    }
  });

  it('prefers the idea whose whole title was typed over others that contain its words', () => {
    const more = [...ideas, { title: 'Build cache for pull requests and forks', slug: 'x' }];
    expect(chooseIdea('build cache for pull requests', more)).toEqual({ found: ideas[1] });
  });

  it('says when the words fit several ideas, or none', () => {
    expect(chooseIdea('build cache', ideas)).toEqual({ several: [ideas[1], ideas[2]] });
    expect(chooseIdea('kubernetes', ideas)).toEqual({ none: true });
  });

  it('looks for German spellings in accent-free text without losing words that hold ue', () => {
    expect(referenceWords('Ueberwachung queue')).toEqual([
      ['ueberwachung', 'uberwachung'],
      ['queue', 'quu'],
    ]);
    expect(titleMatches('Queue for webhooks', 'queue')).toBe(true);
    expect(titleMatches('Straße der Builds', 'strasse')).toBe(true);
  });
});
