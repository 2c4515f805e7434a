import { z } from 'zod';
import { explainIssue } from './config-issues.js';
import { ConfigError } from './config-error.js';

export { ConfigError } from './config-error.js';
export { DEFAULT_WEIGHTS, defaultFix, fixText, resolveRules, resolveWeights, settleRules, type ResolvedRule, type RuleSettings, type SettledRule } from './rule-settings.js';

const severityOrOff = z.enum(['critical', 'high', 'medium', 'low', 'off']);
const ruleSetting = z.union([severityOrOff, z.tuple([severityOrOff, z.record(z.unknown())])]);

/** The CI gate's section (src/gate/policy.ts reads it): checked with the rest, so its mistakes read as the others'. */
export const gateConfigSchema = z
  .object({
    baseline: z.string().min(1),
    failOn: z.enum(['critical', 'high', 'medium', 'low', 'none']),
    maxScoreDrop: z.number().min(0).max(100),
    maxPageDrop: z.number().min(0).max(100),
    minScore: z.number().min(0).max(100),
  })
  .partial()
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z.record(ruleSetting).optional(),
    weights: z
      .object({
        critical: z.number().min(0).max(100),
        high: z.number().min(0).max(100),
        medium: z.number().min(0).max(100),
        low: z.number().min(0).max(100),
      })
      .partial()
      .strict()
      .optional(),
    keywords: z.record(z.array(z.string().min(1))).optional(),
    baseUrl: z.string().url().optional(),
    maxBytes: z.number().int().positive().optional(),
    crawl: z
      .object({
        concurrency: z.number().int().min(1).max(256),
        perHostConcurrency: z.number().int().min(1).max(256),
        delayMs: z.number().min(0),
        maxPages: z.number().int().positive(),
        maxDepth: z.number().int().min(0),
        include: z.array(z.string().min(1)),
        exclude: z.array(z.string().min(1)),
        userAgent: z.string().min(1),
        ignoreRobots: z.boolean(),
        checkExternal: z.boolean(),
        requestTimeoutMs: z.number().int().positive(),
        retries: z.number().int().min(0).max(10),
        timeoutSeconds: z.number().positive(),
        render: z.enum(['never', 'auto', 'always']),
        renderConcurrency: z.number().int().min(1).max(32),
        chromium: z.string().min(1),
        renderThirdParty: z.boolean(),
      })
      .partial()
      .strict()
      .optional(),
    llm: z
      .object({
        baseUrl: z.string().url(),
        model: z.string().min(1),
        rpm: z.number().positive(),
        tpm: z.number().positive(),
        concurrency: z.number().int().min(1).max(256),
        maxCostUsd: z.number().positive(),
        attempts: z.number().int().min(1).max(10),
        timeoutMs: z.number().int().positive(),
        brand: z.string().min(1),
        prices: z.record(z.object({ input: z.number().min(0), output: z.number().min(0) }).strict()),
        /** optimize --batch: the provider's limits on one input file, its batch price as a share of the sync price, and how often to look while waiting. */
        batch: z
          .object({
            maxRequests: z.number().int().min(1),
            maxBytes: z.number().int().min(1024),
            priceShare: z.number().min(0).max(1),
            pollSeconds: z.number().positive(),
          })
          .partial()
          .strict(),
      })
      .partial()
      .strict()
      .optional(),
    gate: gateConfigSchema.optional(),
    /** Modules whose default export is a list of rules (defineRule): paths from the config's folder, or installed packages. */
    plugins: z.array(z.string().min(1)).optional(),
    /** Checks without code: a CSS selector and/or a text that must (or must not) be on every page. */
    custom: z
      .array(
        z
          .object({
            id: z.string().min(1),
            severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
            selector: z.string().min(1).optional(),
            text: z.string().min(1).optional(),
            must: z.enum(['exist', 'not-exist']),
            pages: z.string().min(1).optional(),
            message: z.string().min(1).optional(),
            description: z.string().min(1).optional(),
            fix: z.string().min(1).optional(),
          })
          .strict(),
      )
      .optional(),
    /** Values to extract from every page into the reports: a CSS selector (the elements' text), or a selector and an attribute. */
    extract: z.record(z.union([z.string().min(1), z.object({ selector: z.string().min(1), attribute: z.string().min(1) }).strict()])).optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSetting>;


/** Parses a config object, throwing ConfigError with a sentence naming the key path, the value and what is allowed. */
export function parseConfig(value: unknown, where: string): Config {
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const { path, detail, atKey } = explainIssue(result.error.issues[0]!, value, configSchema);
  throw new ConfigError(`${where}: ${detail}`, { path, detail, atKey });
}

