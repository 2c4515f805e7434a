import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'heading-level-skipped',
  category: 'headings',
  scope: 'page',
  reads: ['headings'],
  severity: 'low',
  docs: {
    description: 'A heading skips a level going down (h2 followed by h4), which breaks the outline.',
    fix: 'Use the next level down for a subsection (h2 → h3); style headings with CSS instead of picking a level for its size.',
    why: 'Heading levels are the page’s outline, and screen reader users navigate by them: a jump from h2 to h4 suggests a section that is not there (Lighthouse checks heading order for this reason).',
    examples: {
      fails: { html: '<h1>Blue widget</h1><h2>Specifications</h2><h4>Weight</h4>' },
      passes: { html: '<h1>Blue widget</h1><h2>Specifications</h2><h3>Weight</h3>' },
    },
  },
  options: {},
  check(page, { report }) {
    // Only jumps between consecutive headings count: a page that starts below h1 is h1-missing's case.
    const seen = new Set<string>();
    page.headings.forEach((h, i) => {
      const from = page.headings[i - 1]?.level;
      if (from === undefined || h.level <= from + 1) return;
      const element = `h${from}>h${h.level}:${h.text}`;
      if (seen.has(element)) return;
      seen.add(element);
      const skipped = h.level - from === 2 ? `h${from + 1}` : `h${from + 1}–h${h.level - 1}`;
      report({
        message: `Heading ${JSON.stringify(h.text)} is an h${h.level} right after an h${from} (${skipped} skipped).`,
        value: h.text,
        expected: `h1–h${from + 1}`,
        element,
      });
    });
  },
});
