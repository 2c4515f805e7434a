import { constants, copyFileSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { rules as registry } from '../../rules/index.js';
import { resolveRules, resolveWeights } from '../engine/config.js';
import type { HeldLock } from '../llm/lock.js';
import type { OptimizeResult } from '../optimize/outcome.js';
import { optimizedCsv, summarise, usageLine, type LlmUsage, type RunSummary } from '../optimize/output.js';
import { hasFaq, isProduct, parseFields, type OptimizeField } from '../optimize/plan.js';
import { reportFile } from '../optimize/report-files.js';
import { formatReview, reviewRows } from '../optimize/review.js';
import { faqTarget, isTarget, type FaqTarget } from '../optimize/faq-target.js';
import { optimize, reportResult } from '../optimize/run.js';
import type { BatchOutcome } from '../llm/batch-run.js';
import { csvSource, type CsvSourceExtras } from '../sources/csv.js';
import { missingColumnsHint, PROFILE_LABELS, rowKey } from '../csv/profiles/index.js';
import { keywordMatcher } from '../sources/keywords.js';
import { loadConfig } from './config-file.js';
import { withBuiltInRules } from './extensions.js';
import { profileFlag } from './audit.js';
import { UsageError, type CliIo } from './io.js';
import { configInput, guardOutputs, type OutputGuard, type PlannedFile } from './no-clobber.js';
import { setUpRewriter, usageOf, WORKERS_FROM, type RewriterFlags, type RewriterSetup } from './optimize-rewriter.js';
import { flagNumber } from './numbers.js';
import { progressLine } from './progress.js';
import { selfCommand } from './self.js';
import { shellCommand } from './shell-quote.js';

export interface OptimizeFlags extends RewriterFlags {
  config?: string;
  output?: string;
  quiet?: boolean;
  csv?: string;
  fields?: string;
  profile?: string;
  baseUrl?: string;
  report?: string;
  attempts?: string;
  skipBadRows?: boolean;
  keywords?: string;
  timeout?: string;
  faqInDescription?: boolean;
}


/**
 * --base-url is the site's address in every command. Before, optimize read it as the LLM
 * endpoint: an address like one (a /v1 path) is said to belong to --llm-url rather than read as a shop.
 */
function siteAddress(flag: string | undefined): string | undefined {
  if (flag !== undefined && /^https?:\/\/[^/]+\/(.*\/)?v\d+\/?$/i.test(flag)) {
    throw new UsageError(`--base-url ${flag}: this looks like an LLM endpoint; --base-url is the site's public address (e.g. https://shop.example/), and the OpenAI-compatible endpoint is --llm-url ${flag}`);
  }
  return flag;
}

/** `seo-ai optimize`: the run, and whatever lock it took released however it ends (an error, Ctrl-C, --timeout included). */
export async function optimizeCommand(flags: OptimizeFlags, io: CliIo): Promise<number> {
  const locks: HeldLock[] = [];
  try {
    return await runOptimize(flags, io, locks);
  } finally {
    for (const lock of locks) lock.release();
  }
}

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
  const loaded = loadConfig(io.cwd, flags.config);
  const configFile = loaded.file;
  // Rewrites are checked with the built-in rules: a plugin's or a custom check's settings are audit's.
  const config = withBuiltInRules(loaded.config);
  const attempts = flagNumber(flags.attempts, config.llm?.attempts) ?? 3;
  resolveRules(registry, config.rules, 'config');
  const input = flags.csv!;
  // An HTML page is not an export: said at once (its outputs' names would also clash: page.optimized.html).
  if (/\.html?$/i.test(input)) throw new UsageError(`--csv ${input}: an HTML page, not a CSV export; optimize rewrites the rows of a CSV (to check pages: ${shellCommand('seo-ai', 'audit', input)})`);
  const keywordsFor = keywordMatcher(config.keywords, flags.keywords?.split(',').map((k) => k.trim()).filter(Boolean) ?? []);
  const profile = flags.profile === undefined ? undefined : profileFlag(flags.profile);
  const files = outputFiles(flags, input);
  // Nothing is written over the input, the config or another output, whatever links join them.
  const guard = guardOutputs(io.cwd, [{ file: input, noun: 'the input file', never: 'the input is never overwritten' }, ...configInput(io.cwd, configFile)], plannedOutputs(flags, files));
  const siteUrl = siteAddress(flags.baseUrl) ?? config.baseUrl;
  const source = csvSource({
    target: path.resolve(io.cwd, input),
    display: input,
    keywordsFor,
    profiles: true,
    ...(profile !== undefined ? { profile } : {}),
    ...(siteUrl !== undefined ? { baseUrl: siteUrl } : {}),
    ...(flags.skipBadRows ? { skipBadRows: true } : {}),
  });
  const faq = faqTarget(source.profile, source.fields, source.table.header, { inDescription: flags.faqInDescription === true });
  const wanted = writableFields(source, fields, flags.fields !== undefined, input, faq);
  const timeoutSeconds = flagNumber(flags.timeout, undefined);
  const controller = new AbortController();
  const setup = await setUpRewriter(flags, config, source.table.rows.length, files.checkpoint, io, locks, controller.signal);
  const run = { source, ruleSettings: config.rules, weights: resolveWeights(config.weights), fields: wanted, rewriter: setup.rewriter, attempts, keywordsFor, concurrency: setup.concurrency, signal: controller.signal };
  let waiting: Extract<BatchOutcome, { done: false }> | undefined;
  const { result, stoppedBy } = await runWithStops(controller, timeoutSeconds, setup, io, flags.quiet === true, async (onProgress, progress) => {
    if (!setup.batch) return optimize({ ...run, ...(onProgress ? { onProgress } : {}) });
    const { runBatch } = await import('../llm/batch-run.js');
    const { api, round, wait, pollMs } = setup.batch;
    const batch = setup.batch;
    const pass = (): Promise<OptimizeResult> => {
      batch.cachedBefore = setup.cached();
      return optimize(run);
    };
    const say = (line: string): void => void (flags.quiet ? undefined : io.stderr.write(`note: ${line}\n`));
    // No progress line (not a terminal: a CI log): a line when the counts change, at most once a minute.
    let said = { text: '', at: 0 };
    const logged = (text: string): void => {
      if (text === said.text || Date.now() - said.at < 60_000) return;
      said = { text, at: Date.now() };
      say(text);
    };
    const outcome = await runBatch({ api, round, wait, pollMs, signal: controller.signal, pass, progress: progress ?? logged, say });
    if (outcome.done) return outcome.result;
    waiting = outcome;
    return undefined;
  });
  if (waiting !== undefined) return batchWaiting(waiting, stoppedBy, flags, io);
  if (result === undefined) throw new Error('the run ended with no result');
  if (setup.dry) {
    io.stdout.write(setup.dry.summary(result));
    return 0;
  }
  if (!isTarget(faq)) {
    const note = faqNote(result, source, wanted, flags.fields !== undefined, faq.reason);
    if (note !== undefined) result.notes.push(note);
  }
  const summary = summarise(result, (Date.now() - started) / 1000);
  const usage = usageOf(setup);
  const review = await writeRunOutputs(result, summary, usage, source, input, files, guard, io, isTarget(faq) ? faq.column : undefined, isTarget(faq) ? { columns: faq.cells.map((c) => c.column), append: faq.append } : { columns: [], append: false }, setup.judge !== undefined);
  // optimize --batch: the outputs of a round that was not stopped are the run's; a rerun is a new run (see BatchLedger).
  if (setup.batch?.round.ledger.known && stoppedBy === undefined) setup.batch.round.ledger.finished();
  if (!flags.quiet) {
    for (const e of result.before.errors) io.stderr.write(`warning: ${e.origin}: ${e.message}\n`);
    io.stderr.write(
      `${summary.rows} rows: ${summary.ok} ok, ${summary.unchanged} unchanged, ${summary.needsReview} need review, ${summary.failed} failed${summary.notProcessed > 0 ? `, ${summary.notProcessed} not processed` : ''}; ` +
        `${summary.fieldsRewritten} fields rewritten${summary.faqsWritten + summary.faqsRefused > 0 ? `, ${summary.faqsWritten} FAQs written (${summary.faqsRefused} refused${isTarget(faq) || summary.faqsWritten === 0 ? '' : '; in the optimized CSV only, see the note below'})` : ''} (${flags.offline ? 'offline, non-AI' : `by ${setup.rewriter.name}`}); issues ${summary.issuesBefore} → ${summary.issuesAfter}; site score ${summary.scoreBefore} → ${summary.scoreAfter}\n` +
        `written: ${files.output}, ${files.report}, ${files.htmlReport} and ${files.review} (${review === 0 ? 'no change to approve' : `${review} proposed ${review === 1 ? 'change' : 'changes'} to approve; then: ${shellCommand(...selfCommand(io.cwd), 'apply', files.review, '--to', input, ...applyFlags(flags))}`})\n`,
    );
    if (usage) io.stderr.write(`LLM: ${usageLine(usage)}\n`);
    for (const n of result.notes) io.stderr.write(`note: ${n}\n`);
  }
  return exitCode(result, summary, stoppedBy, flags.quiet === true, input, io);
}

/**
 * optimize --batch before every answer is in: what was submitted and what is in flight, that
 * nothing is written yet, and the command that goes on. Exit 75 (EX_TEMPFAIL: try again later),
 * or 130 after Ctrl-C; the batches run on either way.
 */
function batchWaiting(outcome: Extract<BatchOutcome, { done: false }>, stoppedBy: 'sigint' | 'timeout' | undefined, flags: OptimizeFlags, io: CliIo): number {
  const { inFlight } = outcome;
  const batches = (n: number): string => `${n} batch${n === 1 ? '' : 'es'}`;
  const sent = outcome.submitted > 0 ? `submitted ${outcome.submitted} request${outcome.submitted === 1 ? '' : 's'} in ${batches(outcome.batches.length)}; ` : '';
  const stop = outcome.stopped !== undefined ? `stopped (${outcome.stopped}); ` : '';
  io.stderr.write(
    `batch: ${stop}${sent}${batches(inFlight.batches)} in flight, ${inFlight.answered}/${inFlight.total} requests answered so far.\n` +
      `nothing is written yet: run the same command again to collect the answers (a batch ends within 24 h)${flags.wait ? '' : ', or add --wait to stay until every answer is in'}\n`,
  );
  return stoppedBy === 'sigint' ? 130 : BATCH_PENDING_EXIT;
}

/** optimize --batch exits with this while batches are still running (EX_TEMPFAIL: try again later). */
export const BATCH_PENDING_EXIT = 75;

/** What the run was told that apply must be told too, so the command printed works as it is. */
function applyFlags(flags: OptimizeFlags): string[] {
  return [
    ...(flags.config !== undefined ? ['--config', flags.config] : []),
    ...(flags.profile !== undefined ? ['--profile', flags.profile] : []),
    ...(flags.baseUrl !== undefined ? ['--base-url', flags.baseUrl] : []),
  ];
}

interface OutputFiles {
  output: string;
  report: string;
  htmlReport: string;
  review: string;
  checkpoint: string;
}

function outputFiles(flags: OptimizeFlags, input: string): OutputFiles {
  const output = flags.output ?? input.replace(/(\.[^./\\]+)?$/, '.optimized$1');
  const report = flags.report ?? output.replace(/(\.[^./\\]+)?$/, '.md');
  return {
    output,
    report,
    // The same review as one self-contained HTML file, beside the Markdown.
    htmlReport: report.replace(/(\.md)?$/i, '.html'),
    // One row per proposed change, for a person to approve before \`seo-ai apply\` writes the import file.
    review: input.replace(/(\.[^./\\]+)?$/, '.review.csv'),
    // The checkpoint is written as the answers arrive (a dry run only reads it).
    checkpoint: `${output}.checkpoint.jsonl`,
  };
}

function plannedOutputs(flags: OptimizeFlags, files: OutputFiles): PlannedFile[] {
  const writesCheckpoint = !flags.offline && !flags.dryRun;
  return [
    { file: files.output, noun: 'the output CSV', ...(flags.output !== undefined ? { label: `--output ${files.output}` } : { fix: 'name the output with --output' }) },
    { file: files.report, noun: 'the Markdown report', ...(flags.report !== undefined ? { label: `--report ${files.report}` } : { fix: 'name the report with --report' }) },
    { file: files.htmlReport, noun: 'the HTML report', fix: 'name the report with --report: the HTML report is written beside it' },
    { file: files.review, noun: 'the review file', fix: `move ${files.review} away: the review file is always <input>.review.csv` },
    ...(writesCheckpoint ? [{ file: files.checkpoint, noun: 'the checkpoint', fix: 'name the output with --output: the checkpoint is <output>.checkpoint.jsonl' }] : []),
  ];
}

/**
 * The run, stopped by Ctrl-C or --timeout (the reason is what the notes, the report and each row
 * not processed say the run stopped for), with a progress line on a terminal; whatever it ends
 * with, the timer, the handler, the checkpoint and the workers are let go.
 */
async function runWithStops(
  controller: AbortController,
  timeoutSeconds: number | undefined,
  setup: RewriterSetup,
  io: CliIo,
  quiet: boolean,
  work: (onProgress: ((done: number, total: number) => void) | undefined, progress: ((text: string) => void) | undefined) => Promise<OptimizeResult | undefined>,
): Promise<{ result: OptimizeResult | undefined; stoppedBy: 'sigint' | 'timeout' | undefined }> {
  let stoppedBy: 'sigint' | 'timeout' | undefined;
  const onSigint = (): void => {
    stoppedBy ??= 'sigint';
    controller.abort('interrupted (Ctrl-C)');
  };
  process.once('SIGINT', onSigint);
  const timer =
    timeoutSeconds === undefined
      ? undefined
      : setTimeout(() => {
          stoppedBy ??= 'timeout';
          controller.abort(`--timeout ${timeoutSeconds} s reached`);
        }, timeoutSeconds * 1000);
  const line = await progressLine(io, quiet, 'optimizing…');
  const onProgress = (done: number, total: number): void => {
    const s = usageOf(setup);
    const calls = s ? `, ${s.requests} requests, ${s.rateLimited} × 429, ${s.tokens.prompt + s.tokens.completion} tokens, $${s.costUsd.toFixed(4)}` : '';
    line!.update(`${done}/${total} rows${calls}`, done === total);
  };
  try {
    return { result: await work(line ? onProgress : undefined, line ? (text) => line.update(text, false) : undefined), stoppedBy };
  } finally {
    line?.stop();
    clearTimeout(timer);
    process.off('SIGINT', onSigint);
    setup.checkpoint?.close();
    await setup.pool?.close();
  }
}

/** The optimized CSV, the two reports and the review file; how many changes the review proposes. */
async function writeRunOutputs(result: OptimizeResult, summary: RunSummary, usage: LlmUsage | undefined, source: CsvSourceExtras, input: string, files: OutputFiles, guard: OutputGuard, io: CliIo, faqColumn: number | undefined, faqCells: { columns: number[]; append: boolean }, judged: boolean): Promise<number> {
  // From 200 rows the two reports are made in worker threads while this thread writes the CSV.
  const inWorkers = result.rows.length >= WORKERS_FROM;
  const slim = reportResult(result);
  const markdown = reportFile({ kind: 'markdown', result: slim, summary, input, ...(usage ? { usage } : {}) }, inWorkers);
  const html = reportFile({ kind: 'html', result: slim, summary, input, ...(usage ? { stats: usage } : {}) }, inWorkers);
  try {
    await guard.write(files.output, optimizedCsv(source.table, result));
    const review = reviewRows(
      result,
      source.table,
      (field) => (field === 'faq' ? faqColumn : source.fields.writableFields[field]),
      (row) => rowKey(source.fields, source.table.rows[row]!.fields),
      faqCells,
    );
    const reviewText = formatReview(review, judged);
    // A review file a person may have edited (approve, after) is never lost: one that differs
    // from this run's is copied aside first.
    const kept = keepPreviousReview(path.resolve(io.cwd, files.review), reviewText);
    if (kept !== undefined) io.stderr.write(`note: ${files.review} differed from this run's (edited, or from another run): kept as ${path.relative(io.cwd, kept) || kept}\n`);
    await guard.write(files.report, markdown.text);
    await guard.write(files.htmlReport, html.text);
    await guard.write(files.review, reviewText);
    return review.length;
  } finally {
    await Promise.all([markdown.close(), html.close()]);
  }
}

function exitCode(result: OptimizeResult, summary: RunSummary, stoppedBy: 'sigint' | 'timeout' | undefined, quiet: boolean, input: string, io: CliIo): number {
  if (result.partial) {
    // What was done is written (and checkpointed); the same command finishes the job.
    if (quiet) io.stderr.write(`${result.notes.find((n) => n.startsWith('stopped early')) ?? 'stopped early'}\n`);
    return stoppedBy === 'sigint' ? 130 : 2;
  }
  if (summary.failed > 0) {
    // A row that was never audited (a bad or repeated URL) fails the same way every time: it is
    // the CSV to fix. One whose rewrite failed (the LLM's error) is asked again by the same command.
    const unread = result.rows.filter((r) => r.status === 'failed' && r.scoreBefore === undefined).length;
    const retry = summary.failed - unread;
    const rows = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;
    if (unread > 0) io.stderr.write(`${rows(unread)} could not be audited (a bad or repeated URL; each is named in the report${quiet ? '' : ' and above'}): fix ${unread === 1 ? 'it' : 'them'} in ${input}, as a rerun cannot\n`);
    if (retry > 0) io.stderr.write(`${rows(retry)} failed (original values kept); run the same command again to retry ${retry === 1 ? 'it' : 'them'}\n`);
    return 2;
  }
  return 0;
}

/**
 * What the run says of FAQs that cannot reach the export: those written went into the optimized
 * CSV only (a plain CSV without an faq column), or none were asked for (an export without an FAQ
 * column, its product pages without one). Undefined when neither.
 */
function faqNote(result: OptimizeResult, source: CsvSourceExtras, wanted: readonly OptimizeField[], named: boolean, reason: string): string | undefined {
  if (result.rows.some((r) => r.faq !== undefined)) return `the FAQs are in the optimized CSV's faq_html, faq_jsonld and faq_json columns only, not in the review file: ${reason}`;
  // --fields without faq: the user left FAQs out, nothing to explain.
  if (wanted.includes('faq') || named) return undefined;
  const lacking = source.pages().filter((p) => p !== undefined && isProduct(p) && !hasFaq(p)).length;
  return lacking === 0 ? undefined : `${lacking} product page${lacking === 1 ? '' : 's'} without an FAQ got none: ${reason}`;
}

/**
 * The fields a run may rewrite in this export: a field goes back into the file only where the
 * profile has a column for it (a Shopify title into SEO Title; never a product's name as its H1).
 * Asked for by name and not writable, or nothing writable at all: a usage error saying why.
 */
function writableFields(source: CsvSourceExtras, asked: readonly OptimizeField[], named: boolean, input: string, faq: FaqTarget | { reason: string }): OptimizeField[] {
  const { fields, profile } = source;
  if (fields.readOnly !== undefined) {
    throw new UsageError(`${input}: ${PROFILE_LABELS[profile]}: ${fields.readOnly}; to get proposals anyway, read it as a plain CSV with --profile generic`);
  }
  // A plain CSV always gets its FAQs in the optimized CSV's faq columns (and in the review when it
  // has an faq column); an export only where apply can write them (a metafield, the flag), so no
  // FAQ request is paid for that can never reach the shop.
  const faqWritable = profile === 'generic' || isTarget(faq);
  const writable = (f: OptimizeField): boolean => (f === 'faq' ? faqWritable : fields.writableFields[f] !== undefined);
  const refused = asked.filter((f) => !writable(f));
  if (named && refused.length > 0) {
    throw new UsageError(`--fields ${refused.join(',')}: ${refused.map((f) => `${f}: ${f === 'faq' && !isTarget(faq) ? faq.reason : (fields.notWritable[f] ?? 'no column to write it into')}`).join('; ')}`);
  }
  const out = asked.filter(writable);
  if (out.length === 0) {
    throw new UsageError(`${input}: nothing to rewrite in this ${PROFILE_LABELS[profile]} export: ${missingColumnsHint(profile, source.table.header) ?? 'no title or description column to write into'}`);
  }
  return out;
}
