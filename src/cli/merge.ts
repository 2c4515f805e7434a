// `seo-ai merge shard-*.jsonl`: the shards of one sharded audit put together, the site rules run
// over the union, and the report written and gated as `seo-ai audit` writes and gates it.
import path from 'node:path';
import { resolveWeights } from '../engine/config.js';
import { mergeShards } from '../shard/merge.js';
import { ShardFileError } from '../shard/file.js';
import { InputError } from '../sources/types.js';
import type { AuditFlags } from './audit.js';
import { loadConfig } from './config-file.js';
import { configRuleSet } from './extensions.js';
import { UsageError, type CliIo } from './io.js';
import { noPageAudited, reportAndGate, reportSetup } from './report-setup.js';
import { toolInfo } from './version.js';

export async function merge(files: string[], flags: AuditFlags, io: CliIo): Promise<number> {
  if (files.length === 0) throw new UsageError('merge: name the shard files (e.g. seo-ai merge shard-*.jsonl)');
  const { config, file: configFile } = loadConfig(io.cwd, flags.config);
  const inputs = files.map((file) => ({ file, noun: 'a shard file', never: 'shard files are never overwritten' }));
  const setup = reportSetup(flags, io, config, configFile, inputs, undefined, 'merge <shard files>');
  const { rules: ruleSet, extended } = await configRuleSet(config, configFile, io.cwd);
  const weights = resolveWeights(config.weights);
  let result;
  try {
    const plugins = extended?.pluginOf ? { pluginOf: extended.pluginOf } : {};
    result = await mergeShards(files, { ruleSet, settings: config.rules, weights, tool: toolInfo().version, ...plugins }, (f) => path.resolve(io.cwd, f));
  } catch (error) {
    if (error instanceof ShardFileError) throw new InputError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${path.relative(io.cwd, (error as NodeJS.ErrnoException).path ?? files[0]!)}: no such shard file`);
    throw error;
  }
  // As audit does: a run that audited no page is an error (a broken build must not pass the gate).
  if (result.pages.length === 0) throw noPageAudited(result.source.target, result);
  return reportAndGate(result, undefined, flags, io, { ...setup, weights });
}
