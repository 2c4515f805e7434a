import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'picture-img-missing',
  category: 'images',
  scope: 'page',
  reads: ['images'],
  severity: 'medium',
  docs: {
    description: 'A <picture> has no <img> inside it, so it shows nothing (SEOnaut\'s check; the HTML spec requires the img).',
    fix: 'End every <picture> with an <img src="…" alt="…">: the <source> elements only choose which file that img shows.',
    why: 'A <picture> renders through its <img>: without one, browsers show no image at all, and search engines find no image and no alt text to index.',
    examples: {
      fails: { html: '<picture><source srcset="/img/tent.avif" type="image/avif"></picture>' },
      passes: { html: '<picture><source srcset="/img/tent.avif" type="image/avif"><img src="/img/tent.jpg" alt="Alpine tent"></picture>' },
    },
  },
  options: {},
  check(page, { report }) {
    const n = page.picturesWithoutImg;
    if (n === 0) return;
    report({ message: `${n === 1 ? 'A <picture> has' : `${n} <picture> elements have`} no <img>, so ${n === 1 ? 'it shows' : 'they show'} nothing.`, value: String(n), expected: 'an <img> in every <picture>' });
  },
});
