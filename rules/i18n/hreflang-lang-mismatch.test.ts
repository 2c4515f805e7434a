import { testSiteRule, webSite } from '../../src/testing/test-rule.js';
import rule from './hreflang-lang-mismatch.js';

const EN = 'https://shop.example/en/tent';
const DE = 'https://shop.example/de/zelt';
const alt = (lang: string, href: string) => `<link rel="alternate" hreflang="${lang}" href="${href}">`;
const page = (url: string, lang: string | undefined, ...links: string[]) => ({
  url,
  html: `<html${lang === undefined ? '' : ` lang="${lang}"`}><head><title>t</title>${links.join('')}</head></html>`,
});

testSiteRule(rule, {
  valid: [
    { name: 'each code names a page in that language', pages: [page(EN, 'en', alt('en', EN), alt('de', DE)), page(DE, 'de', alt('de', DE), alt('en', EN))] },
    { name: 'a region in hreflang, none in lang', pages: [page(EN, 'en', alt('en-GB', EN))] },
    { name: 'a region in lang, none in hreflang', pages: [page(EN, 'en-US', alt('en', EN))] },
    { name: 'case and old codes are canonicalized (iw is he)', pages: [page(EN, 'EN-gb', alt('en-GB', EN)), page(DE, 'iw', alt('he', DE))] },
    { name: 'Norwegian Bokmål page under "no"', pages: [page(EN, 'nb-NO', alt('no', EN))] },
    { name: 'x-default names no language', pages: [page(EN, 'en', alt('x-default', DE)), page(DE, 'de')] },
    { name: 'a target without lang is html-lang-missing’s case', pages: [page(EN, 'en', alt('de', DE)), page(DE, undefined)] },
    { name: 'a malformed lang is html-lang-missing’s case', pages: [page(EN, 'en', alt('de', DE)), page(DE, 'de_DE')] },
    { name: 'a target outside the run is not judged', pages: [page(EN, 'en', alt('de', DE))] },
  ],
  invalid: [
    {
      name: 'hreflang de points at the English page',
      pages: [page(EN, 'en', alt('en', EN), alt('de', EN)), page(DE, 'de', alt('de', DE))],
      findings: [{ url: EN, value: 'en', expected: 'a page in "de"', element: EN, message: `hreflang "de" points to ${EN}, whose <html lang> is "en".` }],
    },
    {
      name: 'both name regions and they differ',
      pages: [page(EN, 'en-US', alt('en-GB', EN))],
      findings: [{ url: EN, value: 'en-US', expected: 'a page in "en-GB"', element: EN, message: `hreflang "en-GB" points to ${EN}, whose <html lang> is "en-US".` }],
    },
    {
      name: 'each page that declares the wrong target is told',
      pages: [page(EN, 'en', alt('en', EN), alt('de', DE)), page(DE, 'en', alt('de', DE), alt('en', EN))],
      findings: [
        { url: EN, value: 'en', element: DE, expected: 'a page in "de"', message: `hreflang "de" points to ${DE}, whose <html lang> is "en".` },
        { url: DE, value: 'en', element: DE, expected: 'a page in "de"', message: `hreflang "de" points to ${DE}, whose <html lang> is "en".` },
      ],
    },
  ],
});

// Over HTTP, an error page's lang says nothing of the version it stands in for.
const fetched = (url: string, status: number, lang: string, ...links: string[]) => ({ ...page(url, lang, ...links), status, web: { redirects: [], inSitemap: false } });
testSiteRule(rule, {
  valid: [{ name: 'over HTTP: a 404 target is not compared', pages: [fetched(EN, 200, 'en', alt('de', DE)), fetched(DE, 404, 'en')], web: webSite({}) }],
  invalid: [],
});
