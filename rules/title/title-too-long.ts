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
