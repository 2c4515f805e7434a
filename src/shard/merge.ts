// `seo-ai merge`: the shards of one run put back together. Each shard's pages keep their own
// checks; the site rules run here over the union, in the whole source's order, so the report is
// the one the unsharded run writes.
import { runRules, summariseFailures, type AuditResult } from '../audit.js';
import type { Config } from '../engine/config.js';
import { Engine } from '../engine/run.js';
import type { Rule, Weights } from '../engine/types.js';
import { openShard, sameTarget, ShardFileError, type OpenShard, type ShardPage } from './file.js';
import { shardOf } from './shard.js';
import { mergeWebFacts } from '../sources/web/shard-facts.js';
import { stubNote } from '../sources/folder.js';

export interface MergeRules {
  ruleSet: readonly Rule[];
  settings: Config['rules'];
  weights: Weights;
  /** The plugin each plugin rule came from, for the failures' messages. */
  pluginOf?: ReadonlyMap<string, string>;
  /** This seo-ai's version: shards made by another are refused. */
  tool: string;
}

/** Reads the shard files, checks they are the whole of one run, and runs the site rules over their pages. */
export async function mergeShards(files: readonly string[], rules: MergeRules, resolve: (file: string) => string = (f) => f): Promise<AuditResult> {
  const shards: OpenShard[] = [];
  for (const file of files) shards.push(await openShard(file, resolve(file)));
  const { header } = checkWhole(shards, rules.tool);
  // In shard order, whatever order the files were named in (shard-*.jsonl sorts 10 before 2).
  shards.sort((a, b) => a.header.shard.index - b.header.shard.index);
  const { catalogue, skipped, rules: resolved } = runRules(rules.ruleSet, rules.settings, header.source);
  if (JSON.stringify(catalogue) !== JSON.stringify(header.rules)) {
    throw new ShardFileError(`the rules as this config has them differ from those the shards were audited with; merge with the config the shards used (--config)`);
  }
  if (JSON.stringify(rules.weights) !== JSON.stringify(header.weights)) {
    throw new ShardFileError(`the weights of this config (${JSON.stringify(rules.weights)}) differ from those the shards were scored with (${JSON.stringify(header.weights)}); merge with the config the shards used (--config)`);
  }
  const engine = new Engine({ rules: resolved, weights: rules.weights, http: header.source.http });
  const seen = new Uint8Array(header.total);
  // A run over HTTP: a page reached from two sitemap URLs (one redirects to the other) is the run's
  // once, at the first place it was met, whether it was checked there or its check failed.
  const web = header.web !== undefined;
  const keptAt = new Map<string, number>();
  const failedAt = new Map<string, number>();
  for (const s of shards) for (const [at, url] of s.header.unchecked ?? []) failedAt.set(url, Math.min(at, failedAt.get(url) ?? Infinity));
  const metBefore = (url: string, at: number): boolean => (keptAt.get(url) ?? Infinity) < at || (failedAt.get(url) ?? Infinity) < at;
  const place = (at: number, file: string): void => {
    if (!(at >= 0 && at < header.total) || seen[at] === 1) throw new ShardFileError(`${file}: an item at place ${at}, ${at >= 0 && at < header.total ? 'given twice' : `outside the run's ${header.total} items`}; the file was edited or damaged — audit that shard again`);
    seen[at] = 1;
  };
  // Each shard's pages are in source order: taking the smallest place of the shards' next pages
  // adds them in the whole source's order, one page in memory per shard.
  for await (const { page: p, file, index } of inOrder(shards)) {
    place(p.place, file);
    // A web page falls in the shard of the URL it was fetched for (its origin, when a redirect led elsewhere).
    const key = web ? (p.origin ?? p.checked.result.url) : p.checked.result.url;
    if (shardOf(key, header.shard.count) !== index) throw new ShardFileError(`${file}: holds ${key}, a page of another shard; the file was edited — audit that shard again`);
    if (web) {
      if (metBefore(p.checked.result.url, p.place)) continue;
      keptAt.set(p.checked.result.url, p.place);
    }
    const page = engine.addChecked(p.checked);
    if (p.origin !== undefined) page.origin = p.origin;
  }
  for (const s of shards) for (const e of s.errors) place(e.place, s.file);
  // Every place holds an item, or (a web run: a sitemap URL that is a PDF) is declared empty by the shard it falls in.
  for (const s of shards) for (const at of s.header.empty ?? []) place(at, s.file);
  const missing = seen.indexOf(0);
  if (missing >= 0) throw new ShardFileError(`the shards hold ${seen.reduce((a, b) => a + b, 0)} of the run's ${header.total} items (the first missing is at place ${missing}); a shard file was edited — audit it again`);
  const errors = shards
    .flatMap((s) => s.errors)
    .filter((e) => !(web && e.checked && metBefore(e.error.url ?? e.error.origin, e.place)))
    .sort((a, b) => a.place - b.place);
  const webFacts = web ? mergeWebFacts(shards.map((s) => s.header.web!)) : undefined;
  // A folder's redirect stubs, every shard's, in the folder's order: the note one run writes.
  const stubs = header.folder ? stubNote(shards.flatMap((s) => s.header.folder?.stubs ?? []).sort((a, b) => a[0] - b[0]).map(([, text]) => text)) : undefined;
  const { failures, ...result } = engine.finish(webFacts?.site);
  result.notApplicable.push(...skipped);
  const ruleFailures = summariseFailures(result.pages, failures, rules.pluginOf);
  const src: AuditResult['source'] = { kind: header.source.kind, target: header.source.target, ...(header.source.baseUrl ? { baseUrl: header.source.baseUrl } : {}) };
  return {
    ...result,
    source: src,
    errors: errors.map((e) => e.error),
    notes: unique([...shards.flatMap((s) => s.header.notes), ...(webFacts?.notes ?? []), ...(stubs !== undefined ? [stubs] : [])]),
    losses: unique([...shards.flatMap((s) => s.header.losses), ...(webFacts?.lost ?? [])]),
    partial: false,
    rules: catalogue,
    ...(ruleFailures.length > 0 ? { ruleFailures } : {}),
  };
}

/** The shards are the whole of one run, each complete: or the first reason they are not. */
function checkWhole(shards: readonly OpenShard[], tool: string): OpenShard {
  const first = shards[0]!;
  const { header } = first;
  for (const s of shards) {
    if (s.header.tool !== tool) throw new ShardFileError(`${s.file} was written by seo-ai ${s.header.tool}, and this is ${tool}: audit and merge with one version`);
    if (s.header.partial) throw new ShardFileError(`${s.file}: shard ${s.header.shard.index}/${s.header.shard.count} did not finish (stopped by --timeout or Ctrl-C); audit it again`);
  }
  for (const s of shards.slice(1)) {
    if (s.header.shard.count !== header.shard.count) throw new ShardFileError(`${s.file} is shard ${s.header.shard.index}/${s.header.shard.count} and ${first.file} shard ${header.shard.index}/${header.shard.count}: shards of one run split the pages alike; merge the shards of one run`);
    if (sameTarget(s.header.source.target) !== sameTarget(header.source.target)) throw new ShardFileError(`${s.file} audited ${s.header.source.target} and ${first.file} ${header.source.target}: shards of different targets; merge the shards of one run`);
    if (s.header.tool !== header.tool) throw new ShardFileError(`${s.file} was written by seo-ai ${s.header.tool} and ${first.file} by ${header.tool}: audit every shard with one version`);
    if ((s.header.sparse === true) !== (header.sparse === true) || (s.header.web === undefined) !== (header.web === undefined) || (s.header.folder === undefined) !== (header.folder === undefined)) {
      throw new ShardFileError(`${s.file} and ${first.file} are not shards of one kind of input; the file was edited — audit it again`);
    }
    if (s.header.run !== header.run) throw new ShardFileError(`${s.file} and ${first.file} are shards of different runs (another config, flags or rules: every shard job must run the same command but for --shard and --output); merge the shards of one run`);
    if (s.header.input !== header.input) throw new ShardFileError(`${s.file} and ${first.file} read different pages of ${header.source.target} (the input changed between shard jobs); audit every shard of the same input again`);
  }
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const other = byIndex.get(s.header.shard.index);
    if (other !== undefined) throw new ShardFileError(`${s.file} and ${other} are both shard ${s.header.shard.index}/${header.shard.count}; give each shard once`);
    byIndex.set(s.header.shard.index, s.file);
  }
  const missing = Array.from({ length: header.shard.count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new ShardFileError(`shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${header.shard.count}`).join(', ')} of ${header.source.target} ${missing.length === 1 ? 'is' : 'are'} missing: merge all ${header.shard.count} shards`);
  return first;
}

async function* inOrder(shards: readonly OpenShard[]): AsyncGenerator<{ page: ShardPage; file: string; index: number }> {
  const streams = shards.map((s) => s.pages());
  const heads = await Promise.all(streams.map((s) => s.next()));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (!head.done && (best < 0 || head.value.place < (heads[best]!.value as ShardPage).place)) best = i;
    }
    if (best < 0) return;
    yield { page: heads[best]!.value as ShardPage, file: shards[best]!.file, index: shards[best]!.header.shard.index };
    heads[best] = await streams[best]!.next();
  }
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

