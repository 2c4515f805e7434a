// FAQs for product pages: asked for with structured output (a JSON schema), and checked by us
// regardless, since many OpenAI-compatible servers ignore the schema and every model invents
// facts now and then. A passing FAQ is written three ways: JSON items, a schema.org FAQPage
// JSON-LD snippet and an HTML fragment. Answers are cached in the checkpoint like rewrites.
import { groundingProblems, groundsOf, type Grounds } from '../optimize/grounding.js';
import { languageName } from '../optimize/language.js';
import { faqQualityProblems, pageLanguage, qualityGroundsOf } from '../optimize/quality.js';
import { plainText } from '../page/html-text.js';
import { collapse } from '../page/extract.js';
import { countWords } from '../page/text.js';
import { contentCell, type CsvPage } from '../sources/csv.js';
import { requestKey, type Checkpoint } from './checkpoint.js';
import { extractJson, withoutReasoning } from './clean.js';
import { hostileProblems, hostileSigns } from './hostile.js';
import { LlmError, rewriteErrorOf, type LlmClient } from './client.js';
import { clip, FAQ_LIMITS, FAQ_SCHEMA, faqPrompt } from './prompts/faq.js';
import { plural } from '../words.js';
import { escapeHtml } from '../page/html-text.js';

export { FAQ_LIMITS, FAQ_SCHEMA, faqPrompt } from './prompts/faq.js';

export interface FaqItem {
  question: string;
  answer: string;
}

export interface Faq {
  items: FaqItem[];
  jsonld: string;
  html: string;
}

export interface GenerateFaqResult {
  /** The first FAQ that passed validateFaq. */
  faq?: Faq;
  /** When none passed: the last answer's items (undefined when it was not a usable FAQ) and its failures. */
  rejected?: { items: FaqItem[] | undefined; failures: string[] };
  /** Tries made, cached ones included. */
  attempts: number;
  /** Tries answered from the checkpoint instead of a request. */
  cached: number;
}

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

/**
 * The schema.org FAQPage JSON-LD, compact, safe inside <script type="application/ld+json">:
 * "</" is written "<\/" so no "</script>" ends the block early, and "<!--" as "\u003c!--" so the
 * HTML tokenizer does not enter its script-comment states. Both still parse as the same JSON.
 */
export function faqJsonLd(items: FaqItem[]): string {
  const doc = {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: items.map((item) => ({ '@type': 'Question', name: item.question, acceptedAnswer: { '@type': 'Answer', text: item.answer } })),
  };
  return JSON.stringify(doc).replace(/<\//g, '<\\/').replace(/<!--/g, '\\u003c!--');
}


/** The FAQ as an HTML fragment: one <details> per question, so it works without script. */
export function faqHtml(items: FaqItem[]): string {
  const entries = items.map((item) => `<details><summary>${escapeHtml(item.question)}</summary><p>${escapeHtml(item.answer)}</p></details>`);
  return `<section class="faq"><h2>Frequently asked questions</h2>${entries.join('')}</section>`;
}

// --- Generation ------------------------------------------------------------------------------

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
  const code = pageLanguage(page.lang, [page.title, page.meta_description, page.h1, page.product_name, plainText(contentCell(page))].join('\n'));
  return code === undefined ? {} : { language: languageName(code) };
}

/**
 * The checkpoint key of one try. The attempt is part of it: a try whose feedback matches the
 * previous one's has the same prompt, and must still be asked, not answered from the cache.
 */
export function faqKey(model: string, prompt: { system: string; user: string }, attempt: number): string {
  return requestKey(model, { kind: 'faq', prompt, schema: FAQ_SCHEMA, attempt });
}

/**
 * An answer longer than this is refused unparsed and unchecked: 7 answers of 100 words and their
 * questions are some 6,000 characters of JSON, and max_tokens (FAQ_MAX_TOKENS) allows about that.
 */
export const FAQ_MAX_ANSWER_CHARS = 30_000;

/** Completion tokens an FAQ may use: 7 answers of up to 100 words, their questions, and the JSON around them. */
export const FAQ_MAX_TOKENS = 1500;

export async function generateFaq(options: { client: LlmClient; checkpoint: Checkpoint; url: string; page: CsvPage; keywords: string[]; attempts: number }): Promise<GenerateFaqResult> {
  const { client, checkpoint } = options;
  if (!Number.isInteger(options.attempts) || options.attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${options.attempts}`);
  const data = faqData(options.page);
  const productData = [data.description, data.content].filter((t) => t !== '').join('\n');
  let feedback: string[] = [];
  let rejected: GenerateFaqResult['rejected'];
  let cached = 0;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    const prompt = faqPrompt({ url: options.url, ...data, keywords: options.keywords, feedback, ...languageOf(options.page) });
    const key = faqKey(client.model, prompt, attempt);
    let content = checkpoint.get(key)?.content;
    if (content === undefined) {
      let answer;
      try {
        answer = await client.complete({
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          maxTokens: FAQ_MAX_TOKENS,
          jsonSchema: FAQ_SCHEMA,
          temperature: 0.3,
        });
      } catch (error) {
        if (!(error instanceof LlmError)) throw error;
        if (error.kind === 'too-large') {
          // Refused like any answer that fails the checks: the next try is told why.
          rejected = { items: undefined, failures: [`${error.message}; answer with the JSON object only`] };
          feedback = rejected.failures;
          continue;
        }
        // A refused key or a stop ends the run; a request that keeps failing fails its row only.
        throw rewriteErrorOf(error);
      }
      content = answer.content;
      checkpoint.append({ key, model: client.model, kind: 'faq', content, usage: answer.usage, at: new Date().toISOString() });
    } else {
      cached++;
    }
    // The whole answer, text around the JSON included: a <script> beside the object refuses it all.
    const whole = content.length > FAQ_MAX_ANSWER_CHARS ? [] : hostileProblems(withoutReasoning(content), [data.productName, options.page.title, options.page.h1]);
    const parsed: ReturnType<typeof parseFaq> =
      content.length > FAQ_MAX_ANSWER_CHARS
        ? { failure: `the answer is ${content.length} characters long, far more than ${FAQ_LIMITS.maxItems} answers of ${FAQ_LIMITS.maxWords} words: answer with the JSON object only` }
        : parseFaq(content);
    const failures = 'failure' in parsed ? [parsed.failure, ...whole] : whole.length > 0 ? whole : validateFaq(parsed.items, productData, data.productName, options.keywords, options.page.lang);
    if ('items' in parsed && failures.length === 0) {
      return { faq: { items: parsed.items, jsonld: faqJsonLd(parsed.items), html: faqHtml(parsed.items) }, attempts: attempt, cached };
    }
    rejected = { items: 'items' in parsed ? parsed.items : undefined, failures };
    feedback = failures;
  }
  return { rejected, attempts: options.attempts, cached };
}
