import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'html-id-duplicate',
  category: 'content',
  scope: 'page',
  reads: ['content'],
  severity: 'low',
  docs: {
    description: "Two or more elements share an id (SEOnaut's \"duplicate id\"; the HTML spec requires ids to be unique).",
    fix: 'Give every element its own id; for repeated components, derive the id from the item (product-123) or use a class.',
    why: 'An id names one element: fragment links (#reviews), labels, ARIA references and scripts find only the first of two, so a jump link, a form label or a screen-reader description points at the wrong element.',
    examples: {
      fails: { html: '<div id="reviews">A</div><div id="reviews">B</div>' },
      passes: { html: '<div id="reviews">A</div><div id="questions">B</div>' },
    },
  },
  options: {},
  check(page, { report }) {
    for (const id of page.markup.duplicateIds) {
      report({ message: `More than one element has id="${id}".`, value: id, expected: 'unique ids', element: id });
    }
  },
});
