// The rule tester calls a rule only where an audit would: through the engine's PageChecker.
import { describe, expect, it } from 'vitest';
import httpStatusError from '../../rules/web/http-status-error.js';
import titleMissingKeyword from '../../rules/title/title-missing-keyword.js';
import titleTooLong from '../../rules/title/title-too-long.js';
import { runPageRule } from './test-rule.js';

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
    expect(() => runPageRule(titleTooLong, { html: LONG, options: { maxx: 200 } })).toThrow('test case of title-too-long: rules.title-too-long: unknown option "maxx"; known options: max');
  });
});
