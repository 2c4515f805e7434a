import { readFileSync } from 'node:fs';
import { testRule } from '../../src/testing/test-rule.js';
import rule from './link-text-non-descriptive.js';

const lighthouse = (name: string): string =>
  readFileSync(new URL(`../../fixtures/pages/lighthouse/${name}`, import.meta.url), 'utf8');

const expected = 'text that describes the target';

testRule(rule, {
  valid: [
    '<a href="/guides/widget-sizes">Widget size guide</a>',
    { name: 'generic phrase inside longer text', html: '<a href="/guide">Read more about widget sizes</a>' },
    { name: 'rel=nofollow is skipped, as Lighthouse does', html: '<a href="/x" rel="nofollow">click here</a>' },
    { name: 'javascript: and mailto: are skipped', html: '<a href="javascript:void(0)">here</a><a href="MAILTO:shop@example.com">here</a>' },
    { name: 'a jump within this page is skipped', html: '<a href="#reviews">more</a><a href="/products/blue-widget#specs">more</a>' },
    { name: 'empty or non-URL href is link-uncrawlable’s case', html: '<a href="">here</a><a href="http://exa mple.com/">here</a>' },
    { name: 'no href, not a link', html: '<a>click here</a>' },
    { name: 'link inside an HTML comment', html: '<!-- <a href="/x">click here</a> -->' },
    { name: 'text inside <svg> is not link text', html: '<svg><a href="/x"><text>here</text></a></svg>' },
    { name: 'NBSP-only text is empty', html: '<a href="/x">&nbsp;</a>' },
    { name: 'not a URL, just text with a colon', html: '<a href="/x">Note: widget sizes</a>' },
    { name: 'a bare URL as text is not one of the catalogue’s generic phrases', html: '<a href="https://docs.example/widgets">https://docs.example/widgets</a>' },
    {
      name: 'Lighthouse seo-tester.html: nofollow, same-page and javascript: links only',
      html: lighthouse('seo-tester.html'),
      url: 'http://localhost:10200/seo/seo-tester.html',
    },
  ],
  invalid: [
    {
      html: '<a href="/guides/widget-sizes">Read more</a>',
      findings: [{ value: 'Read more', expected, element: '/guides/widget-sizes', message: 'Link text "Read more" does not say where the link leads.' }],
    },
    {
      name: 'white space and case ignored, UPPERCASE tags',
      html: '<A HREF="/a">  CLICK\n   HERE </A><a href="/b">Click&nbsp;here</a>',
      findings: [
        { value: 'CLICK HERE', expected, element: '/a' },
        { value: 'Click here', expected, element: '/b' },
      ],
    },
    {
      name: 'one finding per href',
      html: '<a href="/a">more</a><a href="/a">here</a><a href="/a">Blue widget</a>',
      findings: [{ value: 'more', expected, element: '/a' }],
    },
    {
      name: 'other languages from Lighthouse’s lists',
      html: '<a href="/ja">続きを読む</a><a href="/es">más información</a><a href="/de">Hier klicken</a><a href="/ko">자세히 보기</a><a href="/sv">Läs mer</a>',
      findings: [
        { value: '続きを読む', expected, element: '/ja' },
        { value: 'más información', expected, element: '/es' },
        { value: 'Hier klicken', expected, element: '/de' },
        { value: '자세히 보기', expected, element: '/ko' },
        { value: 'Läs mer', expected, element: '/sv' },
      ],
    },
    { name: 'entities decoded', html: '<a href="/es">m&aacute;s</a>', findings: [{ value: 'más', expected, element: '/es' }] },
    { name: 'image alt joins the text', html: '<a href="/x"><img src="i.svg" alt="click"> here</a>', findings: [{ value: 'click here', expected, element: '/x' }] },
    { name: 'unclosed link', html: '<p><a href="/x">here', findings: [{ value: 'here', expected, element: '/x' }] },
    { name: 'rel other than nofollow does not skip', html: '<a href="https://partner.example/" rel="sponsored noopener">learn more</a>', findings: [{ value: 'learn more', expected, element: 'https://partner.example/' }] },
    {
      name: 'Lighthouse seo-failure-cases.html (its <svg> link has no text for us)',
      html: lighthouse('seo-failure-cases.html'),
      url: 'http://localhost:10200/seo/seo-failure-cases.html',
      findings: [
        { value: 'click this', expected, element: 'https://example.com' },
        { value: 'click this', expected, element: '/test.html' },
      ],
    },
    {
      name: 'Lighthouse seo-mixed-language.html (no per-link language, so German "Start" is flagged too)',
      html: lighthouse('seo-mixed-language.html'),
      url: 'http://localhost:10200/seo/seo-mixed-language.html',
      findings: [
        { value: 'Start', expected, element: '/lang-with-region_assert-en-US_fallback-to-en' },
        { value: 'Start', expected, element: '/lang-with-region_assert-de-DE_fallback-to-de' },
        { value: 'Start', expected, element: '/lang-with-region_assert-de-CH_fallback-to-de' },
        { value: 'click here', expected, element: '/mixed-lang_assert-unknown' },
        { value: 'here', expected, element: '/link-with-icon_no-alt_assert-en' },
        { value: 'click here', expected, element: '/link-with-icon_has-alt_assert-en' },
        { value: 'click here', expected, element: '/link-with-icon-and-span_has-alt_assert-en' },
        { value: 'here', expected, element: '/link-with-german-img-and-en-text_no-alt_assert-en' },
        { value: 'click here', expected, element: '/link-with-german-img-and-en-text_has-alt_assert-en' },
      ],
    },
  ],
});
