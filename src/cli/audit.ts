import { statSync } from 'node:fs';
import path from 'node:path';
import { runAudit, type AuditResult } from '../audit.js';
import { resolveRules, resolveWeights } from '../engine/config.js';
import type { GatePolicy } from '../gate/policy.js';
import type { Snapshot } from '../gate/snapshot.js';
import { toJsonReport } from '../report/json.js';
import { printable } from '../report/painter.js';
import { DEFAULT_MAX_BYTES, folderSource } from '../sources/folder.js';
import { keywordMatcher } from '../sources/keywords.js';
import { csvSource } from '../sources/csv.js';
import { profileByName, type ProfileName } from '../csv/profiles/index.js';
import { InputError, type Source } from '../sources/types.js';
import type { WebSourceOptions } from '../sources/web.js';
import { loadConfig } from './config-file.js';
import { UsageError, type CliIo } from './io.js';
import { baselinePath, checkWritable, compareChecked, DEFAULT_BASELINE, gateConfigOf, gateFlagsGiven, policyOf, readSnapshot, verdictOf, writeBaseline } from './gate.js';
import { configInput, guardOutputs, type OutputGuard, type PlannedInput } from './no-clobber.js';
import { outputSpecs, plannedReports, writeOutputs, type OutputSpec } from './outputs.js';
import { shellQuote } from './shell-quote.js';
import { toolInfo } from './version.js';
import { configRuleSet } from './extensions.js';
import type { Rule } from '../engine/types.js';
import type { Extensions } from '../extend/index.js';
import type { Config } from '../engine/config.js';
import { findChromium } from '../render/chromium.js';
import type { RenderSettings } from '../sources/web.js';
import { flagNumber } from './numbers.js';
import { progressLine } from './progress.js';
import { selfCommand } from './self.js';
import { realTarget } from './write-atomic.js';

export interface GlobalOptions {
  config?: string;
  format?: string[];
  output?: string;
  quiet?: boolean;
  debug?: boolean;
  color: boolean;
  minScore?: string;
}

export interface AuditFlags extends GlobalOptions {
  baseUrl?: string;
  keywords?: string;
  maxBytes?: string;
  verbose?: boolean;
  workers?: string;
  crawl?: boolean;
  maxPages?: string;
  maxDepth?: string;
  include?: string[];
  exclude?: string[];
  concurrency?: string;
  perHost?: string;
  delay?: string;
  ignoreRobots?: boolean;
  checkExternal?: boolean;
  checkLinks: boolean;
  userAgent?: string;
  timeout?: string;
  requestTimeout?: string;
  skipBadRows?: boolean;
  profile?: string;
  baseline?: string;
  updateBaseline?: string | true;
  failOn?: string;
  maxScoreDrop?: string;
  maxPageDrop?: string;
  render?: string;
  renderConcurrency?: string;
  chromium?: string;
  renderThirdParty?: boolean;
}


/** `seo-ai audit <target>`: the exit code (0 passed, 1 over a threshold or a regression, 2 an error). */
export async function audit(target: string, flags: AuditFlags, io: CliIo): Promise<number> {
  const { config, file: configFile } = loadConfig(io.cwd, flags.config);
  // Flags and config are checked before any page is read: a typo must not cost a crawl.
  const gate = gateConfigOf(config, configFile);
  const policy = policyOf(flags, gate);
  const outputs = outputSpecs(flags.format, flags.output, io.cwd);
  const given = baselinePath(io.cwd, flags.baseline, gate, configFile);
  const same = (a: string, b: string): boolean => realTarget(io.cwd, a) === realTarget(io.cwd, b);
  if (typeof flags.updateBaseline === 'string' && flags.baseline !== undefined && !same(flags.updateBaseline, flags.baseline)) {
    throw new UsageError(`--baseline ${flags.baseline} and --update-baseline ${flags.updateBaseline}: name one file (--update-baseline writes the --baseline file when given no name)`);
  }
  const updating = flags.updateBaseline !== undefined;
  const baselineFile = typeof flags.updateBaseline === 'string' ? flags.updateBaseline : (given ?? (updating ? DEFAULT_BASELINE : undefined));
  if (!updating && baselineFile === undefined && gateFlagsGiven(flags).length > 0) {
    throw new UsageError(`${gateFlagsGiven(flags).join(', ')}: compare with what? Add --baseline <file> (or gate.baseline in the config); without one only --min-score applies`);
  }
  const guard = guardOutputs(
    io.cwd,
    [
      ...auditedInputs(io.cwd, target),
      ...configInput(io.cwd, configFile),
      ...(!updating && baselineFile !== undefined ? [{ file: baselineFile, noun: 'the baseline file', never: 'the baseline is written only by --update-baseline' }] : []),
    ],
    [
      ...plannedReports(outputs),
      ...(updating ? [{ file: baselineFile!, noun: 'the baseline', label: typeof flags.updateBaseline === 'string' ? `--update-baseline ${baselineFile}` : `the baseline ${baselineFile}` }] : []),
    ],
  );
  // Read (or check) the baseline now: a typo in its name must not cost a crawl.
  if (updating) checkWritable(io.cwd, baselineFile!, '--update-baseline');
  const baseline = !updating && baselineFile !== undefined ? readSnapshot(io.cwd, baselineFile, `write one with: ${selfCommand(io.cwd).join(' ')} audit <target> --update-baseline ${shellQuote(baselineFile)}`) : undefined;
  // The config's plugins are loaded, and the rules resolved, here: a mistake is reported before any page is read.
  const { rules: ruleSet, extensions } = await configRuleSet(config, configFile, io.cwd);
  resolveRules(ruleSet, config.rules, 'config');
  const weights = resolveWeights(config.weights);
  const cliKeywords = flags.keywords?.split(',').map((k) => k.trim()).filter(Boolean) ?? [];
  const maxBytes = flags.maxBytes === undefined ? (config.maxBytes ?? DEFAULT_MAX_BYTES) : Number(flags.maxBytes);
  const keywordsFor = keywordMatcher(config.keywords, cliKeywords);
  const crawlConfig = config.crawl ?? {};
  const timeoutSeconds = flags.timeout === undefined ? crawlConfig.timeoutSeconds : Number(flags.timeout);

  // Ctrl-C and --timeout both stop the run and still write the report, marked partial.
  const controller = new AbortController();
  let stoppedBy: string | undefined;
  const stop = (why: string): void => {
    stoppedBy ??= why;
    controller.abort();
  };
  const onSigint = (): void => stop('interrupted (Ctrl-C)');
  process.once('SIGINT', onSigint);
  const timedOut = `stopped by --timeout ${timeoutSeconds} s`;
  const deadline = timeoutSeconds === undefined ? undefined : Date.now() + timeoutSeconds * 1000;
  const timer = timeoutSeconds === undefined ? undefined : setTimeout(() => stop(timedOut), timeoutSeconds * 1000);
  // A page parsed in this thread can pass the deadline before the timer gets a turn: the audit stops then too.
  const stoppedAt = (partial: boolean): string | undefined => stoppedBy ?? (partial && deadline !== undefined && Date.now() >= deadline ? timedOut : undefined);
  try {
    return await auditWith(target, flags, io, { policy, outputs, guard, baseline, baselineFile, config, ruleSet, ...(extensions ? { extensions } : {}), weights, maxBytes, keywordsFor, controller, deadline, stoppedBy: stoppedAt });
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSigint);
  }
}

interface AuditContext {
  policy: GatePolicy;
  outputs: OutputSpec[];
  /** Writes the reports and the baseline, never over an input. */
  guard: OutputGuard;
  /** The baseline read before the run, when comparing with one. */
  baseline: Snapshot | undefined;
  /** The baseline file: compared with, or (with --update-baseline) written. */
  baselineFile: string | undefined;
  config: ReturnType<typeof loadConfig>['config'];
  /** The run's rules: the built-in ones and the config's plugins and checks. */
  ruleSet: readonly Rule[];
  extensions?: Extensions;
  weights: ReturnType<typeof resolveWeights>;
  maxBytes: number;
  keywordsFor: (url: string) => string[] | undefined;
  controller: AbortController;
  /** When --timeout ends the run (Date.now() ms): a Retry-After past it is not waited for, a page parsed in this thread stops there. */
  deadline: number | undefined;
  /** Why the run stopped early, if it did; `partial` is whether the audit says it did not finish. */
  stoppedBy: (partial: boolean) => string | undefined;
}

/** The source a target names: a site or sitemap over HTTP, a CSV export, or a folder (its files then guarded as inputs). */
async function sourceFor(target: string, flags: AuditFlags, io: CliIo, ctx: AuditContext): Promise<{ source: Source; progressOf?: () => { queued: number; fetched: number } }> {
  const { config, maxBytes, keywordsFor, controller } = ctx;
  if (flags.profile !== undefined && !/\.(csv|tsv)$/i.test(target)) throw new UsageError(`--profile ${flags.profile}: only a CSV export has a profile; ${target} is not a .csv or .tsv file`);
  // A rendering flag on a run that renders nothing is a mistake to say, not to ignore.
  if ((flags.render ?? config.crawl?.render ?? 'never') === 'never') {
    const given = [flags.renderThirdParty ? '--render-third-party' : undefined, flags.chromium !== undefined ? '--chromium' : undefined, flags.renderConcurrency !== undefined ? '--render-concurrency' : undefined].filter((f) => f !== undefined);
    if (given.length > 0) throw new UsageError(`${given.join(', ')}: ${given.length === 1 ? 'it is' : 'they are'} for rendering pages; add --render auto or --render always`);
  }
  if (/^https?:\/\//i.test(target)) {
    // A staging or local server of a site with another public address: fetched there, reported under the public URLs.
    // Loaded only for a URL: the HTTP client (undici) is the largest module an audit can load.
    const [{ webSource }, { stagingTarget }] = await Promise.all([import('../sources/web.js'), import('../sources/web/staging.js')]);
    const staging = stagingTarget(target, flags.baseUrl ?? config.baseUrl);
    const options = webOptions(staging.target, flags, config.crawl ?? {}, maxBytes, keywordsFor, controller.signal, ctx.deadline);
    if (staging.mirror) options.http = { ...options.http, mirror: staging.mirror };
    // Requests only a rule needs are not made when the config turns that rule off.
    const on = new Set(resolveRules(ctx.ruleSet, config.rules, 'config').map((r) => r.rule.id));
    if (!on.has('image-too-large')) options.checkImages = false;
    if (!on.has('soft-404')) options.probeNotFound = false;
    const web = await webSource(options);
    web.target = target;
    return { source: web, progressOf: web.progress };
  }
  // Rendering fetches each page's scripts and data as the crawler does: it needs the site over HTTP.
  if (flags.render !== undefined && flags.render !== 'never') {
    // A file is served from its folder; python3 needs nothing downloaded.
    const folder = /\.(html?|csv|xml|txt)$/i.test(target) ? path.dirname(target) : target;
    throw new UsageError(`--render ${flags.render}: rendering needs pages over HTTP; serve ${folder} (e.g. python3 -m http.server 8080 --bind 127.0.0.1 --directory ${shellQuote(folder)}, or npx http-server ${shellQuote(folder)}) and audit its URL`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new InputError(`${target}: only http:// and https:// URLs can be audited; for files, name the folder without file://`);
  }
  const baseUrl = flags.baseUrl ?? config.baseUrl;
  if (/\.(csv|tsv)$/i.test(target)) {
    const source = csvSource({
      target: path.resolve(io.cwd, target),
      display: target,
      keywordsFor,
      profiles: true,
      ...(flags.profile !== undefined ? { profile: profileFlag(flags.profile) } : {}),
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      ...(flags.skipBadRows ? { skipBadRows: true } : {}),
    });
    return { source };
  }
  const maxPages = flags.maxPages === undefined ? config.crawl?.maxPages : Number(flags.maxPages);
  const source = await folderSource({ target: path.resolve(io.cwd, target), ...(baseUrl ? { baseUrl } : {}), ...(maxPages !== undefined ? { maxPages } : {}), maxBytes, keywordsFor });
  source.target = target;
  // Now the pages are known, whatever their names (a sitemap may list site/about with no
  // extension): no report or baseline is written over one, checked before any page is read.
  if (source.files) ctx.guard.readAlso({ files: source.files, noun: `a file the audit of ${target} reads`, never: 'the audited files are never overwritten' });
  return { source };
}


async function auditWith(target: string, flags: AuditFlags, io: CliIo, ctx: AuditContext): Promise<number> {
  const { config, weights } = ctx;
  const { source, progressOf } = await sourceFor(target, flags, io, ctx);
  const spinner = await progressLine(io, flags.quiet === true, 'auditing…');
  const started = Date.now();
  let result;
  try {
    // Stopped while the source was opened (a slow robots.txt, sitemaps): runAudit() sees the
    // aborted signal at once, and the report says what was learnt, marked partial.
    result = await runAudit({
      source,
      ruleSettings: config.rules,
      ...(ctx.extensions ? { extensions: ctx.extensions } : {}),
      weights,
      workers: flags.workers === undefined ? 'auto' : Number(flags.workers),
      signal: ctx.controller.signal,
      ...(ctx.deadline !== undefined ? { deadline: ctx.deadline } : {}),
      ...(spinner
        ? {
            onProgress: (p) => {
              const queued = progressOf ? `, ${progressOf().queued} queued` : '';
              spinner.update(`${pagesText(p.done)} audited${queued}, ${p.errors} errors, ${(p.done / ((Date.now() - started) / 1000)).toFixed(0)} pages/s — ${p.url}`);
            },
          }
        : {}),
    });
  } finally {
    spinner?.stop();
  }
  const stoppedBy = ctx.stoppedBy(result.partial);
  if (stoppedBy) result.notes.push(`${stoppedBy}: the report covers the ${pagesText(result.pages.length)} audited before the stop`);
  // A run stopped before its first page still writes its report (partial, exit 2): what it
  // learnt (sitemap problems, what a cap cut) is what the user needs to see.
  if (result.pages.length === 0 && !stoppedBy) {
    const first = result.errors[0];
    // With no error to show, the notes say why (every file a redirect stub, every URL a PDF…).
    const why = first ? `; first problem: ${first.origin}: ${first.message}` : result.notes.length > 0 ? `; ${result.notes.join('; ')}` : '';
    throw new InputError(`${target}: no page could be audited${why}`);
  }

  return reportAndGate(result, stoppedBy, flags, io, ctx);
}

/** The report written in every format asked for, the baseline updated or compared with, and the exit code: 0, 1 for a failed gate, 2 or 130 for a stopped run. */
async function reportAndGate(result: AuditResult, stoppedBy: string | undefined, flags: AuditFlags, io: CliIo, ctx: AuditContext): Promise<number> {
  const report = toJsonReport(result, toolInfo(), new Date().toISOString(), { weights: ctx.weights, cwd: io.cwd });
  const failed = (result.ruleFailures ?? []).map(failureLine);
  if (flags.updateBaseline !== undefined) {
    const file = ctx.baselineFile!;
    // A baseline from a run that did not finish would make every page it missed look new next time.
    if (stoppedBy) io.stderr.write(`${stoppedBy}: the baseline ${file} was not written (the run is partial)\n`);
    else if (failed.length > 0) io.stderr.write(`the baseline ${file} was not written: a rule failed, so its findings are missing\n`);
    else {
      await writeBaseline(io.cwd, file, report, ctx.guard);
      if (!flags.quiet) io.stderr.write(`baseline written to ${file}: ${pagesText(report.pages.length)}, site score ${report.summary.score}\n`);
    }
  } else if (ctx.baseline) {
    report.comparison = compareChecked(ctx.baseline, report, 'this run');
  }
  // Updating the baseline accepts this run: only the minimum score still applies.
  const policy: GatePolicy = flags.updateBaseline !== undefined ? { failOn: 'none', ...(ctx.policy.minScore !== undefined ? { minScore: ctx.policy.minScore } : {}) } : ctx.policy;
  const verdict = verdictOf(report, report.comparison, policy);
  if (verdict) report.gate = verdict;
  await writeOutputs(ctx.outputs, report, io, { color: flags.color, verbose: flags.verbose ?? false, quiet: flags.quiet ?? false }, ctx.guard);
  for (const e of flags.quiet ? [] : result.errors) io.stderr.write(`warning: ${printable(e.origin)}: ${printable(e.message)}\n`);
  // A rule that failed (a plugin's) lost its findings where it failed: the report is written, the step fails.
  for (const line of failed) io.stderr.write(`seo-ai: ${printable(line)}\n`);
  if (failed.length > 0 && !stoppedBy) return 2;
  if (stoppedBy) {
    // The report is written, but a run that did not finish must not pass a CI step.
    io.stderr.write(`${stoppedBy}: the report is partial (${pagesText(result.pages.length)})\n`);
    return stoppedBy.startsWith('interrupted') ? 130 : 2;
  }
  if (verdict && !verdict.passed) {
    const minScore = verdict.failures.find((f) => f.condition === 'min-score');
    // Named where the threshold came from: the flag, else the config's gate.minScore.
    const from = flags.minScore !== undefined ? '--min-score' : 'gate.minScore (config)';
    if (minScore && verdict.failures.length === 1) io.stderr.write(`site score ${report.summary.score} is below ${from} ${verdict.policy.minScore}\n`);
    else io.stderr.write(`seo-ai: the gate failed: ${verdict.failures.map((f) => f.condition).join(', ')}\n`);
    return 1;
  }
  return 0;
}

function webOptions(
  target: string,
  flags: AuditFlags,
  crawl: NonNullable<ReturnType<typeof loadConfig>['config']['crawl']>,
  maxBytes: number,
  keywordsFor: (url: string) => string[] | undefined,
  signal: AbortSignal,
  deadline: number | undefined,
): WebSourceOptions {
  const options: WebSourceOptions = { target, maxBytes, keywordsFor, signal, version: toolInfo().version };
  const concurrency = flagNumber(flags.concurrency, crawl.concurrency);
  const perHost = flagNumber(flags.perHost, crawl.perHostConcurrency);
  const delay = flagNumber(flags.delay, crawl.delayMs);
  const maxPages = flagNumber(flags.maxPages, crawl.maxPages);
  const maxDepth = flagNumber(flags.maxDepth, crawl.maxDepth);
  const requestTimeout = flags.requestTimeout === undefined ? crawl.requestTimeoutMs : Number(flags.requestTimeout) * 1000;
  if (flags.crawl) options.crawl = true;
  if (concurrency !== undefined) options.concurrency = concurrency;
  if (perHost !== undefined) options.perHostConcurrency = perHost;
  if (delay !== undefined) options.delayMs = delay;
  if (maxPages !== undefined) options.maxPages = maxPages;
  if (maxDepth !== undefined) options.maxDepth = maxDepth;
  const include = flags.include ?? crawl.include;
  const exclude = flags.exclude ?? crawl.exclude;
  if (include) options.include = include;
  if (exclude) options.exclude = exclude;
  if (flags.ignoreRobots || crawl.ignoreRobots) options.ignoreRobots = true;
  if (flags.checkExternal || crawl.checkExternal) options.checkExternal = true;
  if (!flags.checkLinks) options.checkLinks = false;
  const render = renderSettings(flags, crawl);
  if (render) options.render = render;
  const userAgent = flags.userAgent ?? crawl.userAgent;
  if (userAgent) options.userAgent = userAgent;
  options.http = {
    ...(requestTimeout !== undefined ? { requestTimeoutMs: requestTimeout, headersTimeoutMs: requestTimeout, bodyTimeoutMs: requestTimeout, connectTimeoutMs: Math.min(requestTimeout, 10_000) } : {}),
    ...(crawl.retries !== undefined ? { retries: crawl.retries } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
  };
  return options;
}

/**
 * What an audit of `target` reads from disk, for guardOutputs: a CSV or HTML file, or the pages
 * and sitemaps of a folder. A URL reads nothing from disk; a missing path is reported by the source.
 */
function auditedInputs(cwd: string, target: string): PlannedInput[] {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return [];
  let info;
  try {
    info = statSync(path.resolve(cwd, target));
  } catch {
    return [];
  }
  if (info?.isDirectory()) return [{ folder: target, noun: 'the audited folder', reads: /\.(html?|xml|gz)$/i, never: 'the audited files are never overwritten' }];
  return info ? [{ file: target, noun: 'the audited file', never: 'the audited file is never overwritten' }] : [];
}

/** "1 page", "2 pages". */
const pagesText = (n: number): string => `${n} page${n === 1 ? '' : 's'}`;

/** `--profile NAME`, shared by audit, optimize and apply: an unknown name is a usage error. */
export function profileFlag(name: string): ProfileName {
  try {
    return profileByName(name);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A rule's failure as the user reads it: which rule, from which plugin, where, what it said. */
function failureLine(f: NonNullable<AuditResult['ruleFailures']>[number]): string {
  const from = f.plugin ? ` (plugin "${f.plugin}")` : '';
  const where = f.pages === 0 ? 'over the site' : `on ${pagesText(f.pages)}${f.firstUrl ? ` (first ${f.firstUrl})` : ''}`;
  return `rule "${f.rule}"${from} failed ${where}: ${f.message}; its findings there are missing from the report${f.plugin ? `; fix the plugin or turn the rule off ("rules": { "${f.rule}": "off" })` : ''}`;
}

/** --render and its flags (or the config's crawl.render…): undefined for never. Without Chromium, always is refused here; auto goes on raw, said in the notes. */
function renderSettings(flags: AuditFlags, crawl: NonNullable<Config['crawl']>): RenderSettings | undefined {
  const mode = flags.render ?? crawl.render ?? 'never';
  if (mode !== 'never' && mode !== 'auto' && mode !== 'always') throw new UsageError(`--render ${mode}: use never, auto or always`);
  if (mode === 'never') return undefined;
  const found = findChromium(flags.chromium ?? crawl.chromium);
  if (found.path === undefined && mode === 'always') throw new InputError(`--render always: ${found.problem!}`);
  const concurrency = flagNumber(flags.renderConcurrency, crawl.renderConcurrency);
  return {
    mode,
    ...(found.path !== undefined ? { chromium: found.path } : { missing: found.problem! }),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(flags.renderThirdParty || crawl.renderThirdParty ? { thirdParty: true } : {}),
  };
}
