import { testRule } from '../../src/testing/test-rule.js';
import rule from './heading-level-skipped.js';

testRule(rule, {
  valid: [
    '<h1>Blue Widget</h1><h2>Specs</h2><h3>Size</h3><h3>Weight</h3><h2>Reviews</h2>',
    { name: 'going up any number of levels is fine', html: '<h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h2>E</h2><h1>F</h1>' },
    { name: 'the first heading may be any level', html: '<h3>Blue Widget</h3><h4>Specs</h4>' },
    { name: 'no headings', html: '<p>Text</p>' },
    { name: 'single heading', html: '<h4>Specs</h4>' },
    { name: 'UPPERCASE tags', html: '<H1>A</H1><H2>B</H2>' },
    { name: 'a skipping heading inside an HTML comment does not count', html: '<h2>A</h2><!-- <h4>B</h4> --><h3>C</h3>' },
    { name: 'a skipping heading inside <svg> does not count', html: '<h2>A</h2><svg><h4>B</h4></svg><h3>C</h3>' },
    // Template content is inert: not part of the document browsers and crawlers see.
    { name: 'a skipping heading inside <template> does not count', html: '<h2>A</h2><template><h4>B</h4></template><h3>C</h3>' },
  ],
  invalid: [
    {
      html: '<h1>Blue Widget</h1><h2>Specs</h2><h4>Size</h4>',
      findings: [{ value: 'Size', expected: 'h1–h3', element: 'h2>h4:Size', message: 'Heading "Size" is an h4 right after an h2 (h3 skipped).' }],
    },
    {
      name: 'several levels skipped',
      html: '<h1>Blue Widget</h1><h5>Fine print</h5>',
      findings: [{ value: 'Fine print', expected: 'h1–h2', element: 'h1>h5:Fine print', message: 'Heading "Fine print" is an h5 right after an h1 (h2–h4 skipped).' }],
    },
    {
      name: 'each jump reported; only consecutive headings compared',
      html: '<h1>A</h1><h3>B</h3><h4>C</h4><h2>D</h2><h4>E</h4><h6>F</h6>',
      findings: [
        { value: 'B', expected: 'h1–h2', element: 'h1>h3:B' },
        { value: 'E', expected: 'h1–h3', element: 'h2>h4:E' },
        { value: 'F', expected: 'h1–h5', element: 'h4>h6:F' },
      ],
    },
    {
      name: 'the same jump to the same text is reported once',
      html: '<h2>Specs</h2><h4>More</h4><h2>Reviews</h2><h4>More</h4>',
      findings: [{ value: 'More', expected: 'h1–h3', element: 'h2>h4:More' }],
    },
    {
      name: 'headings with image alt text, empty text and Unicode',
      html: '<H1><img src="/logo.png" alt="Café"></H1><H3></H3><h2>x</h2><h4>青いウィジェット 🔵</h4>',
      findings: [
        { value: '', expected: 'h1–h2', element: 'h1>h3:' },
        { value: '青いウィジェット 🔵', expected: 'h1–h3', element: 'h2>h4:青いウィジェット 🔵' },
      ],
    },
  ],
});
