// The rule tester calls a rule only where an audit would: through the engine's PageChecker.
import { describe, expect, it } from 'vitest';
import httpStatusError from '../../rules/web/http-status-error.js';
import titleMissingKeyword from '../../rules/title/title-missing-keyword.js';
import titleTooLong from '../../rules/title/title-too-long.js';
import titleDuplicate from '../../rules/title/title-duplicate.js';
import { exampleProblems, runPageRule } from './test-rule.js';

const LONG = `<title>${'A very long title that goes on and on '.repeat(3)}</title>`;

describe('runPageRule', () => {
  it('runs a rule that needs keywords only on a page that has them', () => {
    const html = '<title>Blue widgets for sale</title>';
    expect(runPageRule(titleMissingKeyword, { html })).toEqual([]);
    expect(runPageRule(titleMissingKeyword, { html, keywords: ['red gadget'] })).toHaveLength(1);
  });

  it('runs a rule that needs HTTP facts only on a page fetched over HTTP', () => {
    expect(runPageRule(httpStatusError, { html: '<title>x</title>' })).toEqual([]);
    expect(runPageRule(httpStatusError, { html: '<title>x</title>', status: 404, web: { redirects: [], inSitemap: true, depth: 0 } })).toHaveLength(1);
  });

  it('runs only the HTTP rules on an error page, as the audit does', () => {
    expect(runPageRule(titleTooLong, { html: LONG })).toHaveLength(1);
    expect(runPageRule(titleTooLong, { html: LONG, status: 500 })).toEqual([]);
  });

  it("checks a case's options as the config is checked", () => {
    expect(runPageRule(titleTooLong, { html: LONG, options: { max: 200 } })).toEqual([]);
    expect(() => runPageRule(titleTooLong, { html: LONG, options: { maxx: 200 } })).toThrow(/^test case of title-too-long: rules\.title-too-long: unknown option "maxx"/);
  });
});

describe('exampleProblems', () => {
  it('finds nothing wrong with a rule’s own examples', () => {
    expect(exampleProblems(titleTooLong)).toEqual([]);
    expect(exampleProblems(titleDuplicate)).toEqual([]);
  });

  it('catches a failing example that passes, a passing one that fails, and none at all', () => {
    const swapped = { ...titleTooLong, docs: { ...titleTooLong.docs, examples: { fails: titleTooLong.docs.examples!.passes, passes: titleTooLong.docs.examples!.fails } } };
    expect(exampleProblems(swapped)).toEqual([
      'title-too-long: the failing example gives no finding',
      'title-too-long: the passing example gives "Title is 90 characters long (max 60)."',
    ]);
    const site = { ...titleDuplicate, docs: { ...titleDuplicate.docs, examples: { fails: titleDuplicate.docs.examples!.passes, passes: titleDuplicate.docs.examples!.passes } } };
    expect(exampleProblems(site)).toEqual(['title-duplicate: the failing example gives no finding']);
    expect(exampleProblems({ ...titleTooLong, docs: { description: 'x', fix: 'y' } })).toEqual(['title-too-long has no docs.examples']);
  });
});
