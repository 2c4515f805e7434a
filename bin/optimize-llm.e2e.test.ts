// `seo-ai optimize` with an LLM, end to end: the built CLI, the real openai SDK inside it, and an
// OpenAI-compatible server on 127.0.0.1 that this test starts.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { readCsv } from '../src/csv/read.js';
import { runCliAsync } from '../src/testing/cli.js';
import { fakeAnswer, fakeAnswerWith, fakeModel } from '../src/testing/fake-model.js';
import { startHttpServer } from '../src/testing/http-server.js';
import { startOpenAiServer, type ChatRequest, type OpenAiServer, type Reply } from '../src/testing/openai-server.js';

const DEMO = fileURLToPath(new URL('../fixtures/csv/demo-shop.csv', import.meta.url));
const KEY = 'sk-test-4f9d1c2b7a8e6f5d3c1b0a9e8d7c6b5a';

const servers: OpenAiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(reply: (req: ChatRequest, index: number) => Reply | Promise<Reply> = fakeModel, rpm?: number): Promise<OpenAiServer> {
  const s = await startOpenAiServer({ reply, apiKey: KEY, ...(rpm ? { rpm } : {}) });
  servers.push(s);
  return s;
}

function workdir(): { dir: string; csv: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-llm-'));
  const csv = path.join(dir, 'shop.csv');
  copyFileSync(DEMO, csv);
  return { dir, csv };
}

const run = (s: OpenAiServer, dir: string, args: string[], onSpawn?: (c: ChildProcess) => void) =>
  runCliAsync(['optimize', '--csv', 'shop.csv', '--llm-url', s.baseURL, '--concurrency', '4', ...args], {
    cwd: dir,
    env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' },
    ...(onSpawn ? { onSpawn } : {}),
  });

/** Every file the run wrote, as text. */
function written(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f !== 'shop.csv')
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

const promptOf = (r: { body: ChatRequest }): string => JSON.stringify(r.body.messages);

describe('seo-ai optimize with an LLM', () => {
  it('rewrites what fails, keeps only what passes, writes the CSV, report and checkpoint, and never the key', async () => {
    const s = await server();
    const { dir } = workdir();
    // The shop's brand, as a shop would configure it: the fake model ends short titles with it, and
    // a name the row's data does not hold is refused as invented unless it is the brand.
    const r = await run(s, dir, ['--brand', 'Northpine Outfitters']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
    expect(out.rows).toHaveLength(45);
    const col = (name: string) => out.header.indexOf(name);
    const statuses = out.rows.map((row) => row.fields[col('status')]);
    expect(statuses.filter((x) => x === 'failed')).toEqual([]);
    expect(statuses.filter((x) => x === 'ok').length).toBeGreaterThan(10);
    // Every new title the model wrote is one of its answers, and carries the model's name.
    const rewritten = out.rows.filter((row) => row.fields[col('new_title')] !== '');
    expect(rewritten.length).toBeGreaterThan(5);
    for (const row of rewritten) expect(row.fields[col('rewritten_by')]).toBe('gpt-4o-mini');
    // Product pages without an FAQ got one, in the three forms, each passing our checks.
    const faqs = out.rows.filter((row) => row.fields[col('faq_jsonld')] !== '');
    expect(faqs.length).toBeGreaterThan(20);
    for (const row of faqs) {
      expect(row.fields[col('page_type')]).toBe('product');
      const ld = JSON.parse(row.fields[col('faq_jsonld')]!) as { '@type': string; mainEntity: unknown[] };
      expect(ld['@type']).toBe('FAQPage');
      expect(ld.mainEntity.length).toBeGreaterThanOrEqual(5);
      expect(JSON.parse(row.fields[col('faq_json')]!)).toHaveLength(ld.mainEntity.length);
      expect(row.fields[col('faq_html')]).toMatch(/^<section class="faq"><h2>Frequently asked questions<\/h2><details>/);
    }
    expect(s.requests.some((q) => (q.body.response_format as { type?: string } | undefined)?.type === 'json_schema')).toBe(true);
    expect(existsSync(path.join(dir, 'shop.optimized.md'))).toBe(true);
    expect(existsSync(path.join(dir, 'shop.optimized.csv.checkpoint.jsonl'))).toBe(true);
    // The key reached the server (as a bearer token) and nothing else.
    expect(s.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(written(dir)).not.toContain(KEY);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('a rerun pays for nothing: every answer comes from the checkpoint, and the output is the same', async () => {
    const s = await server();
    const { dir } = workdir();
    expect((await run(s, dir, [])).code).toBe(0);
    const first = readFileSync(path.join(dir, 'shop.optimized.csv'));
    const sent = s.requests.length;
    expect(sent).toBeGreaterThan(20);
    const again = await run(s, dir, []);
    expect(again.code).toBe(0);
    expect(s.requests.length).toBe(sent);
    expect(readFileSync(path.join(dir, 'shop.optimized.csv'))).toEqual(first);
  });

  it('one request a row: the title, meta and H1 a row needs are asked at once as strict JSON; only refused fields are asked again, alone', async () => {
    const s = await server();
    const { dir } = workdir();
    const r = await run(s, dir, ['--brand', 'Northpine Outfitters', '--fields', 'title,meta,h1']);
    expect(r.code).toBe(0);
    const schemaOf = (q: { body: ChatRequest }) => (q.body.response_format as { json_schema?: { name: string; schema: { properties: Record<string, unknown> } } } | undefined)?.json_schema;
    const rowRequests = s.requests.filter((q) => schemaOf(q)?.name === 'page_fields');
    expect(rowRequests.length).toBeGreaterThan(5);
    // Every first request of a row that needs two fields or more is one of these; the rest are single fields asked again after a refusal, or rows needing one field.
    expect(rowRequests.every((q) => Object.keys(schemaOf(q)!.schema.properties).length >= 2)).toBe(true);
    const firstSingles = s.requests.filter((q) => schemaOf(q) === undefined && !/was refused/.test(promptOf(q)));
    const rows = new Set(s.requests.map((q) => /of (https:\/\/\S+)\./.exec(promptOf(q))?.[1]));
    expect(rowRequests.length + firstSingles.length).toBeLessThanOrEqual(rows.size);
    // A rerun asks nothing: the row answers come from the checkpoint.
    const before = s.requests.length;
    expect((await run(s, dir, ['--brand', 'Northpine Outfitters', '--fields', 'title,meta,h1'])).code).toBe(0);
    expect(s.requests.length).toBe(before);
  });

  it("a product row's FAQ joins its fields' request; a joined FAQ the checks refuse is asked again on its own, from its second attempt, with why", async () => {
    const faqOf = (q: { body: ChatRequest }): string | undefined => (q.body.response_format as { json_schema?: { name?: string; schema?: { properties?: Record<string, unknown> } } } | undefined)?.json_schema?.name;
    const joined = (q: { body: ChatRequest }): boolean => faqOf(q) === 'page_fields' && JSON.stringify(q.body.response_format).includes('"faq"');
    // Every joined FAQ gives one answer to all its questions: refused by the gates.
    const s = await server((req) => {
      const reply = fakeModel(req) as { content: string };
      if (!joined({ body: req })) return reply;
      const row = JSON.parse(reply.content) as { faq: { question: string; answer: string }[] };
      return { content: JSON.stringify({ ...row, faq: row.faq.map((f) => ({ ...f, answer: row.faq[0]!.answer })) }) };
    });
    const { dir } = workdir();
    const r = await run(s, dir, ['--brand', 'Northpine Outfitters']);
    expect(r.code).toBe(0);
    const rows = s.requests.filter(joined);
    expect(rows.length).toBeGreaterThan(5);
    // The joined prompt states the FAQ's rules and shows the product's data once.
    expect(promptOf(rows[0]!)).toContain('The FAQ (key \\"faq\\", an array of');
    const alone = s.requests.filter((q) => faqOf(q) === 'product_faq');
    // Each refused joined FAQ is asked again alone, told why; none of those is a first attempt.
    const retried = alone.filter((q) => /Your previous answer was refused:/.test(promptOf(q)));
    expect(retried.length).toBeGreaterThanOrEqual(rows.length);
    // Those after a joined answer carry its refusal (a row asked for its FAQ alone may be refused for another reason).
    const urlOf = (q: { body: ChatRequest }): string | undefined => /(?:of|for the product page) (https:\/\/[^\s.]+(?:\.[^\s.]+)*\/?[^\s]*?)\.(?:\\n|$)/.exec(promptOf(q))?.[1];
    const joinedUrls = new Set(rows.map(urlOf));
    const afterJoined = retried.filter((q) => joinedUrls.has(urlOf(q)));
    // Each joined row's FAQ asked again; its second attempt carries the joined answer's refusal.
    const second = afterJoined.filter((q) => promptOf(q).includes('- answer 2 says what answer 1 says: each answer must answer its own question'));
    expect(new Set(second.map(urlOf)).size).toBe(rows.length);
    expect(second.length).toBe(rows.length);
    const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
    const faqs = out.rows.filter((row) => row.fields[out.header.indexOf('faq_json')] !== '');
    expect(faqs.length).toBeGreaterThan(5);
    // A rerun asks nothing: joined answers and the FAQs asked after them are in the checkpoint.
    const before = s.requests.length;
    expect((await run(s, dir, ['--brand', 'Northpine Outfitters'])).code).toBe(0);
    expect(s.requests.length).toBe(before);
  });

  it('an endpoint that refuses structured output (400): the row\'s fields are asked one at a time instead', async () => {
    const s = await server((req) => ((req.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name === 'page_fields' ? { status: 400, body: '{"error":{"message":"response_format is not supported","type":"invalid_request_error"}}' } : fakeModel(req)));
    const { dir } = workdir();
    const r = await run(s, dir, ['--brand', 'Northpine Outfitters', '--fields', 'title,meta']);
    expect(r.code).toBe(0);
    const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
    expect(out.rows.filter((row) => row.fields[out.header.indexOf('new_title')] !== '').length).toBeGreaterThan(0);
    // Refused once, then not tried for the other rows (only those already waiting to be sent, at most --concurrency 4, went out).
    expect(s.requests.filter((q) => (q.body.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name === 'page_fields').length).toBeLessThanOrEqual(4);
  });

  it('--dry-run sends nothing and says what it would send', async () => {
    const s = await server();
    const { dir } = workdir();
    const r = await run(s, dir, ['--dry-run']);
    expect(r.code).toBe(0);
    expect(s.requests).toHaveLength(0);
    expect(r.stdout).toMatch(/^dry run: nothing was sent\nrows: 45, to rewrite: \d+\nrequests: \d+ \((title|meta|h1|faq|row\+faq) \d+/);
    // The 28 product pages' FAQs: 22 asked with their row's fields, 6 on their own (nothing else to rewrite).
    expect(r.stdout).toMatch(/row\+faq 22, faq 6\b/);
    expect(readdirSync(dir)).toEqual(['shop.csv']);
  });

  it('--dry-run after a run finds every first request, FAQs included, in the checkpoint: it would send none', async () => {
    const s = await server();
    const { dir } = workdir();
    expect((await run(s, dir, ['--brand', 'Northpine Outfitters'])).code).toBe(0);
    const r = await run(s, dir, ['--brand', 'Northpine Outfitters', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nrequests: 0 \(none\); already answered in the checkpoint: [1-9]\d*\n/);
  });

  it('a model that answers with quotes, labels and <think> blocks is cleaned; one that keeps failing leaves rows for review', async () => {
    // Descriptions wrapped in a label and quotes, the answer in a <think> block; every title far too long.
    const s = await server((req) => ({
      content: fakeAnswerWith(
        req,
        (field, text) => (field === 'meta' ? `Meta description: "${text}"` : field === 'title' ? `${text} ${'and much more '.repeat(10)}` : text),
        (content) => `<think>The user wants new text.</think>\n${content}`,
      ),
    }));
    const { dir } = workdir();
    const r = await run(s, dir, ['--attempts', '2']);
    expect(r.code).toBe(0);
    const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
    const col = (name: string) => out.header.indexOf(name);
    const titles = out.rows.map((row) => row.fields[col('new_title')]);
    expect(titles.filter((t) => t !== '')).toEqual([]);
    const metas = out.rows.map((row) => row.fields[col('new_meta_description')]).filter((m) => m !== '');
    expect(metas.length).toBeGreaterThan(0);
    for (const m of metas) expect(m).toMatch(/^Shop the [^"<]+$/);
    const reviewed = out.rows.filter((row) => row.fields[col('status')] === 'needs_review');
    expect(reviewed.length).toBeGreaterThan(5);
    // The refusal reached the model the second time.
    expect(s.requests.some((q) => q.body.messages.some((m) => /was refused:\n<page-data-[0-9a-f]{16} field="previous-answer">\n[^\n]*\n<\/page-data-[0-9a-f]{16}>\n- title-too-long: /.test(m.content)))).toBe(true);
  });

  it('quality gates: prompt scaffolding and word salad are asked again with the reason, and never pre-approved', async () => {
    // Descriptions: word salad with the prompt's words in it, always. Titles: scaffolding at first, a good answer when told why.
    const s = await server((req) => {
      const refused = /was refused/.test(JSON.stringify(req.messages));
      return {
        content: fakeAnswerWith(req, (field, text) =>
          field === 'meta' ? 'Runner prompt any data zorbly page-data new quopt frandle description wixel.' : field === 'title' && !refused ? `Here is the new title: ${text}` : text,
        ),
      };
    });
    const { dir } = workdir();
    const r = await run(s, dir, ['--attempts', '2', '--fields', 'title,meta']);
    expect(r.code).toBe(0);
    const review = readCsv(readFileSync(path.join(dir, 'shop.review.csv')));
    const col = (name: string) => review.header.indexOf(name);
    const metas = review.rows.filter((row) => row.fields[col('field')] === 'meta');
    expect(metas.length).toBeGreaterThan(0);
    // Not one description is pre-approved, and each row says why.
    expect(metas.filter((row) => row.fields[col('approve')] === 'yes')).toEqual([]);
    for (const row of metas) expect(row.fields[col('checks')]).toMatch(/prompt scaffolding or talk about the answer \("page-data"\)/);
    const titles = review.rows.filter((row) => row.fields[col('field')] === 'title');
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.every((row) => !row.fields[col('proposed')]!.startsWith('Here is'))).toBe(true);
    // The reason reached the model the second time.
    expect(s.requests.some((q) => q.body.messages.some((m) => /was refused:[\s\S]*\n- the text carries prompt scaffolding or talk about the answer \(.Here is the.\): answer with the title alone/.test(m.content)))).toBe(true);
  });

  it('500s and 429s with retry-after are waited out; nothing is lost', async () => {
    let n = 0;
    const s = await server((req) => {
      n++;
      if (n % 7 === 3) return { status: 500 };
      if (n % 11 === 5) return { status: 429, retryAfterMs: 200 };
      return fakeModel(req);
    });
    const { dir } = workdir();
    const r = await run(s, dir, []);
    expect(r.code).toBe(0);
    const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
    expect(out.rows).toHaveLength(45);
    const statuses = out.rows.map((row) => row.fields[out.header.indexOf('status')]);
    expect(statuses.filter((x) => x === 'failed')).toEqual([]);
    expect(s.requests.filter((q) => q.status === 500).length).toBeGreaterThan(0);
    expect(s.requests.filter((q) => q.status === 429).length).toBeGreaterThan(0);
    // About 130 requests paced down by the 429s: the fake model's invented facts ("30-day returns")
    // are refused and asked again, each attempt a request of its own.
  }, 60_000);

  it('kill -9 mid-run, then the same command: every row done, no answered request sent twice', async () => {
    // The server answers the first 12 requests, then holds every later one: the kill comes while
    // nothing is half-answered, so "answered" means "paid for".
    let release: (() => void) | undefined;
    const held = new Promise<void>((r) => (release = r));
    let child: ChildProcess | undefined;
    let answered = 0;
    const s = await server(async (req, index) => {
      if (index >= 12) {
        if (index === 12) setTimeout(() => child?.kill('SIGKILL'), 300);
        await held;
      }
      answered++;
      return fakeModel(req);
    });
    const { dir } = workdir();
    // What the same command pays for when nothing interrupts it. Two attempts of one field can send
    // the same prompt (a model that repeats a refused answer gets the same feedback) and both are
    // paid, so requests are compared as lists, not sets; rows take answers in row order, so the
    // run asks the same prompts every time.
    const clean = await server();
    expect((await run(clean, workdir().dir, [])).code).toBe(0);
    const uninterrupted = clean.requests.filter((q) => q.status === 200).map(promptOf).sort();
    const killed = await run(s, dir, [], (c) => (child = c));
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(path.join(dir, 'shop.optimized.csv'))).toBe(false);
    const paid = s.requests.filter((q) => q.status === 200).map(promptOf);
    expect(paid).toHaveLength(12);
    release!();
    const before = s.requests.length;
    const resumed = await run(s, dir, []);
    expect(resumed.code).toBe(0);
    const second = s.requests.slice(before).filter((q) => q.status === 200).map(promptOf);
    // Nothing answered before the kill is paid again, and nothing is left out.
    expect([...paid, ...second].sort()).toEqual(uninterrupted);
    const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
    expect(out.rows).toHaveLength(45);
    expect(answered).toBeGreaterThan(12);
  });

  it('--max-cost stops before the budget is passed, finishes what is in flight, and writes partial output', async () => {
    const s = await server();
    const { dir } = workdir();
    const r = await run(s, dir, ['--max-cost', '0.006']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/note: stopped early: --max-cost \$0\.006 reached/);
    const spent = Number(/LLM: .*\$(\d+\.\d+) \(gpt-4o-mini at/.exec(r.stderr)?.[1]);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(0.006);
    expect(s.requests.length).toBeGreaterThan(3);
    expect(s.requests.length).toBeLessThan(30);
    const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
    expect(out.rows).toHaveLength(45);
    expect(readFileSync(path.join(dir, 'shop.optimized.md'), 'utf8')).toContain('| **partial** | the run stopped early; rows not finished keep their values |');
    // The same command with a larger budget finishes the job, paying only for what is new.
    const before = s.requests.length;
    const done = await run(s, dir, ['--max-cost', '1']);
    expect(done.code).toBe(0);
    expect(s.requests.length).toBeGreaterThan(before);
    // Nothing is paid twice: every answer in the checkpoint, from either run, is to a request of its own
    // (a later attempt may repeat an earlier one's prompt when the model repeated its answer; its key differs).
    const keys = readFileSync(path.join(dir, 'shop.optimized.csv.checkpoint.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { key: string }).key);
    expect(keys.length).toBe(s.requests.filter((q) => q.status === 200).length);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('--max-cost without a known price for the model is refused before anything is sent', async () => {
    const s = await server();
    const { dir } = workdir();
    const r = await run(s, dir, ['--model', 'llama3.1:70b', '--max-cost', '0.01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-cost needs the price of llama3.1:70b');
    expect(s.requests).toHaveLength(0);
  });

  it('--timeout stops a run against a server that never answers: partial output, exit 2', async () => {
    const s = await server(() => ({ hang: true }));
    const { dir } = workdir();
    const started = Date.now();
    const r = await run(s, dir, ['--timeout', '2']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(2);
    expect(readCsv(readFileSync(path.join(dir, 'shop.optimized.csv'))).rows).toHaveLength(45);
    expect(readFileSync(path.join(dir, 'shop.optimized.md'), 'utf8')).toContain('| **partial** |');
  });

  it('llm.attempts from the config is used, and --dry-run leaves a torn checkpoint as it is', async () => {
    const s = await server((req) => ({ content: `${fakeAnswer(req)} ${'and much more '.repeat(10)}` }));
    const { dir } = workdir();
    writeFileSync(path.join(dir, 'seo-ai.config.json'), JSON.stringify({ llm: { attempts: 1 } }));
    const r = await run(s, dir, ['--fields', 'title']);
    expect(r.code).toBe(0);
    // One request per planned title: no second attempt.
    const titles = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv'))).rows.length;
    expect(titles).toBe(45);
    expect(s.requests.length).toBe(14);
    const cp = path.join(dir, 'shop.optimized.csv.checkpoint.jsonl');
    const torn = `${readFileSync(cp, 'utf8')}{"key":"half`;
    writeFileSync(cp, torn);
    expect((await run(s, dir, ['--fields', 'title', '--dry-run'])).code).toBe(0);
    expect(readFileSync(cp, 'utf8')).toBe(torn);
  });

  it('no key: a clear error, exit 2, nothing written', async () => {
    const { dir } = workdir();
    const r = await runCliAsync(['optimize', '--csv', 'shop.csv'], { cwd: dir, env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('OPENAI_API_KEY is not set');
    expect(readdirSync(dir)).toEqual(['shop.csv']);
  });

  it('a refused key stops the run with a clear message that does not repeat it', async () => {
    const s = await startOpenAiServer({ reply: fakeModel, apiKey: 'sk-the-right-one' });
    servers.push(s);
    const { dir } = workdir();
    const r = await run(s, dir, []);
    expect(r.stderr).toContain('the endpoint refused the API key (HTTP 401)');
    expect(r.stdout + r.stderr + written(dir)).not.toContain(KEY);
  });
});

// Pointed at something that is no OpenAI-compatible API, a run stops after its first answer, naming
// the URL, the status and what came back, with what to check; never "run it again later".
describe('seo-ai optimize against an endpoint that is no API', () => {
  const cases: [string, (req: IncomingMessage, res: ServerResponse) => void, RegExp][] = [
    ['a static file server (404 page)', (_req, res) => void res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>404 Not Found</title><h1>Not Found</h1>'), /answered HTTP 404 with "<!doctype html><title>404 Not Found<\/title><h1>Not Found<\/h1>"/],
    ['a server that does not take POST (501)', (_req, res) => void res.writeHead(501, { 'content-type': 'text/html' }).end('<html><body><h1>Error response</h1><p>Error code: 501</p><p>Message: Unsupported method (\'POST\').</p></body></html>'), /answered HTTP 501 with "<html><body><h1>Error response<\/h1>/],
    ['a single-page app answering every path with its page (200)', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><div id="app"></div><script src="/app.js"></script>'), /answered HTTP 200 with "<!doctype html><div id="app"><\/div>/],
    ['JSON of another shape (200)', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","service":"inventory"}'), /answered HTTP 200 with "\{"status":"ok","service":"inventory"\}"/],
  ];
  for (const [name, handler, said] of cases) {
    it(`${name}: at most 2 requests, exit 2, the endpoint named`, async () => {
      let requests = 0;
      const site = await startHttpServer({ '*': (req, res) => (requests++, handler(req, res)) });
      try {
        const { dir } = workdir();
        const r = await runCliAsync(['optimize', '--csv', 'shop.csv', '--llm-url', `${site.url('/v1')}`, '--concurrency', '4'], { cwd: dir, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' } });
        expect(r.code).toBe(2);
        expect(requests).toBeLessThanOrEqual(2);
        expect(r.stderr).toContain(`${site.url('/v1/chat/completions')} answered HTTP`);
        expect(r.stderr).toMatch(said);
        expect(r.stderr).toContain('which is no OpenAI-compatible chat completion: check --llm-url (or OPENAI_BASE_URL, config llm.baseUrl)');
        expect(r.stderr).not.toMatch(/again|retry|later/i);
        expect(r.stderr).toContain('once that is fixed, the same command goes on with them');
        expect(r.stdout + r.stderr + written(dir)).not.toContain(KEY);
      } finally {
        await site.close();
      }
    });
  }
});

// The page's language: told to the model, held by the gates, and CJK titles measured by the same width rule.
describe('seo-ai optimize in the page\'s language', () => {
  it('a German row (read from its text) and a Japanese row (lang column): an English answer is refused, a too-wide Japanese title too, the page\'s language is taken', async () => {
    const GOOD_JA = 'アルパイン トレイルランナー 軽量シューズ | Northpine';
    const WIDE_JA = 'アルパイン トレイルランナー 軽量で防水のトレイルランニングシューズ 山道用';
    const s = await server((req) => {
      const prompt = req.messages.find((m) => m.role === 'user')!.content;
      const japanese = /written in Japanese/.test(prompt);
      if (/title-too-wide/.test(prompt)) return { content: GOOD_JA };
      if (/write in Japanese/.test(prompt)) return { content: WIDE_JA };
      if (/write in German/.test(prompt)) return { content: 'Daunenjacke Alpin – leicht und winddicht | Northpine' };
      return { content: japanese ? 'Alpine Trail Runner Waterproof Shoes | Northpine' : 'Down Jacket Alpine – Warm and Windproof Layer | Northpine' };
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-lang-'));
    writeFileSync(
      path.join(dir, 'shop.csv'),
      [
        'url,title,meta_description,h1,content,lang',
        'https://shop.example/de/daunenjacke,Jacke,Die Daunenjacke Alpin hält dich an kalten Tagen warm. Leicht und winddicht für Wanderungen im Winter.,Daunenjacke Alpin,"<p>Die Daunenjacke Alpin hält dich an kalten Tagen warm. Sie ist leicht, winddicht und lässt sich klein verpacken. Ideal für Wanderungen im Winter und für die Stadt.</p>",',
        'https://shop.example/ja/trail,シューズ,アルパイン トレイルランナーは軽量で防水のトレイルランニングシューズです。濡れた岩でもよくグリップします。山で長い一日を過ごすための一足です。,アルパイン トレイルランナー,"<p>アルパイン トレイルランナーは、山で長い一日を過ごすための軽量なトレイルランニングシューズです。防水メンブレンが足をドライに保ちます。軽量シューズとして人気です。</p>",ja',
        '',
      ].join('\n'),
    );
    const r = await run(s, dir, ['--fields', 'title', '--attempts', '3', '--brand', 'Northpine', '--concurrency', '1']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const prompts = s.requests.map((q) => q.body.messages.find((m) => m.role === 'user')!.content);
    expect(prompts.filter((p) => p.includes('- written in German, the language of the page')).length).toBeGreaterThan(0);
    expect(prompts.filter((p) => p.includes('- written in Japanese, the language of the page')).length).toBeGreaterThan(0);
    // The English answers were refused for their language, the wide Japanese one by title-too-wide.
    expect(prompts.some((p) => p.includes('- the text reads as English, the page is German: write in German'))).toBe(true);
    expect(prompts.some((p) => p.includes('- the text is in another script than the page (latin, the page is Japanese): write in Japanese'))).toBe(true);
    expect(prompts.some((p) => /- title-too-wide: /.test(p))).toBe(true);
    const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
    const col = (name: string) => out.header.indexOf(name);
    expect(out.rows.map((row) => row.fields[col('new_title')])).toEqual(['Daunenjacke Alpin – leicht und winddicht | Northpine', GOOD_JA]);
    expect(out.rows.map((row) => row.fields[col('status')])).toEqual(['ok', 'ok']);
  });
});
