// `audit --shard i/n --output shard-i.jsonl`: the CLI side of a sharded audit (src/shard/ has the
// format and the merge). A shard writes no report and applies no gate: `seo-ai merge` does both.
import { detachedCheck, type AuditOptions, type AuditResult } from '../audit.js';
import type { Weights } from '../engine/types.js';
import { headerOf, runId, shardLines, type ShardError, type ShardPage } from '../shard/file.js';
import { parseShard, shardedSource, type ShardSpec, type ShardView } from '../shard/shard.js';
import type { Source, SourceError } from '../sources/types.js';
import type { AuditFlags } from './audit.js';
import { UsageError } from './io.js';
import type { OutputGuard } from './no-clobber.js';
import { toolInfo } from './version.js';

/** `--shard i/n` checked with the flags it cannot go with, before any page is read. */
export function shardSpec(flags: AuditFlags): ShardSpec | undefined {
  if (flags.shard === undefined) return undefined;
  const spec = parseShard(flags.shard);
  if (typeof spec === 'string') throw new UsageError(`--shard ${flags.shard}: ${spec}`);
  if (flags.output === undefined) throw new UsageError(`--shard ${flags.shard}: name the shard file with --output (e.g. --output shard-${spec.index}.jsonl); seo-ai merge reads them`);
  const merged = ['format', 'baseline', 'updateBaseline', 'minScore', 'failOn', 'maxScoreDrop', 'maxPageDrop'] as const;
  const given = merged.filter((k) => flags[k] !== undefined).map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  if (given.length > 0) throw new UsageError(`--shard: ${given.join(', ')} ${given.length === 1 ? 'belongs' : 'belong'} to seo-ai merge, which writes the report and applies the gate once every shard is done`);
  return spec;
}

/** Flags that change nothing in the pages' checks: the rest, and the config, must be the same in every shard of a run. */
const NOT_SETTINGS = new Set(['shard', 'output', 'quiet', 'color', 'verbose', 'debug', 'workers', 'timeout', 'config']);

/** What, beside the rules and weights, makes a shard's checks what they are: every other flag, and the whole config. */
export function shardSettings(flags: AuditFlags, config: unknown): unknown {
  const given = Object.fromEntries(Object.entries(flags).filter(([k, v]) => v !== undefined && !NOT_SETTINGS.has(k)).sort(([a], [b]) => a.localeCompare(b)));
  return { flags: given, config };
}

/** One shard of a run: the source narrowed to it, and what the audit tells of each page collected for the shard file. */
export class ShardRun {
  private readonly sharded: ShardView;
  private readonly pages: ShardPage[] = [];

  /** `settings`: what else makes the pages' checks what they are (flags and config), the same for every shard of a run. */
  constructor(
    source: Source,
    private readonly spec: ShardSpec,
    private readonly settings: unknown,
  ) {
    // A web source splits itself (its frontier, before any fetch); others are read whole and narrowed.
    this.sharded = (source as { shard?: ShardView }).shard ?? shardedSource(source, spec);
  }

  get source(): Source {
    return this.sharded.source;
  }

  /** Pages the audit could not check, by their error: placed by the page, as the page would have been. */
  private readonly unchecked = new Map<SourceError, number>();

  readonly onUnchecked: NonNullable<AuditOptions['onUnchecked']> = (input, error) => {
    this.unchecked.set(error, this.sharded.placeOf(input) ?? -1);
  };

  /** For runAudit: each page's own check, before the site rules (which run at the merge). */
  readonly onChecked: NonNullable<AuditOptions['onChecked']> = (input, checked) => {
    // Pages are checked in source order: the place a URL took first is this page's.
    const place = this.sharded.placeOf(input) ?? -1;
    this.pages.push({ place, ...(input.origin !== undefined ? { origin: input.origin } : {}), checked: detachedCheck(checked) });
  };

  /** Writes the shard file; the line for the terminal. */
  async write(file: string, result: AuditResult, weights: Weights, guard: OutputGuard): Promise<string> {
    const { pages } = this;
    // A source's error keeps its own place; a page the audit could not check (an internal error) the page's.
    const errors: ShardError[] = result.errors.map((error) => {
      const unchecked = this.unchecked.get(error);
      if (unchecked !== undefined) return { place: unchecked, error, checked: true };
      return { place: this.sharded.placeOfError(error) ?? this.sharded.placeOf({ url: error.url ?? error.origin }) ?? -1, error };
    });
    // A sparse shard's places that hold nothing (a sitemap URL that is a PDF, one that redirects to a page met before): declared, so the merge can check every place.
    const used = new Set([...pages.map((p) => p.place), ...errors.map((e) => e.place)]);
    const empty = this.sharded.owned?.().filter((p) => !used.has(p));
    const { source } = this;
    const src = { kind: source.kind, target: source.target, ...(source.baseUrl ? { baseUrl: source.baseUrl } : {}), http: source.http, ...(source.lacks ? { lacks: source.lacks } : {}) };
    const tool = toolInfo().version;
    const run = runId({ tool, source: src, rules: result.rules, weights, count: this.spec.count, settings: this.settings });
    const facts = this.sharded.facts?.();
    const header = headerOf(
      result,
      {
        run,
        input: this.sharded.inputDigest(),
        total: this.sharded.total(),
        shard: this.spec,
        tool,
        weights,
        source: src,
        ...(this.sharded.sparse ? { sparse: true, empty: empty ?? [], unchecked: errors.flatMap((e): [number, string][] => (e.checked ? [[e.place, e.error.url ?? e.error.origin]] : [])) } : {}),
        ...facts,
      },
      { pages: pages.length, errors: errors.length },
    );
    await guard.write(file, `${shardLines(header, pages, errors).join('\n')}\n`);
    return `shard ${this.spec.index}/${this.spec.count} of ${source.target}: ${pages.length} pages and ${errors.length} errors of ${this.sharded.total()} items written to ${file}; merge every shard with: seo-ai merge <shard files>`;
  }
}
