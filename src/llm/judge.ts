// The judge of optimize --judge, asked through its own client (its model; the run's limiter,
// endpoint and --max-cost budget), answers cached in the run's checkpoint like every other answer.
import { plainText } from '../page/html-text.js';
import { contentCell } from '../sources/csv.js';
import type { JudgeRequest, Verdict } from '../optimize/rewriter.js';
import { requestKey, type Checkpoint } from './checkpoint.js';
import { answerOf, promptMessages } from './answer-of.js';
import { extractJson } from './clean.js';
import { LlmError, rewriteErrorOf, type LlmClient } from './client.js';
import { languageOf } from './faq.js';
import { JUDGE_MAX_TOKENS, JUDGE_SCHEMA, judgePrompt, parseVerdict } from './prompts/judge.js';
import { brief } from './prompts/rewrite.js';

/** A reason is cut to this many characters for the review file. */
const REASON_CHARS = 300;

/** The prompt for one verdict: the candidate, and the row's data as it was. */
export function judgePromptFor(request: JudgeRequest, brand?: string): { system: string; user: string } {
  const { page } = request;
  const content = plainText(contentCell(page));
  // What the FAQ was written from: the description too, where the content is not it.
  const description = plainText(page.product_description);
  return judgePrompt({
    field: request.field,
    url: request.url,
    proposal: request.proposal,
    title: page.title,
    metaDescription: page.meta_description,
    h1: page.h1,
    ...(page.product_name.trim() !== '' ? { productName: page.product_name.trim() } : {}),
    ...(description.trim() !== '' && description !== content ? { productDescription: description } : {}),
    content,
    keywords: request.keywords,
    ...(brand ? { brand } : {}),
    ...languageOf(page),
  });
}

export const judgeKey = (model: string, prompt: { system: string; user: string }): string => requestKey(model, { kind: 'judge', prompt, schema: JUDGE_SCHEMA });

/** Asks (or reads from the checkpoint) the verdict on one candidate. `onCached` counts answers read back. */
export function llmJudge(client: LlmClient, checkpoint: Checkpoint, onCached: () => void, brand?: string): (request: JudgeRequest) => Promise<Verdict> {
  return async (request) => {
    const prompt = judgePromptFor(request, brand);
    const key = judgeKey(client.model, prompt);
    let content: string;
    try {
      const got = await answerOf(client, checkpoint, key, 'judge', {
        messages: promptMessages(prompt),
        maxTokens: JUDGE_MAX_TOKENS,
        jsonSchema: JUDGE_SCHEMA,
        temperature: 0,
      });
      content = got.content;
      if (got.cached) onCached();
    } catch (error) {
      if (!(error instanceof LlmError)) throw error;
      // A refused key, a spent budget, an endpoint that is no API: the run stops; a request gone
      // into a batch leaves the row waiting. Anything else (a request that kept failing) leaves
      // the candidate unjudged, so not pre-approved.
      const stop = rewriteErrorOf(error);
      if (stop.stopsRun || stop.deferred) throw stop;
      return { accept: false, reason: `no verdict: the judge's request failed (${error.message})` };
    }
    let parsed: ReturnType<typeof parseVerdict>;
    try {
      parsed = parseVerdict(extractJson(content));
    } catch {
      parsed = { problem: 'the answer is not JSON' };
    }
    if ('problem' in parsed) return { accept: false, reason: `no verdict: ${parsed.problem} ("${brief(content.replace(/\s+/g, ' ').trim(), 80)}")` };
    return { accept: parsed.accept, reason: brief(parsed.reason, REASON_CHARS) };
  };
}
