import path from 'node:path';
import type { Command } from 'commander';
import ora from 'ora';
import { rules as registry } from '../../rules/index.js';
import { runAudit } from '../audit.js';
import { resolveRules, resolveWeights } from '../engine/config.js';
import { formatJson } from '../report/json.js';
import { formatTerminal } from '../report/terminal.js';
import { DEFAULT_MAX_BYTES, folderSource } from '../sources/folder.js';
import { keywordMatcher } from '../sources/keywords.js';
import { InputError } from '../sources/types.js';
import { loadConfig } from './config-file.js';
import { UsageError, type CliIo } from './io.js';
import { painter } from './paint.js';
import { toolInfo } from './version.js';
import { writeFileAtomic } from './write-atomic.js';

export interface GlobalOptions {
  config?: string;
  format: string;
  output?: string;
  quiet?: boolean;
  debug?: boolean;
  color: boolean;
  minScore?: string;
}

interface AuditFlags extends GlobalOptions {
  baseUrl?: string;
  keywords?: string;
  maxBytes?: string;
  verbose?: boolean;
  workers?: string;
}

export const FORMATS = ['terminal', 'json'] as const;

export function registerAudit(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('audit')
    .description('audit a folder of HTML files (with its sitemap.xml, if any) or one .html file')
    .argument('<target>', 'folder or .html file')
    .option('--base-url <url>', 'the site URL the folder is published at (default: from sitemap.xml)')
    .option('--keywords <list>', 'target keywords for every page, comma-separated')
    .option('--max-bytes <n>', `read at most this many bytes of a page (default ${DEFAULT_MAX_BYTES})`)
    .option('--verbose', 'list every finding with its fix hint')
    .option('--workers <n>', 'worker threads checking pages (default: one per core for 200 pages or more; 1 = none)')
    .action(async (target: string, _opts: unknown, cmd: Command) => {
      setExit(await audit(target, cmd.optsWithGlobals<AuditFlags>(), io));
    });
}

async function audit(target: string, flags: AuditFlags, io: CliIo): Promise<number> {
  const minScore = flags.minScore === undefined ? undefined : parseNumber('--min-score', flags.minScore, 0, 100);
  const { config } = loadConfig(io.cwd, flags.config);
  // Resolved here only to report config mistakes before any page is read.
  resolveRules(registry, config.rules, 'config');
  const weights = resolveWeights(config.weights);
  const cliKeywords = flags.keywords?.split(',').map((k) => k.trim()).filter(Boolean) ?? [];
  if (/^https?:\/\//i.test(target)) {
    throw new InputError(`${target}: auditing URLs and sitemaps over HTTP is not built yet; audit a folder of HTML files for now`);
  }
  const baseUrl = flags.baseUrl ?? config.baseUrl;
  const source = await folderSource({
    target: path.resolve(io.cwd, target),
    ...(baseUrl ? { baseUrl } : {}),
    maxBytes: flags.maxBytes === undefined ? (config.maxBytes ?? DEFAULT_MAX_BYTES) : parseNumber('--max-bytes', flags.maxBytes, 1, Number.MAX_SAFE_INTEGER),
    keywordsFor: keywordMatcher(config.keywords, cliKeywords),
  });
  source.target = target;

  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  // ora loops forever clearing lines on a terminal that reports no width: draw only with a real one.
  const columns = (io.stderr as { columns?: number }).columns ?? 0;
  const spinner = io.stderr.isTTY && columns >= 20 && !flags.quiet ? ora({ stream: io.stderr, text: 'auditing…' }).start() : undefined;
  let lastDraw = 0;
  const started = Date.now();
  let result;
  try {
    result = await runAudit({
      source,
      ruleSettings: config.rules,
      weights,
      workers: flags.workers === undefined ? 'auto' : parseNumber('--workers', flags.workers, 1, 64),
      signal: controller.signal,
      ...(spinner
        ? {
            onProgress: (p) => {
              // Redrawing per page would cost more than the audit on small pages; ten times a second is plenty.
              const now = Date.now();
              if (now - lastDraw < 100) return;
              lastDraw = now;
              const line = `${p.done} pages audited, ${p.errors} not readable, ${(p.done / ((now - started) / 1000)).toFixed(0)} pages/s — ${p.url}`;
              spinner.text = line.length > columns - 4 ? `${line.slice(0, columns - 5)}…` : line;
            },
          }
        : {}),
    });
  } finally {
    spinner?.stop();
    process.off('SIGINT', onSigint);
  }
  if (result.pages.length === 0) {
    const first = result.errors[0];
    throw new InputError(`${target}: no page could be audited${first ? `; first problem: ${first.origin}: ${first.message}` : ''}`);
  }

  const text =
    flags.format === 'json'
      ? formatJson(result, toolInfo(), new Date().toISOString())
      : formatTerminal(result, { paint: painter(flags.color && !flags.output), weights, verbose: flags.verbose ?? false });
  if (flags.output) {
    await writeFileAtomic(path.resolve(io.cwd, flags.output), text);
    if (!flags.quiet) io.stderr.write(`report written to ${flags.output} (site score ${result.summary.score})\n`);
  } else {
    io.stdout.write(text);
  }
  for (const e of flags.quiet ? [] : result.errors) io.stderr.write(`warning: ${e.origin}: ${e.message}\n`);
  if (minScore !== undefined && result.summary.score < minScore) {
    io.stderr.write(`site score ${result.summary.score} is below --min-score ${minScore}\n`);
    return 1;
  }
  return 0;
}

function parseNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`${flag} ${value}: expected a number from ${min} to ${max}`);
  }
  return n;
}
