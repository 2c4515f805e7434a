// The --offline rewrites: deterministic, non-AI fixes for titles, meta descriptions and H1s,
// made only by cutting, reordering and joining text the page already has (plus the keyword and
// the brand). Pure functions; they propose, and the optimize loop re-checks with the real rules.
import { fieldLimits, type FieldLimits, type TextField } from './fields.js';
import { containsKeyword, foldCase } from '../page/keywords.js';
import { charLength } from '../page/text.js';

export interface OfflineInput {
  title?: string;
  metaDescription?: string;
  h1?: string;
  /** Visible text of the page's main content (plain text). */
  content?: string;
  keywords?: string[];
  /** Brand/site name if known (e.g. from config), kept at the end of titles: "… | Brand". */
  brand?: string;
  productName?: string;
}

export interface Limits {
  titleMin: number;
  titleMax: number;
  titleMaxPx: number;
  descMin: number;
  descMax: number;
  descMaxPx: number;
  h1Max: number;
  /** The font sizes the width rules measure at (title-too-wide, meta-description-too-wide). */
  titleFontPx: number;
  descFontPx: number;
}

/** The limits of a run, as the offline rewriter reads them: the numbers its resolved title, description and H1 rules check (config included). */
export function limitsOf(fields: Record<TextField, FieldLimits>): Limits {
  return {
    titleMin: fields.title.minChars,
    titleMax: fields.title.maxChars,
    titleMaxPx: fields.title.maxPixels,
    descMin: fields.meta.minChars,
    descMax: fields.meta.maxChars,
    descMaxPx: fields.meta.maxPixels,
    h1Max: fields.h1.maxChars,
    titleFontPx: fields.title.fontPx,
    descFontPx: fields.meta.fontPx,
  };
}

/** The rules' own defaults, read from the rules so the two never drift apart. */
export const DEFAULT_LIMITS: Limits = Object.freeze(limitsOf(fieldLimits()));
import { BEFORE_ELLIPSIS, BRAND_JOIN, Candidate, Cut, DANGLING, KEYWORD_JOIN, Lazy, MAX_CONTENT_CHARS, MAX_SENTENCES, choose, clean, cleanKeywords, escapeRegExp, joinSentences, leading, prefixesOf, presentKeywords, sentenceSegmenter, sentences, shorterVersions, withinPixels } from './offline-text.js';

export { MAX_CONTENT_CHARS, MAX_FIELD_CHARS } from './offline-text.js';

// ---------------------------------------------------------------------------------------------
// Titles

interface BrandSplit {
  core: string;
  /** The brand suffix to keep or add (" | Acme"), undefined when no brand is known or the core names it. */
  suffix: string | undefined;
}

/** Separates "Blue Widgets – Acme" into the core and the brand suffix, keeping the page's own separator. */
function splitBrand(title: string, brand: string): BrandSplit {
  if (brand === '') return { core: title, suffix: undefined };
  const m = new RegExp(`^(.*?)(\\s*[|｜:·•\\-\\u2010-\\u2015]\\s*)(${escapeRegExp(brand)})$`, 'iu').exec(title);
  const core = m?.[1]?.replace(DANGLING, '');
  if (m && core) return { core, suffix: m[2]! + m[3]! };
  if (foldCase(title) === foldCase(brand)) return { core: '', suffix: BRAND_JOIN + brand };
  return { core: title, suffix: containsKeyword(title, [brand]) ? undefined : BRAND_JOIN + brand };
}

/** A sentence near the start of the content short enough to be a heading, its end punctuation dropped. */
function headingLikeSentence(content: string, maxLength: number): string | undefined {
  for (const s of sentences(content, 3)) {
    const heading = s.replace(/[.!?…。！？:;,]+$/u, '');
    if (heading !== '' && charLength(heading) <= maxLength) return heading;
  }
  return undefined;
}

/**
 * A valid title built from `text`: keyword first if it is missing (the rule that fails then is
 * severe), the brand suffix next, and as much of the original as fits.
 */
function proposeTitle(text: string, original: string | undefined, keywords: string[], brand: string, limits: Limits): string | undefined {
  const { core, suffix } = splitBrand(text, brand);
  if (core === '') return undefined;
  const fits = (t: string): boolean => {
    const n = charLength(t);
    return n >= limits.titleMin && n <= limits.titleMax && withinPixels(t, limits.titleMaxPx, limits.titleFontPx);
  };
  const lengthOk = original !== undefined && fits(text);
  const kept = presentKeywords(text, keywords);
  const additions: (string | undefined)[] = kept.length === 0 ? [...keywords] : [];
  // A title that only lacks the keyword gains nothing from any change that does not add it.
  if (!lengthOk) additions.push(undefined);
  // Adding the keyword to a title of the right length uses room it has; it does not cut the title for it.
  const shorter = lengthOk ? undefined : shorterVersions(core, kept, limits.titleMax);
  const versions = (function* (): Generator<Cut> {
    yield { text: core, clause: true };
    if (shorter) yield* shorter;
  })();
  const candidates = new Lazy(
    (function* (): Generator<Candidate> {
      const each = new Lazy(versions);
      let index = 0;
      for (const keyword of additions) {
        for (const withBrand of suffix !== undefined ? [true, false] : [false]) {
          const group = index;
          for (const { text: c, clause } of each) {
            const body = keyword !== undefined ? `${leading(keyword)}${KEYWORD_JOIN} ${c}` : leading(c);
            index++;
            yield { text: body + (withBrand ? suffix : ''), clause, group };
          }
        }
      }
    })(),
  );
  return choose(candidates, kept, (t) => fits(t) && t !== original);
}

/**
 * A title of the configured length and width, with the keyword and the brand where they fit;
 * undefined when the title passes already or nothing valid can be made from the page.
 */
export function offlineTitle(input: OfflineInput, limits: Limits = DEFAULT_LIMITS): string | undefined {
  const keywords = cleanKeywords(input.keywords);
  const brand = clean(input.brand);
  const current = clean(input.title);
  if (current !== '' && splitBrand(current, brand).core !== '') {
    const n = charLength(current);
    const valid = n >= limits.titleMin && n <= limits.titleMax && withinPixels(current, limits.titleMaxPx, limits.titleFontPx);
    if (valid && (keywords.length === 0 || containsKeyword(current, keywords))) return undefined;
    return proposeTitle(current, input.title, keywords, brand, limits);
  }
  // No title (or only the brand): the first of the page's other names that makes a valid one.
  const bases = [clean(input.productName), clean(input.h1), headingLikeSentence(clean(input.content, MAX_CONTENT_CHARS), limits.h1Max) ?? ''];
  for (const base of bases) {
    if (base === '') continue;
    const title = proposeTitle(base, undefined, keywords, brand, limits);
    if (title !== undefined && title !== input.title) return title;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Meta descriptions

interface DescriptionFit {
  limits: Limits;
  keywords: string[];
}

function withinDescriptionMax(text: string, limits: Limits): boolean {
  return charLength(text) <= limits.descMax && withinPixels(text, limits.descMaxPx, limits.descFontPx);
}

function validDescription(text: string, limits: Limits): boolean {
  return charLength(text) >= limits.descMin && withinDescriptionMax(text, limits);
}

/** A description that is too long, cut after a whole sentence if that leaves enough, else after a word with "…". */
function shortenDescription(text: string, { limits, keywords }: DescriptionFit): string | undefined {
  const kept = presentKeywords(text, keywords);
  const bySentence: string[] = [];
  for (const s of sentenceSegmenter.segment(text)) {
    const end = s.index + s.segment.length;
    // Past twice the maximum no sentence end makes a valid description.
    if (end > 2 * limits.descMax + 32) break;
    if (end < text.length) bySentence.unshift(text.slice(0, end).trim());
  }
  const candidates = (function* (): Generator<Candidate> {
    for (const sentence of bySentence) yield { text: sentence, clause: true, group: 0 };
    for (const p of prefixesOf(text, limits.descMax)) yield { text: p.text.replace(BEFORE_ELLIPSIS, '') + '…', clause: true, group: 0 };
  })();
  return choose(new Lazy(candidates), kept, (t) => validDescription(t, limits));
}

/**
 * Whole sentences in order until the description is long enough; a sentence that would overflow
 * is cut after a word and closed with "…", and kept only if the result is long enough.
 * `mustContain` keywords: one of them has to survive the cut.
 */
function accumulate(lead: string, order: readonly string[], mustContain: readonly string[], limits: Limits): string | undefined {
  let description = lead;
  for (const sentence of order) {
    const longer = joinSentences(description, sentence);
    if (withinDescriptionMax(longer, limits)) {
      description = longer;
      if (charLength(description) >= limits.descMin) return description;
      continue;
    }
    const needsKeyword = mustContain.length > 0 && !containsKeyword(description, mustContain);
    for (const p of prefixesOf(sentence, limits.descMax)) {
      const cut = joinSentences(description, p.text.replace(BEFORE_ELLIPSIS, '') + '…');
      if (!withinDescriptionMax(cut, limits) || (needsKeyword && !containsKeyword(cut, mustContain))) continue;
      // The longest cut that fits; any shorter one is shorter still.
      return charLength(cut) >= limits.descMin ? cut : undefined;
    }
    return undefined;
  }
  return undefined;
}

/** A description from the content's opening sentences, led by one that has a keyword when one is given. */
function describeFromContent(content: string, { limits, keywords }: DescriptionFit, keywordRequired: boolean): string | undefined {
  const all = sentences(content, MAX_SENTENCES);
  if (keywords.length > 0) {
    const k = all.findIndex((s) => containsKeyword(s, keywords));
    if (k >= 0) {
      const found = accumulate('', [...all.slice(k), ...all.slice(0, k)], keywords, limits);
      if (found !== undefined) return found;
    }
    // No sentence names a keyword (or none that fits): lead with the keyword itself.
    for (const keyword of keywords) {
      const led = accumulate(leading(keyword) + KEYWORD_JOIN, all, [keyword], limits);
      if (led !== undefined) return led;
    }
  }
  return keywordRequired ? undefined : accumulate('', all, [], limits);
}

/**
 * A meta description of the configured length and width, from the page's own sentences;
 * undefined when the description passes already or the content is too thin.
 */
export function offlineDescription(input: OfflineInput, limits: Limits = DEFAULT_LIMITS): string | undefined {
  const fit: DescriptionFit = { limits, keywords: cleanKeywords(input.keywords) };
  const current = clean(input.metaDescription);
  const hasKeyword = fit.keywords.length === 0 || containsKeyword(current, fit.keywords);
  const lengthOk = current !== '' && validDescription(current, limits);
  if (lengthOk && hasKeyword) return undefined;
  const differs = (t: string | undefined): t is string => t !== undefined && t !== input.metaDescription && t !== current;
  if (current !== '' && !withinDescriptionMax(current, limits)) {
    const shorter = shortenDescription(current, fit);
    if (differs(shorter)) return shorter;
  }
  // A description of the right length that only lacks the keyword is replaced only by one that
  // has it, and a keyword the description had is never lost.
  const built = describeFromContent(clean(input.content, MAX_CONTENT_CHARS), fit, lengthOk || (fit.keywords.length > 0 && hasKeyword));
  return differs(built) ? built : undefined;
}

// ---------------------------------------------------------------------------------------------
// H1s

/** The title without the brand: the given one, or else the last "| Site" segment by convention. */
function titleWithoutBrand(title: string, brand: string): string {
  if (brand !== '') return splitBrand(title, brand).core;
  const parts = title.split(/\s*[|｜]\s*/u);
  return parts.length > 1 ? parts.slice(0, -1).join(' | ') : title;
}

/** An H1 of at most the configured length; undefined when it passes already or there is nothing to make one from. */
export function offlineH1(input: OfflineInput, limits: Limits = DEFAULT_LIMITS): string | undefined {
  const keywords = cleanKeywords(input.keywords);
  const fits = (t: string): boolean => t !== '' && charLength(t) <= limits.h1Max && t !== input.h1;
  const current = clean(input.h1);
  if (current !== '' && charLength(current) <= limits.h1Max) return undefined;
  const base = current || clean(input.productName) || titleWithoutBrand(clean(input.title), clean(input.brand));
  if (base === '') return undefined;
  if (fits(base)) return base;
  const kept = presentKeywords(base, keywords);
  const versions = shorterVersions(base, kept, limits.h1Max);
  return choose(
    new Lazy(
      (function* (): Generator<Candidate> {
        for (const c of versions) yield { ...c, text: leading(c.text), group: 0 };
      })(),
    ),
    kept,
    fits,
  );
}
