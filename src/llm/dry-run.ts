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
import { costUsd, priceOf, PRICES_AS_OF, type Price } from './cost.js';
import { FAQ_MAX_TOKENS, faqData, faqKey, faqPrompt, languageOf } from './faq.js';
import { fieldLimits } from '../optimize/fields.js';
import { apartKey, keyFor, promptFor, rowPromptFor } from './rewriter.js';

export interface DryRun {
  rewriter: Rewriter;
  summary(result: OptimizeResult): string;
}

/** Completion tokens a field's answer may use, as the LLM rewriter asks (its maxTokens default). */
const MAX_TOKENS = 300;

export interface DryRunOptions {
  brand?: string;
  prices?: Record<string, { input: number; output: number }>;
  ruleSettings?: Config['rules'];
  /** --judge's model: its verdicts are counted and priced too. */
  judge?: string;
  /** --attempts: how often a refused field or FAQ may be asked again (the most a run can cost). */
  attempts?: number;
  /** --batch: a batch's price as a share of the sync price; the cost is given at batch prices, and at sync prices beside it. */
  priceShare?: number;
}

export function dryRun(model: string, checkpoint: Checkpoint, options: DryRunOptions = {}): DryRun {
  // The same rule numbers as the real run's prompts, or the keys would not match the checkpoint's.
  const rules = fieldLimits(options.ruleSettings);
  const n = { requests: 0, cached: 0, prompt: 0, completion: 0 };
  /** Should every candidate be refused until the last attempt: each field and FAQ asked again alone. */
  const again = { requests: 0, prompt: 0, completion: 0 };
  const more = Math.max(0, (options.attempts ?? 3) - 1);
  const byField: Record<string, number> = {};
  /**
   * A first request as it would be sent: answered already, or counted with the most it may
   * complete, and what asking its `fields` text fields and `faqs` FAQ again alone may add (each
   * retry priced at the first prompt's size, which a field's own prompt does not pass).
   */
  const count = (key: string, what: string, prompt: { system: string; user: string }, completion: number, fields: number, faqs: number): void => {
    if (checkpoint.get(key)) {
      n.cached++;
      return;
    }
    const tokens = tokensOf(prompt);
    n.requests++;
    byField[what] = (byField[what] ?? 0) + 1;
    n.prompt += tokens;
    n.completion += completion;
    again.requests += (fields + faqs) * more;
    again.prompt += (fields + faqs) * more * tokens;
    again.completion += (fields * MAX_TOKENS + faqs * FAQ_MAX_TOKENS) * more;
  };
  // --judge: one verdict per candidate that passes the checks, at most one per field and FAQ
  // asked for, answered in the checkpoint or not (a verdict's key holds the candidate, unknown
  // here). The row's current value (or, for an FAQ, its data) stands in for it in the prompt counted.
  const judged = { requests: 0, prompt: 0 };
  const judge = (request: Omit<JudgeRequest, 'proposal'>, proposal: string): void => {
    if (options.judge === undefined) return;
    judged.requests++;
    judged.prompt += tokensOf(judgePromptFor({ ...request, proposal }, options.brand));
  };
  const judgeFields = (asked: RewriteRequest[]): void => asked.forEach((r) => judge(r, r.page[r.field === 'meta' ? 'meta_description' : r.field]));
  const judgeFaq = (faq: FaqRequest): void => {
    const data = faqData(faq.page);
    judge({ field: 'faq', page: faq.page, url: faq.url, keywords: faq.keywords }, `${data.description}\n${data.content}`.slice(0, 3000));
  };
  const fieldsKind = (asked: RewriteRequest[]): string => `row:${asked.map((r) => r.field).join('+')}`;
  return {
    rewriter: {
      name: `${model} (dry run)`,
      deterministic: true,
      // The first FAQ request of a product page, built as it would be sent.
      async faq(request) {
        const prompt = faqPrompt({ url: request.url, ...faqData(request.page), keywords: request.keywords, feedback: [], ...languageOf(request.page) });
        count(faqKey(model, prompt, 1), 'faq', prompt, FAQ_MAX_TOKENS, 0, 1);
        judgeFaq(request);
        return { attempts: 0 };
      },
      // A row's fields asked at once, as the run asks them: one request, with the completion of each field.
      async proposeRow(asked: RewriteRequest[]): Promise<undefined[]> {
        const prompt = rowPromptFor(asked, rules, options.brand);
        count(keyFor(model, fieldsKind(asked), prompt), 'row', prompt, asked.length * MAX_TOKENS, asked.length, 0);
        judgeFields(asked);
        return asked.map(() => undefined);
      },
      // A row's fields and its FAQ asked at once: one request, with the completion of both.
      async proposeRowWithFaq(asked: RewriteRequest[], faq) {
        // Answered apart by a run before the FAQ joined the row's request: counted as that run asked (the FAQ apart).
        if (checkpoint.get(apartKey(model, asked, rules, options.brand))) {
          n.cached++;
          judgeFields(asked);
          return { proposals: asked.map(() => undefined) };
        }
        const prompt = rowPromptFor(asked, rules, options.brand, faqData(faq.page));
        count(keyFor(model, `${fieldsKind(asked)}+faq`, prompt), 'row+faq', prompt, asked.length * MAX_TOKENS + FAQ_MAX_TOKENS, asked.length, 1);
        judgeFields(asked);
        judgeFaq(faq);
        return { proposals: asked.map(() => undefined), faq: { attempts: 0 } };
      },
      async propose(request: RewriteRequest): Promise<string | undefined> {
        const prompt = promptFor(request, rules, options.brand);
        count(keyFor(model, request.field, prompt), request.field, prompt, MAX_TOKENS, 1, 0);
        judgeFields([request]);
        return undefined;
      },
    },
    summary: (result: OptimizeResult): string => summaryOf(result, model, options, n, again, byField, judged),
  };
}

/** A prompt's tokens, counted as the client counts them. */
const tokensOf = (prompt: { system: string; user: string }): number =>
  estimateTokens({ messages: [{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }], maxTokens: 0 });

/** What the dry run prints: rows, requests, tokens and the most they can cost, the judge's share apart. */
function summaryOf(
  result: OptimizeResult,
  model: string,
  options: DryRunOptions,
  n: { requests: number; cached: number; prompt: number; completion: number },
  again: { requests: number; prompt: number; completion: number },
  byField: Record<string, number>,
  judged: { requests: number; prompt: number },
): string {
  const share = options.priceShare ?? 1;
  const scaled = (p: Price | undefined): Price | undefined => p && { input: p.input * share, output: p.output * share };
  const syncPrice = priceOf(model, options.prices);
  const price = scaled(syncPrice);
  const judgePrice = options.judge === undefined ? undefined : scaled(priceOf(options.judge, options.prices));
  const judgeCost = costUsd({ prompt: judged.prompt, completion: judged.requests * JUDGE_MAX_TOKENS }, judgePrice);
  const cost = costUsd({ prompt: n.prompt, completion: n.completion }, price) + judgeCost;
  const worst = cost + costUsd({ prompt: again.prompt, completion: again.completion }, price);
  const priced = syncPrice ? `$${syncPrice.input}/$${syncPrice.output} per million tokens (prices as of ${PRICES_AS_OF})` : 'no known price for this model (set llm.prices)';
  // At batch prices, the sync price named, and what the same requests cost sent one by one.
  const costLine =
    options.priceShare !== undefined && syncPrice
      ? `cost: at most $${cost.toFixed(4)} at batch prices, ${Math.round(share * 100)} % of ${priced}; $${(costUsd({ prompt: n.prompt, completion: n.completion }, syncPrice) + costUsd({ prompt: judged.prompt, completion: judged.requests * JUDGE_MAX_TOKENS }, options.judge === undefined ? undefined : priceOf(options.judge, options.prices))).toFixed(4)} if sent one by one`
      : `cost: at most $${cost.toFixed(4)} at ${priced}`;
  const rows = result.rows.filter((r) => r.fields.length > 0 || r.faqRejected !== undefined).length;
  const lines = [
    `dry run: nothing was sent`,
    `rows: ${result.rows.length}, to rewrite: ${rows}`,
    `requests: ${n.requests} (${Object.entries(byField).map(([f, k]) => `${f} ${k}`).join(', ') || 'none'}); already answered in the checkpoint: ${n.cached}`,
    `tokens: ${n.prompt} prompt (counted), at most ${n.completion} completion (${MAX_TOKENS} a rewrite, ${FAQ_MAX_TOKENS} an FAQ)`,
    costLine,
  ];
  if (options.judge !== undefined) {
    lines.push(
      `judge (${options.judge}): at most ${judged.requests} requests, one per candidate that passes the checks; about ${judged.prompt} prompt tokens (the current values standing in for the candidates), at most ${judged.requests * JUDGE_MAX_TOKENS} completion; at most $${judgeCost.toFixed(4)}${judgePrice ? '' : ' (no known price for this model)'}, included in the cost above`,
    );
  }
  lines.push(
    `refused candidates are asked again, up to --attempts (${options.attempts ?? 3}) times each: should every one be refused until the last, ${again.requests} more requests, about ${again.prompt} prompt and at most ${again.completion} completion tokens; in all at most $${worst.toFixed(4)}${price ? '' : ' (no known price for this model)'} (set --max-cost to stop before a budget)`,
  );
  return `${lines.join('\n')}\n`;
}
