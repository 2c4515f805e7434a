// `seo-ai merge`: the shards of one run put back together. Each shard's pages keep their own
// checks; the site rules run here over the union, in the whole source's order, so the report is
// the one the unsharded run writes.
import { runRules, summariseFailures, type AuditResult } from '../audit.js';
import type { Config } from '../engine/config.js';
import { Engine } from '../engine/run.js';
import type { Rule, Weights } from '../engine/types.js';
import { openShard, ShardFileError, type OpenShard, type ShardHeader, type ShardPage } from './file.js';

/** Reads the shard files, checks they are the whole of one run, and runs the site rules over their pages. */
export async function mergeShards(files: readonly string[], rules: { ruleSet: readonly Rule[]; settings: Config['rules']; weights: Weights }, resolve: (file: string) => string = (f) => f): Promise<AuditResult> {
  const shards = [];
  for (const file of files) shards.push(await openShard(file, resolve(file)));
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
  const engine = new Engine({ rules: resolved, weights: rules.weights, http: header.source.http });
  // Each shard's pages are in source order: taking the smallest place of the shards' next pages
  // adds them in the whole source's order, one page in memory per shard.
  for await (const { checked, origin } of inOrder(shards)) {
    const page = engine.addChecked(checked);
    if (origin !== undefined) page.origin = origin;
  }
  const errors = shards.flatMap((s) => s.errors).sort((a, b) => a.place - b.place);
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

async function* inOrder(shards: readonly OpenShard[]): AsyncGenerator<ShardPage> {
  const streams = shards.map((s) => s.pages());
  const heads = await Promise.all(streams.map((s) => s.next()));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (!head.done && (best < 0 || head.value.place < (heads[best]!.value as ShardPage).place)) best = i;
    }
    if (best < 0) return;
    yield heads[best]!.value as ShardPage;
    heads[best] = await streams[best]!.next();
  }
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

export type { ShardHeader };
