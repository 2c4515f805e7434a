// A row's first request: its text fields (and, when joined, its product FAQ) asked at once as one
// strict JSON answer, each part judged as its own answer would be. See llmRewriter.
import type { FieldLimits, TextField } from '../optimize/fields.js';
import type { FaqOutcome, FaqRequest, Proposal, RewriteRequest } from '../optimize/rewriter.js';
import type { LlmClient, LlmError } from './client.js';
import { rewriteErrorOf } from './client.js';
import { extractJson, withoutReasoning } from './clean.js';
import { checkFaqAnswer, FAQ_MAX_TOKENS, faqData, faqHtml, faqJsonLd } from './faq.js';
import { hostileProblems } from './hostile.js';
import { rowLanguage } from '../optimize/quality.js';
import { brief, FAQ_KEY, PREVIOUS_CHARS, ROW_KEYS, rowSchema, type RewritePrompt } from './prompts/rewrite.js';
import { CUT_OFF, judged, keyFor, rowPromptFor, tooLargeFeedback } from './rewriter.js';

/** The answer to a prompt: from the checkpoint, or asked and appended to it; a request's failure as the LlmError it was. */
export type Answered = (key: string, kind: string, prompt: RewritePrompt, maxTokens: number, jsonSchema?: ReturnType<typeof rowSchema>) => Promise<{ content: string; finishReason: string | undefined } | { error: LlmError }>;

/** What a row request needs of its rewriter. */
export interface RowAsking {
  client: LlmClient;
  rules: Record<TextField, FieldLimits>;
  brand?: string;
  /** Completion tokens a field's answer may use (300 by default). */
  maxTokens?: number;
  answered: Answered;
  /** Each field asked on its own, within the row's slot. */
  oneByOne: (requests: RewriteRequest[]) => Promise<Proposal[]>;
  /** Set once the endpoint refused structured output: from then on each field is asked alone. */
  state: { noStructuredOutput: boolean };
}

/**
 * A row's fields (and, joined, its FAQ) in one request. An endpoint that refuses structured
 * output has each field asked on its own from then on, and the FAQ left to its own request.
 */
export async function askRow(ctx: RowAsking, requests: RewriteRequest[], faq: FaqRequest | undefined): Promise<{ proposals: Proposal[]; faq?: FaqOutcome }> {
  if (ctx.state.noStructuredOutput) return { proposals: await ctx.oneByOne(requests) };
  const prompt = rowPromptFor(requests, ctx.rules, ctx.brand, faq ? faqData(faq.page) : undefined);
  const fields = requests.map((r) => r.field);
  const kind = `row:${fields.join('+')}${faq ? '+faq' : ''}`;
  const maxTokens = (ctx.maxTokens ?? 300) * requests.length + (faq ? FAQ_MAX_TOKENS : 0);
  const got = await ctx.answered(keyFor(ctx.client.model, kind, prompt), kind, prompt, maxTokens, rowSchema(fields, faq !== undefined));
  /** Every part refused for the same reasons. */
  const allRefused = (refused: string, failures: string[]): { proposals: Proposal[]; faq?: FaqOutcome } => ({
    proposals: requests.map(() => ({ refused, failures })),
    ...(faq ? { faq: { attempts: 1, rejected: { failures } } } : {}),
  });
  if ('error' in got) {
    const { error } = got;
    if (error.kind === 'too-large') return allRefused('', [tooLargeFeedback(error.message)]);
    // An endpoint that refuses structured output (an older server): each field asked on its own,
    // from now on. Another refusal (a prompt too long) falls back for this row only.
    if (error.kind === 'bad-request') {
      if (/response_format|json_schema|structured|schema/i.test(error.message)) ctx.state.noStructuredOutput = true;
      return { proposals: await ctx.oneByOne(requests) };
    }
    throw rewriteErrorOf(error);
  }
  const { content, finishReason } = got;
  const whole = withoutReasoning(content).trim();
  let parsed: Record<string, unknown> | undefined;
  try {
    const value = extractJson(content);
    parsed = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    parsed = undefined; // no JSON at all: every field is refused below, and asked again on its own
  }
  // The whole answer is checked, not only the values kept: instructions or a link around the
  // JSON, or in a key of its own, refuse every field, as they refuse a single field's answer. A
  // joined FAQ's answers are checked with the FAQ (they may name a link the FAQ is refused for):
  // what is wrong in them alone refuses the FAQ, not the fields.
  const names = [requests[0]!.page.title, requests[0]!.page.h1, requests[0]!.page.product_name];
  const hostile = hostileProblems(faq && parsed && FAQ_KEY in parsed ? withoutFaq(whole, parsed) : whole, names);
  if (hostile.length > 0) return allRefused(brief(whole, PREVIOUS_CHARS), hostile);
  const keys = new Set([...requests.map((r) => ROW_KEYS[r.field]), ...(faq ? [FAQ_KEY] : [])]);
  const extra = parsed ? Object.keys(parsed).filter((k) => !keys.has(k)) : [];
  const proposals = requests.map((request): Proposal => {
    const value = parsed?.[ROW_KEYS[request.field]];
    // Cut off at the token limit, no JSON, a field missing, or keys not asked for: refused, and asked again on its own.
    if (typeof value !== 'string') return { refused: brief(whole, PREVIOUS_CHARS), failures: [finishReason === 'length' ? CUT_OFF : 'the answer was not the text asked for (the new text only, nothing before or after it)'] };
    if (extra.length > 0) return { refused: brief(whole, PREVIOUS_CHARS), failures: [`the answer carried more than the text asked for (${extra.map((k) => `"${brief(k, 40)}"`).join(', ')}): the new text only`] };
    return judged(value, finishReason, request, ctx.rules);
  });
  return { proposals, ...(faq ? { faq: joinedFaq(parsed?.[FAQ_KEY], finishReason, faq) } : {}) };
}

/**
 * A joined answer without its FAQ: the text around the object whose "faq" key holds it, and the
 * object's other keys. The FAQ's own strings are what is left out, wherever the object sits (in a
 * code fence, with prose and braces after it); an answer whose FAQ cannot be found is kept whole.
 */
function withoutFaq(whole: string, parsed: Record<string, unknown>): string {
  const key = whole.search(/"faq"\s*:/);
  const start = key === -1 ? -1 : whole.lastIndexOf('{', key);
  const end = start === -1 ? -1 : objectEnd(whole, start);
  if (end === -1) return whole;
  const { [FAQ_KEY]: _faq, ...rest } = parsed;
  return `${whole.slice(0, start)} ${whole.slice(end + 1)}\n${JSON.stringify(rest)}`;
}

/** Where the JSON object opened at `start` closes (strings and their escapes skipped), or -1. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The FAQ of a row's joined answer, checked as an FAQ's own answer is: kept, or refused with why (asked again on its own). */
function joinedFaq(value: unknown, finishReason: string | undefined, faq: FaqRequest): FaqOutcome {
  if (finishReason === 'length') return { attempts: 1, rejected: { failures: [CUT_OFF] } };
  const checked = checkFaqAnswer(JSON.stringify({ faq: value }), faq.page, faq.keywords);
  if (checked.items && checked.failures.length === 0) return { attempts: 1, faq: { items: checked.items, jsonld: faqJsonLd(checked.items), html: faqHtml(checked.items, rowLanguage(faq.page)) } };
  return { attempts: 1, rejected: { failures: checked.failures, ...(checked.items ? { items: checked.items } : {}) } };
}

