import { defineRule } from '../../src/engine/rule-api.js';
import { charLength } from '../../src/page/text.js';

export default defineRule({
  id: 'title-too-long',
  category: 'title',
  scope: 'page',
  reads: ['title'],
  judges: { field: 'title', limits: ['max'] },
  severity: 'medium',
  docs: {
    description: 'Title longer than search results show; the end is cut off.',
    fix: ({ max }) => `Keep the title to ${max} characters or fewer, with the keyword and the brand near the start.`,
    why: 'Search results show only the start of a long title and cut the rest off with an ellipsis, so the words at the end are never seen by searchers.',
    examples: {
      fails: { html: '<title>Blue widget in stainless steel, dishwasher safe, with free next-day delivery | Widget Shop</title>' },
      passes: { html: '<title>Blue widget in stainless steel | Widget Shop</title>' },
    },
  },
  options: { max: 60 },
  check(page, { options, report }) {
    const title = page.title;
    if (!title) return; // title-missing owns that case
    const length = charLength(title);
    if (length > options.max) {
      report({ message: `Title is ${length} characters long (max ${options.max}).`, value: title, expected: `<= ${options.max} characters` });
    }
  },
});
