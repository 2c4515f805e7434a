import { describe, expect, it } from 'vitest';
import { hreflangProblem, langProblem } from './language-tag.js';

describe('langProblem', () => {
  it.each(['en', 'EN', 'en-GB', 'pt-BR', 'zh-Hant-TW', 'de-DE-1996', 'en-US-u-ca-gregory', 'fil', 'yue', 'es-419'])('accepts %s', (tag) => {
    expect(langProblem(tag)).toBeUndefined();
  });
  it.each(['', 'en_US', 'english', 'xx', 'und', 'i-klingon', 'x-default', '😀', 'en-'])('rejects %j', (tag) => {
    expect(langProblem(tag)).toEqual(expect.any(String));
  });
});

describe('hreflangProblem', () => {
  it.each(['x-default', 'X-DEFAULT', 'de', 'en-GB', 'en-gb', 'zh-Hans', 'zh-Hant-TW', 'es-419', 'fil-PH', 'sr-Latn-RS'])('accepts %s', (code) => {
    expect(hreflangProblem(code)).toBeUndefined();
  });
  it.each([
    ['en-UK', 'names region "UK", which is not an ISO 3166-1 code (use "GB")'],
    ['en-EU', 'names region "EU", which is neither an ISO 3166-1 alpha-2 code nor a UN M.49 area code'],
    ['en-826', 'names region "826", which is neither an ISO 3166-1 alpha-2 code nor a UN M.49 area code'],
    ['xx-GB', 'names an unknown language "xx" (ISO 639)'],
    ['und', 'names an unknown language "und" (ISO 639)'],
    [' de', 'has white space around the code, which search engines do not strip'],
    ['de ', 'has white space around the code, which search engines do not strip'],
    ['de_DE', 'uses "_" where language codes use "-" (e.g. "en-GB")'],
    ['de-', 'is not a well-formed language code'],
    ['english', 'is not a language code with an optional script and region (e.g. "de", "en-GB", "zh-Hant-TW")'],
    ['en-GB-oxendict', 'is not a language code with an optional script and region (e.g. "de", "en-GB", "zh-Hant-TW")'],
  ])('rejects %j', (code, problem) => {
    expect(hreflangProblem(code)).toBe(problem);
  });
});
