import { constants, copyFileSync, readFileSync, statSync, type Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { rules as registry } from '../../rules/index.js';
import { resolveRules, resolveWeights } from '../engine/config.js';
import { Checkpoint } from '../llm/checkpoint.js';
import { createLlmClient, type LlmClient } from '../llm/client.js';
import { costUsd, DEFAULT_MODEL, priceOf, PRICES_AS_OF, type Price } from '../llm/cost.js';
import { dryRun, type DryRun } from '../llm/dry-run.js';
import { LlmLimiter } from '../llm/limiter.js';
import { acquireLock, type HeldLock } from '../llm/lock.js';
import { llmRewriter } from '../llm/rewriter.js';
import { fieldLimits } from '../optimize/fields.js';
import { limitsOf } from '../optimize/offline.js';
import { offlineRewriter } from '../optimize/offline-rewriter.js';
import { OfflinePool, offlineWorkersAvailable } from '../optimize/offline-pool.js';
import { optimizedCsv, summarise, usageLine, type LlmUsage } from '../optimize/output.js';
import { parseFields } from '../optimize/plan.js';
import { reportFile } from '../optimize/report-files.js';
import { optimize, reportResult, type Rewriter } from '../optimize/run.js';
import { csvSource } from '../sources/csv.js';
import { missingColumnsHint, PROFILE_LABELS, PROFILE_NAMES, rowKey } from '../csv/profiles/index.js';
import type { OptimizeField } from '../optimize/plan.js';
import type { CsvSourceExtras } from '../sources/csv.js';
import { formatReview, reviewRows } from '../optimize/review.js';
import { keywordMatcher } from '../sources/keywords.js';
import { InputError } from '../sources/types.js';
import { loadConfig } from './config-file.js';
import { profileFlag } from './audit.js';
import { UsageError, type CliIo } from './io.js';
import { shellCommand } from './shell-quote.js';
import { configInput, guardOutputs } from './no-clobber.js';

interface OptimizeFlags {
  config?: string;
  output?: string;
  quiet?: boolean;
  csv?: string;
  offline?: boolean;
  fields?: string;
  profile?: string;
  siteUrl?: string;
  report?: string;
  attempts?: string;
  skipBadRows?: boolean;
  brand?: string;
  keywords?: string;
  baseUrl?: string;
  model?: string;
  rpm?: string;
  tpm?: string;
  concurrency?: string;
  maxCost?: string;
  dryRun?: boolean;
  requestTimeout?: string;
  timeout?: string;
}

function num(flag: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1e9) throw new UsageError(`${flag} ${value}: expected a number above 0`);
  return n;
}

export function registerOptimize(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('optimize')
    .description('rewrite failing titles, meta descriptions and H1s of a CSV export, check every rewrite with the audit rules, and write the results back')
    .requiredOption('--csv <file>', 'the CSV export (url, title, meta_description, h1, content, keywords, page_type, …)')
    .option('--offline', 'deterministic non-AI fixes (trim at word boundaries, descriptions from the opening sentences); no API key, no network')
    .option('--fields <list>', 'what to rewrite: title,meta,h1,faq (default: all)')
    .option('--attempts <n>', 'candidates per field before the original is kept and the row marked needs_review (default 3)')
    .option('--report <file>', 'the before/after review report, Markdown (default: <output>.md; the HTML version beside it, .html)')
    .option('--brand <name>', 'the brand kept at the end of titles ("… | Brand")')
    .option('--keywords <list>', 'target keywords for every row, comma-separated (added to the keywords column)')
    .option('--skip-bad-rows', 'skip malformed CSV rows (listed in the report) instead of stopping at the first')
    .option('--profile <name>', `read the CSV as this export (${PROFILE_NAMES.join(', ')}); default: recognised by its header`)
    .option('--site-url <url>', 'the shop\'s address: Shopify and WooCommerce exports name products by handle or ID (config baseUrl)')
    .option('--base-url <url>', 'OpenAI-compatible endpoint (default: OPENAI_BASE_URL, else OpenAI)')
    .option('--model <name>', `model (default ${DEFAULT_MODEL})`)
    .option('--rpm <n>', 'requests per minute at most')
    .option('--tpm <n>', 'tokens per minute at most')
    .option('--concurrency <n>', 'requests in flight at most (default 4)')
    .option('--max-cost <usd>', 'stop sending before this much is spent; rows not finished keep their values')
    .option('--dry-run', 'print the rows, requests, estimated tokens and cost, and send nothing')
    .option('--request-timeout <s>', 'give up on one LLM request after this many seconds (default 60)')
    .option('--timeout <s>', 'stop the whole run after this many seconds: what is done is written, marked partial (exit 2)')
    .action(async (_opts: unknown, cmd: Command) => {
      setExit(await run(cmd.optsWithGlobals<OptimizeFlags>(), io));
    });
}

/** The run, and whatever lock it took released however it ends (an error, Ctrl-C, --timeout included). */
async function run(flags: OptimizeFlags, io: CliIo): Promise<number> {
  const locks: HeldLock[] = [];
  try {
    return await runOptimize(flags, io, locks);
  } finally {
    for (const lock of locks) lock.release();
  }
}

/** Rows from which offline proposals and the reports are made in worker threads (as the audit checks pages in them from 200). */
const WORKERS_FROM = 200;

/**
 * Copies an existing review file aside (name.review.1.csv, .2, …, the first free) when its bytes
 * differ from `text`, and says where; leaves it alone when it is the same, absent, or not a plain
 * file. A copy, not a rename: should the write then be refused, the file is still where it was.
 */
export function keepPreviousReview(file: string, text: string): string | undefined {
  let info: Stats;
  try {
    info = statSync(file);
  } catch {
    return undefined;
  }
  if (!info.isFile() || (info.size === Buffer.byteLength(text, 'utf8') && readFileSync(file).equals(Buffer.from(text, 'utf8')))) return undefined;
  const { dir, name, ext } = path.parse(file);
  for (let n = 1; ; n++) {
    const copy = path.join(dir, `${name}.${n}${ext}`);
    try {
      copyFileSync(file, copy, constants.COPYFILE_EXCL);
      return copy;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

async function runOptimize(flags: OptimizeFlags, io: CliIo, locks: HeldLock[]): Promise<number> {
  const started = Date.now();
  // A dry run previews what an LLM run would send and cost; offline nothing is sent, and the run's own outputs are the preview.
  if (flags.offline && flags.dryRun) throw new UsageError('--dry-run previews the requests and cost of an LLM run; --offline sends none: drop --dry-run (the offline run writes nothing over your input, and apply writes only what you approve)');
  const fields = parseFields(flags.fields);
  if (typeof fields === 'string') throw new UsageError(fields);
  const { config, file: configFile } = loadConfig(io.cwd, flags.config);
  const attempts = flags.attempts === undefined ? (config.llm?.attempts ?? 3) : Number(flags.attempts);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10) throw new UsageError(`--attempts ${flags.attempts}: expected a whole number from 1 to 10`);
  resolveRules(registry, config.rules, 'config');
  const weights = resolveWeights(config.weights);
  const input = flags.csv!;
  // An HTML page is not an export: said at once (its outputs' names would also clash: page.optimized.html).
  if (/\.html?$/i.test(input)) throw new UsageError(`--csv ${input}: an HTML page, not a CSV export; optimize rewrites the rows of a CSV (to check pages: ${shellCommand('seo-ai', 'audit', input)})`);
  const keywordsFor = keywordMatcher(config.keywords, flags.keywords?.split(',').map((k) => k.trim()).filter(Boolean) ?? []);
  const profile = flags.profile === undefined ? undefined : profileFlag(flags.profile);
  const siteUrl = flags.siteUrl ?? config.baseUrl;
  const output = flags.output ?? input.replace(/(\.[^./\\]+)?$/, '.optimized$1');
  const report = flags.report ?? output.replace(/(\.[^./\\]+)?$/, '.md');
  // The same review as one self-contained HTML file, beside the Markdown.
  const htmlReport = report.replace(/(\.md)?$/i, '.html');
  // One row per proposed change, for a person to approve before \`seo-ai apply\` writes the import file.
  const reviewFile = input.replace(/(\.[^./\\]+)?$/, '.review.csv');
  // The checkpoint is written as the answers arrive (a dry run only reads it).
  const checkpointFile = `${output}.checkpoint.jsonl`;
  const writesCheckpoint = !flags.offline && !flags.dryRun;
  // Nothing is written over the input, the config or another output, whatever links join them.
  const guard = guardOutputs(
    io.cwd,
    [
      { file: input, noun: 'the input file', never: 'the input is never overwritten' },
      ...configInput(io.cwd, configFile),
    ],
    [
      { file: output, noun: 'the output CSV', ...(flags.output !== undefined ? { label: `--output ${output}` } : { fix: 'name the output with --output' }) },
      { file: report, noun: 'the Markdown report', ...(flags.report !== undefined ? { label: `--report ${report}` } : { fix: 'name the report with --report' }) },
      { file: htmlReport, noun: 'the HTML report', fix: 'name the report with --report: the HTML report is written beside it' },
      { file: reviewFile, noun: 'the review file', fix: `move ${reviewFile} away: the review file is always <input>.review.csv` },
      ...(writesCheckpoint ? [{ file: checkpointFile, noun: 'the checkpoint', fix: 'name the output with --output: the checkpoint is <output>.checkpoint.jsonl' }] : []),
    ],
  );
  const source = csvSource({
    target: path.resolve(io.cwd, input),
    display: input,
    keywordsFor,
    profiles: true,
    ...(profile !== undefined ? { profile } : {}),
    ...(siteUrl !== undefined ? { baseUrl: siteUrl } : {}),
    baseUrlFlag: '--site-url',
    ...(flags.skipBadRows ? { skipBadRows: true } : {}),
  });
  const wanted = writableFields(source, fields, flags.fields !== undefined, input);

  const llm = config.llm ?? {};
  const brand = flags.brand ?? llm.brand;
  let rewriter: Rewriter;
  let client: LlmClient | undefined;
  let checkpoint: Checkpoint | undefined;
  let dry: DryRun | undefined;
  let concurrency = 1;
  let rewriterCached = (): number => 0;
  let priceNote: { price?: Price; note: string } = { note: '' };
  const controller = new AbortController();
  let stoppedBy: 'sigint' | 'timeout' | undefined;
  // The reason is what the notes, the report and each row not processed say the run stopped for.
  const onSigint = (): void => {
    stoppedBy ??= 'sigint';
    controller.abort('interrupted (Ctrl-C)');
  };
  const timeoutSeconds = num('--timeout', flags.timeout, undefined);
  let pool: OfflinePool | undefined;
  if (flags.offline) {
    // The limits the run's rules check, config included: a proposal made to the defaults would be refused.
    const options = { limits: limitsOf(fieldLimits(config.rules)), ...(brand === undefined ? {} : { brand }) };
    // From 200 rows, as the audit's worker threads: proposals are made beside the main thread,
    // which goes row by row checking candidates and taking values. Many rows are asked for at
    // once so the workers always have some; the answers are the same as made here.
    if (source.table.rows.length >= WORKERS_FROM && offlineWorkersAvailable()) {
      pool = new OfflinePool(Math.max(1, Math.min(availableParallelism() - 1, 4)), options);
      rewriter = pool;
      concurrency = 64 * pool.size;
    } else {
      rewriter = offlineRewriter(options);
    }
  } else {
    const model = flags.model ?? llm.model ?? DEFAULT_MODEL;
    const baseURL = flags.baseUrl ?? (io.env.OPENAI_BASE_URL || undefined) ?? llm.baseUrl;
    const rpm = num('--rpm', flags.rpm, llm.rpm);
    const tpm = num('--tpm', flags.tpm, llm.tpm);
    concurrency = num('--concurrency', flags.concurrency, llm.concurrency) ?? 4;
    if (!Number.isInteger(concurrency) || concurrency > 256) throw new UsageError(`--concurrency ${flags.concurrency}: expected a whole number from 1 to 256`);
    const requestTimeout = num('--request-timeout', flags.requestTimeout, llm.timeoutMs === undefined ? undefined : llm.timeoutMs / 1000);
    const maxCost = num('--max-cost', flags.maxCost, llm.maxCostUsd);
    const price = priceOf(model, llm.prices);
    // A budget needs a price: without one every request would look free and none would be refused.
    if (maxCost !== undefined && !price) {
      throw new UsageError(`--max-cost needs the price of ${model}, which seo-ai does not know: set llm.prices["${model}"] = { "input": <USD per million prompt tokens>, "output": <USD per million completion tokens> } in the config`);
    }
    const checkpointPath = path.resolve(io.cwd, checkpointFile);
    // One run at a time per checkpoint: a second would send (and pay for) every request again.
    // A dry run only reads it (complete lines; a torn last line is left alone) and sends nothing: no lock.
    if (!flags.dryRun) {
      const lock = acquireLock(`${checkpointPath}.lock`, checkpointFile);
      locks.push(lock);
      const was = lock.tookOver;
      if (was) io.stderr.write(`note: took over the lock ${lock.file} of process ${was.pid}${was.started ? ` (started ${was.started})` : ''}, which is no longer running\n`);
    }
    // A dry run reads the checkpoint but never changes it (not even to repair a torn last line).
    checkpoint = Checkpoint.open(checkpointPath, { readOnly: flags.dryRun === true });
    if (flags.dryRun) {
      dry = dryRun(model, checkpoint, { ...(brand ? { brand } : {}), ...(llm.prices ? { prices: llm.prices } : {}), ...(config.rules ? { ruleSettings: config.rules } : {}) });
      rewriter = dry.rewriter;
    } else {
      const apiKey = io.env.OPENAI_API_KEY || (baseURL && isLocal(baseURL) ? 'local' : undefined);
      if (!apiKey) {
        throw new InputError('OPENAI_API_KEY is not set. Set it for OpenAI; for a local server (Ollama, vLLM, LM Studio) pass --base-url (any placeholder key works), or use --offline for non-AI fixes');
      }
      const limiter = new LlmLimiter({ concurrency, ...(rpm ? { rpm } : {}), ...(tpm ? { tpm } : {}) });
      client = createLlmClient({
        apiKey,
        model,
        limiter,
        signal: controller.signal,
        ...(baseURL ? { baseURL } : {}),
        ...(requestTimeout !== undefined ? { timeoutMs: Math.round(requestTimeout * 1000) } : {}),
        ...(maxCost !== undefined ? { budget: { maxUsd: maxCost, price: price ?? { input: 0, output: 0 } } } : {}),
      });
      const llmRw = llmRewriter({ client, checkpoint, ruleSettings: config.rules, ...(brand ? { brand } : {}) });
      rewriter = llmRw;
      rewriterCached = () => llmRw.cached();
      priceNote = price ? { price, note: `${model} at $${price.input}/$${price.output} per million tokens, prices as of ${PRICES_AS_OF}` } : { note: `no price known for ${model}; set llm.prices` };
      if (!price) io.stderr.write(`note: no price known for model ${model}: cost is shown as $0 (set llm.prices in the config)\n`);
    }
  }

  process.once('SIGINT', onSigint);
  const timer =
    timeoutSeconds === undefined
      ? undefined
      : setTimeout(() => {
          stoppedBy ??= 'timeout';
          controller.abort(`--timeout ${timeoutSeconds} s reached`);
        }, timeoutSeconds * 1000);
  const progress = io.stderr.isTTY && !flags.quiet && ((io.stderr as { columns?: number }).columns ?? 0) >= 20;
  let lastDraw = 0;
  let result;
  try {
    result = await optimize({
      source,
      ruleSettings: config.rules,
      weights,
      fields: wanted,
      rewriter,
      attempts,
      keywordsFor,
      concurrency,
      signal: controller.signal,
      ...(progress
        ? {
            onProgress: (done: number, total: number) => {
              const now = Date.now();
              if (now - lastDraw < 100 && done < total) return;
              lastDraw = now;
              const s = client?.stats();
              const calls = s ? `, ${s.requests} requests, ${s.rateLimited} × 429, ${s.tokens.prompt + s.tokens.completion} tokens, $${costUsd(s.tokens, priceNote.price).toFixed(4)}` : '';
              io.stderr.write(`\r${done}/${total} rows${calls}\x1b[K`);
            },
          }
        : {}),
    });
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSigint);
    checkpoint?.close();
    await pool?.close();
    if (progress) io.stderr.write('\n');
  }
  if (dry) {
    io.stdout.write(dry.summary(result));
    return 0;
  }
  const summary = summarise(result, (Date.now() - started) / 1000);
  const usage = client ? usageOf(client, rewriterCached(), priceNote) : undefined;
  // From 200 rows the two reports are made in worker threads while this thread writes the CSV.
  const inWorkers = result.rows.length >= WORKERS_FROM;
  const slim = reportResult(result);
  const markdown = reportFile({ kind: 'markdown', result: slim, summary, input, ...(usage ? { usage } : {}) }, inWorkers);
  const html = reportFile({ kind: 'html', result: slim, summary, input, ...(usage ? { stats: usage } : {}) }, inWorkers);
  let review: ReturnType<typeof reviewRows>;
  try {
    await guard.write(output, optimizedCsv(source.table, result));
    review = reviewRows(
      result,
      source.table,
      (field) => source.fields.writableFields[field],
      (row) => rowKey(source.fields, source.table.rows[row]!.fields),
    );
    const reviewText = formatReview(review);
    // A review file a person may have edited (approve, after) is never lost: one that differs
    // from this run's is copied aside first.
    const kept = keepPreviousReview(path.resolve(io.cwd, reviewFile), reviewText);
    if (kept !== undefined) io.stderr.write(`note: ${reviewFile} differed from this run's (edited, or from another run): kept as ${path.relative(io.cwd, kept) || kept}\n`);
    await guard.write(report, markdown.text);
    await guard.write(htmlReport, html.text);
    await guard.write(reviewFile, reviewText);
  } finally {
    await Promise.all([markdown.close(), html.close()]);
  }
  if (!flags.quiet) {
    for (const e of result.before.errors) io.stderr.write(`warning: ${e.origin}: ${e.message}\n`);
    io.stderr.write(
      `${summary.rows} rows: ${summary.ok} ok, ${summary.unchanged} unchanged, ${summary.needsReview} need review, ${summary.failed} failed${summary.notProcessed > 0 ? `, ${summary.notProcessed} not processed` : ''}; ` +
        `${summary.fieldsRewritten} fields rewritten (${flags.offline ? 'offline, non-AI' : `by ${rewriter.name}`}); issues ${summary.issuesBefore} → ${summary.issuesAfter}; site score ${summary.scoreBefore} → ${summary.scoreAfter}\n` +
        `written: ${output}, ${report}, ${htmlReport} and ${reviewFile} (${review.length} proposed ${review.length === 1 ? 'change' : 'changes'} to approve; then: ${shellCommand('seo-ai', 'apply', reviewFile, '--to', input)})\n`,
    );
    if (usage) io.stderr.write(`LLM: ${usageLine(usage)}\n`);
    for (const n of result.notes) io.stderr.write(`note: ${n}\n`);
  }
  if (result.partial) {
    // What was done is written (and checkpointed); the same command finishes the job.
    if (flags.quiet) io.stderr.write(`${result.notes.find((n) => n.startsWith('stopped early')) ?? 'stopped early'}\n`);
    return stoppedBy === 'sigint' ? 130 : 2;
  }
  if (summary.failed > 0) {
    // A row that was never audited (a bad or repeated URL) fails the same way every time: it is
    // the CSV to fix. One whose rewrite failed (the LLM's error) is asked again by the same command.
    const unread = result.rows.filter((r) => r.status === 'failed' && r.scoreBefore === undefined).length;
    const retry = summary.failed - unread;
    const rows = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;
    if (unread > 0) io.stderr.write(`${rows(unread)} could not be audited (a bad or repeated URL; each is named in the report${flags.quiet ? '' : ' and above'}): fix ${unread === 1 ? 'it' : 'them'} in ${input}, as a rerun cannot\n`);
    if (retry > 0) io.stderr.write(`${rows(retry)} failed (original values kept); run the same command again to retry ${retry === 1 ? 'it' : 'them'}\n`);
    return 2;
  }
  return 0;
}

/**
 * The fields a run may rewrite in this export: a field goes back into the file only where the
 * profile has a column for it (a Shopify title into SEO Title; never a product's name as its H1).
 * Asked for by name and not writable, or nothing writable at all: a usage error saying why.
 */
function writableFields(source: CsvSourceExtras, asked: readonly OptimizeField[], named: boolean, input: string): OptimizeField[] {
  const { fields, profile } = source;
  if (fields.readOnly !== undefined) {
    throw new UsageError(`${input}: ${PROFILE_LABELS[profile]}: ${fields.readOnly}; to get proposals anyway, read it as a plain CSV with --profile generic`);
  }
  if (profile === 'generic') return [...asked];
  // An FAQ goes into the optimized CSV's faq columns, which no shop imports; review and apply
  // carry titles and descriptions. So an export gets no FAQ requests (and no bill for them).
  if (named && asked.includes('faq')) {
    throw new UsageError(`--fields faq: FAQs are written only for plain CSVs (into the optimized CSV's faq columns); a ${PROFILE_LABELS[profile]} export takes titles and descriptions`);
  }
  const refused = asked.filter((f) => f !== 'faq' && fields.writableFields[f] === undefined);
  if (named && refused.length > 0) {
    throw new UsageError(`--fields ${refused.join(',')}: ${refused.map((f) => `${f}: ${fields.notWritable[f] ?? 'no column to write it into'}`).join('; ')}`);
  }
  const out = asked.filter((f) => f !== 'faq' && fields.writableFields[f] !== undefined);
  if (out.length === 0) {
    throw new UsageError(`${input}: nothing to rewrite in this ${PROFILE_LABELS[profile]} export: ${missingColumnsHint(profile, source.table.header) ?? 'no title or description column to write into'}`);
  }
  return out;
}

function isLocal(baseURL: string): boolean {
  try {
    const host = new URL(baseURL).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]' || host.endsWith('.local');
  } catch {
    return false;
  }
}

function usageOf(client: LlmClient, cached: number, priced: { price?: Price; note: string }): LlmUsage {
  const s = client.stats();
  return { requests: s.requests, rateLimited: s.rateLimited, tokens: s.tokens, costUsd: costUsd(s.tokens, priced.price), cached, priced: priced.note };
}
