// Grounding: is what a model wrote backed by the data it was given? Figures and names are what a
// shopper could act on, so they are the two cheap, checkable signals that stand in for "every
// fact is supported":
//
// 1. Figures. Every number, with the unit that follows it (a measurement, duration, percentage)
//    or the currency sign before it, must appear in the data with the same unit; a number with no
//    unit must appear in the data at all. "2-year" and "2 years", "1,200 g" and "1200g", "$129"
//    and "$129.00" count as the same. Codes that mix letters and digits ("X200", "4K") must appear
//    in the data as written. Spelled-out numbers ("five") are not checked.
// 2. Names. Every run of two or more capitalised words ("Alpine Shell Jacket", "Gore Tex Pro") is
//    a name and must appear in the data (any case). The first word of a sentence is capitalised
//    anyway, so a run that starts a sentence also passes when the rest of it (two or more words)
//    is in the data, or when only one word is left. A title segment after "|" or "–" is not a
//    sentence: "… | Northpine Outfitters" is a name to check (a brand the model made up).
//    Titles and headings are often written in Title Case, which makes a "name" of every run of
//    words: a run whose every word is in the data is taken as the data's words rearranged, not as
//    an invented name. Single capitalised words are not checked: too often just sentence starts.
//
// This misses paraphrased inventions ("lasts a lifetime") and can refuse a true fact the data
// writes differently ("three colours" for "3 colours"); the model is told what was refused and
// tries again, and a refused text is never written.
//
// The FAQ check (faq.ts) applies the same rules to its answers, with its own copy of them and
// without the Title Case allowance (answers are prose).
import { collapse } from '../page/extract.js';
import type { QualityGrounds } from './quality.js';

const UNIT_ALIASES: Record<string, string[]> = {
  mm: ['mm', 'millimetre', 'millimetres', 'millimeter', 'millimeters'],
  cm: ['cm', 'centimetre', 'centimetres', 'centimeter', 'centimeters'],
  m: ['m', 'metre', 'metres', 'meter', 'meters'],
  km: ['km', 'kilometre', 'kilometres', 'kilometer', 'kilometers'],
  inch: ['inch', 'inches'],
  ft: ['ft', 'foot', 'feet'],
  mg: ['mg', 'milligram', 'milligrams'],
  g: ['g', 'gram', 'grams'],
  kg: ['kg', 'kilo', 'kilos', 'kilogram', 'kilograms'],
  lb: ['lb', 'lbs', 'pound', 'pounds'],
  oz: ['oz', 'ounce', 'ounces'],
  ml: ['ml', 'millilitre', 'millilitres', 'milliliter', 'milliliters'],
  l: ['l', 'litre', 'litres', 'liter', 'liters'],
  w: ['w', 'watt', 'watts'],
  kw: ['kw', 'kilowatt', 'kilowatts'],
  v: ['v', 'volt', 'volts'],
  mah: ['mah'],
  wh: ['wh'],
  h: ['h', 'hr', 'hrs', 'hour', 'hours'],
  min: ['min', 'mins', 'minute', 'minutes'],
  s: ['s', 'sec', 'secs', 'second', 'seconds'],
  day: ['day', 'days'],
  week: ['week', 'weeks'],
  month: ['month', 'months'],
  year: ['year', 'years', 'yr', 'yrs'],
  '%': ['%', 'percent', 'per cent'],
  '°c': ['°c', '℃'],
  '°f': ['°f', '℉'],
  kb: ['kb'],
  mb: ['mb'],
  gb: ['gb'],
  tb: ['tb'],
  hz: ['hz'],
  khz: ['khz'],
  mhz: ['mhz'],
  ghz: ['ghz'],
  mph: ['mph'],
  'km/h': ['km/h', 'kph'],
  gsm: ['gsm', 'g/m²', 'g/m2'],
  denier: ['denier'],
  $: ['usd', 'dollar', 'dollars'],
  '€': ['eur', 'euro', 'euros'],
  '£': ['gbp'],
};
const UNIT_OF = new Map(Object.entries(UNIT_ALIASES).flatMap(([unit, aliases]) => aliases.map((a) => [a, unit] as const)));
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// Longest first, so "mm" is tried before "m" and "km/h" before "km".
const UNITS = [...UNIT_OF.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');

/**
 * A number not inside a word or another number ("X200", "v1.2"), with an optional currency sign
 * before it and an optional unit after it (after a space or hyphen: "2-year").
 */
const FIGURE = new RegExp(
  String.raw`(?<![\p{L}\p{N}]|\p{N}[.,])(?:([$€£])\s?)?(\d+(?:[.,'’]\d+)*)(?:[ \u00a0-]?(${UNITS})(?![\p{L}\p{N}]))?(?![\p{L}\p{N}])`,
  'giu',
);
/** A word mixing letters and digits: a model or part code ("X200", "4K"). Ordinals are not codes. */
const CODE = /(?<![\p{L}\p{N}])[\p{L}\p{N}]*(?:\p{L}\p{N}|\p{N}\p{L})[\p{L}\p{N}]*(?![\p{L}\p{N}])/gu;
const ORDINAL = /^\d+(?:st|nd|rd|th)$/i;
/**
 * Two or more capitalised words in a row, separated by spaces only, the first not inside a word
 * or figure ("2.5L Rain Shell" is a litre figure and then "Rain Shell", not "L Rain Shell").
 */
const NAME_RUN = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}'’-]*(?:[ \u00a0]+\p{Lu}[\p{L}\p{N}'’-]*)+/gu;

/**
 * A number as a comparison key: thousands separators (a separator before exactly three digits)
 * dropped, a decimal comma read as a point, zero decimals dropped. "1,200" = "1200", "4,5" = "4.5",
 * "129.00" = "129". The key only has to compare equal for equal numbers written either way.
 */
function numberKey(n: string): string {
  return n
    .replace(/[.,'’](?=\d{3}(?!\d))/g, '')
    .replace(/,/g, '.')
    .replace(/\.0+$/, '');
}

interface Figure {
  /** As written in the text. */
  text: string;
  number: string;
  unit: string | undefined;
}

function figuresOf(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const alias = m[3]?.toLowerCase();
    out.push({ text: m[0].trim(), number: numberKey(m[2]!), unit: m[1] ?? (alias === undefined ? undefined : UNIT_OF.get(alias)) });
  }
  return out;
}

/** The codes of a text that are not figures ("350g" is a weight, "X200" a code). */
function codesOf(text: string): string[] {
  return [...text.replace(FIGURE, ' ').matchAll(CODE)].map((m) => m[0]).filter((c) => !ORDINAL.test(c));
}

/** What the data holds, prepared once for every text checked against it. */
export interface Grounds {
  /** Lower-cased, white space collapsed. */
  text: string;
  numbers: Set<string>;
  /** "number unit" keys. */
  measures: Set<string>;
  /** For the quality gates (quality.ts): the data's words and the page's language. */
  quality?: QualityGrounds;
}

export function groundsOf(data: string): Grounds {
  const numbers = new Set<string>();
  const measures = new Set<string>();
  for (const f of figuresOf(data)) {
    numbers.add(f.number);
    if (f.unit !== undefined) measures.add(`${f.number} ${f.unit}`);
  }
  return { text: collapse(data).toLowerCase(), numbers, measures };
}

/** The phrase occurs in the data as whole words (any case). */
function inData(phrase: string, grounds: Grounds): boolean {
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(collapse(phrase).toLowerCase())}(?![\\p{L}\\p{N}])`, 'u');
  return re.test(grounds.text);
}

/** The first word of a sentence: at the start, or after ".", "!", "?" or ":" (and any quote or bracket). */
function startsSentence(text: string, index: number): boolean {
  return /(?:^|[.!?:])[\s"'“‘(]*$/.test(text.slice(0, index));
}

/**
 * The figures, codes and names of `text` that the data does not hold, as written, once each;
 * [] when everything checkable is grounded. `data` is the text itself or its prepared Grounds.
 */
export function groundingProblems(text: string, data: string | Grounds): string[] {
  const grounds = typeof data === 'string' ? groundsOf(data) : data;
  const out: string[] = [];
  for (const f of figuresOf(text)) {
    const ok = f.unit === undefined ? grounds.numbers.has(f.number) : grounds.measures.has(`${f.number} ${f.unit}`);
    if (!ok) out.push(f.text);
  }
  for (const code of codesOf(text)) if (!inData(code, grounds)) out.push(code);
  for (const m of text.matchAll(NAME_RUN)) {
    // "Alpine Shell's hood": the name is "Alpine Shell".
    const words = m[0].replace(/['’]s$/, '').split(/[ \u00a0]+/);
    if (inData(words.join(' '), grounds)) continue;
    if (startsSentence(text, m.index) && (words.length <= 2 || inData(words.slice(1).join(' '), grounds))) continue;
    if (words.every((w) => inData(w, grounds))) continue;
    out.push(m[0]);
  }
  return [...new Set(out)];
}
