import { describe, expect, it } from 'vitest';
import { groundingProblems, groundsOf } from './grounding.js';

const DATA = [
  'Squall 2.5L Rain Shell',
  'The Squall is a waterproof 2.5-layer shell that weighs 350 g, with a 2-year warranty. It costs $249.00 and ships free over $75.',
  'Model AS200, 1,200 mm hood cord. Made with Gore-Tex Pro fabric.',
  'rain jacket',
].join('\n');

describe('groundingProblems', () => {
  it.each([
    ['Squall 2.5L Rain Shell – waterproof rain jacket', []],
    ['Squall rain shell, 350 g, free shipping over $75', []],
    // The same figures written another way.
    ['Squall shell: 350g, 2 years of warranty, $249', []],
    ['Squall shell with a 1200 mm hood cord, model AS200', []],
    // Invented figures, codes and prices.
    ['Squall rain shell at 20% off', ['20%']],
    ['Squall rain shell, 300 g, 5-year warranty', ['300 g', '5-year']],
    ['Squall rain shell, now $199', ['$199']],
    ['Squall AS300 rain shell', ['AS300']],
    // Invented names: mid-text, after a title separator, and at the start when the rest is not in the data.
    ['Squall rain shell | Northpine Outfitters', ['Northpine Outfitters']],
    ['Lighter than the North Face Summit', ['North Face Summit']],
    ['Patagonia Torrentshell Pro alternative', ['Patagonia Torrentshell Pro']],
  ])('%j → %j', (text, problems) => {
    expect(groundingProblems(text, DATA)).toEqual(problems);
  });

  it('takes Title Case made of the data\'s own words, and a sentence start, as no invented name', () => {
    expect(groundingProblems('Waterproof Rain Jacket With Gore-Tex Pro Fabric', DATA)).toEqual([]);
    expect(groundingProblems('Lightweight shell. Waterproof Squall for wet days', DATA)).toEqual([]);
    expect(groundingProblems('Waterproof Rain Jacket With Lifetime Warranty', DATA)).toEqual(['Waterproof Rain Jacket With Lifetime Warranty']);
  });

  it('reads a figure glued to a capitalised unit as a figure, not as the start of a name', () => {
    expect(groundingProblems('The 2.5L Rain Shell', DATA)).toEqual([]);
  });

  it('accepts prepared grounds, for many texts checked against one row', () => {
    const grounds = groundsOf(DATA);
    expect(groundingProblems('Squall rain shell at 20% off', grounds)).toEqual(['20%']);
    expect(groundingProblems('Squall rain shell, 350 g', grounds)).toEqual([]);
  });
});
