// The LLM rewriter: one prompt per field, answers cached in the checkpoint (a rerun asks nothing
// already answered), cleaned before the optimize loop checks them against the rules.
import type { Config } from '../engine/config.js';
import { fieldLimits, type FieldLimits } from '../optimize/fields.js';
import { plainText } from '../page/html-text.js';
import { contentCell } from '../sources/csv.js';
import { type FaqOutcome, type Proposal, type Rewriter, type RewriteRequest } from '../optimize/rewriter.js';
import type { TextField } from '../optimize/fields.js';
import { generateFaq, languageOf } from './faq.js';
import { askRow, type Answered, type RowAsking } from './row-request.js';
import { llmJudge } from './judge.js';
import { Checkpoint, requestKey } from './checkpoint.js';
import { answerOf, promptMessages } from './answer-of.js';
import { cleanText, withoutReasoning } from './clean.js';
import { hostileProblems } from './hostile.js';
import { LlmError, rewriteErrorOf, type LlmClient } from './client.js';
import { brief, PREVIOUS_CHARS, rewritePrompt, rowPrompt, type RewritePrompt } from './prompts/rewrite.js';

export interface LlmRewriterOptions {
  client: LlmClient;
  checkpoint: Checkpoint;
  ruleSettings?: Config['rules'];
  brand?: string;
  /** Completion tokens allowed per answer (a title or description is short). */
  maxTokens?: number;
  /** optimize --judge: the client asking for verdicts (its model), sharing the run's limiter and budget. */
  judge?: LlmClient;
}

export interface LlmRewriter extends Rewriter {
  /** Answers read from the checkpoint instead of asked for. */
  cached(): number;
}

/** Why an answer that hit the token limit is refused, whatever is left of it. */
export const CUT_OFF = 'the answer was cut off at the token limit: answer with the new text only, nothing before or after it';

/**
 * An answer this many times longer than the field allows is refused as it is, unchecked: every
 * rule would refuse it anyway, and the checks (grounding, pixel widths) need not run on a
 * megabyte. A short prefix is kept as the refused candidate, for the review file.
 */
export const FAR_TOO_LONG = 4;

/** Why an answer over the byte cap is refused (nothing of it was kept). */
export function tooLargeFeedback(message: string): string {
  return `${message}; answer with the new text only, nothing before or after it`;
}

export function llmRewriter(options: LlmRewriterOptions): LlmRewriter {
  const rules = fieldLimits(options.ruleSettings);
  let cached = 0;
  const state = { noStructuredOutput: false };
  // One field after the other, within the row's one slot: the fallback keeps to --concurrency.
  const oneByOne = async (requests: RewriteRequest[]): Promise<Proposal[]> => {
    const out: Proposal[] = [];
    for (const request of requests) out.push(await rewriter.propose(request));
    return out;
  };
  /** The answer to a prompt: from the checkpoint, or asked and appended to it; a request's failure as the LlmError it was. */
  const answered: Answered = async (key, kind, prompt, maxTokens, jsonSchema) => {
    try {
      const got = await answerOf(options.client, options.checkpoint, key, kind, {
        messages: promptMessages(prompt),
        maxTokens,
        temperature: 0.4,
        ...(jsonSchema ? { jsonSchema } : {}),
      });
      if (got.cached) cached++;
      return { content: got.content, finishReason: got.finishReason };
    } catch (error) {
      if (!(error instanceof LlmError)) throw error;
      return { error };
    }
  };
  const row: RowAsking = { client: options.client, rules, answered, oneByOne, state, ...(options.brand ? { brand: options.brand } : {}), ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}) };
  const rewriter: LlmRewriter = {
    name: options.client.model,
    // Free text from a model: the loop also checks it for formulas, links and invented facts.
    freeText: true,
    ...(options.brand ? { brand: options.brand } : {}),
    cached: () => cached,
    ...(options.judge ? { judge: llmJudge(options.judge, options.checkpoint, () => void cached++, options.brand) } : {}),
    async faq(request) {
      const result = await generateFaq({ client: options.client, checkpoint: options.checkpoint, ...request });
      cached += result.cached;
      const out: FaqOutcome = { attempts: result.attempts };
      if (result.faq) out.faq = result.faq;
      if (result.rejected) out.rejected = { failures: result.rejected.failures, ...(result.rejected.items ? { items: result.rejected.items } : {}) };
      return out;
    },
    async propose(request: RewriteRequest): Promise<Proposal> {
      const prompt = promptFor(request, rules, options.brand);
      const got = await answered(keyFor(options.client.model, request.field, prompt, request.attempt), request.field, prompt, options.maxTokens ?? 300);
      // An answer too large to read is a refused answer: asked again with feedback, not a failed row.
      if ('error' in got) {
        if (got.error.kind === 'too-large') return { refused: '', failures: [tooLargeFeedback(got.error.message)] };
        throw rewriteErrorOf(got.error);
      }
      return judged(got.content, got.finishReason, request, rules);
    },
    async proposeRow(requests: RewriteRequest[]): Promise<Proposal[]> {
      return (await askRow(row, requests, undefined)).proposals;
    },
    async proposeRowWithFaq(requests, faq) {
      // A run begun before the FAQ joined the row's request has the row's fields and its FAQ answered
      // apart in the checkpoint: read as they are (the FAQ, left undefined, is asked on its own).
      if (options.checkpoint.get(apartKey(options.client.model, requests, rules, options.brand))) {
        return { proposals: requests.length > 1 ? (await askRow(row, requests, undefined)).proposals : [await rewriter.propose(requests[0]!)] };
      }
      return askRow(row, requests, faq);
    },
  };
  return rewriter;
}

/** A model's text for one field: cleaned, and refused as it is when it carries instructions, was cut off or is far too long. */
export function judged(content: string, finishReason: string | undefined, request: RewriteRequest, rules: Record<TextField, FieldLimits>): Proposal {
  const text = cleanText(content);
  // Checked on the whole answer, not only what cleaning keeps: never approved, whatever the rules say.
  const hostile = hostileProblems(withoutReasoning(content), [request.page.title, request.page.h1, request.page.product_name]);
  if (hostile.length > 0) return { refused: brief(text === '' ? withoutReasoning(content).trim() : text, PREVIOUS_CHARS), failures: hostile };
  // What is left of a cut-off answer may still pass the rules (a title cut mid-word that fits): never take it.
  if (finishReason === 'length') return { refused: brief(text, PREVIOUS_CHARS), failures: [CUT_OFF] };
  const max = rules[request.field].maxChars;
  if (text.length > FAR_TOO_LONG * max) {
    return { refused: brief(text, PREVIOUS_CHARS), failures: [`the answer is ${text.length} characters long; it must be at most ${max}: answer with the new text only, nothing before or after it`] };
  }
  return text === '' ? undefined : text;
}

/** The checkpoint key of a row's first request with its FAQ apart (how runs asked before the FAQ joined it). */
export function apartKey(model: string, requests: RewriteRequest[], rules: Record<TextField, FieldLimits>, brand?: string): string {
  if (requests.length > 1) return keyFor(model, `row:${requests.map((r) => r.field).join('+')}`, rowPromptFor(requests, rules, brand));
  return keyFor(model, requests[0]!.field, promptFor(requests[0]!, rules, brand));
}

/** The one prompt for a row's first attempt at several fields (see rowPrompt). */
export function rowPromptFor(requests: RewriteRequest[], rules: Record<TextField, FieldLimits>, brand?: string, faq?: { productName: string; description: string }): RewritePrompt {
  const { page, url, keywords } = requests[0]!;
  return rowPrompt({
    url,
    title: page.title,
    metaDescription: page.meta_description,
    h1: page.h1,
    content: plainText(contentCell(page)),
    ...(page.product_name.trim() !== '' ? { productName: page.product_name.trim() } : {}),
    keywords,
    ...(brand ? { brand } : {}),
    fields: requests.map((r) => ({ field: r.field, rules: rules[r.field] })),
    ...(faq ? { faq: { productName: faq.productName, description: faq.description } } : {}),
    ...languageOf(page),
  });
}

/** The prompt for one rewrite request (the page's data fenced, the rules stated). */
export function promptFor(request: RewriteRequest, rules: Record<TextField, FieldLimits>, brand?: string): RewritePrompt {
  const { page } = request;
  return rewritePrompt({
    field: request.field,
    url: request.url,
    title: page.title,
    metaDescription: page.meta_description,
    h1: page.h1,
    content: plainText(contentCell(page)),
    ...(page.product_name.trim() !== '' ? { productName: page.product_name.trim() } : {}),
    keywords: request.keywords,
    ...(brand ? { brand } : {}),
    rules: rules[request.field],
    feedback: request.feedback,
    ...(request.previous !== undefined ? { previous: request.previous } : {}),
    ...languageOf(page),
  });
}


/**
 * The checkpoint key of a request: model, what is asked, the whole prompt and the attempt. The
 * attempt is part of it: a model that repeats a refused answer gets the same feedback, so the next
 * prompt equals this one, and must still be asked, not answered from the cache (as FAQ keys do).
 * The first attempt is the default: --dry-run prices first requests only.
 */
export function keyFor(model: string, field: string, prompt: RewritePrompt, attempt = 1): string {
  return requestKey(model, { kind: field, prompt, attempt });
}
