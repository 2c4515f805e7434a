// optimize --judge, end to end: the built CLI, the real openai SDK, and an OpenAI-compatible server
// on 127.0.0.1 whose judge turns some candidates down. Only accepted candidates are pre-approved;
// the verdicts and reasons are in the review file; the judge's requests are counted, priced,
// budgeted and cached like the rewriter's.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readCsv } from '../src/csv/read.js';
import { writeCsv } from '../src/csv/write.js';
import { parseReview } from '../src/optimize/review.js';
import { runCliAsync } from '../src/testing/cli.js';
import { fakeModel } from '../src/testing/fake-model.js';
import { fencedField } from '../src/llm/prompts/fence.js';
import { startOpenAiServer, type ChatRequest, type OpenAiServer, type Reply } from '../src/testing/openai-server.js';

const DEMO = fileURLToPath(new URL('../fixtures/csv/demo-shop.csv', import.meta.url));
const KEY = 'sk-test-8e6f5d3c1b0a9e8d7c6b5a4f9d1c2b7a';

const servers: OpenAiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const schemaName = (req: ChatRequest): string | undefined => (req.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name;
const userOf = (req: ChatRequest): string => req.messages.find((m) => m.role === 'user')?.content ?? '';

/** The fake model, with a judge that turns down every meta description ("too vague") and accepts the rest. */
function strictJudge(req: ChatRequest): Reply {
  if (schemaName(req) !== 'judge_verdict') return fakeModel(req);
  const meta = /^Judge the proposed meta description /.test(userOf(req));
  return { content: JSON.stringify(meta ? { verdict: 'reject', reason: 'too vague: it does not say what the page offers' } : { verdict: 'accept', reason: 'fluent and faithful to the page data' }) };
}

async function setup(reply: (req: ChatRequest) => Reply = strictJudge): Promise<{ s: OpenAiServer; dir: string }> {
  const s = await startOpenAiServer({ reply, apiKey: KEY });
  servers.push(s);
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-judge-'));
  copyFileSync(DEMO, path.join(dir, 'shop.csv'));
  return { s, dir };
}

const run = (s: OpenAiServer, dir: string, args: string[]) =>
  runCliAsync(['optimize', '--csv', 'shop.csv', '--llm-url', s.baseURL, '--brand', 'Northpine Outfitters', ...args], { cwd: dir, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' } });

describe('optimize --judge', () => {
  it('pre-approves only what the judge accepts, with each verdict and reason in the review file; a rerun asks nothing', async () => {
    const { s, dir } = await setup();
    const r = await run(s, dir, ['--judge']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const judged = s.requests.filter((q) => schemaName(q.body) === 'judge_verdict');
    // One verdict per candidate that passed every check, from the run's own model.
    expect(judged.length).toBeGreaterThan(5);
    expect(judged.every((q) => q.body.model === 'gpt-4o-mini' && q.body.max_tokens === 120)).toBe(true);

    const review = parseReview(readFileSync(path.join(dir, 'shop.review.csv')), 'r');
    const header = readCsv(readFileSync(path.join(dir, 'shop.review.csv'))).header;
    expect(header.at(-1)).toBe('judge');
    const metas = review.filter((x) => x.field === 'meta' && x.judge !== undefined && x.judge !== '');
    expect(metas.length).toBeGreaterThan(0);
    for (const m of metas) {
      expect([m.approve, m.checks]).toEqual([false, 'the judge did not accept it: too vague: it does not say what the page offers']);
    }
    const text = readCsv(readFileSync(path.join(dir, 'shop.review.csv')));
    const judgeCells = text.rows.map((row) => row.fields[header.indexOf('judge')]);
    expect(judgeCells.filter((c) => c === 'rejected: too vague: it does not say what the page offers').length).toBe(metas.length);
    // Every other judged candidate was accepted, and is the only kind approved.
    const approved = text.rows.filter((row) => row.fields[header.indexOf('approve')] === 'yes');
    expect(approved.length).toBeGreaterThan(0);
    expect(approved.every((row) => row.fields[header.indexOf('judge')] === 'accepted: fluent and faithful to the page data')).toBe(true);
    // A refused description is not in the optimized CSV: the row keeps its own.
    const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
    expect(out.rows.every((row) => row.fields[out.header.indexOf('new_meta_description')] === '')).toBe(true);
    // The judge's share of the run is reported.
    expect(r.stderr).toMatch(new RegExp(`; of which the judge: ${judged.length} requests to gpt-4o-mini, \\d+ prompt \\+ \\d+ completion tokens, \\$\\d+\\.\\d{4}\\n`));
    expect(readFileSync(path.join(dir, 'shop.optimized.md'), 'utf8')).toMatch(new RegExp(`\\| judge \\| ${judged.length} requests to gpt-4o-mini`));

    // The same command again: every answer, verdicts included, from the checkpoint.
    const sent = s.requests.length;
    const first = readFileSync(path.join(dir, 'shop.review.csv'), 'utf8');
    const again = await run(s, dir, ['--judge']);
    expect(again.code).toBe(0);
    expect(s.requests.length).toBe(sent);
    expect(readFileSync(path.join(dir, 'shop.review.csv'), 'utf8')).toBe(first);
  });

  it('--judge <model> asks that model, on the same endpoint; the judge sees the candidate and the row as it was', async () => {
    const { s, dir } = await setup();
    const r = await run(s, dir, ['--judge', 'gpt-4.1-nano', '--fields', 'title']);
    expect(r.code).toBe(0);
    const judged = s.requests.filter((q) => schemaName(q.body) === 'judge_verdict');
    expect(judged.length).toBeGreaterThan(0);
    expect(judged.every((q) => q.body.model === 'gpt-4.1-nano')).toBe(true);
    expect(s.requests.filter((q) => schemaName(q.body) !== 'judge_verdict').every((q) => q.body.model === 'gpt-4o-mini')).toBe(true);
    const review = parseReview(readFileSync(path.join(dir, 'shop.review.csv')), 'r');
    for (const q of judged) {
      const user = userOf(q.body);
      const proposal = fencedField(user, 'proposal');
      const row = review.find((x) => x.proposed === proposal);
      expect(row, proposal).toBeDefined();
      // The page's title as the export has it, not the candidate.
      expect(fencedField(user, 'title')).toBe(row!.before);
    }
    expect(r.stderr).toContain('requests to gpt-4.1-nano');
  });

  it('judges FAQs too: one it rejects is shown refused with its questions and answers, kept out of the CSV, and counted refused', async () => {
    const { s, dir } = await setup((req) =>
      schemaName(req) === 'judge_verdict'
        ? { content: JSON.stringify(/^Judge the proposed FAQ /.test(userOf(req)) ? { verdict: 'reject', reason: 'answer 2 does not answer its question' } : { verdict: 'accept', reason: 'fine' }) }
        : fakeModel(req),
    );
    // The shop keeps its FAQs in a faq_html column: each FAQ has a review row.
    const shop = readCsv(readFileSync(path.join(dir, 'shop.csv')));
    writeFileSync(path.join(dir, 'shop.csv'), writeCsv(shop.format, [...shop.header, 'faq_html'], shop.rows.map((row) => [...row.fields, ''])));
    const r = await run(s, dir, ['--judge', '--fields', 'faq']);
    expect(r.code).toBe(0);
    const judged = s.requests.filter((q) => schemaName(q.body) === 'judge_verdict');
    expect(judged.length).toBeGreaterThan(5);
    // The judge reads the FAQ as the reviewer will: Q:/A: lines.
    expect(judged.every((q) => /^Q: .+\?\nA: /m.test(fencedField(userOf(q.body), 'proposal') ?? ''))).toBe(true);
    const review = parseReview(readFileSync(path.join(dir, 'shop.review.csv')), 'r');
    const faqs = review.filter((x) => x.field === 'faq');
    // Every FAQ the gates passed went to the judge (one the gates refused was not judged).
    const verdicts = faqs.filter((x) => x.judge !== '');
    expect(verdicts.length).toBe(judged.length);
    expect(verdicts.map((x) => [x.approve, x.checks, x.judge])).toEqual(verdicts.map(() => [false, 'the judge did not accept it: answer 2 does not answer its question', 'rejected: answer 2 does not answer its question']));
    expect(faqs.filter((x) => x.approve)).toEqual([]);
    expect(faqs.every((x) => /^Q: .+\?\nA: /.test(x.proposed))).toBe(true);
    expect(r.stderr).toContain(`0 fields rewritten, 0 FAQs written (${faqs.length} refused) (by gpt-4o-mini)`);
    const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
    // The shop's own faq_html column is there, so ours are named seo_ai_*.
    expect(out.header).toContain('seo_ai_faq_json');
    expect(out.rows.every((row) => row.fields[out.header.indexOf('seo_ai_faq_json')] === '')).toBe(true);
    expect(readFileSync(path.join(dir, 'shop.optimized.md'), 'utf8')).toContain('FAQ: *none kept: the judge did not accept it: answer 2 does not answer its question*');
  });

  it('a judge answer that is no verdict pre-approves nothing', async () => {
    const { s, dir } = await setup((req) => (schemaName(req) === 'judge_verdict' ? { content: 'Looks good to me!' } : fakeModel(req)));
    const r = await run(s, dir, ['--judge', '--fields', 'title']);
    expect(r.code).toBe(0);
    const review = parseReview(readFileSync(path.join(dir, 'shop.review.csv')), 'r');
    expect(review.length).toBeGreaterThan(0);
    // Nothing is approved; every candidate the checks passed carries why the judge did not accept it.
    expect(review.filter((x) => x.approve)).toEqual([]);
    const judged = review.filter((x) => x.judge !== '');
    expect(judged.length).toBeGreaterThan(0);
    expect(judged.map((x) => [x.checks, x.judge])).toEqual(judged.map(() => ['the judge did not accept it: no verdict: the answer is not JSON ("Looks good to me!")', 'rejected: no verdict: the answer is not JSON ("Looks good to me!")']));
  });

  it('--dry-run counts the judge; --max-cost covers it; --offline refuses it', async () => {
    const { s, dir } = await setup();
    const plain = await run(s, dir, ['--dry-run']);
    const dry = await run(s, dir, ['--dry-run', '--judge', 'gpt-4.1-nano']);
    expect(dry.code).toBe(0);
    expect(s.requests.length).toBe(0);
    const requests = Number(/^requests: (\d+) /m.exec(dry.stdout)?.[1]);
    const fieldsAsked = [...(/^requests: \d+ \(([^)]*)\)/m.exec(dry.stdout)?.[1] ?? '').matchAll(/(\w+) (\d+)/g)].length;
    expect(fieldsAsked).toBeGreaterThan(0);
    expect(requests).toBeGreaterThan(0);
    expect(dry.stdout).toMatch(/^judge \(gpt-4\.1-nano\): at most \d+ requests, one per candidate that passes the checks; about \d+ prompt tokens \(the current values standing in for the candidates\), at most \d+ completion; at most \$\d+\.\d{4}, included in the cost above$/m);
    const cost = (out: string): number => Number(/^cost: at most \$(\d+\.\d+)/m.exec(out)?.[1]);
    expect(cost(dry.stdout)).toBeGreaterThan(cost(plain.stdout));
    // The most it can cost, every candidate refused until the last of --attempts (3): more than the first requests.
    const worst = Number(/^refused candidates are asked again, up to --attempts \(3\) times each: should every one be refused until the last, \d+ more requests, about \d+ prompt and at most \d+ completion tokens; in all at most \$(\d+\.\d{4}) \(set --max-cost to stop before a budget\)$/m.exec(dry.stdout)?.[1]);
    expect(worst).toBeGreaterThan(cost(dry.stdout));
    const judgeCount = (out: string): number => Number(/^judge \(gpt-4\.1-nano\): at most (\d+) requests/m.exec(out)?.[1]);
    expect(judgeCount(dry.stdout)).toBeGreaterThan(0);

    // A budget too small for rewrites and verdicts together: the run stops, partial, and says so.
    writeFileSync(path.join(dir, 'seo-ai.config.json'), JSON.stringify({ llm: { prices: { 'gpt-4.1-nano': { input: 50, output: 200 } } } }));
    const capped = await run(s, dir, ['--judge', 'gpt-4.1-nano', '--max-cost', '0.2']);
    expect(capped.code).toBe(2);
    expect(capped.stderr).toMatch(/--max-cost \$0\.2 reached/);
    const judged = s.requests.filter((q) => schemaName(q.body) === 'judge_verdict').length;
    expect(judged).toBeGreaterThan(0);
    // A row the run stopped before it was judged keeps its values: nothing of it is approved.
    const review = parseReview(readFileSync(path.join(dir, 'shop.review.csv')), 'r');
    expect(review.filter((x) => x.approve && !/^accepted: /.test(x.judge ?? '')).map((x) => x.key)).toEqual([]);
    // With the rewrites now in the checkpoint, the dry run still counts a verdict for each (their keys hold the candidates).
    const after = await run(s, dir, ['--dry-run', '--judge', 'gpt-4.1-nano']);
    expect(judgeCount(after.stdout)).toBe(judgeCount(dry.stdout));

    const unpriced = await run(s, dir, ['--judge', 'some-local-model', '--max-cost', '1']);
    expect([unpriced.code, unpriced.stderr]).toEqual([2, 'seo-ai: --max-cost needs the price of some-local-model, which seo-ai does not know: set llm.prices["some-local-model"] = { "input": <USD per million prompt tokens>, "output": <USD per million completion tokens> } in the config\n']);
    const offline = await runCliAsync(['optimize', '--csv', 'shop.csv', '--offline', '--judge'], { cwd: dir, env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' } });
    expect([offline.code, offline.stderr]).toEqual([2, 'seo-ai: --judge asks an LLM for a verdict on each candidate; --offline proposals are made without one (leave out one of them)\n']);
  });
});
