import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import { writeCsv } from '../csv/write.js';
import { DEFAULT_WEIGHTS } from '../engine/config.js';
import { isSiteRule, type PageRule } from '../engine/types.js';
import { collapse } from '../page/extract.js';
import { runAudit } from '../audit.js';
import { csvLacks, csvSource, CSV_FIELDS, rowHtml, rowPage, splitKeywords, type CsvPage } from '../sources/csv.js';
import { rulesLacking } from '../engine/applicability.js';
import { runPageRule } from '../testing/test-rule.js';
import { offlineRewriter } from './offline-rewriter.js';
import { optimizeMarkdown, summarise } from './output.js';
import { OPTIMIZE_FIELDS, type OptimizeField } from './plan.js';

/** The rules whose failure makes each field worth rewriting, written out here so the test does not take them from the code it checks. */
const FIELD_RULES: Record<TextField, readonly string[]> = {
  title: ['title-missing', 'title-too-long', 'title-too-short', 'title-too-wide', 'title-missing-keyword', 'title-multiple', 'title-same-as-h1', 'title-duplicate'],
  meta: ['meta-description-missing', 'meta-description-too-long', 'meta-description-too-short', 'meta-description-too-wide', 'meta-description-missing-keyword', 'meta-description-multiple', 'meta-description-duplicate'],
  h1: ['h1-missing', 'h1-too-long'],
};
import { duplicateKey, optimize, RewriteError, WAITING, type OptimizeResult, type Proposal, type Rewriter, type RewriteRequest, type TextField } from './run.js';

const DEMO_SHOP = fileURLToPath(new URL('../../fixtures/csv/demo-shop.csv', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-optimize-'));
let files = 0;

/** A CSV source over a temp file holding these rows (written with the real writer, so quoting is right). */
function table(rows: string[][], header = ['url', 'title', 'meta_description', 'h1']) {
  const file = path.join(dir, `t${++files}.csv`);
  writeFileSync(file, writeCsv({ delimiter: ',', newline: '\n', bom: false }, header, rows));
  return csvSource({ target: file, display: 'shop.csv' });
}

/** What a rewriter was asked, copied at the time (the loop updates the row's page in place). */
interface Asked {
  url: string;
  field: TextField;
  attempt: number;
  feedback: string[];
  failing: string[];
}

/**
 * Answers from a script: per "path field" (e.g. "/a title"), one answer per attempt; a RewriteError
 * is thrown instead. `delayMs` holds an answer back, so answers can arrive in any order.
 */
class ScriptedRewriter implements Rewriter {
  readonly name = 'scripted';
  readonly asked: Asked[] = [];
  /** "path field attempt" of each answer, in the order they were given. */
  readonly answered: string[] = [];
  freeText?: boolean;

  constructor(
    private readonly script: Record<string, (Proposal | RewriteError)[]>,
    private readonly delayMs: (request: RewriteRequest) => number = () => 0,
  ) {}

  async propose(request: RewriteRequest): Promise<Proposal> {
    this.asked.push({ url: request.url, field: request.field, attempt: request.attempt, feedback: [...request.feedback], failing: [...request.failing] });
    const key = `${new URL(request.url).pathname} ${request.field}`;
    const delay = this.delayMs(request);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    this.answered.push(`${key} ${request.attempt}`);
    const answer = (this.script[key] ?? [])[request.attempt - 1];
    if (answer instanceof RewriteError) throw answer;
    return answer;
  }
}

const run = (source: ReturnType<typeof table>, rewriter: Rewriter, extra: { attempts?: number; fields?: readonly OptimizeField[]; writesFaq?: boolean; concurrency?: number } = {}) =>
  optimize({
    source,
    weights: DEFAULT_WEIGHTS,
    fields: extra.fields ?? OPTIMIZE_FIELDS,
    rewriter,
    ...(extra.attempts ? { attempts: extra.attempts } : {}),
    ...(extra.writesFaq ? { writesFaq: true } : {}),
    ...(extra.concurrency ? { concurrency: extra.concurrency } : {}),
  });

const U = (p: string) => `https://shop.example${p}`;
const desc = (n: string) => `Gear ${n}: a light, packable piece of trail kit tested for a full season in the Cascades, with free US shipping and free returns for 100 days.`;
const TITLE_A = 'Alpha Trail Tent for Two Hikers | Northpine';
const TITLE_B = 'Beta Camp Stove for Quick Boils | Northpine';
const TITLE_C = 'Gamma Down Jacket for Cold Nights | Northpine';
/** 74 characters and 660 px: too long and too wide. */
const TOO_LONG = 'Alpha Trail Tent with Two Doors, Two Vestibules and a Full Fly | Northpine';

describe('optimize() in a round of optimize --batch (answers still to come)', () => {
  it('leaves the row waiting, its other fields still asking theirs, retries included, so one round carries all the row can ask', async () => {
    const later = (): RewriteError => new RewriteError(WAITING, false, false, true);
    const source = table([[U('/a'), 'Short title', 'Too short.', '']]);
    const rewriter = new ScriptedRewriter({
      '/a title': [later()],
      '/a meta': ['Too short again.', later()],
      // Checked against the title as it is (its new value is still to come), and asked again.
      '/a h1': ['x'.repeat(80), later()],
    });
    const result = await run(source, rewriter);
    expect(rewriter.asked.map((a) => `${a.field} ${a.attempt}`).sort()).toEqual(['h1 1', 'h1 2', 'meta 1', 'meta 2', 'title 1']);
    expect(result.rows[0]).toMatchObject({ status: 'not_processed', error: WAITING });
    expect(result.rows[0]!.fields.every((f) => f.after === undefined)).toBe(true);
    expect(result.partial).toBe(false);
  });
});

describe('optimize() with a scripted rewriter', () => {
  it('keeps a candidate that passes, and leaves rows with nothing to fix unchanged', async () => {
    const source = table([
      [U('/a'), 'Short title', desc('A'), 'Alpha'],
      [U('/b'), TITLE_B, desc('B'), 'Beta'],
    ]);
    const rewriter = new ScriptedRewriter({ '/a title': [TITLE_A] });
    const result = await run(source, rewriter);
    expect(rewriter.asked).toEqual([{ url: U('/a'), field: 'title', attempt: 1, feedback: [], failing: ['title-too-short'] }]);
    expect(result.rows).toEqual([
      {
        line: 2,
        url: U('/a'),
        row: 0,
        status: 'ok',
        fields: [{ field: 'title', before: 'Short title', after: TITLE_A, attempts: 1 }],
        scoreBefore: 85,
        scoreAfter: 100,
        issuesBefore: ['title-too-short'],
        issuesAfter: [],
      },
      { line: 3, url: U('/b'), row: 1, status: 'unchanged', fields: [], scoreBefore: 100, scoreAfter: 100, issuesBefore: [], issuesAfter: [] },
    ]);
    expect(result.rewriter).toBe('scripted');
    expect(result.faqSkipped).toBe(0);
    expect(result.notes).toEqual([]);
    expect(result.before.summary.score).toBe(92.5);
    expect(result.after.summary.score).toBe(100);
  });

  it('retries a failing candidate with the failure as feedback, then keeps the original and marks the row needs_review', async () => {
    const source = table([[U('/a'), 'Short title', desc('A'), 'Alpha']]);
    const rewriter = new ScriptedRewriter({ '/a title': [TOO_LONG, TOO_LONG, TOO_LONG, TITLE_A] });
    const result = await run(source, rewriter);
    const failures = ['title-too-long: Title is 74 characters long (max 60).', 'title-too-wide: Title is 660 px wide in Arial 20px (max 561); Google cuts it off.'];
    expect(rewriter.asked).toEqual([
      { url: U('/a'), field: 'title', attempt: 1, feedback: [], failing: ['title-too-short'] },
      { url: U('/a'), field: 'title', attempt: 2, feedback: failures, failing: ['title-too-short'] },
      { url: U('/a'), field: 'title', attempt: 3, feedback: failures, failing: ['title-too-short'] },
    ]);
    expect(result.rows).toEqual([
      {
        line: 2,
        url: U('/a'),
        row: 0,
        status: 'needs_review',
        fields: [{ field: 'title', before: 'Short title', attempts: 3, rejected: { value: TOO_LONG, failures } }],
        scoreBefore: 85,
        scoreAfter: 85,
        issuesBefore: ['title-too-short'],
        issuesAfter: ['title-too-short'],
      },
    ]);
  });

  it('asks no more than `attempts` times', async () => {
    const rewriter = new ScriptedRewriter({ '/a title': [TOO_LONG, TOO_LONG, TOO_LONG] });
    const result = await run(table([[U('/a'), 'Short title', desc('A'), 'Alpha']]), rewriter, { attempts: 2 });
    expect(rewriter.asked.map((a) => a.attempt)).toEqual([1, 2]);
    expect(result.rows[0]!.status).toBe('needs_review');
    expect(result.rows[0]!.fields[0]!.attempts).toBe(2);
  });

  it('takes a later candidate that passes after one that failed', async () => {
    const rewriter = new ScriptedRewriter({ '/a title': [TOO_LONG, TITLE_A] });
    const result = await run(table([[U('/a'), 'Short title', desc('A'), 'Alpha']]), rewriter);
    expect(rewriter.asked[1]!.feedback.map((f) => f.split(':')[0])).toEqual(['title-too-long', 'title-too-wide']);
    expect(result.rows[0]!.status).toBe('ok');
    expect(result.rows[0]!.fields).toEqual([{ field: 'title', before: 'Short title', after: TITLE_A, attempts: 2 }]);
  });

  it('refuses a candidate that is the current value or empty', async () => {
    const rewriter = new ScriptedRewriter({ '/a title': ['Short title', '   '] });
    const result = await run(table([[U('/a'), 'Short title', desc('A'), 'Alpha']]), rewriter, { attempts: 2 });
    expect(rewriter.asked[1]!.feedback).toEqual(['the candidate is the current value']);
    expect(result.rows[0]!.fields).toEqual([{ field: 'title', before: 'Short title', attempts: 2, rejected: { value: '   ', failures: ['the candidate is empty'] } }]);
  });

  it("refuses a title that another row of the run already has, ignoring case and white space", async () => {
    const source = table([
      [U('/a'), 'Short title', desc('A'), 'Alpha'],
      [U('/b'), TITLE_B, desc('B'), 'Beta'],
    ]);
    const rewriter = new ScriptedRewriter({ '/a title': [TITLE_B, TITLE_B.toUpperCase(), ` ${TITLE_B.replace(/ /g, '  ')} `] });
    const result = await run(source, rewriter);
    expect(rewriter.asked.map((a) => a.feedback)).toEqual([
      [],
      [`title-duplicate: another page of the run already uses "${TITLE_B}"`],
      [`title-duplicate: another page of the run already uses "${TITLE_B.toUpperCase()}"`],
    ]);
    expect(result.rows[0]!.status).toBe('needs_review');
    expect(result.rows[0]!.fields[0]!.rejected!.failures).toEqual([`title-duplicate: another page of the run already uses "${TITLE_B.replace(/ /g, '  ')}"`]);
    expect(result.after.pages.flatMap((p) => p.findings.map((f) => f.rule))).not.toContain('title-duplicate');
  });

  it('lets two rows not both take the same new title, nor the same new description', async () => {
    const source = table([
      [U('/a'), 'Short title', 'Too short.', 'Alpha'],
      [U('/c'), 'Tiny', 'Also short.', 'Gamma'],
    ]);
    const rewriter = new ScriptedRewriter({
      '/a title': [TITLE_A],
      '/a meta': [desc('A')],
      '/c title': [TITLE_A, TITLE_C],
      '/c meta': [desc('A'), desc('C')],
    });
    const result = await run(source, rewriter);
    expect(result.rows.map((r) => [r.status, r.fields.map((f) => [f.field, f.after, f.attempts])])).toEqual([
      ['ok', [['title', TITLE_A, 1], ['meta', desc('A'), 1]]],
      ['ok', [['title', TITLE_C, 2], ['meta', desc('C'), 2]]],
    ]);
    // Each field's first request goes out before the row's turn (side by side with /a's), the
    // retries in its turn, after /a has taken its values.
    expect(rewriter.asked.filter((a) => a.url === U('/c')).map((a) => [a.field, a.feedback])).toEqual([
      ['title', []],
      ['meta', []],
      ['title', [`title-duplicate: another page of the run already uses "${TITLE_A}"`]],
      ['meta', [`meta-description-duplicate: another page of the run already uses "${desc('A')}"`]],
    ]);
  });

  it('scores and issues after come from a re-audit of the whole run', async () => {
    // /a and /b share a title; /a gets a new one, /b's candidates are refused (the first is /a's
    // new title), yet /b's own title is unique once /a's is rewritten.
    const source = table([
      [U('/a'), TITLE_A, desc('A'), 'Alpha'],
      [U('/b'), TITLE_A, desc('B'), 'Beta'],
    ]);
    const rewriter = new ScriptedRewriter({ '/a title': [TITLE_C], '/b title': [TITLE_C, TOO_LONG, TOO_LONG] });
    const result = await run(source, rewriter);
    expect(rewriter.asked.map((a) => [a.url, a.failing])).toEqual([
      [U('/a'), ['title-duplicate']],
      [U('/b'), ['title-duplicate']],
      [U('/b'), ['title-duplicate']],
      [U('/b'), ['title-duplicate']],
    ]);
    // /b's own candidates were refused, but the re-audit finds its title unique now: scores and issues after come from it.
    expect(result.rows.map((r) => ({ status: r.status, scoreBefore: r.scoreBefore, scoreAfter: r.scoreAfter, issuesBefore: r.issuesBefore, issuesAfter: r.issuesAfter }))).toEqual([
      { status: 'ok', scoreBefore: 75, scoreAfter: 100, issuesBefore: ['title-duplicate'], issuesAfter: [] },
      { status: 'needs_review', scoreBefore: 75, scoreAfter: 100, issuesBefore: ['title-duplicate'], issuesAfter: [] },
    ]);
  });

  it('a row whose url is bad or repeated is failed with the error; the other rows are unaffected and audited alone', async () => {
    const source = table([
      [U('/a'), 'Short title', desc('A'), 'Alpha'],
      ['/relative', 'Short title', desc('R'), 'R'],
      ['mailto:shop@example.com', 'Short title', desc('M'), 'M'],
      ['', 'Short title', desc('E'), 'E'],
      [U('/a'), 'Short title', desc('D'), 'D'],
      [U('/c'), TITLE_C, desc('C'), 'Gamma'],
    ]);
    const rewriter = new ScriptedRewriter({ '/a title': [TITLE_A] });
    const progress: string[] = [];
    const result = await optimize({ source, weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect(rewriter.asked.map((a) => a.url)).toEqual([U('/a')]);
    expect(result.rows.map((r) => ({ line: r.line, url: r.url, status: r.status, error: r.error, scoreBefore: r.scoreBefore, scoreAfter: r.scoreAfter }))).toEqual([
      { line: 2, url: U('/a'), status: 'ok', error: undefined, scoreBefore: 85, scoreAfter: 100 },
      { line: 3, url: '/relative', status: 'failed', error: 'row skipped: "/relative" is not an absolute URL', scoreBefore: undefined, scoreAfter: undefined },
      { line: 4, url: 'mailto:shop@example.com', status: 'failed', error: 'row skipped: "mailto:shop@example.com" is not an http(s) URL', scoreBefore: undefined, scoreAfter: undefined },
      { line: 5, url: '', status: 'failed', error: 'row skipped: the url cell is empty', scoreBefore: undefined, scoreAfter: undefined },
      { line: 6, url: U('/a'), status: 'failed', error: `row skipped: ${U('/a')} is also on line 2; one row per page`, scoreBefore: undefined, scoreAfter: undefined },
      { line: 7, url: U('/c'), status: 'unchanged', error: undefined, scoreBefore: 100, scoreAfter: 100 },
    ]);
    // The audit after has the same pages as the one before: failed rows are in neither.
    expect(result.before.pages.map((p) => p.url)).toEqual([U('/a'), U('/c')]);
    expect(result.after.pages.map((p) => p.url)).toEqual([U('/a'), U('/c')]);
    // Every row counts towards progress, failed ones too.
    expect(progress).toHaveLength(6);
    expect(progress.at(-1)).toBe('6/6');
  });

  it('judges an H1 with the title in place: an H1 equal to the title is refused', async () => {
    const source = table([[U('/a'), TITLE_A, desc('A'), '']]);
    const rewriter = new ScriptedRewriter({ '/a h1': [TITLE_A, 'Alpha Trail Tent'] });
    const result = await run(source, rewriter);
    expect(rewriter.asked.map((a) => [a.field, a.failing, a.feedback])).toEqual([
      ['h1', ['h1-missing'], []],
      ['h1', ['h1-missing'], ['title-same-as-h1: Title is the same as the H1.']],
    ]);
    expect(result.rows[0]!.fields).toEqual([{ field: 'h1', before: '', after: 'Alpha Trail Tent', attempts: 2 }]);
    expect(result.rows[0]!.issuesAfter).toEqual([]);
  });

  it('rewrites only the fields asked for', async () => {
    const source = table([[U('/a'), 'Short title', 'Too short.', '']]);
    const rewriter = new ScriptedRewriter({ '/a title': [TITLE_A], '/a meta': [desc('A')], '/a h1': ['Alpha'] });
    const result = await run(source, rewriter, { fields: ['meta'] });
    expect(rewriter.asked.map((a) => a.field)).toEqual(['meta']);
    expect(result.rows[0]!.status).toBe('ok');
    expect(result.rows[0]!.issuesAfter).toEqual(['h1-missing', 'title-too-short']);
  });

  it('counts product rows without an FAQ as skipped when the rewriter writes none', async () => {
    const header = ['url', 'title', 'meta_description', 'h1', 'page_type', 'has_faq'];
    const rows = [
      [U('/p1'), TITLE_A, desc('1'), 'Alpha', 'product', ''],
      [U('/p2'), TITLE_B, desc('2'), 'Beta', 'product', 'yes'],
      [U('/p3'), TITLE_C, desc('3'), 'Gamma', 'page', ''],
      [U('/p4'), 'Short title', desc('4'), 'Delta', 'Product', 'no'],
    ];
    const rewriter = new ScriptedRewriter({ '/p4 title': ['Delta Rain Shell for Wet Ridges | Northpine'] });
    const result = await run(table(rows, header), rewriter);
    expect(result.faqSkipped).toBe(2);
    expect(result.notes).toEqual(['2 product pages without an FAQ: scripted writes no FAQs (they need an LLM)']);
    // An FAQ the rewriter does not write leaves the row as it was.
    expect(result.rows.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'ok']);

    expect((await run(table(rows, header), new ScriptedRewriter({}), { writesFaq: true })).faqSkipped).toBe(0);
    expect((await run(table(rows, header), new ScriptedRewriter({}), { fields: ['title', 'meta', 'h1'] })).faqSkipped).toBe(0);
    const one = await run(table(rows.slice(0, 1), header), new ScriptedRewriter({}));
    expect(one.notes).toEqual(['1 product page without an FAQ: scripted writes no FAQs (they need an LLM)']);
  });
});

describe('optimize(): the audit after, for rows whose title or description alone changed', () => {
  const HEADER = ['url', 'title', 'meta_description', 'h1', 'content', 'keywords'];
  const body = (n: string) => `<p>${`The ${n} is made for long days on the trail and short nights in camp. `.repeat(12)}</p>`;
  const SHARED_DESC = 'Shared words: a description two rows of the run both use, which is a site-wide duplicate.';
  // Each row gets a new title or description (or an H1) from the script; its content is what the
  // rules outside the head read: images without alt, vague links, a skipped heading level, H1s.
  const rows = [
    [U('/plain'), 'Plain', desc('plain'), 'Plain Tent', body('plain tent'), 'tent'],
    [U('/body-findings'), 'Body', 'Too short.', 'Body Tent', `${body('body tent')}<img src="a.png"><a href="/x">click here</a><h4>Skipped</h4>`, 'tent'],
    [U('/h1-in-content'), 'Deep', desc('deep'), '', `<h1>Deep <em>Widget</em>  Guide</h1><h2>More</h2>${body('deep widget')}`, ''],
    [U('/svg-title'), 'Icon', desc('icon'), 'Icon Tent', `<svg><title>An icon</title></svg>${body('icon tent')}`, ''],
    // No description of its own: the one in the content is the page's.
    [U('/meta-in-body'), 'Meta', '', 'Meta Tent', `<meta name="description" content="The body says this">${body('meta tent')}`, ''],
    [U('/link-in-body'), 'Link', desc('link'), 'Link Tent', `<link rel="canonical" href="https://elsewhere.example/">${body('link tent')}`, ''],
    [U('/shared-1'), 'Shared One Tent for Two | Northpine', SHARED_DESC, 'Shared One', body('shared one'), ''],
    [U('/shared-2'), 'Shared Two Tent for Two | Northpine', SHARED_DESC, 'Shared Two', body('shared two'), ''],
    [U('/h1-too'), 'H1 too', 'Short.', 'An H1 that is far too long to be a heading anyone reads at a glance, far too long', body('long heading'), ''],
    // An SVG nested past the parser's depth cap: its warning says at which character, which a longer title moves.
    [U('/deep'), 'Deep', desc('deep nest'), 'Deep Tent', `${body('deep tent')}${'<svg>'.repeat(600)}`, ''],
  ];
  const script: Record<string, Proposal[]> = {
    '/plain title': ['Plain Tent for Two Hikers, Light and Roomy | Northpine'],
    '/body-findings title': ['Body Tent for Two Hikers, Light and Roomy | Northpine'],
    '/h1-in-content title': ['Deep Widget Guide for Hikers Who Like Maps | Northpine'],
    '/svg-title title': ['Icon Tent for Two Hikers, Light and Roomy | Northpine'],
    '/meta-in-body title': ['Meta Tent for Two Hikers, Light and Roomy | Northpine'],
    '/link-in-body title': ['Link Tent for Two Hikers, Light and Roomy | Northpine'],
    '/shared-1 meta': [desc('shared one')],
    '/h1-too title': ['H1 Tent for Two Hikers, Light and Roomy in Any Weather | Northpine'],
    '/h1-too h1': ['A Short H1 for the Long Heading Tent'],
    '/deep title': ['Deep Tent for Two Hikers, Light and Roomy | Northpine'],
  };

  it('equals a fresh audit of the rows as they end; only rows whose content adds nothing to the head are brought up to date without a check of the whole page', async () => {
    const source = table(rows, HEADER);
    const r = await run(source, new ScriptedRewriter(script));
    const changed = r.rows.filter((row) => row.fields.some((f) => f.after !== undefined)).map((row) => new URL(row.url).pathname);
    expect(changed).toEqual(['/plain', '/body-findings', '/h1-in-content', '/svg-title', '/meta-in-body', '/link-in-body', '/shared-1', '/h1-too', '/deep']);
    const final = rows.map((cells) => [...cells]);
    const COLUMN = { title: 1, meta: 2, h1: 3 } as const;
    for (const row of r.rows) for (const f of row.fields) if (f.after !== undefined) final[row.row]![COLUMN[f.field]] = f.after;
    const fresh = await runAudit({ source: table(final, HEADER), weights: DEFAULT_WEIGHTS });
    expect(shape(r.after.pages)).toEqual(shape(fresh.pages));
    expect(r.after.summary).toEqual(fresh.summary);
    // The SVG <title>, the <meta> and the <link> in content send their rows to a whole check, as
    // do the new H1 and the page with a warning; /shared-2 is unchanged (taken as it was, yet no
    // longer a duplicate after).
    expect(r.rechecked).toBe(4);
    expect(r.reused).toBe(1);
    const after = (p: string) => r.after.pages.find((page) => page.url === U(p))!.findings.map((f) => f.rule);
    expect(after('/body-findings')).toEqual(expect.arrayContaining(['image-alt-missing', 'link-text-non-descriptive', 'heading-level-skipped', 'meta-description-too-short']));
    expect(after('/shared-2')).not.toContain('meta-description-duplicate');
    expect(r.after.pages.find((page) => page.url === U('/deep'))!.warnings).toEqual([expect.stringMatching(/nest more than 512 deep at character \d+/)]);
    expect(r.before.pages.find((page) => page.url === U('/shared-2'))!.findings.map((f) => f.rule)).toContain('meta-description-duplicate');
  });

  it('checks every changed row whole when a rule that reads the head also reads the body', async () => {
    const { headRechecks } = await import('./run.js');
    const resolved = (rules: PageRule[]) => rules.map((rule) => ({ rule, severity: rule.severity, options: rule.options, fix: '' }));
    // The rules optimize runs on rows: a CSV row has no <head>, so the rules that read it are off
    // (snippet-blocked reads the head and the body, and does not run on rows).
    const lacking = new Set(rulesLacking(registry, csvLacks({ url: 0, title: 1, meta_description: 2, h1: 3, content: 4 }), false).map((n) => n.rule));
    const pageRules = registry.filter((rule): rule is PageRule => !isSiteRule(rule) && !lacking.has(rule.id));
    expect(headRechecks(resolved(registry.filter((rule): rule is PageRule => !isSiteRule(rule))))).toBeUndefined();
    expect([...headRechecks(resolved(pageRules))!].sort()).toEqual(pageRules.filter((rule) => rule.reads.some((f) => f === 'title' || f === 'meta' || f === 'head') && rule.scope === 'page').map((rule) => rule.id).sort());
    const greedy = { ...pageRules[0]!, id: 'title-and-text', reads: ['title', 'content'] as const };
    expect(headRechecks(resolved([...pageRules, greedy]))).toBeUndefined();
    const weighing = { ...pageRules[0]!, id: 'page-weight', reads: ['size'] as const };
    expect(headRechecks(resolved([...pageRules, weighing]))).toBeUndefined();
  });
});

describe('optimize(): candidates are taken in row order', () => {
  // Three rows are all offered TITLE_A first; the first row's answer is the slowest to arrive.
  const rows = [
    [U('/a'), 'Short title', desc('A'), 'Alpha'],
    [U('/b'), 'Tiny', desc('B'), 'Beta'],
    [U('/c'), 'Small', desc('C'), 'Gamma'],
  ];
  const script = { '/a title': [TITLE_A], '/b title': [TITLE_A, TITLE_B], '/c title': [TITLE_A, TITLE_C] };
  /** First answers in reverse row order: /c's at once, /b's after 40 ms, /a's after 80 ms. */
  const reverse = (r: RewriteRequest): number => (r.attempt === 1 ? { '/a': 80, '/b': 40, '/c': 0 }[new URL(r.url).pathname]! : 0);
  const outcome = async (delayMs?: (r: RewriteRequest) => number) => {
    const rewriter = new ScriptedRewriter(script, delayMs);
    const result = await run(table(rows), rewriter, { fields: ['title'], concurrency: 3 });
    return { rewriter, result: result.rows.map((r) => ({ url: r.url, status: r.status, fields: r.fields })) };
  };

  it('so the outcome and the requests are the same whichever answer arrives first, every time', async () => {
    const inOrder = await outcome();
    expect(inOrder.result).toEqual([
      { url: U('/a'), status: 'ok', fields: [{ field: 'title', before: 'Short title', after: TITLE_A, attempts: 1 }] },
      { url: U('/b'), status: 'ok', fields: [{ field: 'title', before: 'Tiny', after: TITLE_B, attempts: 2 }] },
      { url: U('/c'), status: 'ok', fields: [{ field: 'title', before: 'Small', after: TITLE_C, attempts: 2 }] },
    ]);
    for (let i = 0; i < 2; i++) {
      const reversed = await outcome(reverse);
      // The answers did arrive in reverse order, all three first answers before any row took one.
      expect(reversed.rewriter.answered.slice(0, 3)).toEqual(['/c title 1', '/b title 1', '/a title 1']);
      expect(reversed.result).toEqual(inOrder.result);
      // The same prompts: a rerun answered from the checkpoint asks nothing new.
      expect(reversed.rewriter.asked).toEqual(expect.arrayContaining(inOrder.rewriter.asked));
      expect(reversed.rewriter.asked).toHaveLength(inOrder.rewriter.asked.length);
    }
  });

  it('sends each row\'s first requests before the rows ahead of it are done, and its retries in its turn', async () => {
    const { rewriter } = await outcome(reverse);
    expect(rewriter.asked.map((a) => `${new URL(a.url).pathname} ${a.attempt}`)).toEqual(['/a 1', '/b 1', '/c 1', '/b 2', '/c 2']);
  });
});

describe('optimize(): uniqueness across the run', () => {
  it('refuses an H1 that another row of the run already has (h1-duplicate)', async () => {
    const source = table([
      [U('/a'), TITLE_A, desc('A'), ''],
      [U('/b'), TITLE_B, desc('B'), ''],
    ]);
    const rewriter = new ScriptedRewriter({ '/a h1': ['Trail kit'], '/b h1': ['trail  KIT', 'Camp kit'] });
    const result = await run(source, rewriter, { fields: ['h1'] });
    expect(rewriter.asked.filter((a) => a.url === U('/b')).map((a) => a.feedback)).toEqual([[], ['h1-duplicate: another page of the run already uses "trail  KIT"']]);
    expect(result.rows.map((r) => r.fields)).toEqual([
      [{ field: 'h1', before: '', after: 'Trail kit', attempts: 1 }],
      [{ field: 'h1', before: '', after: 'Camp kit', attempts: 2 }],
    ]);
    expect(result.rows.map((r) => r.issuesAfter)).toEqual([[], []]);
  });

  it('compares values NFKC-normalised, without invisible characters, white space collapsed and case-folded', async () => {
    expect(duplicateKey(' Ｂｅｔａ\u200b  Camp\u00a0STOVE ')).toBe('beta camp stove');
    expect(duplicateKey('Straße')).toBe(duplicateKey('STRASSE'));
    const source = table([
      [U('/a'), 'Short title', desc('A'), 'Alpha'],
      [U('/b'), TITLE_B, desc('B'), 'Beta'],
    ]);
    const fullWidth = TITLE_B.replace('Beta', 'Ｂｅｔａ');
    const zeroWidth = `${TITLE_B}\u200b`;
    const rewriter = new ScriptedRewriter({ '/a title': [fullWidth, zeroWidth, TITLE_A] });
    const result = await run(source, rewriter, { fields: ['title'] });
    expect(rewriter.asked.map((a) => a.feedback)).toEqual([
      [],
      [`title-duplicate: another page of the run already uses "${fullWidth}"`],
      [`title-duplicate: another page of the run already uses "${zeroWidth}"`],
    ]);
    expect(result.rows[0]!.fields[0]!.after).toBe(TITLE_A);
  });
});

describe('optimize(): free-text candidates (a model\'s) are checked for what the rules do not cover', () => {
  const header = ['url', 'title', 'meta_description', 'h1', 'content'];
  const boots = [U('/boots'), 'Boots', desc('B'), 'Trail boots', 'Leather trail boots for wet hikes. Save 20% in May.'];
  const FORMULA = '=HYPERLINK("http://evil.example/x","Leather trail boots")';
  const LINKED = 'Leather trail boots at 20% off | www.evil-shop.example';
  const CONTROL = 'Leather trail boots\u0000 for wet hikes in May';
  const INVENTED = 'Leather trail boots by Gore Tex Pro at 90% off';
  const GROUNDED = 'Leather trail boots for wet hikes, 20% off in May';
  const script = { '/boots title': [FORMULA, LINKED, CONTROL, INVENTED, GROUNDED] };

  it('refuses formulas, links, control characters and figures or names not in the row, with feedback', async () => {
    const rewriter = new ScriptedRewriter(script);
    rewriter.freeText = true;
    const result = await run(table([boots], header), rewriter, { fields: ['title'], attempts: 5 });
    expect(rewriter.asked.slice(1).map((a) => a.feedback)).toEqual([
      [
        'the text starts with "=": spreadsheets read a value starting with =, +, - or @ as a formula',
        'the text contains a web address ("http://evil.example/x"): no URLs or domain names',
      ],
      ['the text contains a web address ("www.evil-shop.example"): no URLs or domain names'],
      ['the text contains control or invisible formatting characters'],
      ['the text uses facts not in the page data: "90%", "Gore Tex Pro"'],
    ]);
    expect(result.rows[0]!.status).toBe('ok');
    expect(result.rows[0]!.fields).toEqual([{ field: 'title', before: 'Boots', after: GROUNDED, attempts: 5 }]);
  });

  it('refuses a bare domain name and an e-mail address, and takes the brand the rewriter was told to use as data', async () => {
    const rewriter = new ScriptedRewriter({
      '/boots title': ['Leather trail boots from evil-shop.example today', 'Leather trail boots, ask sales@shop.example', 'Leather trail boots | Northpine Outfitters'],
    });
    rewriter.freeText = true;
    const refused = await run(table([boots], header), rewriter, { fields: ['title'] });
    expect(rewriter.asked.slice(1).map((a) => a.feedback)).toEqual([
      ['the text contains a web address ("evil-shop.example"): no URLs or domain names'],
      ['the text contains a web address ("sales@shop.example"): no URLs or domain names'],
    ]);
    expect(refused.rows[0]!.fields[0]!.rejected).toEqual({ value: 'Leather trail boots | Northpine Outfitters', failures: ['the text uses facts not in the page data: "Northpine Outfitters"'] });
    const branded = new ScriptedRewriter({ '/boots title': ['Leather trail boots | Northpine Outfitters'] });
    Object.assign(branded, { freeText: true, brand: 'Northpine Outfitters' });
    expect((await run(table([boots], header), branded, { fields: ['title'] })).rows[0]!.fields[0]!.after).toBe('Leather trail boots | Northpine Outfitters');
  });

  it('leaves candidates built from the row (offline) to the rules alone', async () => {
    const rewriter = new ScriptedRewriter(script);
    const result = await run(table([boots], header), rewriter, { fields: ['title'], attempts: 5 });
    expect(result.rows[0]!.fields).toEqual([{ field: 'title', before: 'Boots', after: FORMULA, attempts: 1 }]);
  });

  it('records a candidate the rewriter refused itself (an answer cut off) and asks again with why', async () => {
    const cut = 'Alpine trail runner shoes for rocky and wet mountain pa';
    const refusal = { refused: cut, failures: ['the answer was cut off at the token limit'] };
    const rewriter = new ScriptedRewriter({ '/a title': [refusal, TITLE_A], '/b title': [refusal, refusal] });
    const result = await run(
      table([
        [U('/a'), 'Short title', desc('A'), 'Alpha'],
        [U('/b'), 'Tiny', desc('B'), 'Beta'],
      ]),
      rewriter,
      { fields: ['title'], attempts: 2 },
    );
    expect(rewriter.asked.filter((a) => a.attempt === 2).map((a) => a.feedback)).toEqual([['the answer was cut off at the token limit'], ['the answer was cut off at the token limit']]);
    expect(result.rows.map((r) => [r.status, r.fields])).toEqual([
      ['ok', [{ field: 'title', before: 'Short title', after: TITLE_A, attempts: 2 }]],
      ['needs_review', [{ field: 'title', before: 'Tiny', attempts: 2, rejected: refusal.failures && { value: cut, failures: refusal.failures } }]],
    ]);
  });
});

describe('optimize(): a run that stops', () => {
  it('marks the rows it did not get to not_processed, keeping their values, counted neither rewritten nor refused', async () => {
    const source = table([
      [U('/a'), 'Short title', desc('A'), 'Alpha'],
      [U('/b'), 'Tiny', 'Too short.', 'Beta'],
      [U('/c'), 'Small', desc('C'), 'Gamma'],
      [U('/d'), 'Wee', desc('D'), 'Delta'],
    ]);
    const stop = new RewriteError('the budget of $0.01 is spent', true);
    // /b's title is taken, then its description's request is refused for the budget: the row is
    // given back whole. /c and /d were never asked: the stop came before their turn to be sent.
    const rewriter = new ScriptedRewriter({ '/a title': [TITLE_A], '/b title': [TITLE_B], '/b meta': [stop], '/c title': [TITLE_C], '/d title': ['Delta Rain Shell for Wet Ridges | Northpine'] });
    const result = await run(source, rewriter, { fields: ['title', 'meta'] });
    expect(rewriter.answered).toEqual(['/a title 1', '/b title 1', '/b meta 1']);
    const why = 'not processed: the budget of $0.01 is spent';
    expect(result.rows.map((r) => ({ url: r.url, status: r.status, error: r.error, fields: r.fields }))).toEqual([
      { url: U('/a'), status: 'ok', error: undefined, fields: [{ field: 'title', before: 'Short title', after: TITLE_A, attempts: 1 }] },
      {
        url: U('/b'),
        status: 'not_processed',
        error: why,
        fields: [
          { field: 'title', before: 'Tiny', attempts: 1 },
          { field: 'meta', before: 'Too short.', attempts: 0 },
        ],
      },
      { url: U('/c'), status: 'not_processed', error: why, fields: [{ field: 'title', before: 'Small', attempts: 0 }] },
      { url: U('/d'), status: 'not_processed', error: why, fields: [{ field: 'title', before: 'Wee', attempts: 0 }] },
    ]);
    expect(result.partial).toBe(true);
    // /b's title went back: the audit after still has its original.
    expect(result.rows[1]!.issuesAfter).toEqual(['title-too-short', 'meta-description-too-short']);
    const summary = summarise(result, 0);
    expect([summary.unchanged, summary.notProcessed, summary.fieldsRewritten, summary.fieldsRefused]).toEqual([0, 3, 1, 0]);
    const markdown = optimizeMarkdown(result, summary, 'shop.csv');
    expect(markdown).toContain('| not processed | 3 (the run stopped before them; listed below; the same command again resumes) |\n');
    expect(markdown).toContain('| success rate | 100.0 % of planned rewrites |\n');
    expect(markdown).toContain(
      '## Rows not processed\n\nThe run stopped (the budget of $0.01 is spent) before finishing these rows: they keep their original values, and the same command again processes them (answers already paid for come from the checkpoint).\n\n' +
        `- line 3: ${U('/b')}\n- line 4: ${U('/c')}\n- line 5: ${U('/d')}\n`,
    );
    expect(markdown).not.toContain(`## ${U('/c')}`);
  });

  it('a field refused before the stop keeps needs_review: it was asked and refused', async () => {
    const stop = new RewriteError('stopped', true);
    const rewriter = new ScriptedRewriter({ '/a title': [TOO_LONG, stop] });
    const result = await run(table([[U('/a'), 'Short title', desc('A'), 'Alpha']]), rewriter, { fields: ['title'] });
    // The second attempt's request was the one stopped: the row is not finished.
    expect(result.rows[0]!.status).toBe('not_processed');
    expect(result.rows[0]!.error).toBe('not processed: stopped');
    const asked = new ScriptedRewriter({ '/a title': [TOO_LONG, TOO_LONG, TOO_LONG], '/b title': [stop] });
    const two = await run(
      table([
        [U('/a'), 'Short title', desc('A'), 'Alpha'],
        [U('/b'), 'Tiny', desc('B'), 'Beta'],
      ]),
      asked,
      { fields: ['title'] },
    );
    expect(two.rows.map((r) => [r.status, r.error])).toEqual([
      ['needs_review', undefined],
      ['not_processed', 'not processed: stopped'],
    ]);
  });
});

describe('optimize(): stopped by its signal', () => {
  it('an offline run aborted (Ctrl-C, --timeout) sends nothing more: the rows left are not_processed, and the note gives the reason', async () => {
    const controller = new AbortController();
    const rows = Array.from({ length: 6 }, (_, i) => [U(`/r${i}`), `Tiny ${i}`, desc(String(i)), `Heading ${i}`]);
    const rewriter = offlineRewriter();
    let asked = 0;
    const counting: Rewriter = {
      ...rewriter,
      propose: (request) => {
        // The stop comes while the second row is being asked.
        if (++asked === 2) controller.abort('interrupted (Ctrl-C)');
        return rewriter.propose(request);
      },
    };
    const result = await optimize({ source: table(rows), weights: DEFAULT_WEIGHTS, fields: ['title'], rewriter: counting, signal: controller.signal });
    expect(result.partial).toBe(true);
    const left = result.rows.filter((r) => r.status === 'not_processed');
    expect(left.length).toBeGreaterThanOrEqual(4);
    expect(left.every((r) => r.error === 'not processed: interrupted (Ctrl-C)')).toBe(true);
    expect(asked).toBe(2);
    expect(result.notes).toContain(`stopped early: interrupted (Ctrl-C); ${left.length} rows not processed, keeping their original values: run the same command again to resume`);
  });
});

/** Every page rule of a field (the site rules are the uniqueness check, done separately), plus title-same-as-h1 for H1s. */
function fieldRules(field: TextField): PageRule[] {
  const ids: readonly string[] = field === 'h1' ? [...FIELD_RULES.h1, 'title-same-as-h1'] : FIELD_RULES[field];
  return registry.filter((r): r is PageRule => ids.includes(r.id) && !isSiteRule(r) && !['title-multiple', 'meta-description-multiple'].includes(r.id));
}

/** What an audit says of each page, for comparing two audits of the same rows. */
const shape = (pages: OptimizeResult['after']['pages']) => pages.map((p) => ({ url: p.url, score: p.score, findings: p.findings, warnings: p.warnings }));

describe('optimize() --offline on the demo shop', () => {
  let result: OptimizeResult;
  const run = async (): Promise<OptimizeResult> => (result ??= await optimize({ source: csvSource({ target: DEMO_SHOP, display: 'demo-shop.csv' }), weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter: offlineRewriter() }));

  it('gives the same summary every time', async () => {
    const r = await run();
    expect({ ...summarise(r, 0), faqSkipped: r.faqSkipped }).toEqual({
      rows: 45,
      ok: 3,
      unchanged: 21,
      notProcessed: 0,
      needsReview: 21,
      failed: 0,
      fieldsRewritten: 7,
      fieldsRefused: 27,
      faqsWritten: 0,
      faqsRefused: 0,
      issuesBefore: 60,
      issuesAfter: 51,
      scoreBefore: 85.3,
      scoreAfter: 88.2,
      wallSeconds: 0,
      faqSkipped: 28,
    });
    expect(r.rewriter).toBe('offline');
    expect(r.notes).toEqual(['28 product pages without an FAQ: offline writes no FAQs (they need an LLM)']);
    expect(r.rows.flatMap((row) => row.fields.filter((f) => f.after !== undefined).map((f) => `${row.line} ${f.field}`))).toEqual([
      '4 meta',
      '11 title',
      '12 title',
      '21 title',
      '30 title',
      '31 meta',
      '31 h1',
    ]);
  });

  it('the audit after equals a fresh audit of the rows as they end: pages reused from the audit before or checked again alike', async () => {
    const r = await run();
    const source = csvSource({ target: DEMO_SHOP, display: 'demo-shop.csv' });
    const COLUMN = { title: 'title', meta: 'meta_description', h1: 'h1' } as const;
    const final: CsvPage[] = source.table.rows.map((row) => rowPage(source.columns, row.fields, row.line));
    for (const row of r.rows) for (const f of row.fields) if (f.after !== undefined) final[row.row]![COLUMN[f.field]] = f.after;
    const rewritten = table(final.map((p) => CSV_FIELDS.map((f) => p[f])), [...CSV_FIELDS]);
    const fresh = await runAudit({ source: rewritten, weights: DEFAULT_WEIGHTS });
    expect(shape(r.after.pages)).toEqual(shape(fresh.pages));
    expect(r.after.summary).toEqual(fresh.summary);
    expect(r.reused).toBe(r.rows.filter((row) => row.status !== 'failed' && row.fields.every((f) => f.after === undefined)).length);
    // Rows whose title or description alone changed are brought up to date by the head rules alone.
    expect(r.rechecked).toBe(r.rows.filter((row) => row.fields.some((f) => f.after !== undefined) && row.fields.every((f) => f.after === undefined || f.field !== 'h1')).length);
    expect(r.rechecked).toBeGreaterThan(3);
    // Most rows end unchanged, and many of them fail site rules whose findings the engine added to the checks kept from before.
    expect(r.rows.filter((row) => row.fields.every((f) => f.after === undefined)).length).toBeGreaterThan(30);
    expect(r.after.pages.some((p) => p.findings.some((f) => f.rule === 'meta-description-duplicate' || f.rule === 'content-near-duplicate' || f.rule === 'title-duplicate'))).toBe(true);
  });

  it('the audit after equals a fresh audit also when worker threads check the pages (200 rows and more)', async () => {
    // The built code: worker threads run only there (the pages' bytes then go to the workers).
    const built = {
      optimize: (await import(String(new URL('../../dist/src/optimize/run.js', import.meta.url)))) as typeof import('./run.js'),
      offlineRewriter: ((await import(String(new URL('../../dist/src/optimize/offline-rewriter.js', import.meta.url)))) as typeof import('./offline-rewriter.js')).offlineRewriter,
      csvSource: ((await import(String(new URL('../../dist/src/sources/csv.js', import.meta.url)))) as typeof import('../sources/csv.js')).csvSource,
      workersAvailable: ((await import(String(new URL('../../dist/src/worker/pool.js', import.meta.url)))) as typeof import('../worker/pool.js')).workersAvailable,
    };
    expect(built.workersAvailable()).toBe(true);
    const demo = csvSource({ target: DEMO_SHOP, display: 'demo-shop.csv' });
    const base = demo.table.rows.map((row) => rowPage(demo.columns, row.fields, row.line));
    // 270 rows: the demo shop six times over, each copy under its own path.
    const rows = Array.from({ length: 6 }, (_, copy) => base.map((p) => ({ ...p, url: p.url.replace('demo-shop.example/', `demo-shop.example/c${copy}/`) }))).flat();
    const file = path.join(dir, 'pooled.csv');
    writeFileSync(file, writeCsv({ delimiter: ',', newline: '\n', bom: false }, [...CSV_FIELDS], rows.map((p) => CSV_FIELDS.map((f) => p[f]))));
    const source = built.csvSource({ target: file, display: 'shop.csv' });
    const r = await built.optimize.optimize({ source, weights: DEFAULT_WEIGHTS, fields: OPTIMIZE_FIELDS, rewriter: built.offlineRewriter() });
    const COLUMN = { title: 'title', meta: 'meta_description', h1: 'h1' } as const;
    const final = rows.map((p) => ({ ...p }));
    for (const row of r.rows) for (const f of row.fields) if (f.after !== undefined) final[row.row]![COLUMN[f.field]] = f.after;
    const fresh = await runAudit({ source: table(final.map((p) => CSV_FIELDS.map((f) => p[f])), [...CSV_FIELDS]), weights: DEFAULT_WEIGHTS, workers: 1 });
    expect(shape(r.after.pages)).toEqual(shape(fresh.pages));
    const unchanged = r.rows.filter((row) => row.status !== 'failed' && row.fields.every((f) => f.after === undefined)).length;
    expect(unchanged).toBeGreaterThan(100);
    expect(r.reused).toBe(unchanged);
    expect(r.rechecked).toBe(r.rows.filter((row) => row.fields.some((f) => f.after !== undefined) && row.fields.every((f) => f.after === undefined || f.field !== 'h1')).length);
    expect(r.rechecked).toBeGreaterThan(3);
  });

  it('every accepted value passes its rules on the row as written out, and no accepted title or description is shared', async () => {
    const r = await run();
    const source = csvSource({ target: DEMO_SHOP, display: 'demo-shop.csv' });
    const COLUMN = { title: 'title', meta: 'meta_description', h1: 'h1' } as const;
    const final: CsvPage[] = source.table.rows.map((row) => rowPage(source.columns, row.fields, row.line));
    for (const row of r.rows) for (const f of row.fields) if (f.after !== undefined) final[row.row]![COLUMN[f.field]] = f.after;

    let checked = 0;
    for (const row of r.rows) {
      const page = final[row.row]!;
      const keywords = splitKeywords(page.keywords);
      for (const f of row.fields) {
        if (f.after === undefined) continue;
        expect(page[COLUMN[f.field]]).toBe(f.after);
        const html = rowHtml(page);
        const findings = fieldRules(f.field).flatMap((rule) => runPageRule(rule, { html, url: row.url, ...(keywords.length > 0 ? { keywords } : {}) }).map((x) => `${rule.id}: ${x.message}`));
        expect(findings, `line ${row.line} ${f.field}: ${f.after}`).toEqual([]);
        checked++;
        if (f.field === 'title' || f.field === 'meta') {
          const key = collapse(f.after).toLowerCase();
          const sharing = final.filter((p) => collapse(p[COLUMN[f.field]]).toLowerCase() === key);
          expect(sharing.map((p) => p.line), `line ${row.line} ${f.field}`).toEqual([row.line]);
        }
      }
    }
    expect(checked).toBe(7);
    // And the re-audit agrees: no rewritten row has a finding of a rule its accepted fields answer for.
    const afterByUrl = new Map(r.after.pages.map((p) => [p.url, p]));
    for (const row of r.rows) {
      const accepted: string[] = row.fields.filter((f) => f.after !== undefined).flatMap((f) => [...FIELD_RULES[f.field]]);
      const found = afterByUrl.get(row.url)!.findings.map((f) => f.rule);
      expect(found.filter((rule) => accepted.includes(rule)), row.url).toEqual([]);
    }
  });

  it('never changes a field it did not plan, and every row is in the result once, in CSV order', async () => {
    const r = await run();
    expect(r.rows.map((row) => row.row)).toEqual([...Array(45).keys()]);
    expect(r.after.pages).toHaveLength(45);
    for (const row of r.rows) {
      if (row.status === 'unchanged') expect(row.fields).toEqual([]);
      for (const f of row.fields) {
        const rules = new Set<string>(FIELD_RULES[f.field]);
        expect(row.issuesBefore.some((i) => rules.has(i)), `${row.url} ${f.field}`).toBe(true);
      }
    }
  });
});

describe('optimize() with a judge', () => {
  /** A's title is its H1 (title-same-as-h1), B's is too short and B's first candidate is A's title. */
  const rows = () =>
    table([
      [U('/a'), TITLE_B, desc('A'), TITLE_B],
      [U('/b'), 'Short B', desc('B'), 'Beta'],
    ]);
  const judged = (delayMs: number) =>
    Object.assign(new ScriptedRewriter({ '/a title': [TITLE_A], '/b title': [TITLE_B, TITLE_C] }), {
      // A's new title is turned down, after `delayMs`: later rows' turns go on meanwhile.
      async judge(request: { url: string; field: string }) {
        await new Promise((r) => setTimeout(r, delayMs));
        return request.url === U('/a') ? { accept: false, reason: 'too vague' } : { accept: true, reason: 'fine' };
      },
    });

  it("a rejected candidate gives the row its value back, and a later row could never take that value meanwhile, however late the verdict", async () => {
    const outcomes = [];
    for (const delay of [0, 40]) {
      const result = await run(rows(), judged(delay), { fields: ['title'], concurrency: 2 });
      outcomes.push(result.rows.map((r) => ({ url: r.url, status: r.status, fields: r.fields })));
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    const [a, b] = outcomes[0]!;
    expect(a).toEqual({
      url: U('/a'),
      status: 'needs_review',
      fields: [{ field: 'title', before: TITLE_B, attempts: 1, judge: { accept: false, reason: 'too vague' }, rejected: { value: TITLE_A, failures: ['the judge did not accept it: too vague'] } }],
    });
    // B was offered A's title while A's verdict was out: refused as another page's, so the two never share it.
    expect(b!.status).toBe('ok');
    expect(b!.fields[0]!.after).toBe(TITLE_C);
    expect(b!.fields[0]!.attempts).toBe(2);
  });
});
