// FAQs for product pages: asked for with structured output (a JSON schema), and checked by us
// regardless, since many OpenAI-compatible servers ignore the schema and every model invents
// facts now and then. A passing FAQ is written three ways: JSON items, a schema.org FAQPage
// JSON-LD snippet and an HTML fragment. Answers are cached in the checkpoint like rewrites.
import type { CsvPage } from '../sources/csv.js';
import { requestKey, type Checkpoint } from './checkpoint.js';
import { answerOf, promptMessages } from './answer-of.js';
import { LlmError, rewriteErrorOf, type LlmClient } from './client.js';
import { checkFaqAnswer, faqData, languageOf } from './faq-checks.js';
import { FAQ_SCHEMA, faqPrompt } from './prompts/faq.js';
import { faqHtml, faqJsonLd, type FaqItem } from '../optimize/faq-cells.js';
import { rowLanguage } from '../optimize/quality.js';

export { FAQ_LIMITS, FAQ_SCHEMA, faqPrompt } from './prompts/faq.js';
export { checkFaqAnswer, FAQ_MAX_ANSWER_CHARS, faqData, faqProblems, languageOf, parseFaq, validateFaq } from './faq-checks.js';
export { faqHtml, faqJsonLd } from '../optimize/faq-cells.js';

export type { FaqItem } from '../optimize/faq-cells.js';

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

// --- Generation ------------------------------------------------------------------------------

/**
 * The checkpoint key of one try. The attempt is part of it: a try whose feedback matches the
 * previous one's has the same prompt, and must still be asked, not answered from the cache.
 */
export function faqKey(model: string, prompt: { system: string; user: string }, attempt: number): string {
  return requestKey(model, { kind: 'faq', prompt, schema: FAQ_SCHEMA, attempt });
}


/** Completion tokens an FAQ may use: 7 answers of up to 100 words, their questions, and the JSON around them. */
export const FAQ_MAX_TOKENS = 1500;

/** Where generateFaq starts when the first attempt was made elsewhere (joined to the row's request) and refused. */
export interface FaqRetry {
  /** Why the first attempt was refused: the next prompt's feedback. */
  failures: string[];
  items?: FaqItem[];
}

export async function generateFaq(options: { client: LlmClient; checkpoint: Checkpoint; url: string; page: CsvPage; keywords: string[]; attempts: number; retry?: FaqRetry }): Promise<GenerateFaqResult> {
  const { client, checkpoint } = options;
  if (!Number.isInteger(options.attempts) || options.attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${options.attempts}`);
  const data = faqData(options.page);
  let feedback: string[] = options.retry?.failures ?? [];
  let rejected: GenerateFaqResult['rejected'] = options.retry ? { items: options.retry.items, failures: options.retry.failures } : undefined;
  let cached = 0;
  for (let attempt = options.retry ? 2 : 1; attempt <= options.attempts; attempt++) {
    const prompt = faqPrompt({ url: options.url, ...data, keywords: options.keywords, feedback, ...languageOf(options.page) });
    const key = faqKey(client.model, prompt, attempt);
    let content: string;
    try {
      const got = await answerOf(client, checkpoint, key, 'faq', {
        messages: promptMessages(prompt),
        maxTokens: FAQ_MAX_TOKENS,
        jsonSchema: FAQ_SCHEMA,
        temperature: 0.3,
      });
      content = got.content;
      if (got.cached) cached++;
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
    const checked = checkFaqAnswer(content, options.page, options.keywords);
    if (checked.items && checked.failures.length === 0) {
      return { faq: { items: checked.items, jsonld: faqJsonLd(checked.items), html: faqHtml(checked.items, rowLanguage(options.page)) }, attempts: attempt, cached };
    }
    rejected = { items: checked.items, failures: checked.failures };
    feedback = checked.failures;
  }
  return { rejected, attempts: options.attempts, cached };
}
