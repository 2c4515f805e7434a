// One rule explained, as `seo-ai rules <id>` prints it and docs/rules.md holds it: everything from
// the rule's own definition (its docs, options, what it reads), so the two cannot disagree.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { rules as registry } from '../../rules/index.js';
import { isDocumented, ruleDocsUrl } from '../engine/catalogue.js';
import { defaultFix } from '../engine/rule-settings.js';
import { needsHttp, type ExamplePage, type ExampleSite, type Rule } from '../engine/types.js';
import { packageRoot, toolInfo } from './version.js';

export interface RuleDescription {
  id: string;
  category: string;
  scope: string;
  severity: string;
  options: Record<string, unknown>;
  needs: string[];
  description: string;
  fix: string;
}

export function describeRule(rule: Rule): RuleDescription {
  const needs: string[] = [];
  if (rule.needsKeywords) needs.push('keywords');
  if (needsHttp(rule)) needs.push('http');
  return {
    id: rule.id,
    category: rule.category,
    scope: rule.scope,
    severity: rule.severity,
    options: rule.options,
    needs,
    description: rule.docs.description,
    fix: defaultFix(rule, registry),
  };
}

/** Everything `seo-ai rules <id>` shows of a rule. */
export interface RuleExplanation extends RuleDescription {
  reads: string[];
  why: string;
  examples: { fails: ExamplePage | ExampleSite; passes: ExamplePage | ExampleSite } | undefined;
  /** A seo-ai.config.json that sets the rule as its defaults do: the place to change its severity or options. */
  config: { rules: Record<string, unknown> };
  /** Its section of docs/rules.md in the published package; none for a rule docs/rules.md lacks. */
  docsUrl?: string;
}

export function explainRule(rule: Rule): RuleExplanation {
  const hasOptions = Object.keys(rule.options).length > 0;
  return {
    ...describeRule(rule),
    reads: [...rule.reads],
    why: rule.docs.why ?? '',
    examples: rule.docs.examples,
    config: { rules: { [rule.id]: hasOptions ? [rule.severity, rule.options] : rule.severity } },
    ...(isDocumented(rule) ? { docsUrl: ruleDocsUrl(toolInfo(), rule.id) } : {}),
  };
}

/**
 * Where to read more: the docs/rules.md this seo-ai ships (its section is headed with the id), and
 * the same file in the published package, which reports link to (it answers once that version is
 * published).
 */
function docsLines(id: string, url: string): string {
  const root = packageRoot();
  const local = root === undefined ? undefined : path.join(root, 'docs', 'rules.md');
  return `${local !== undefined && existsSync(local) ? `${local} (section "${id}")\n` : ''}${url}`;
}

/** Rules in the order every list shows them: by category, then id. */
export function byCategory<T extends { category: string; id: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
}

/** The config on one line, `{ "rules": { "title-too-long": ["medium", { "max": 60 }] } }`: valid JSON to paste. */
export function configSnippet(e: RuleExplanation): string {
  const setting = e.config.rules[e.id];
  const value = Array.isArray(setting)
    ? `[${JSON.stringify(setting[0])}, { ${Object.entries(setting[1] as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }]`
    : JSON.stringify(setting);
  return `{ "rules": { ${JSON.stringify(e.id)}: ${value} } }`;
}

function needsText(needs: readonly string[]): string {
  if (needs.length === 0) return 'nothing beyond the page';
  return needs.map((n) => (n === 'http' ? 'HTTP facts (applies only to pages fetched over HTTP)' : 'target keywords (not applicable without them)')).join('; ');
}

function optionsText(options: Record<string, unknown>): string {
  const entries = Object.entries(options);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');
}

/** Past this, an example's HTML is cut in a terminal: a 300-word page is the point, not the reading. */
const MAX_HTML = 400;

function clipHtml(html: string, id: string): string {
  const chars = [...html];
  return chars.length <= MAX_HTML ? html : `${chars.slice(0, MAX_HTML).join('')}…\n(${chars.length} characters in all: seo-ai rules ${id} --format json shows it whole)`;
}

/** An example page's facts besides its HTML, one `name: JSON` line each, in a fixed order. */
function pageFacts(p: ExamplePage): string[] {
  const facts: string[] = [];
  if (p.url !== undefined) facts.push(`url: ${p.url}`);
  for (const key of ['status', 'headers', 'keywords', 'linkTargets', 'web'] as const) {
    if (p[key] !== undefined) facts.push(`${key}: ${JSON.stringify(p[key])}`);
  }
  return facts;
}

/** An example as text blocks: facts as lines, HTML as a block (fenced in Markdown). */
function exampleBlocks(example: ExamplePage | ExampleSite, id: string, markdown: boolean): string[] {
  const pages = 'pages' in example ? example.pages : [example];
  const out: string[] = [];
  pages.forEach((p, i) => {
    const facts = pageFacts(p);
    const head = 'pages' in example ? [`page ${i + 1}${p.url ? `: ${p.url}` : ''}`, ...facts.filter((f) => !f.startsWith('url: '))] : facts;
    if (markdown) {
      if (head.length > 0) out.push(head.map((f) => `- ${f.replace(/[\\`*_[\]<>|]/g, '\\$&')}`).join('\n'));
      out.push(`\`\`\`html\n${p.html || '<!-- empty: no body -->'}\n\`\`\``);
    } else {
      out.push([...head, ...(clipHtml(p.html, id) || '(empty body)').split('\n')].join('\n'));
    }
  });
  if ('pages' in example && example.web) {
    const web = `site: ${JSON.stringify(example.web)}`;
    out.push(markdown ? `- ${web.replace(/[\\`*_[\]<>|]/g, '\\$&')}` : web);
  }
  return out;
}

const indent = (text: string): string => text.split('\n').map((l) => (l === '' ? l : `  ${l}`)).join('\n');

/** `seo-ai rules <id>` in a terminal. */
export function formatExplanation(e: RuleExplanation): string {
  const sections: [string, string][] = [
    ...(e.why ? [['Why it matters', e.why] as [string, string]] : []),
    ['Fix (default options)', e.fix],
    ['Options', optionsText(e.options)],
    ['Reads', e.reads.join(', ')],
    ['Needs', needsText(e.needs)],
  ];
  if (e.examples) {
    sections.push(['Fails', exampleBlocks(e.examples.fails, e.id, false).join('\n\n')]);
    sections.push(['Passes', exampleBlocks(e.examples.passes, e.id, false).join('\n\n')]);
  }
  sections.push(['Change its severity or options in seo-ai.config.json', configSnippet(e)]);
  if (e.docsUrl) sections.push(['Docs', docsLines(e.id, e.docsUrl)]);
  const head = `${e.id}  (${e.category}, ${e.scope} rule, default severity ${e.severity})\n\n${e.description}`;
  return `${[head, ...sections.map(([title, body]) => `${title}\n${indent(body)}`)].join('\n\n')}\n`;
}

/** One rule's section of docs/rules.md (and `seo-ai rules <id> --format markdown`): its heading's anchor is the id. */
export function explanationMarkdown(e: RuleExplanation, level = 2): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;');
  const lines = [
    `${'#'.repeat(level)} ${e.id}`,
    '',
    cell(e.description),
    '',
    '| | |',
    '|---|---|',
    `| category | ${e.category} |`,
    `| scope | ${e.scope} |`,
    `| default severity | ${e.severity} |`,
    `| options | ${Object.keys(e.options).length ? Object.entries(e.options).map(([k, v]) => `\`${k}: ${JSON.stringify(v)}\``).join(', ') : 'none'} |`,
    `| reads | ${e.reads.join(', ')} |`,
    `| needs | ${cell(needsText(e.needs))} |`,
    '',
    ...(e.why ? [`**Why it matters.** ${cell(e.why)}`, ''] : []),
    `**Fix** (default options). ${cell(e.fix)}`,
  ];
  if (e.examples) {
    lines.push('', '**Fails:**', '', exampleBlocks(e.examples.fails, e.id, true).join('\n\n'));
    lines.push('', '**Passes:**', '', exampleBlocks(e.examples.passes, e.id, true).join('\n\n'));
  }
  lines.push('', '**Change its severity or options** in `seo-ai.config.json`:', '', '```json', configSnippet(e), '```');
  return `${lines.join('\n')}\n`;
}

/** docs/rules.md: every rule, by category; a test keeps the committed file equal to it. */
export function rulesDoc(rules: readonly Rule[] = registry): string {
  const list = byCategory(rules.map(explainRule));
  const out = [
    '# seo-ai rules',
    '',
    '<!-- Generated from the rules’ definitions (src/cli/rule-docs.ts): do not edit by hand. -->',
    '',
    'Every rule seo-ai checks: what it finds, why it matters, how to fix it, a failing and a passing example, and how to',
    'change it in `seo-ai.config.json`. `seo-ai rules <id>` prints the same for one rule; `seo-ai rules` lists them all.',
    'The examples are checked with every test run: the failing one fails, the passing one passes.',
    '',
  ];
  let category = '';
  for (const e of list) {
    if (e.category !== category) {
      category = e.category;
      out.push(`## ${category}`, '', list.filter((r) => r.category === category).map((r) => `[${r.id}](#${r.id})`).join(' · '), '');
    }
    out.push(explanationMarkdown(e, 3));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Up to three ids (or categories) near an unknown name: typos first, then ids containing it. */
export function nearestNames(word: string, names: readonly string[]): string[] {
  const w = word.toLowerCase();
  const scored = names
    .map((n) => ({ n, d: editDistance(w, n.toLowerCase()) }))
    .filter(({ n, d }) => d <= Math.max(2, Math.floor(w.length / 3)) || (w.length >= 3 && n.includes(w)))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n));
  return scored.slice(0, 3).map(({ n }) => n);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length]!;
}
