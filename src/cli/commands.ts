// Every command and its options, as --help shows them. Defining them loads nothing that runs them:
// each action imports its command's module when it runs, so `seo-ai --version` or `seo-ai rules`
// does not load the LLM client, the tokenizer, the HTTP client or the report renderers.
import type { Command } from 'commander';
import { PROFILE_NAMES } from '../csv/profiles/index.js';
import { DEFAULT_MODEL } from '../llm/cost.js';
import { DEFAULT_MAX_BYTES, WEB_DEFAULTS } from '../sources/defaults.js';
import type { ApplyFlags } from './apply.js';
import type { AuditFlags } from './audit.js';
import { CONFIG_NAME, DEFAULT_BASELINE, WORKFLOW_FILE } from './defaults.js';
import type { DiffFlags } from './diff.js';
import type { InitFlags } from './init.js';
import { renamedFlag, renamedOption, type CliIo } from './io.js';
import { numberArg, WHOLE_MAX } from './numbers.js';
import type { OptimizeFlags } from './optimize.js';
import type { RulesFlags } from './rules.js';

type SetExit = (code: number) => void;

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/** The CI gate's thresholds, for audit (with a baseline) and diff. */
function addGateOptions(cmd: Command): Command {
  return cmd
    .option('--fail-on <severity>', 'with a baseline: fail on a new finding of this severity or worse: critical, high, medium, low or none (default high)')
    .option('--max-score-drop <points>', 'with a baseline: fail when the mean score of the pages in both runs falls by more than this', numberArg('--max-score-drop', { min: 0, max: 100 }))
    .option('--max-page-drop <points>', "with a baseline: fail when any page's score falls by more than this", numberArg('--max-page-drop', { min: 0, max: 100 }));
}

export function registerCommands(program: Command, io: CliIo, setExit: SetExit): void {
  registerAudit(program, io, setExit);
  registerDiff(program, io, setExit);
  registerMerge(program, io, setExit);
  registerOptimize(program, io, setExit);
  registerApply(program, io, setExit);
  registerRules(program, io, setExit);
  registerInit(program, io, setExit);
}

function registerAudit(program: Command, io: CliIo, setExit: SetExit): void {
  const command = program
    .command('audit')
    .description('audit a sitemap URL, a site (crawled from a URL), a folder of HTML files (with its sitemap.xml, if any), one .html file, or a CSV export')
    .argument('<target>', 'sitemap URL, page URL, folder, .html file, .csv file, or a .txt list of URLs (as --list-urls writes it)')
    .option('--base-url <url>', "the site's public address: pages of a folder or CSV get URLs under it (default: from sitemap.xml); a URL target on another address (staging, a local server) is fetched there and reported under it")
    .option('--keywords <list>', 'target keywords for every page, comma-separated')
    .option('--max-bytes <n>', `read at most this many bytes of a page (default ${DEFAULT_MAX_BYTES})`, numberArg('--max-bytes', { whole: true, min: 1, max: Number.MAX_SAFE_INTEGER }))
    .option('--verbose', 'list every finding with its fix hint')
    .option('--workers <n>', 'worker threads checking pages (default: one per core for 200 pages or more; 1 = none)', numberArg('--workers', { whole: true, min: 1, max: 64 }))
    .option('--crawl', 'also follow links from sitemap pages, to find pages the sitemap misses (on for a page URL)')
    .option('--list-urls <file>', 'also write the URLs of the pages the run reached, one a line: a crawl cannot be split into shards, its list can (seo-ai audit <file> --shard i/n)')
    .option('--max-pages <n>', `audit at most this many pages: fetched, taken from a sitemap, or read from a folder (default ${WEB_DEFAULTS.maxPages}); the pages left out are listed under losses, the run is not partial`, numberArg('--max-pages', { whole: true, min: 1, max: WHOLE_MAX }))
    .option('--max-depth <n>', 'follow links at most this many steps from the start URL', numberArg('--max-depth', { whole: true, min: 0, max: WHOLE_MAX }))
    .option('--include <globs>', 'audit only URLs whose path matches (comma-separated, repeatable; "**" spans folders)', collect)
    .option('--exclude <globs>', 'do not audit URLs whose path matches (comma-separated, repeatable)', collect)
    .option('--concurrency <n>', `requests in flight at once (default ${WEB_DEFAULTS.concurrency})`, numberArg('--concurrency', { whole: true, min: 1, max: 256 }))
    .option('--per-host <n>', `requests in flight at once to one host (default ${WEB_DEFAULTS.perHostConcurrency})`, numberArg('--per-host', { whole: true, min: 1, max: 256 }))
    .option('--delay <ms>', 'least time between two requests to one host (robots.txt Crawl-delay may ask for more)', numberArg('--delay', { min: 0, max: 3_600_000 }))
    .option('--ignore-robots', 'fetch pages robots.txt disallows (said in the report)')
    .option('--check-external', 'check links to other hosts too')
    .option('--no-check-links', 'do not check link targets that are not pages of the run')
    .option('--user-agent <ua>', 'User-Agent header (default seo-ai/<version>); robots.txt is read for its first word')
    .option('--request-timeout <s>', 'give up on one request after this many seconds, however slowly it answers (default 60)', numberArg('--request-timeout', { min: 0.001, max: 3600 }))
    .option('--timeout <s>', 'stop the whole run after this many seconds and report what was done, marked partial', numberArg('--timeout', { min: 0.001, max: 7 * 24 * 3600 }))
    .option('--render <when>', 'render pages in headless Chromium before auditing them: never (default), auto (pages whose HTML looks built by JavaScript) or always (config crawl.render)')
    .option('--render-concurrency <n>', 'pages rendered at once (default 2)', numberArg('--render-concurrency', { whole: true, min: 1, max: 32 }))
    .option('--chromium <path>', 'the Chrome or Chromium to render with (default: SEO_AI_CHROMIUM, else the system one)')
    .option('--render-third-party', 'let rendered pages load scripts and data from other hosts (refused by default)')
    .option('--shard <i/n>', 'audit one shard of the pages (of a folder, CSV, sitemap URL or URL list; not a crawl), chosen by a hash of each URL, into the file --output names; seo-ai merge writes the report')
    .option('--skip-bad-rows', 'CSV: skip malformed rows (each is listed in the report) instead of stopping at the first')
    .option('--profile <name>', `CSV: read the file as this export (${PROFILE_NAMES.join(', ')}); default: recognised by its header`)
    .option('--baseline <file>', `compare with this baseline and fail (exit 1) on regression (config gate.baseline)`)
    .option('--update-baseline [file]', `write this run as the baseline (default: the --baseline file, else ${DEFAULT_BASELINE}); only --min-score is then checked`);
  addGateOptions(command).action(async (target: string, _opts: unknown, cmd: Command) => {
    const { audit } = await import('./audit.js');
    setExit(await audit(target, cmd.optsWithGlobals<AuditFlags>(), io));
  });
}

function registerMerge(program: Command, io: CliIo, setExit: SetExit): void {
  const command = program
    .command('merge')
    .description('merge the shard files of a sharded audit (audit --shard i/n): run the site rules over all pages and write the report, gated as audit gates it')
    .argument('<shards...>', 'the shard files, one per shard')
    .option('--verbose', 'list every finding with its fix hint')
    .option('--baseline <file>', 'compare with this baseline and fail (exit 1) on regression (config gate.baseline)')
    .option('--update-baseline [file]', 'write the merged run as the baseline');
  addGateOptions(command).action(async (shards: string[], _opts: unknown, cmd: Command) => {
    const { merge } = await import('./merge.js');
    setExit(await merge(shards, cmd.optsWithGlobals<AuditFlags>(), io));
  });
}

function registerDiff(program: Command, io: CliIo, setExit: SetExit): void {
  const command = program
    .command('diff')
    .description('compare two runs (JSON reports or baselines): new, fixed and unchanged findings and score changes, per page and per rule; exit 1 when the gate policy fails')
    .argument('<old>', 'the earlier run: a JSON report (--format json) or a baseline file')
    .argument('<new>', 'the later run: a JSON report or a baseline file')
    .option('--verbose', 'list every changed page')
    .option('--base-url <url>', "the site's public address, as in every command: a run made at another address (staging, a local server) is compared as if made there");
  addGateOptions(command).action(async (older: string, newer: string, _opts: unknown, cmd: Command) => {
    const { diff } = await import('./diff.js');
    setExit(await diff(older, newer, cmd.optsWithGlobals<DiffFlags>(), io));
  });
}

function registerOptimize(program: Command, io: CliIo, setExit: SetExit): void {
  const command = program
    .command('optimize')
    .description('rewrite failing titles, meta descriptions and H1s of a CSV export and write FAQs for its product pages, check every rewrite with the audit rules, and write the results and a review file back')
    .requiredOption('--csv <file>', 'the CSV export (url, title, meta_description, h1, content, keywords, page_type, …)')
    .option('--offline', 'deterministic non-AI fixes (trim at word boundaries, descriptions from the opening sentences); no API key, no network')
    .option('--fields <list>', 'what to rewrite: title,meta,h1,faq (default: all)')
    .option('--attempts <n>', 'candidates per field before the original is kept and the row marked needs_review (default 3)', numberArg('--attempts', { whole: true, min: 1, max: 10 }))
    .option('--report <file>', 'the before/after review report, Markdown (default: <output>.md; the HTML version beside it, .html)')
    .option('--faq-in-description', 'WooCommerce: the FAQ (HTML with its FAQPage JSON-LD) goes at the end of the Description column, which has no FAQ column of its own')
    .option('--brand <name>', 'the brand kept at the end of titles ("… | Brand")')
    .option('--keywords <list>', 'target keywords for every row, comma-separated (added to the keywords column)')
    .option('--skip-bad-rows', 'skip malformed CSV rows (listed in the report) instead of stopping at the first')
    .option('--profile <name>', `read the CSV as this export (${PROFILE_NAMES.join(', ')}); default: recognised by its header`)
    .option('--base-url <url>', "the site's public address, as in audit: Shopify and WooCommerce exports name products by handle or ID (config baseUrl)")
    .option('--llm-url <url>', 'OpenAI-compatible endpoint (default: OPENAI_BASE_URL, else OpenAI; config llm.baseUrl)')
    .option('--model <name>', `model (default ${DEFAULT_MODEL})`)
    .option('--rpm <n>', 'requests per minute at most', numberArg('--rpm', { above0: true, max: WHOLE_MAX }))
    .option('--tpm <n>', 'tokens per minute at most', numberArg('--tpm', { above0: true, max: WHOLE_MAX }))
    .option('--concurrency <n>', 'requests in flight at most (default 4)', numberArg('--concurrency', { whole: true, min: 1, max: 256 }))
    .option('--max-cost <usd>', 'stop sending before this much is spent; rows not finished keep their values', numberArg('--max-cost', { above0: true, max: WHOLE_MAX }))
    .option('--judge [model]', "ask a model (the run's, or the one named) for a verdict on each candidate that passed every check: fluent, faithful to the page data, answering its question; only accepted ones are pre-approved")
    .option('--dry-run', 'print the rows, requests, estimated tokens and cost, and send nothing')
    .option('--batch', "send the requests through the provider's Batch API (half the price, its own rate limits, answers within 24 h): the first run submits batches and exits 75; the same command again collects them, and writes the outputs once every answer is in")
    .option('--wait', '--batch: stay and poll until every batch has ended and the outputs are written, with a progress line')
    .option('--batch-retry <how>', "--batch: what batches did not answer after --attempts batches: 'batch' (default: the rows fail, a rerun asks again) or 'sync' (asked at once, at sync prices)")
    .option('--batch-max-requests <n>', '--batch: requests in one batch input file at most (default 50,000, OpenAI\'s limit; config llm.batch.maxRequests)', numberArg('--batch-max-requests', { whole: true, min: 1, max: WHOLE_MAX }))
    .option('--batch-max-bytes <n>', '--batch: bytes of one batch input file at most (default 200 MB, OpenAI\'s limit; Groq takes 100 MB; config llm.batch.maxBytes)', numberArg('--batch-max-bytes', { whole: true, min: 1024, max: WHOLE_MAX * 1000 }))
    .option('--ignore-batches', 'without --batch: send again what batches of an earlier --batch run have not answered yet (at sync prices; the batches are paid for all the same)')
    .option('--batch-poll <s>', '--batch --wait: seconds between looks at the batches (default 30; config llm.batch.pollSeconds)', numberArg('--batch-poll', { above0: true, max: 3600 }))
    .option('--request-timeout <s>', 'give up on one LLM request after this many seconds (default 60)', numberArg('--request-timeout', { above0: true, max: 3600 }))
    .option('--timeout <s>', 'stop the whole run after this many seconds: what is done is written, marked partial (exit 2)', numberArg('--timeout', { above0: true, max: 7 * 24 * 3600 }))
    .action(async (_opts: unknown, cmd: Command) => {
      const { optimizeCommand } = await import('./optimize.js');
      setExit(await optimizeCommand(cmd.optsWithGlobals<OptimizeFlags>(), io));
    });
  renamedOption(command, '--site-url', '--base-url', "the site's public address, as in every command");
}

function registerApply(program: Command, io: CliIo, setExit: SetExit): void {
  const command = program
    .command('apply')
    .description("write the approved changes of a review file (from optimize) into the export they were proposed for, as a new import-ready file in the export's own format")
    .argument('<review>', 'the review file optimize wrote (<input>.review.csv), approved in a spreadsheet')
    .requiredOption('--to <export>', 'the export the review was made from (it is never overwritten)')
    .option('--profile <name>', `read the export as this format (${PROFILE_NAMES.join(', ')}); default: recognised by its header`)
    .option('--base-url <url>', "the site's public address, as in every command: edited values of Shopify and WooCommerce products are re-checked at their URL (config baseUrl)")
    .option('--skip-bad-rows', 'keep malformed export rows as they are (as optimize --skip-bad-rows skipped them) instead of refusing the export')
    .action(async (review: string, _opts: unknown, cmd: Command) => {
      const { apply } = await import('./apply.js');
      setExit(await apply(review, cmd.optsWithGlobals<ApplyFlags>(), io));
    });
  renamedOption(command, '--site-url', '--base-url', "the site's public address, as in every command");
}

function registerRules(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('rules [id]')
    .description('list every rule (id, category, default severity, options, description and fix); with an id, explain that rule; with a category, list its rules')
    .addOption(renamedFlag('--json', '--format json'))
    .addOption(renamedFlag('--markdown', '--format markdown'))
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const { rulesCommand } = await import('./rules.js');
      setExit(await rulesCommand(id, cmd.optsWithGlobals<RulesFlags>(), io));
    });
}

function registerInit(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('init')
    .description(`write a commented starter ${CONFIG_NAME} in the current folder, or with --ci github a GitHub Actions workflow (${WORKFLOW_FILE})`)
    .option('--force', 'overwrite an existing file')
    .option('--ci <provider>', 'write a CI workflow instead: github')
    .option('--target <folder-or-url>', 'with --ci: what the workflow audits, the built site folder or the sitemap URL (default public)')
    .option('--base-url <url>', "with --ci: the site's public address, when the target is a folder without a sitemap or a staging URL")
    .option('--shards <n>', 'with --ci: audit in n shards, a matrix job each, merged and gated by one more job', numberArg('--shards', { whole: true, min: 2, max: 256 }))
    .action(async (opts: InitFlags) => {
      const { init } = await import('./init.js');
      setExit(await init(opts, io));
    });
}
