import { lstatSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_NAME, schemaRef, withSchemaRef } from './config-file.js';
import { DEFAULT_BASELINE, WORKFLOW_FILE } from './defaults.js';
import { GATED_FORMATS, githubShardedWorkflow, REPORT_STEPS, SETUP_STEPS, WORKFLOW_HEAD, workflowEnv } from './init-sharded.js';
import { looksLikeSitemap } from '../sources/web/content.js';
import { UsageError, type CliIo } from './io.js';
import { shellCommand } from './shell-quote.js';
import { toolInfo } from './version.js';
import { writeFileAtomic } from './write-atomic.js';

/**
 * The starter config: JSON with comments and trailing commas, every key explained, every commented
 * example valid once uncommented (starter-config.test.ts loads each). `init` points "$schema" at its own schema file.
 */
export const STARTER_CONFIG = `{
  // The schema gives your editor completion and checks: rule ids, severities, options.
  "$schema": "./node_modules/seo-ai/seo-ai.config.schema.json",

  // seo-ai configuration. Run "seo-ai rules" for every rule id, its default severity and options.
  // JSON with comments and trailing commas: uncomment a line to use it.

  // Where the site is published: pages in a folder get URLs under it (else taken from sitemap.xml).
  // "baseUrl": "https://shop.example/",

  // Per rule id or category: "critical" | "high" | "medium" | "low" | "off",
  // or [severity, { options }] on a rule id. A rule id beats its category.
  "rules": {
    // "social": "off",
    // "title-too-long": ["medium", { "max": 65 }],
    // "content-thin": ["high", { "min": 250 }]
  },

  // Points a page loses per failing rule, by severity (a page starts at 100).
  "weights": { "critical": 25, "high": 15, "medium": 10, "low": 5 },

  // Target keywords per URL path glob; keyword rules are not applicable without them.
  "keywords": {
    // "/products/tents/**": ["tent", "camping tent"]
  },

  // The CI gate (seo-ai audit --baseline, seo-ai diff): when a run fails (exit 1) against the baseline.
  // failOn: a new finding this severe or worse fails ("none" to turn off); the drops are in points.
  "gate": {
    // "baseline": "seo-baseline.json",
    // "failOn": "high",
    // "maxScoreDrop": 1,
    // "maxPageDrop": 20,
    // "minScore": 80
  }
}
`;

export { WORKFLOW_FILE };

/**
 * The GitHub Actions recipe: audit the built site or the sitemap, compare with the committed
 * baseline, show new findings as annotations and in the job summary, upload SARIF to code
 * scanning and keep the HTML report, and fail the job (exit 1) on regression.
 */
export function githubWorkflow(target: string, baseUrl?: string): string {
  const site = baseUrl === undefined ? '' : `\n          --base-url "$SEO_BASE_URL"`;
  return `# seo-ai: fail the build when SEO gets worse than the committed baseline.
# Written by "seo-ai init --ci github". SEO_TARGET is the built site's folder or the sitemap URL.
# It runs the seo-ai your project installs: seo-ai must be in package.json's devDependencies.
# The first baseline: run "npx seo-ai audit <target> --update-baseline" and commit ${DEFAULT_BASELINE}.
# Accepting a change on purpose: run the same with --update-baseline and commit the new baseline.
${WORKFLOW_HEAD}${workflowEnv(target, baseUrl)}jobs:
  seo:
    runs-on: ubuntu-latest
    steps:
${SETUP_STEPS}      # ${/^https?:\/\//i.test(target) ? 'SEO_TARGET is a URL: the site must answer there when this step runs (start a server of the build in a step here, for a local address)' : 'Build the site here (for example: npm run build) when SEO_TARGET is a folder'}.
      - name: Audit and compare with the baseline
        run: >-
          npx --no-install seo-ai audit "$SEO_TARGET"${site}
${GATED_FORMATS}${REPORT_STEPS}`;
}

/**
 * The workflow runs `npm ci` and the seo-ai the project installed (never a name fetched at run
 * time): what to add when the project's package.json does not list seo-ai yet.
 */
export function installAdvice(cwd: string): string | undefined {
  const file = path.join(cwd, 'package.json');
  let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as typeof manifest;
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return `${missing ? 'no package.json here' : `${file} cannot be read (${(err as Error).message})`}: the workflow runs "npm ci", then the seo-ai the project installs.\n${ADD_SEO_AI}`;
  }
  if (manifest.devDependencies?.['seo-ai'] !== undefined || manifest.dependencies?.['seo-ai'] !== undefined) return undefined;
  return `package.json does not list seo-ai: the workflow runs the seo-ai the project installs.\n${ADD_SEO_AI}`;
}

const ADD_SEO_AI = `add it to devDependencies, and commit package.json and package-lock.json:
  npm i -D ./seo-ai-${toolInfo().version}.tgz   (the tarball "npm pack" makes in a seo-ai clone; commit it too)
  npm i -D seo-ai            (once seo-ai is published on npm)
`;

export interface InitFlags {
  force?: boolean;
  ci?: string;
  target?: string;
  baseUrl?: string;
  shards?: string;
}

/** A URL that names a sitemap (as audit reads it: .xml, .xml.gz, .txt, or a path naming one). */
function isSitemapUrl(target: string): boolean {
  try {
    return looksLikeSitemap(new URL(target));
  } catch {
    return false;
  }
}

/** `seo-ai init`: the starter config, or with --ci github the workflow; never over a file unless --force. */
export async function init(opts: InitFlags, io: CliIo): Promise<number> {
  if (opts.ci !== undefined && opts.ci !== 'github') throw new UsageError(`--ci ${opts.ci}: only "github" is supported; other CI systems can run the same command (see the README)`);
  for (const [flag, value] of [['--target', opts.target], ['--base-url', opts.baseUrl], ['--shards', opts.shards]] as const) {
    if (value !== undefined && opts.ci === undefined) throw new UsageError(`${flag} is for the CI workflow (init --ci github ${flag} …); the starter config takes none (its "baseUrl" key is the site's address)`);
  }
  const target = opts.target ?? 'public';
  const shards = opts.shards === undefined ? undefined : Number(opts.shards);
  if (shards !== undefined && /^https?:\/\//i.test(target) && !isSitemapUrl(target)) {
    throw new UsageError(`--shards: ${target} is a site URL, crawled from its links, and a crawl cannot be split into shards before it starts: give the sitemap (--target https://…/sitemap.xml), or a URL list a crawl wrote (seo-ai audit ${target} --list-urls urls.txt, committed with the workflow: --target urls.txt)`);
  }
  const file = path.join(io.cwd, opts.ci ? WORKFLOW_FILE : CONFIG_NAME);
  // lstat: a dangling symlink exists too (writing through it would create a file elsewhere).
  const there = lstatSync(file, { throwIfNoEntry: false });
  if (there && !opts.force) throw new UsageError(`${file} already exists; use --force to overwrite it`);
  await mkdir(path.dirname(file), { recursive: true });
  // Whole or not at all: an interrupted init never leaves half a config that fails to parse.
  const workflow = (): string => (shards === undefined ? githubWorkflow(target, opts.baseUrl) : githubShardedWorkflow(target, shards, opts.baseUrl));
  await writeFileAtomic(file, opts.ci ? workflow() : withSchemaRef(STARTER_CONFIG, schemaRef(path.dirname(file))));
  io.stdout.write(`wrote ${file}\n`);
  // The command on a line of its own, quoted for the shell: a target may hold spaces or quotes.
  if (opts.ci) {
    const install = installAdvice(io.cwd);
    if (install) io.stdout.write(install);
    const first = shellCommand('npx', 'seo-ai', 'audit', target, ...(opts.baseUrl === undefined ? [] : ['--base-url', opts.baseUrl]), '--update-baseline');
    io.stdout.write(`next: ${/^https?:\/\//i.test(target) ? 'with the site answering there, run' : 'build the site, then run'}\n  ${first}\nand commit ${DEFAULT_BASELINE} with the workflow\n`);
  }
  return 0;
}
