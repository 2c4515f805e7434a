import type { Command } from 'commander';
import { rules as registry } from '../../rules/index.js';
import { needsHttp, type Rule } from '../engine/types.js';
import { defaultFix } from '../engine/config.js';
import { UsageError, type CliIo } from './io.js';

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

export function registerRules(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('rules')
    .description('list every rule: id, category, default severity, options, description and fix')
    .option('--json', 'print the list as JSON')
    .option('--markdown', 'print the list as a Markdown table (the README\'s rule list)')
    .action((_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ json?: boolean; markdown?: boolean; format?: string[] }>();
      const kind = listKind(opts);
      const list = registry.map(describeRule);
      io.stdout.write(kind === 'json' ? `${JSON.stringify(list, null, 2)}\n` : kind === 'markdown' ? rulesMarkdown(list) : formatRules(list));
      setExit(0);
    });
}

/** How to print the list: --json, --markdown, or --format json|markdown|terminal (one of them). */
function listKind(opts: { json?: boolean; markdown?: boolean; format?: string[] }): 'json' | 'markdown' | 'terminal' {
  const asked = [...(opts.json ? ['json'] : []), ...(opts.markdown ? ['markdown'] : []), ...(opts.format ?? [])];
  if (asked.length > 1) throw new UsageError(`rules: ${asked.join(' and ')}: choose one way to print the list`);
  const kind = asked[0] ?? 'terminal';
  if (kind !== 'json' && kind !== 'markdown' && kind !== 'terminal') {
    throw new UsageError(`rules --format ${kind}: the rule list prints as json, markdown or terminal${kind.includes('=') ? ' (to stdout; redirect it to a file)' : ''}`);
  }
  return kind;
}

function formatRules(list: RuleDescription[]): string {
  const width = Math.max(...list.map((r) => r.id.length));
  const lines: string[] = [];
  let category = '';
  for (const r of [...list].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id))) {
    if (r.category !== category) {
      category = r.category;
      lines.push('', `${category}`);
    }
    const opts = Object.keys(r.options).length ? `  options ${JSON.stringify(r.options)}` : '';
    const needs = r.needs.length ? `  (not applicable without ${r.needs.join(' and ')})` : '';
    lines.push(`  ${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.scope.padEnd(4)}  ${r.description}${needs}${opts}`);
    lines.push(`  ${''.padEnd(width)}  fix: ${r.fix}`);
  }
  return `${lines.join('\n').trimStart()}\n`;
}

/** The README's rule table; a test keeps the README equal to it. */
export function rulesMarkdown(list: RuleDescription[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;');
  const lines = ['| rule | category | default | options | checks | fix |', '|---|---|---|---|---|---|'];
  for (const r of [...list].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id))) {
    const opts = Object.entries(r.options).map(([k, v]) => `\`${k}: ${JSON.stringify(v)}\``).join(', ');
    const needs = r.needs.length ? ` *(needs ${r.needs.join(' and ')})*` : '';
    lines.push(`| \`${r.id}\` | ${r.category} | ${r.severity} | ${opts} | ${cell(r.description)}${needs} | ${cell(r.fix)} |`);
  }
  return `${lines.join('\n')}\n`;
}
