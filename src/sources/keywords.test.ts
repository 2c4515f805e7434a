import { describe, expect, it } from 'vitest';
import { keywordMatcher } from './keywords.js';

describe('keywordMatcher', () => {
  it('knows nothing without patterns or --keywords', () => {
    expect(keywordMatcher()('https://shop.example/a')).toBeUndefined();
  });

  it('matches path globs, merges every matching pattern, and adds --keywords everywhere', () => {
    const match = keywordMatcher(
      { '/products/**': ['tent'], '/products/tents/*': ['camping tent', 'tent'], 'https://shop.example/about/': ['story'] },
      ['trail co'],
    );
    expect(match('https://shop.example/products/tents/dome')).toEqual(['trail co', 'tent', 'camping tent']);
    expect(match('https://shop.example/products/tents/dome/pegs')).toEqual(['trail co', 'tent']);
    expect(match('https://shop.example/about/')).toEqual(['trail co', 'story']);
    expect(match('https://shop.example/blog/')).toEqual(['trail co']);
  });

  it('matches percent-encoded paths by their decoded form', () => {
    const match = keywordMatcher({ '/zelte/größe/**': ['zelt'] });
    expect(match('https://shop.example/zelte/gr%C3%B6%C3%9Fe/a')).toEqual(['zelt']);
  });
});
