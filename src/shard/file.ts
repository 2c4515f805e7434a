// The shard file: what one `audit --shard i/n` learned, everything `seo-ai merge` needs to run the
// site rules over the union and write the report the unsharded run would have written. JSON Lines:
// a header, then one line per page (its own check and its site-index entry) and per error, each
// with its place in the whole source, so the merge puts them back in source order.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditResult } from '../audit.js';
import type { RuleInfo } from '../engine/catalogue.js';
import type { CheckedPage } from '../engine/run.js';
import type { Weights } from '../engine/types.js';
import type { Source, SourceError } from '../sources/types.js';
import type { ShardSpec } from './shard.js';
import type { WebShardFacts } from '../sources/web/shard-facts.js';
import type { FolderShardFacts } from '../sources/folder.js';

export const SHARD_FORMAT = 1;

export interface ShardHeader {
  seoAiShard: typeof SHARD_FORMAT;
  /** The same for every shard of one run: the tool, the source named, the rules as configured, the weights and n. */
  run: string;
  /** A digest of every item, its key and bytes, in source order: shards that read different inputs disagree. */
  input: string;
  /** Items in the whole source: the shards' pages and errors together are this many, each at its own place. */
  total: number;
  /** The weights scores were computed with (the merge scores with the same, or refuses). */
  weights: Weights;
  shard: ShardSpec;
  tool: string;
  source: { kind: Source['kind']; target: string; baseUrl?: string; http: boolean; lacks?: Source['lacks'] };
  notes: string[];
  losses: string[];
  partial: boolean;
  rules: RuleInfo[];
  pages: number;
  errors: number;
  /** Not every place of the run holds an item (a web run): see ShardView.sparse. */
  sparse?: true;
  /** A sparse shard: its places that hold no item. */
  empty?: number[];
  /** Pages the audit could not check, as [place, URL]: the merge reads them before any page (a later copy of such a page is the run's no more). */
  unchecked?: [number, string][];
  /** A run over HTTP: what the merge needs beyond the pages (link statuses, robots.txt, the last notes' counts). */
  web?: WebShardFacts;
  /** A folder: its shard's redirect stubs, for the run's note on them. */
  folder?: FolderShardFacts;
}

export interface ShardPage {
  place: number;
  origin?: string;
  checked: CheckedPage;
}

export interface ShardError {
  place: number;
  error: SourceError;
  /** A page the audit could not check (its error is the page's, at the page's place). */
  checked?: true;
}

/** What identifies a run across its shards. */
export function runId(parts: { tool: string; source: ShardHeader['source']; rules: RuleInfo[]; weights: Weights; count: number; settings: unknown }): string {
  return createHash('sha256').update(JSON.stringify([parts.tool, parts.source.kind, sameTarget(parts.source.target), parts.source.baseUrl ?? null, parts.rules, parts.weights, parts.count, parts.settings ?? null])).digest('hex').slice(0, 32);
}

/** A target as shards of one run must name it: a path however it is spelled (site, site/, ./site), a URL as it is. */
export function sameTarget(target: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : path.normalize(target).replace(/(.)[\\/]+$/, '$1');
}

/** The shard file's text: the header line, then a line per page and per error. */
export function shardLines(header: ShardHeader, pages: readonly ShardPage[], errors: readonly ShardError[]): string[] {
  const lines = [JSON.stringify(header)];
  for (const { place, origin, checked } of pages) {
    const { signature, ...entry } = checked.entry;
    const encoded = signature ? { ...entry, signature: Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64') } : entry;
    lines.push(JSON.stringify({ p: place, ...(origin !== undefined ? { o: origin } : {}), result: checked.result, entry: encoded, k: checked.hasKeywords }));
  }
  for (const { place, error, checked } of errors) lines.push(JSON.stringify({ e: place, error, ...(checked ? { c: 1 } : {}) }));
  return lines;
}

/** A shard file that cannot be merged: names the file and what is wrong. */
export class ShardFileError extends Error {}

/** A shard file opened: its header read, its pages and errors to come, one line at a time. */
export interface OpenShard {
  file: string;
  header: ShardHeader;
  /** The shard's pages in source order, then (once they are all read) its errors in `errors`. */
  pages(): AsyncGenerator<ShardPage>;
  errors: ShardError[];
}

/** Opens one shard file and reads its header; the pages are read as they are asked for. */
export async function openShard(file: string, at: string = file): Promise<OpenShard> {
  const lines = createInterface({ input: createReadStream(at), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let n = 0;
  const next = async (): Promise<Record<string, unknown> | undefined> => {
    for (;;) {
      const { value, done } = await lines.next();
      if (done) return undefined;
      n++;
      if (value.trim() === '') continue;
      try {
        return JSON.parse(value) as Record<string, unknown>;
      } catch {
        throw new ShardFileError(`${file}:${n}: not a shard file line (not JSON); was the file cut short or edited?`);
      }
    }
  };
  const notShard = `${file}: not a seo-ai shard file (shards are written by: seo-ai audit <target> --shard i/n --output shard-i.jsonl)`;
  const first = await next().catch((error: unknown) => {
    throw error instanceof ShardFileError ? new ShardFileError(notShard) : error;
  });
  if (first === undefined) throw new ShardFileError(`${file}: empty; not a seo-ai shard file`);
  if (first.seoAiShard !== SHARD_FORMAT) throw new ShardFileError(notShard);
  const header = first as unknown as ShardHeader;
  const errors: ShardError[] = [];
  async function* pages(): AsyncGenerator<ShardPage> {
    let count = 0;
    let last = -1;
    for (let value = await next(); value !== undefined; value = await next()) {
      if (typeof value.p === 'number') {
        count++;
        // A shard's pages are written in source order: anything else is a file edited or damaged.
        if (value.p <= last) throw new ShardFileError(`${file}:${n}: pages out of source order (place ${value.p} after ${last}); the file was edited or damaged — audit that shard again`);
        last = value.p;
        yield pageOf(value);
      } else if (typeof value.e === 'number') {
        errors.push({ place: value.e, error: value.error as SourceError, ...(value.c === 1 ? { checked: true as const } : {}) });
      } else {
        throw new ShardFileError(`${file}:${n}: neither a page nor an error line`);
      }
    }
    if (count !== header.pages || errors.length !== header.errors) {
      const fewer = count + errors.length < header.pages + header.errors;
      throw new ShardFileError(`${file}: holds ${count} pages and ${errors.length} errors where its header says ${header.pages} and ${header.errors}; the file was ${fewer ? 'cut short' : 'edited'} — audit that shard again`);
    }
  }
  return { file, header, pages, errors };
}

function pageOf(value: Record<string, unknown>): ShardPage {
  const entry = value.entry as CheckedPage['entry'] & { signature?: string };
  const signature = entry.signature === undefined ? undefined : new Uint32Array(new Uint8Array(Buffer.from(entry.signature, 'base64')).buffer);
  const checked: CheckedPage = { result: value.result as CheckedPage['result'], entry: { page: entry.page, ...(signature ? { signature } : {}) }, hasKeywords: value.k === true };
  return { place: value.p as number, ...(typeof value.o === 'string' ? { origin: value.o } : {}), checked };
}

/** The audit's own parts of a shard header (the rest is the shard's). */
export function headerOf(result: AuditResult, parts: Omit<ShardHeader, 'seoAiShard' | 'notes' | 'losses' | 'partial' | 'rules' | 'pages' | 'errors' | 'unchecked'>, counts: { pages: number; errors: number }): ShardHeader {
  return { seoAiShard: SHARD_FORMAT, ...parts, notes: result.notes, losses: result.losses, partial: result.partial, rules: result.rules, ...counts };
}
