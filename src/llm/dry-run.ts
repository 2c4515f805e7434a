// --dry-run: the plan and its price, with nothing sent. Each request the run would make first is
// built exactly as it would be sent, counted with the tokenizer, and priced; answers already in
// the checkpoint cost nothing. Retries after a refused candidate can add up to --attempts times more.
import type { Config } from '../engine/config.js';
import type { OptimizeResult } from '../optimize/outcome.js';
import type { JudgeRequest, Rewriter, RewriteRequest } from '../optimize/rewriter.js';
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

export function dryRun(model: string, checkpoint: Checkpoint, options: { brand?: string; prices?: Record<string, { input: number; output: number }>; ruleSettings?: Config['rules']; judge?: string } = {}): DryRun {
  // The same rule numbers as the real run's prompts, or the keys would not match the checkpoint's.
  const rules = fieldLimits(options.ruleSettings);
  let requests = 0;
  let cached = 0;
  let promptTokens = 0;
  let faqRequests = 0;
  let rowFields = 0;
  /** FAQs asked with their row's fields: their completion is the row request's. */
  let joinedFaqs = 0;
  const byField: Record<string, number> = {};
  // --judge: one verdict per candidate that passes the checks, at most one per field and FAQ
  // asked for. The candidate is not known before it is answered: the row's current value (or, for
  // an FAQ, its data) stands in for it in the prompt counted.
  const judged = { requests: 0, prompt: 0 };
  const judge = (request: Omit<JudgeRequest, 'proposal'>, proposal: string): void => {
    if (options.judge === undefined) return;
    const prompt = judgePromptFor({ ...request, proposal });
    judged.requests++;
    judged.prompt += estimateTokens({ messages: [{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }], maxTokens: 0 });
  };
  const standIn = (r: RewriteRequest): string => r.page[r.field === 'meta' ? 'meta_description' : r.field];
  return {
    rewriter: {
      name: `${model} (dry run)`,
      deterministic: true,
      // The first FAQ request of a product page, built as it would be sent.
      async faq(request) {
        const prompt = faqPrompt({ url: request.url, ...faqData(request.page), keywords: request.keywords, feedback: [], ...languageOf(request.page) });
        if (checkpoint.get(faqKey(model, prompt, 1))) {
          cached++;
          return { attempts: 0 };
        }
        requests++;
        faqRequests++;
        byField.faq = (byField.faq ?? 0) + 1;
        judge({ field: 'faq', page: request.page, url: request.url, keywords: request.keywords }, `${faqData(request.page).description}\n${faqData(request.page).content}`.slice(0, 3000));
        promptTokens += estimateTokens({ messages: [{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }], maxTokens: 0 });
        return { attempts: 0 };
      },
      // A row's fields asked at once, as the run asks them: one request.
      async proposeRow(asked: RewriteRequest[]): Promise<undefined[]> {
        const prompt = rowPromptFor(asked, rules, options.brand);
        const none = asked.map(() => undefined);
        if (checkpoint.get(keyFor(model, `row:${asked.map((r) => r.field).join('+')}`, prompt))) {
          cached++;
          return none;
        }
        requests++;
        byField.row = (byField.row ?? 0) + 1;
        promptTokens += estimateTokens({ messages: [{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }], maxTokens: 0 });
        rowFields += asked.length;
        for (const r of asked) judge(r, standIn(r));
        return none;
      },
      // A row's fields and its FAQ asked at once: one request, with the completion of both.
      async proposeRowWithFaq(asked: RewriteRequest[], faq) {
        const prompt = rowPromptFor(asked, rules, options.brand, faqData(faq.page));
        const none = { proposals: asked.map(() => undefined), faq: { attempts: 0 } };
        if (checkpoint.get(keyFor(model, `row:${asked.map((r) => r.field).join('+')}+faq`, prompt))) {
          cached++;
          return none;
        }
        requests++;
        byField['row+faq'] = (byField['row+faq'] ?? 0) + 1;
        promptTokens += estimateTokens({ messages: [{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }], maxTokens: 0 });
        rowFields += asked.length;
        joinedFaqs++;
        for (const r of asked) judge(r, standIn(r));
        judge({ field: 'faq', page: faq.page, url: faq.url, keywords: faq.keywords }, `${faqData(faq.page).description}\n${faqData(faq.page).content}`.slice(0, 3000));
        return none;
      },
      async propose(request: RewriteRequest): Promise<string | undefined> {
        const prompt = promptFor(request, rules, options.brand);
        if (checkpoint.get(keyFor(model, request.field, prompt))) {
          cached++;
          return undefined;
        }
        requests++;
        byField[request.field] = (byField[request.field] ?? 0) + 1;
        judge(request, standIn(request));
        promptTokens += estimateTokens({ messages: [{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }], maxTokens: 0 });
        return undefined;
      },
    },
    summary(result: OptimizeResult): string {
      const price = priceOf(model, options.prices);
      // A row request may use the tokens of each field it asks for.
      const rowRequests = (byField.row ?? 0) + (byField['row+faq'] ?? 0);
      const completion = (requests - faqRequests - rowRequests) * MAX_TOKENS + rowFields * MAX_TOKENS + (faqRequests + joinedFaqs) * FAQ_MAX_TOKENS;
      const judgePrice = options.judge === undefined ? undefined : priceOf(options.judge, options.prices);
      const judgeCost = costUsd({ prompt: judged.prompt, completion: judged.requests * JUDGE_MAX_TOKENS }, judgePrice);
      const cost = costUsd({ prompt: promptTokens, completion }, price) + judgeCost;
      const rows = result.rows.filter((r) => r.fields.length > 0 || r.faqRejected !== undefined).length;
      const lines = [
        `dry run: nothing was sent`,
        `rows: ${result.rows.length}, to rewrite: ${rows}`,
        `requests: ${requests} (${Object.entries(byField).map(([f, n]) => `${f} ${n}`).join(', ') || 'none'}); already answered in the checkpoint: ${cached}`,
        `tokens: ${promptTokens} prompt (counted), at most ${completion} completion (${MAX_TOKENS} a rewrite, ${FAQ_MAX_TOKENS} an FAQ)`,
        `cost: at most $${cost.toFixed(4)} at ${price ? `$${price.input}/$${price.output} per million tokens (prices as of ${PRICES_AS_OF})` : 'no known price for this model (set llm.prices)'}`,
        ...(options.judge === undefined
          ? []
          : [
              `judge (${options.judge}): at most ${judged.requests} requests, one per candidate that passes the checks; about ${judged.prompt} prompt tokens (the current values standing in for the candidates), at most ${judged.requests * JUDGE_MAX_TOKENS} completion; at most $${judgeCost.toFixed(4)}${judgePrice ? '' : ' (no known price for this model)'}, included in the cost above`,
            ]),
        `refused candidates are asked again, up to --attempts times each`,
      ];
      return `${lines.join('\n')}\n`;
    },
  };
}
