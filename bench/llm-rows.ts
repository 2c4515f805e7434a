/**
 * Requests, tokens and trust per row of `seo-ai optimize` on rows that need everything: a title,
 * a meta description, an H1 and an FAQ, against a local OpenAI-compatible server with a rate
 * limit, a model latency, and a share of deliberately bad answers (word salad, prompt scaffolding,
 * another language, a stutter, an FAQ that gives one answer to every question).
 *
 *   npm run bench:llm                          (after llm.js) 200 rows
 *   node dist/bench/llm-rows.js --rows 400     a longer run
 *
 * Flags: --rows N (200), --rpm N (600), --latency-ms N (150), --concurrency N (8), --bad N (share
 * of bad answers, 0.2), --json. The same rows run three times: each field asked on its own (the
 * way optimize asked before one request a row), a row's text fields asked at once with the FAQ
 * apart, and everything a row needs in one request (the FAQ joined); side by side:
 * requests and prompt tokens a row, rows a minute, bad answers pre-approved, and good answers the
 * quality gates refuse (checked on every good answer the server sent).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_WEIGHTS } from '../src/engine/config.js';
import { Checkpoint } from '../src/llm/checkpoint.js';
import { createLlmClient } from '../src/llm/client.js';
import { LlmLimiter } from '../src/llm/limiter.js';
import { llmRewriter } from '../src/llm/rewriter.js';
import { countTokens } from '../src/llm/tokens.js';
import { qualityGroundsOf, qualityProblems } from '../src/optimize/quality.js';
import { optimize } from '../src/optimize/run.js';
import { csvSource } from '../src/sources/csv.js';
import { fakeAnswer } from '../src/testing/fake-model.js';
import { startOpenAiServer, type ChatRequest, type Reply } from '../src/testing/openai-server.js';

const { values: a } = parseArgs({
  options: {
    rows: { type: 'string', default: '200' },
    rpm: { type: 'string', default: '600' },
    'latency-ms': { type: 'string', default: '150' },
    concurrency: { type: 'string', default: '8' },
    bad: { type: 'string', default: '0.2' },
    json: { type: 'boolean', default: false },
  },
});
const rows = Number(a.rows);
const rpm = Number(a.rpm);
const latencyMs = Number(a['latency-ms']);
const concurrency = Number(a.concurrency);
const badShare = Number(a.bad);
const BRAND = 'Northpine Outfitters';

/** Product rows with a too-short title, no description, no H1 and no FAQ. */
function csv(n: number): string {
  const out = ['url,title,meta_description,h1,content,keywords,page_type,product_name,has_faq'];
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  for (let i = 0; i < n; i++) {
    const name = `Ridge Lantern ${i + 1}`;
    const content = `<p>The ${name} is a rechargeable camping lantern for tents and camp tables. It gives up to 400 lumens and charges over USB-C.</p><p>A dimmer and a red night mode make it easy to live with in a tent, and the frosted globe spreads light without glare.</p>`;
    out.push([`https://shop.example/p/ridge-lantern-${i + 1}`, q(`Lantern ${i + 1}`), '', '', q(content), 'camping lantern', 'product', q(name), ''].join(','));
  }
  return `${out.join('\n')}\n`;
}

const SALAD = 'Lantern prompt any data zorbly new quopt frandle description wixel.';
const BAD_TEXT: ((good: string) => string)[] = [
  () => SALAD,
  (good) => `Here is the new text: ${good}`,
  () => 'Die Laterne leuchtet hell und lässt sich über USB-C laden. Ideal für das Zelt.',
  (good) => `${good.split(' ')[0]} ${good}`,
];

/** A seeded choice per request: the same prompt gets the same kind of answer in both modes. */
function seeded(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

interface Sent {
  bad: Set<string>;
  good: { field: string; text: string; user: string }[];
  badCount: number;
}

/** What a careful model would write for a field of a row of this benchmark: within the rules, grounded in the row. */
function goodText(key: string, name: string): string {
  if (key === 'title') return `${name} – Camping Lantern | ${BRAND}`;
  if (key === 'meta_description') return `The ${name} is a rechargeable camping lantern with up to 400 lumens and USB-C charging. A dimmer and a red night mode suit a tent.`;
  return `${name} Camping Lantern`;
}

const KEY_OF: Record<string, string> = { 'HTML title tag': 'title', 'meta description': 'meta_description', 'H1 heading': 'h1' };

/** A good answer, or a bad one for a share of the requests (seeded by the prompt); every field text sent is recorded. */
function reply(req: ChatRequest, sent: Sent): Reply {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  const name = /field="product-name">\n([^\n]*)\n/.exec(user)?.[1] ?? 'Ridge Lantern';
  const r = seeded(user);
  const bad = r < badShare;
  const kind = BAD_TEXT[Math.floor((r / Math.max(badShare, 1e-9)) * BAD_TEXT.length) % BAD_TEXT.length]!;
  const schema = (req.response_format as { json_schema?: { name?: string; schema?: { properties?: Record<string, unknown> } } } | undefined)?.json_schema;
  const one = (key: string): string => {
    const good = goodText(key, name);
    if (!bad) {
      sent.good.push({ field: key, text: good, user });
      return good;
    }
    const text = kind(good);
    sent.badCount++;
    sent.bad.add(text);
    return text;
  };
  /** An FAQ's items, bad (one answer to every question) for a share of them, seeded apart from the fields'. */
  const faqItems = (items: { question: string; answer: string }[], isBad: boolean): { question: string; answer: string }[] => {
    if (!isBad) return items;
    // The first item is the fake's own answer to its own question: the bad ones are the rest.
    for (const f of items.slice(1)) sent.bad.add(items[0]!.answer + f.question);
    sent.badCount++;
    return items.map((f) => ({ ...f, answer: items[0]!.answer }));
  };
  let content: string;
  if (schema?.name === 'product_faq') {
    content = JSON.stringify({ faq: faqItems((JSON.parse(fakeAnswer(req)) as { faq: { question: string; answer: string }[] }).faq, bad) });
  } else if (schema?.name === 'page_fields') {
    const fake = JSON.parse(fakeAnswer(req)) as { faq?: { question: string; answer: string }[] };
    content = JSON.stringify(Object.fromEntries(Object.keys(schema.schema?.properties ?? {}).map((k) => [k, k === 'faq' ? faqItems(fake.faq!, seeded(`${user}faq`) < badShare) : one(k)])));
  } else {
    content = one(KEY_OF[/Rewrite the (HTML title tag|meta description|H1 heading)/.exec(user)?.[1] ?? 'H1 heading']!);
  }
  return { delayMs: latencyMs, then: { content } };
}

/** How a row is asked: each field on its own, its text fields at once (the FAQ apart), or all of it at once. */
type Mode = 'field' | 'row' | 'row+faq';

async function run(mode: Mode): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'seo-ai-llm-rows-'));
  const file = path.join(dir, 'shop.csv');
  writeFileSync(file, csv(rows));
  const sent: Sent = { bad: new Set(), good: [], badCount: 0 };
  const server = await startOpenAiServer({ rpm, reply: (req) => reply(req, sent) });
  try {
    const checkpoint = Checkpoint.open(path.join(dir, 'checkpoint.jsonl'));
    const client = createLlmClient({ apiKey: 'sk-bench', baseURL: server.baseURL, model: 'gpt-4o-mini', limiter: new LlmLimiter({ rpm, concurrency }) });
    const rewriter = llmRewriter({ client, checkpoint, brand: BRAND });
    // Each field on its own: how optimize asked before one request a row; the FAQ apart: before it joined the row's.
    if (mode !== 'row+faq') delete (rewriter as { proposeRowWithFaq?: unknown }).proposeRowWithFaq;
    if (mode === 'field') delete (rewriter as { proposeRow?: unknown }).proposeRow;
    const t0 = performance.now();
    const result = await optimize({ source: csvSource({ target: file }), weights: DEFAULT_WEIGHTS, fields: ['title', 'meta', 'h1', 'faq'], rewriter, concurrency });
    const minutes = (performance.now() - t0) / 60_000;
    checkpoint.close();
    const tokens = server.requests.reduce((n, q) => n + q.body.messages.reduce((m, x) => m + countTokens(x.content), 0), 0);
    // Bad answers that reached approve=yes: a value taken (a field's after, an FAQ) that is one of the bad ones sent.
    let badTaken = 0;
    for (const row of result.rows) {
      for (const f of row.fields) if (f.after !== undefined && sent.bad.has(f.after)) badTaken++;
      if (row.faq && row.faq.items.some((it) => sent.bad.has(it.answer + it.question))) badTaken++;
    }
    // Good answers the quality gates refuse, against the row's own data.
    const gatesRefused = sent.good.filter((g) => {
      const data = [...g.user.matchAll(/field="(?:title|meta-description|h1|product-name|content|target-keywords)">\n([\s\S]*?)\n<\/page-data/g)].map((m) => m[1]).join('\n');
      const field = g.field === 'title' ? 'title' : g.field === 'meta_description' ? 'meta' : 'h1';
      return qualityProblems(field, g.text, qualityGroundsOf(`${data}\n${BRAND}`)).length > 0;
    }).length;
    return {
      rows: result.rows.length,
      requests: server.requests.length,
      requestsPerRow: server.requests.length / rows,
      promptTokensPerRow: tokens / rows,
      rowsPerMinute: rows / minutes,
      rateLimited: server.requests.filter((q) => q.status === 429).length,
      badSent: sent.badCount,
      badPreApproved: badTaken,
      goodSent: sent.good.length,
      goodRefusedByGates: gatesRefused,
      ok: result.rows.filter((r) => r.status === 'ok').length,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const modes: Record<Mode, Record<string, number>> = { field: await run('field'), row: await run('row'), 'row+faq': await run('row+faq') };
if (a.json) {
  console.log(JSON.stringify({ node: process.version, rows, rpm, latencyMs, concurrency, badShare, fieldByField: modes.field, rowAtOnce: modes.row, rowWithFaq: modes['row+faq'] }, null, 2));
} else {
  const pct = (n: number, d: number): string => (d === 0 ? '0 %' : `${((100 * n) / d).toFixed(1)} %`);
  console.log(`\nseo-ai optimize, rows needing title, meta, H1 and FAQ — ${rows} rows, limit ${rpm}/min, latency ${latencyMs} ms, concurrency ${concurrency}, ${100 * badShare} % bad answers`);
  console.log('                                  field by field    row at once   row with FAQ');
  const all = Object.values(modes);
  const line = (label: string, cell: (m: Record<string, number>) => string): void => console.log(`  ${label.padEnd(32)}${all.map((m, i) => cell(m).padStart(i === 0 ? 14 : 15)).join('')}`);
  line('requests a row', (m) => m.requestsPerRow!.toFixed(2));
  line('prompt tokens a row', (m) => m.promptTokensPerRow!.toFixed(0));
  line('rows a minute', (m) => m.rowsPerMinute!.toFixed(1));
  line('rows ok', (m) => `${m.ok}`);
  line('bad answers pre-approved', (m) => `${m.badPreApproved} of ${m.badSent}`);
  line('good answers the gates refuse', (m) => pct(m.goodRefusedByGates!, m.goodSent!));
  line('429s', (m) => `${m.rateLimited}`);
}
