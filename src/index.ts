// seo-ai's programmatic API: what `import … from 'seo-ai'` gives. The CLI (src/cli) is built on
// the same functions; see ARCHITECTURE.md for the layers and how a page flows through them.
export { runAudit, type AuditOptions, type AuditProgress, type AuditResult } from './audit.js';
export { folderSource, type FolderSourceOptions } from './sources/folder.js';
export { csvSource, type CsvSourceOptions } from './sources/csv.js';
export { webSource, type WebSourceOptions } from './sources/web.js';
export type { Source, SourceError, SourceItem } from './sources/types.js';
export { rules } from '../rules/index.js';
export { defineRule } from './engine/define-rule.js';
export { ruleCatalogue, type RuleInfo } from './engine/catalogue.js';
export { DEFAULT_WEIGHTS, parseConfig, resolveRules, resolveWeights, settleRules, type Config, type ResolvedRule, type SettledRule } from './engine/config.js';
export type { Fact } from './engine/facts.js';
export type { Category, Finding, PageResult, PageRule, Report, Rule, RuleContext, RuleOptions, Scope, Severity, SiteRule, Weights } from './engine/types.js';
export type { Page, PageInput } from './page/types.js';
export type { CustomCheck, ExtractSpec, Extensions } from './extend/index.js';
export { formatJson, toJsonReport, type JsonReport, type ToolInfo } from './report/json.js';
