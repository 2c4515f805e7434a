// `seo-ai merge`: the shards of one run put back together. Each shard's pages keep their own
// checks; the site rules run here over the union, in the whole source's order, so the report is
// the one the unsharded run writes.
import { runRules, summariseFailures, type AuditResult } from '../audit.js';
import type { Config } from '../engine/config.js';
import { Engine } from '../engine/run.js';
import type { Rule, Weights } from '../engine/types.js';
import { readShard, ShardFileError, type ShardError, type ShardHeader, type ShardPage } from './file.js';

/** Reads the shard files, checks they are the whole of one run, and runs the site rules over their pages. */
export async function mergeShards(files: readonly string[], rules: { ruleSet: readonly Rule[]; settings: Config['rules']; weights: Weights }, resolve: (file: string) => string = (f) => f): Promise<AuditResult> {
  const shards = [];
  for (const file of files) shards.push({ file, ...(await readShard(file, resolve(file))) });
  const first = shards[0]!;
  const { header } = first;
  for (const s of shards.slice(1)) {
    if (s.header.run !== header.run) throw new ShardFileError(`${s.file} and ${first.file} are shards of different runs (another target, config, rules or shard count); merge the shards of one run`);
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

  const { catalogue, skipped, rules: resolved } = runRules(rules.ruleSet, rules.settings, header.source);
  if (JSON.stringify(catalogue) !== JSON.stringify(header.rules)) {
    throw new ShardFileError(`the rules as this config has them differ from those the shards were audited with; merge with the config the shards used (--config)`);
  }
  const pages: ShardPage[] = shards.flatMap((s) => s.pages).sort((a, b) => a.place - b.place);
  const errors: ShardError[] = shards.flatMap((s) => s.errors).sort((a, b) => a.place - b.place);
  const engine = new Engine({ rules: resolved, weights: rules.weights, http: header.source.http });
  for (const { checked, origin } of pages) {
    const page = engine.addChecked(checked);
    if (origin !== undefined) page.origin = origin;
  }
  const { failures, ...result } = engine.finish();
  result.notApplicable.push(...skipped);
  const ruleFailures = summariseFailures(result.pages, failures, undefined);
  const src: AuditResult['source'] = { kind: header.source.kind, target: header.source.target, ...(header.source.baseUrl ? { baseUrl: header.source.baseUrl } : {}) };
  return {
    ...result,
    source: src,
    errors: errors.map((e) => e.error),
    notes: unique(shards.flatMap((s) => s.header.notes)),
    losses: unique(shards.flatMap((s) => s.header.losses)),
    partial: shards.some((s) => s.header.partial),
    rules: catalogue,
    ...(ruleFailures.length > 0 ? { ruleFailures } : {}),
  };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

export type { ShardHeader };
