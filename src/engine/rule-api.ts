// What a rule may use of the engine: rules/ imports from the engine through this module alone (and
// may use src/page). An import-boundary test (src/architecture.test.ts) holds them to it, so what
// rules depend on is one list, and the engine's other modules can change under them.
export { defineRule } from './define-rule.js';
export type { Category, JudgedField, LimitOption, PageRule, Report, Rule, RuleContext, RuleOptions, Scope, Severity, SiteRule, TextField } from './types.js';
export type { Fact } from './facts.js';
export type { IndexedPage, NotFoundProbe, SiteIndex, WebSite } from './site-index.js';
export { reportDuplicates } from './duplicates.js';
export { answeredOk, homePage, listedIn } from './web-pages.js';
export { BANDS } from './minhash.js';
