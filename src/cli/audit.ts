import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { normaliseUrl } from '../page/normalise-url.js';
import type { WebSourceExtras } from '../sources/web.js';
import { runAudit } from '../audit.js';
import { resolveRules, resolveWeights } from '../engine/config.js';
import { printable } from '../report/painter.js';
import { DEFAULT_MAX_BYTES, folderSource } from '../sources/folder.js';
import { keywordMatcher } from '../sources/keywords.js';
import { csvSource } from '../sources/csv.js';
import { profileByName, type ProfileName } from '../csv/profiles/index.js';
import { InputError, type Source } from '../sources/types.js';
import type { WebSourceOptions } from '../sources/web.js';
import { loadConfig } from './config-file.js';
import { UsageError, type CliIo } from './io.js';
import type { PlannedInput } from './no-clobber.js';
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
import { noPageAudited, reportAndGate, reportSetup, type ReportContext } from './report-setup.js';
import { ShardRun, shardSettings, shardSpec } from './shard.js';
import type { ShardSpec } from '../shard/shard.js';

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
  shard?: string;
  /** --list-urls <file>: the URLs of the pages a crawl reached, written for an audit of that list (in shards). */
  listUrls?: string;
}


/** `seo-ai audit <target>`: the exit code (0 passed, 1 over a threshold or a regression, 2 an error). */
export async function audit(target: string, flags: AuditFlags, io: CliIo): Promise<number> {
  const { config, file: configFile } = loadConfig(io.cwd, flags.config);
  // Flags and config are checked before any page is read: a typo must not cost a crawl.
  // One shard of a run writes its shard file, not a report: seo-ai merge writes that.
  const shard = shardSpec(flags);
  if (flags.listUrls !== undefined && shard) throw new UsageError(`--list-urls and --shard: --list-urls writes the pages a crawl reaches, for an audit of that list in shards; run it first, alone`);
  if (flags.listUrls !== undefined && !/^https?:\/\//i.test(target)) throw new UsageError(`--list-urls ${flags.listUrls}: it writes the URLs of the pages a crawl over HTTP reaches; ${target} is no URL (its pages are audited in shards as they are: --shard i/n)`);
  const extra = shard ? { file: flags.output!, noun: 'the shard file', label: `--output ${flags.output!}` } : flags.listUrls !== undefined ? { file: flags.listUrls, noun: 'the URL list', label: `--list-urls ${flags.listUrls}`, besideReports: true } : undefined;
  const { policy, outputs, guard, baseline, baselineFile } = reportSetup(flags, io, config, configFile, auditedInputs(io.cwd, target), extra);
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
    return await auditWith(target, flags, io, { ...(shard ? { shard } : {}), policy, outputs, guard, baseline, baselineFile, config, ruleSet, ...(extensions ? { extensions } : {}), weights, maxBytes, keywordsFor, controller, deadline, stoppedBy: stoppedAt });
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSigint);
  }
}

interface AuditContext extends ReportContext {
  /** This run is one shard of a sharded audit (--shard i/n). */
  shard?: ShardSpec;
  config: ReturnType<typeof loadConfig>['config'];
  /** The run's rules: the built-in ones and the config's plugins and checks. */
  ruleSet: readonly Rule[];
  extensions?: Extensions;
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
  // A URL list (what --list-urls writes): its pages over HTTP, as a sitemap's are.
  const list = /\.txt$/i.test(target) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? readUrlList(path.resolve(io.cwd, target), target) : undefined;
  if (/^https?:\/\//i.test(target) || list) {
    // A staging or local server of a site with another public address: fetched there, reported under the public URLs.
    // Loaded only for a URL: the HTTP client (undici) is the largest module an audit can load.
    const [{ webSource }, { stagingTarget }] = await Promise.all([import('../sources/web.js'), import('../sources/web/staging.js')]);
    const staging = stagingTarget(list ? list.urls[0]! : target, flags.baseUrl ?? config.baseUrl);
    const options = webOptions(staging.target, flags, config.crawl ?? {}, maxBytes, keywordsFor, controller.signal, ctx.deadline);
    if (staging.mirror) options.http = { ...options.http, mirror: staging.mirror };
    // Requests only a rule needs are not made when the config turns that rule off.
    const on = new Set(resolveRules(ctx.ruleSet, config.rules, 'config').map((r) => r.rule.id));
    if (!on.has('image-too-large')) options.checkImages = false;
    if (!on.has('soft-404')) options.probeNotFound = false;
    if (ctx.shard) options.shard = ctx.shard;
    if (list) options.pages = { from: target, urls: list.urls, depths: list.depths, ...(list.crawledFrom !== undefined ? { crawledFrom: list.crawledFrom } : {}) };
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
  const source = await folderSource({ target: path.resolve(io.cwd, target), ...(baseUrl ? { baseUrl } : {}), ...(maxPages !== undefined ? { maxPages } : {}), maxBytes, keywordsFor, ...(ctx.shard ? { shard: ctx.shard } : {}) });
  source.target = target;
  // Now the pages are known, whatever their names (a sitemap may list site/about with no
  // extension): no report or baseline is written over one, checked before any page is read.
  if (source.files) ctx.guard.readAlso({ files: source.files, noun: `a file the audit of ${target} reads`, never: 'the audited files are never overwritten' });
  return { source };
}


/** The first line of a URL list --list-urls writes after a crawl that reached every page it could: the list then stands for the crawl. */
const COMPLETE_CRAWL = /^# seo-ai: the pages a crawl from (https?:\/\/\S+) reached \(every page it could reach\)/;

/** What a URL list holds: its URLs, their click depths when a crawl wrote them, and the crawl's start when it reached every page. */
export interface UrlList {
  urls: string[];
  depths: Map<string, number>;
  crawledFrom?: string;
}

/**
 * A URL list: one absolute http(s) URL a line, with its click depth after a tab when a crawl wrote
 * it (blank lines and # comments aside): what --list-urls writes, and sitemaps.org's text format
 * when it has no depths. Each URL normalised, once, all on one site.
 */
function readUrlList(file: string, display: string): UrlList {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${display}: cannot read the URL list (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const list: UrlList = { urls: [], depths: new Map() };
  const seen = new Set<string>();
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim();
    const crawl = i === 0 ? COMPLETE_CRAWL.exec(line) : null;
    if (crawl) list.crawledFrom = normaliseUrl(crawl[1]!) ?? crawl[1]!;
    if (line === '' || line.startsWith('#')) return;
    const parts = /^(https?:\/\/\S+)(?:\t+(\d+))?$/i.exec(line);
    if (!parts && /^https?:\/\/\S+\s+\S/.test(line) && !/^https?:\/\/\S+\s+https?:/i.test(line)) {
      throw new InputError(`${display}:${i + 1}: after the URL comes its click depth, a tab and a whole number (as audit --list-urls writes it), or nothing`);
    }
    const url = parts ? normaliseUrl(parts[1]!) : undefined;
    if (url === undefined) throw new InputError(`${display}:${i + 1}: ${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line)} is no http(s) URL; a URL list has one absolute URL a line (as audit --list-urls writes it)`);
    const host = new URL(url).host;
    const first = list.urls[0];
    if (first !== undefined && new URL(first).host !== host) throw new InputError(`${display}:${i + 1}: ${url} is on ${host}, and the list's first URL on ${new URL(first).host}; a URL list names the pages of one site`);
    if (seen.has(url)) return;
    seen.add(url);
    list.urls.push(url);
    if (parts![2] !== undefined) list.depths.set(url, Number(parts![2]));
  });
  if (list.urls.length === 0) throw new InputError(`${display}: no URL in it; a URL list has one absolute http(s) URL a line (write one with: seo-ai audit <site URL> --list-urls ${display})`);
  return list;
}

async function auditWith(target: string, flags: AuditFlags, io: CliIo, ctx: AuditContext): Promise<number> {
  const { config, weights } = ctx;
  const { source: whole, progressOf } = await sourceFor(target, flags, io, ctx);
  const shardRun = ctx.shard ? new ShardRun(whole, ctx.shard, shardSettings(flags, config)) : undefined;
  const source = shardRun?.source ?? whole;
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
      ...(shardRun ? { onChecked: shardRun.onChecked, onUnchecked: shardRun.onUnchecked } : {}),
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
  if (shardRun) {
    // A shard may hold no page of a small site: the merge still needs its file.
    const line = await shardRun.write(flags.output!, result, weights, ctx.guard);
    if (!flags.quiet && !stoppedBy) io.stderr.write(`${line}\n`);
    for (const e of flags.quiet ? [] : result.errors) io.stderr.write(`warning: ${printable(e.origin)}: ${printable(e.message)}\n`);
    if (stoppedBy) io.stderr.write(`${stoppedBy}: the shard written to ${flags.output!} is partial, and merge refuses it: audit it again\n`);
    return stoppedBy ? (stoppedBy.startsWith('interrupted') ? 130 : 2) : 0;
  }
  if (result.pages.length === 0 && !stoppedBy) {
    throw noPageAudited(target, result);
  }
  if (flags.listUrls !== undefined) {
    // Every URL the crawl took to fetch, in its order, with its click depth and as asked for on the
    // wire (redirect stubs and redirects included): an audit of the list fetches the same, alike.
    const urls = (source as Partial<WebSourceExtras>).fetchedUrls?.() ?? [];
    // A crawl that reached every page it could: the list stands for it (orphan-page and page-too-deep judge an audit of the list as they judge the crawl).
    const site = source.webSite?.();
    const head = site?.crawled && site.start !== undefined && !stoppedBy ? `# seo-ai: the pages a crawl from ${site.start} reached (every page it could reach), each with its click depth\n` : '';
    await ctx.guard.write(flags.listUrls, `${head}${urls.map(({ url, depth }) => `${url}\t${depth}\n`).join('')}`);
    if (!flags.quiet) io.stderr.write(`${urls.length} URLs written to ${flags.listUrls}${stoppedBy ? ' (the run was stopped: the list is partial)' : ''}; audit them in shards with: seo-ai audit ${shellQuote(flags.listUrls)} --shard i/n --output shard-i.jsonl\n`);
  }

  return reportAndGate(result, stoppedBy, flags, io, ctx);
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
