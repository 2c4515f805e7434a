// --dry-run: the plan and its price, with nothing sent. Each request the run would make first is
// built exactly as it would be sent, counted with the tokenizer, and priced; answers already in
// the checkpoint cost nothing. Retries after a refused candidate can add up to --attempts times more.
import type { Config } from '../engine/config.js';
import type { OptimizeResult } from '../optimize/outcome.js';
import type { FaqRequest, JudgeRequest, Rewriter, RewriteRequest } from '../optimize/rewriter.js';
import { judgePromptFor } from './judge.js';
import { JUDGE_MAX_TOKENS } from './prompts/judge.js';
import type { Checkpoint } from './checkpoint.js';
import { estimateTokens } from './client.js';
import { costUsd, priceOf, PRICES_AS_OF } from './cost.js';
import { faqData, faqKey, faqPrompt, languageOf } from './faq.js';
import { fieldLimits } from '../optimize/fields.js';
import { keyFor, promptFor, rowPromptFor } from './rewriter.js';

export interface DryRun {
  rewriter: Rewriter;
  summary(result: OptimizeResult): string;
}

const MAX_TOKENS = 300;
const FAQ_MAX_TOKENS = 1500;

export interface DryRunOptions {
  brand?: string;
  prices?: Record<string, { input: number; output: number }>;
  ruleSettings?: Config['rules'];
  /** --judge's model: its verdicts are counted and priced too. */
  judge?: string;
}

export function dryRun(model: string, checkpoint: Checkpoint, options: DryRunOptions = {}): DryRun {
  // The same rule numbers as the real run's prompts, or the keys would not match the checkpoint's.
  const rules = fieldLimits(options.ruleSettings);
  const n = { requests: 0, cached: 0, prompt: 0, completion: 0 };
  const byField: Record<string, number> = {};
  /** A first request as it would be sent: answered already (true), or counted with the most it may complete. */
  const count = (key: string, what: string, prompt: { system: string; user: string }, completion: number): boolean => {
    if (checkpoint.get(key)) {
      n.cached++;
      return true;
    }
    n.requests++;
    byField[what] = (byField[what] ?? 0) + 1;
    n.prompt += tokensOf(prompt);
    n.completion += completion;
    return false;
  };
  // --judge: one verdict per candidate that passes the checks, at most one per field and FAQ
  // asked for. The candidate is not known before it is answered: the row's current value (or, for
  // an FAQ, its data) stands in for it in the prompt counted.
  const judged = { requests: 0, prompt: 0 };
  const judge = (request: Omit<JudgeRequest, 'proposal'>, proposal: string): void => {
    if (options.judge === undefined) return;
    judged.requests++;
    judged.prompt += tokensOf(judgePromptFor({ ...request, proposal }));
  };
  const judgeFields = (asked: RewriteRequest[]): void => asked.forEach((r) => judge(r, r.page[r.field === 'meta' ? 'meta_description' : r.field]));
  const judgeFaq = (faq: FaqRequest): void => judge({ field: 'faq', page: faq.page, url: faq.url, keywords: faq.keywords }, `${faqData(faq.page).description}\n${faqData(faq.page).content}`.slice(0, 3000));
  const fieldsKind = (asked: RewriteRequest[]): string => `row:${asked.map((r) => r.field).join('+')}`;
  return {
    rewriter: {
      name: `${model} (dry run)`,
      deterministic: true,
      // The first FAQ request of a product page, built as it would be sent.
      async faq(request) {
        const prompt = faqPrompt({ url: request.url, ...faqData(request.page), keywords: request.keywords, feedback: [], ...languageOf(request.page) });
        if (!count(faqKey(model, prompt, 1), 'faq', prompt, FAQ_MAX_TOKENS)) judgeFaq(request);
        return { attempts: 0 };
      },
      // A row's fields asked at once, as the run asks them: one request, with the completion of each field.
      async proposeRow(asked: RewriteRequest[]): Promise<undefined[]> {
        const prompt = rowPromptFor(asked, rules, options.brand);
        if (!count(keyFor(model, fieldsKind(asked), prompt), 'row', prompt, asked.length * MAX_TOKENS)) judgeFields(asked);
        return asked.map(() => undefined);
      },
      // A row's fields and its FAQ asked at once: one request, with the completion of both.
      async proposeRowWithFaq(asked: RewriteRequest[], faq) {
        const prompt = rowPromptFor(asked, rules, options.brand, faqData(faq.page));
        if (!count(keyFor(model, `${fieldsKind(asked)}+faq`, prompt), 'row+faq', prompt, asked.length * MAX_TOKENS + FAQ_MAX_TOKENS)) {
          judgeFields(asked);
          judgeFaq(faq);
        }
        return { proposals: asked.map(() => undefined), faq: { attempts: 0 } };
      },
      async propose(request: RewriteRequest): Promise<string | undefined> {
        const prompt = promptFor(request, rules, options.brand);
        if (!count(keyFor(model, request.field, prompt), request.field, prompt, MAX_TOKENS)) judgeFields([request]);
        return undefined;
      },
    },
    summary: (result: OptimizeResult): string => summaryOf(result, model, options, n, byField, judged),
  };
}

/** A prompt's tokens, counted as the client counts them. */
const tokensOf = (prompt: { system: string; user: string }): number =>
  estimateTokens({ messages: [{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }], maxTokens: 0 });

/** What the dry run prints: rows, requests, tokens and the most they can cost, the judge's share apart. */
function summaryOf(result: OptimizeResult, model: string, options: DryRunOptions, n: { requests: number; cached: number; prompt: number; completion: number }, byField: Record<string, number>, judged: { requests: number; prompt: number }): string {
  const price = priceOf(model, options.prices);
  const judgePrice = options.judge === undefined ? undefined : priceOf(options.judge, options.prices);
  const judgeCost = costUsd({ prompt: judged.prompt, completion: judged.requests * JUDGE_MAX_TOKENS }, judgePrice);
  const cost = costUsd({ prompt: n.prompt, completion: n.completion }, price) + judgeCost;
  const rows = result.rows.filter((r) => r.fields.length > 0 || r.faqRejected !== undefined).length;
  const lines = [
    `dry run: nothing was sent`,
    `rows: ${result.rows.length}, to rewrite: ${rows}`,
    `requests: ${n.requests} (${Object.entries(byField).map(([f, k]) => `${f} ${k}`).join(', ') || 'none'}); already answered in the checkpoint: ${n.cached}`,
    `tokens: ${n.prompt} prompt (counted), at most ${n.completion} completion (${MAX_TOKENS} a rewrite, ${FAQ_MAX_TOKENS} an FAQ)`,
    `cost: at most $${cost.toFixed(4)} at ${price ? `$${price.input}/$${price.output} per million tokens (prices as of ${PRICES_AS_OF})` : 'no known price for this model (set llm.prices)'}`,
  ];
  if (options.judge !== undefined) {
    lines.push(
      `judge (${options.judge}): at most ${judged.requests} requests, one per candidate that passes the checks; about ${judged.prompt} prompt tokens (the current values standing in for the candidates), at most ${judged.requests * JUDGE_MAX_TOKENS} completion; at most $${judgeCost.toFixed(4)}${judgePrice ? '' : ' (no known price for this model)'}, included in the cost above`,
    );
  }
  lines.push(`refused candidates are asked again, up to --attempts times each`);
  return `${lines.join('\n')}\n`;
}
