// JSON reports for the reporters' tests: one built by hand around a few pages, and the real audit
// of the demo shop that most report tests read. Both are plain data, so a test can edit a copy.
import path from 'node:path';
import { rules as registry } from '../../rules/index.js';
import { runAudit, type AuditResult } from '../audit.js';
import { ruleCatalogue } from '../engine/catalogue.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { summarize, type Summary } from '../engine/score.js';
import { toJsonReport, type JsonReport } from '../report/json.js';
import { folderSource } from '../sources/folder.js';
import { ROOT } from './cli.js';

type Page = JsonReport['pages'][number];

/** The registry's rules with their defaults, as a report's catalogue: what ruleInfo reads in tests. */
export const DEFAULT_RULES = { rules: ruleCatalogue(registry) };

/** The time every test report was generated at, unless a test says otherwise. */
export const GENERATED_AT = '2026-01-02T03:04:05.000Z';
const TOOL = { name: 'seo-ai', version: '0.1.0' };

/** The summary an audit would give these pages (a report page may leave out its warnings; the engine's may not). */
export function summaryOf(pages: readonly Page[]): Summary {
  return summarize(pages.map((p) => ({ ...p, warnings: p.warnings ?? [] })));
}

/**
 * A report over hand-built pages, from a CSV source, with its summary computed as an audit would;
 * `extra` replaces any field (a fixed summary, another source, a comparison).
 */
export function handReport(pages: Page[], extra: Partial<JsonReport> = {}): JsonReport {
  return {
    schemaVersion: 1,
    tool: { ...TOOL },
    generatedAt: GENERATED_AT,
    source: { kind: 'csv', target: 'pages.csv' },
    partial: false,
    summary: summaryOf(pages),
    weights: DEFAULT_WEIGHTS,
    notApplicable: [],
    errors: [],
    notes: [],
    pages,
    rules: ruleCatalogue(registry),
    ...extra,
  };
}

// The audit takes a while and gives the same result every time: once per process is enough.
let demoShop: Promise<AuditResult> | undefined;

function auditDemoShop(): Promise<AuditResult> {
  demoShop ??= folderSource({ target: path.join(ROOT, 'fixtures/sites/demo-shop') }).then((source) =>
    runAudit({ source, weights: DEFAULT_WEIGHTS, workers: 1 }),
  );
  return demoShop;
}

/**
 * The demo shop's audit as a JSON report, file origins relative to the repository root. A fresh
 * copy each call: the audit result is shared, and a test that edits its report must not edit another's.
 */
export async function demoShopReport(generatedAt = GENERATED_AT): Promise<JsonReport> {
  const result = await auditDemoShop();
  return structuredClone(toJsonReport(result, TOOL, generatedAt, { weights: DEFAULT_WEIGHTS, cwd: ROOT }));
}
