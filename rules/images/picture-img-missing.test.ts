import { testRule } from '../../src/testing/test-rule.js';
import rule from './picture-img-missing.js';

const expected = 'an <img> in every <picture>';

testRule(rule, {
  valid: [
    '<picture><source srcset="/a.avif" type="image/avif"><img src="/a.jpg" alt="a"></picture>',
    { name: 'the img deeper inside', html: '<picture><source srcset="/a.webp"><span><img src="/a.jpg" alt="a"></span></picture>' },
    { name: 'in a template or a comment', html: '<template><picture></picture></template><!-- <picture></picture> -->' },
  ],
  invalid: [
    { html: '<picture><source srcset="/a.avif" type="image/avif"></picture>', findings: [{ value: '1', expected, message: 'A <picture> has no <img>, so it shows nothing.' }] },
    {
      name: 'one of two, a nested one, and one never closed',
      html: '<picture><img src="/a.jpg" alt="a"></picture><picture><source srcset="/b.webp"></picture><picture><source srcset="/c.webp">',
      findings: [{ value: '2', expected, message: '2 <picture> elements have no <img>, so they show nothing.' }],
    },
  ],
});
