import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'title-missing',
  category: 'title',
  scope: 'page',
  reads: ['title'],
  judges: { field: 'title' },
  severity: 'critical',
  docs: {
    description: 'Page has no title, or its title is empty.',
    fix: (_options, optionsOf) => `Add one <title> in the <head> that names the page’s topic in ${optionsOf('title-too-short').min as number}–${optionsOf('title-too-long').max as number} characters, keyword first.`,
    why: 'Search engines show the title as the headline of a result and use it to learn what the page is about; without one, Google makes one up from other text, such as the page’s headings or the text of links to it, and browser tabs and bookmarks show the bare URL.',
    examples: {
      fails: { html: '<html><head></head><body><h1>Blue widget</h1></body></html>' },
      passes: { html: '<html><head><title>Blue widget in stainless steel | Widget Shop</title></head></html>' },
    },
  },
  options: {},
  check(page, { report }) {
    if (page.title === undefined) {
      report({ message: 'Page has no <title>.', expected: 'a non-empty <title>' });
    } else if (page.title === '') {
      // Browsers and search engines take the first title, so a later non-empty one does not help.
      const message = page.titles.length > 1 ? 'The first <title> is empty; browsers and search engines use the first one.' : 'Title is empty.';
      report({ message, expected: 'a non-empty <title>' });
    }
  },
});
