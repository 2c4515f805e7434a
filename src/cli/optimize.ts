import path from 'node:path';
import type { Command } from 'commander';
import { rules as registry } from '../../rules/index.js';
import { resolveRules, resolveWeights } from '../engine/config.js';
import { offlineRewriter } from '../optimize/offline-rewriter.js';
import { optimizedCsv, optimizeMarkdown, summarise } from '../optimize/output.js';
import { parseFields } from '../optimize/plan.js';
import { optimize } from '../optimize/run.js';
import { csvSource } from '../sources/csv.js';
import { keywordMatcher } from '../sources/keywords.js';
import { InputError } from '../sources/types.js';
import { loadConfig } from './config-file.js';
import { UsageError, type CliIo } from './io.js';
import { writeFileAtomic } from './write-atomic.js';

interface OptimizeFlags {
  config?: string;
  output?: string;
  quiet?: boolean;
  csv?: string;
  offline?: boolean;
  fields?: string;
  report?: string;
  attempts?: string;
  skipBadRows?: boolean;
  brand?: string;
  keywords?: string;
}

export function registerOptimize(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('optimize')
    .description('rewrite failing titles, meta descriptions and H1s of a CSV export, check every rewrite with the audit rules, and write the results back')
    .requiredOption('--csv <file>', 'the CSV export (url, title, meta_description, h1, content, keywords, page_type, …)')
    .option('--offline', 'deterministic non-AI fixes (trim at word boundaries, descriptions from the opening sentences); no API key, no network')
    .option('--fields <list>', 'what to rewrite: title,meta,h1,faq (default: all)')
    .option('--attempts <n>', 'candidates per field before the original is kept and the row marked needs_review (default 3)')
    .option('--report <file>', 'the before/after review report, Markdown (default: <output>.md)')
    .option('--brand <name>', 'the brand kept at the end of titles ("… | Brand")')
    .option('--keywords <list>', 'target keywords for every row, comma-separated (added to the keywords column)')
    .option('--skip-bad-rows', 'skip malformed CSV rows (listed in the report) instead of stopping at the first')
    .action(async (_opts: unknown, cmd: Command) => {
      setExit(await run(cmd.optsWithGlobals<OptimizeFlags>(), io));
    });
}

async function run(flags: OptimizeFlags, io: CliIo): Promise<number> {
  const started = Date.now();
  const fields = parseFields(flags.fields);
  if (typeof fields === 'string') throw new UsageError(fields);
  const attempts = flags.attempts === undefined ? 3 : Number(flags.attempts);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10) throw new UsageError(`--attempts ${flags.attempts}: expected a whole number from 1 to 10`);
  if (!flags.offline) {
    throw new InputError('LLM rewriting is not available in this version yet; pass --offline for deterministic non-AI fixes');
  }
  const { config } = loadConfig(io.cwd, flags.config);
  resolveRules(registry, config.rules, 'config');
  const weights = resolveWeights(config.weights);
  const input = flags.csv!;
  const keywordsFor = keywordMatcher(config.keywords, flags.keywords?.split(',').map((k) => k.trim()).filter(Boolean) ?? []);
  const source = csvSource({ target: path.resolve(io.cwd, input), display: input, keywordsFor, ...(flags.skipBadRows ? { skipBadRows: true } : {}) });
  const output = flags.output ?? input.replace(/(\.[^./\\]+)?$/, '.optimized$1');
  const report = flags.report ?? output.replace(/(\.[^./\\]+)?$/, '.md');
  if (path.resolve(io.cwd, output) === path.resolve(io.cwd, input)) throw new UsageError(`--output ${output} is the input file; name another file (the input is never overwritten)`);

  const result = await optimize({
    source,
    ruleSettings: config.rules,
    weights,
    fields,
    rewriter: offlineRewriter(flags.brand === undefined ? {} : { brand: flags.brand }),
    attempts,
    keywordsFor,
  });
  const summary = summarise(result, (Date.now() - started) / 1000);
  await writeFileAtomic(path.resolve(io.cwd, output), optimizedCsv(source.table, result));
  await writeFileAtomic(path.resolve(io.cwd, report), optimizeMarkdown(result, summary, input));
  if (!flags.quiet) {
    for (const e of result.before.errors) io.stderr.write(`warning: ${e.origin}: ${e.message}\n`);
    io.stderr.write(
      `${summary.rows} rows: ${summary.ok} ok, ${summary.unchanged} unchanged, ${summary.needsReview} need review, ${summary.failed} failed; ` +
        `${summary.fieldsRewritten} fields rewritten (offline, non-AI); issues ${summary.issuesBefore} → ${summary.issuesAfter}; site score ${summary.scoreBefore} → ${summary.scoreAfter}\n` +
        `written: ${output} and ${report}\n`,
    );
    for (const n of result.notes) io.stderr.write(`note: ${n}\n`);
  }
  return 0;
}
