import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'meta-description-missing',
  category: 'meta',
  scope: 'page',
  reads: ['meta'],
  judges: { field: 'meta' },
  severity: 'critical',
  docs: {
    description: 'Page has no meta description, or it is empty, so search engines make up a snippet.',
    fix: (_options, optionsOf) =>
      `Add <meta name="description" content="…"> with ${optionsOf('meta-description-too-short').min as number}–${optionsOf('meta-description-too-long').max as number} characters that sum up the page and invite the click.`,
    why: 'Google may use the meta description as the snippet under the title in search results; without one it takes text from the page, which may not be what you want searchers to read.',
    examples: {
      fails: { html: '<head><title>Blue widget</title></head>' },
      passes: { html: '<head><meta name="description" content="A stainless steel blue widget that fits every standard socket. Dishwasher safe, rust-free, with free next-day delivery and free returns."></head>' },
    },
  },
  options: {},
  check(page, { report }) {
    // extract collapses white space, NBSP included, so a blank content arrives as ''.
    const description = page.meta.description;
    if (description === undefined) {
      report({ message: 'Page has no meta description.', expected: 'a non-empty meta description' });
    } else if (description === '') {
      const message = page.meta.descriptions.length > 1 ? 'The first meta description is empty.' : 'Meta description is empty.';
      report({ message, expected: 'a non-empty meta description' });
    }
  },
});
