// An FAQ's checks, without the client: what validateFaq refuses, an answer parsed and checked
// whole (checkFaqAnswer), and the product data an FAQ is grounded in. Pure, so apply can check a
// reviewer's edited FAQ without loading the LLM stack.
import { groundingProblems, groundsOf, type Grounds } from '../optimize/grounding.js';
import { languageName } from '../optimize/language.js';
import { faqQualityProblems, qualityGroundsOf, rowLanguage } from '../optimize/quality.js';
import type { FaqItem } from '../optimize/faq-cells.js';
import { plainText } from '../page/html-text.js';
import { collapse } from '../page/extract.js';
import { countWords } from '../page/text.js';
import type { CsvPage } from '../sources/csv.js';
import { extractJson, withoutReasoning } from './clean.js';
import { hostileProblems, hostileSigns } from './hostile.js';
import { clip, FAQ_LIMITS } from './prompts/faq.js';
import { plural } from '../words.js';

// --- Grounding -------------------------------------------------------------------------------
//
// An answer is grounded when what a shopper could act on — figures and names — comes from the
// product data. Two cheap, checkable signals stand in for "every fact is supported":
//
// 1. Figures. Every number in an answer, with the unit that follows it (a measurement, duration,
//    percentage) or the currency sign before it, must appear in the data with the same unit;
//    a number with no unit must appear in the data at all. "2-year" and "2 years", "1,200 g" and
//    "1200g", "$129" and "$129.00" count as the same. Codes that mix letters and digits ("X200",
//    "4K") must appear in the data as written. Spelled-out numbers ("five") are not checked.
// 2. Names. Every run of two or more capitalised words ("Alpine Shell Jacket", "Gore Tex Pro") is
//    a name and must appear in the data (any case). The first word of a sentence is capitalised
//    anyway, so a run that starts a sentence also passes when the rest of it (two or more words)
//    is in the data, or when only one word is left. Single capitalised words are not checked:
//    they are too often just sentence starts.
//
// This misses paraphrased inventions ("lasts a lifetime") and can refuse a true fact the data
// writes differently ("three colours" for "3 colours"); the model is told what was refused and
// tries again, and a refused FAQ is never written.

// The checks themselves live in grounding.ts, shared with the title and description checks.
const ungrounded = (answer: string, grounds: Grounds): string[] => groundingProblems(answer, grounds);

// --- Validation ------------------------------------------------------------------------------

const MARKUP = /<\/?[a-z][^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);|\*\*|__|`|\[[^\]]*\]\([^)]*\)|^\s*#{1,6}\s/im;
const URL_LIKE = /(?:https?:\/\/|\bwww\.)\S|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|co|uk|de|fr|eu|shop|store)\b/i;

/**
 * What hostile.ts refuses (instruction-like text, redaction markers, script code, javascript:
 * links, refusals), less what "contains markup" and "contains a URL" say already.
 */
function hostile(what: string, text: string, names: readonly string[]): string[] {
  return hostileSigns(text, names)
    .filter((s) => !((s.kind === 'markup' || s.kind === 'active') && MARKUP.test(text)) && !(s.kind === 'link' && URL_LIKE.test(text)))
    .map((s) => `${what} ${s.reason.replace(/^the answer /, '')}`);
}

const normalQuestion = (q: string): string => collapse(q).toLowerCase();
const contains = (text: string, phrase: string): boolean => normalQuestion(text).includes(normalQuestion(phrase));

/**
 * Problems with a candidate FAQ, [] when it passes. Messages go back to the model as feedback,
 * so they say what to fix; items are numbered from 1.
 */
export function validateFaq(items: FaqItem[], productData: string, productName: string, keywords: string[], lang?: string): string[] {
  const { minItems, maxItems, minWords, maxWords } = FAQ_LIMITS;
  const failures: string[] = [];
  if (items.length < minItems || items.length > maxItems) failures.push(`the FAQ has ${plural(items.length, 'question')}; it needs ${minItems} to ${maxItems}`);
  const grounds = groundsOf(`${productName}\n${productData}`);
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const n = i + 1;
    const question = item.question.trim();
    if (question === '') failures.push(`question ${n} is empty`);
    else {
      if (!question.endsWith('?')) failures.push(`question ${n} does not end with "?"`);
      const key = normalQuestion(question);
      const first = seen.get(key);
      if (first !== undefined) failures.push(`question ${n} repeats question ${first}`);
      else seen.set(key, n);
    }
    if (MARKUP.test(question)) failures.push(`question ${n} contains markup`);
    if (URL_LIKE.test(question)) failures.push(`question ${n} contains a URL`);
    failures.push(...hostile(`question ${n}`, question, [productName]));
    const words = countWords(item.answer);
    if (words < minWords || words > maxWords) failures.push(`answer ${n} has ${plural(words, 'word')}; it needs ${minWords} to ${maxWords}`);
    if (MARKUP.test(item.answer)) failures.push(`answer ${n} contains markup`);
    if (URL_LIKE.test(item.answer)) failures.push(`answer ${n} contains a URL`);
    failures.push(...hostile(`answer ${n}`, item.answer, [productName]));
    const missing = ungrounded(item.answer, grounds);
    if (missing.length > 0) failures.push(`answer ${n} uses facts not in the product data: ${missing.map((m) => `"${m}"`).join(', ')}`);
  });
  const name = productName.trim();
  const targets = [...(name === '' ? [] : [name]), ...keywords.filter((k) => k.trim() !== '')];
  if (targets.length > 0 && !items.some((item) => targets.some((t) => contains(item.question, t)))) {
    const what: string[] = [];
    if (name !== '') what.push(`the product name "${name}"`);
    const kws = keywords.filter((k) => k.trim() !== '');
    if (kws.length > 0) what.push(`a keyword (${kws.map((k) => `"${k}"`).join(', ')})`);
    failures.push(`no question mentions ${what.join(' or ')}`);
  }
  failures.push(...faqQualityProblems(items, qualityGroundsOf(`${productName}\n${productData}\n${keywords.join('\n')}`, lang), productName));
  return failures;
}

// --- Output ----------------------------------------------------------------------------------


/** The items of an answer, whitespace collapsed, or why it is not an FAQ. */
export function parseFaq(content: string): { items: FaqItem[] } | { failure: string } {
  let value: unknown;
  try {
    value = extractJson(content);
  } catch (error) {
    return { failure: `the answer is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const faq = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)['faq'] : undefined;
  if (!Array.isArray(faq)) return { failure: 'the answer lacks a faq array' };
  const items: FaqItem[] = [];
  for (const [i, entry] of faq.entries()) {
    const e = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
    if (typeof e['question'] !== 'string' || typeof e['answer'] !== 'string') return { failure: `faq item ${i + 1} lacks a question or an answer string` };
    items.push({ question: collapse(e['question']), answer: collapse(e['answer']) });
  }
  return { items };
}

/** What the FAQ is written from: the prompt shows exactly this, and answers are grounded in it. */
export function faqData(page: CsvPage): { productName: string; description: string; content: string } {
  const productName = collapse(page.product_name) || collapse(page.h1);
  const description = clip(plainText(page.product_description));
  const content = clip(plainText(page.content));
  // Exports often repeat the description as the content: show it once.
  return { productName, description, content: content === description ? '' : content };
}

/** The page's language by name, for the prompt: its lang column, else read from its data. */
export function languageOf(page: CsvPage): { language?: string } {
  const code = rowLanguage(page);
  return code === undefined ? {} : { language: languageName(code) };
}

/**
 * An answer longer than this is refused unparsed and unchecked: 7 answers of 100 words and their
 * questions are some 6,000 characters of JSON, and max_tokens (FAQ_MAX_TOKENS) allows about that.
 */
export const FAQ_MAX_ANSWER_CHARS = 30_000;

/**
 * One answer's FAQ and what is wrong with it ([] when it passes): the whole answer checked for
 * instructions and code, then parsed, then validateFaq against the row's product data. Used on an
 * FAQ's own answer and on the faq key of a row's joined answer alike.
 */
export function checkFaqAnswer(content: string, page: CsvPage, keywords: string[]): { items: FaqItem[] | undefined; failures: string[] } {
  const data = faqData(page);
  const productData = [data.description, data.content].filter((t) => t !== '').join('\n');
  if (content.length > FAQ_MAX_ANSWER_CHARS) {
    return { items: undefined, failures: [`the answer is ${content.length} characters long, far more than ${FAQ_LIMITS.maxItems} answers of ${FAQ_LIMITS.maxWords} words: answer with the JSON object only`] };
  }
  // The whole answer, text around the JSON included: a <script> beside the object refuses it all.
  const whole = hostileProblems(withoutReasoning(content), [data.productName, page.title, page.h1]);
  const parsed = parseFaq(content);
  if ('failure' in parsed) return { items: undefined, failures: [parsed.failure, ...whole] };
  return { items: parsed.items, failures: whole.length > 0 ? whole : validateFaq(parsed.items, productData, data.productName, keywords, page.lang) };
}

/** validateFaq on a row as generateFaq asks it: the product data faqData shows, the row's name, keywords and language (apply checks a reviewer's edited FAQ with it). */
export function faqProblems(items: FaqItem[], page: CsvPage, keywords: string[]): string[] {
  const data = faqData(page);
  return validateFaq(items, [data.description, data.content].filter((t) => t !== '').join('\n'), data.productName, keywords, page.lang);
}
