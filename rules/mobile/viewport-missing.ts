import { defineRule } from '../../src/engine/rule-api.js';

/**
 * True when a viewport content sets width=device-width. Browsers accept commas, semicolons or
 * spaces between properties and spaces around "=", and compare names and values case-insensitively.
 */
function setsDeviceWidth(content: string): boolean {
  const properties = content.toLowerCase().replace(/\s*=\s*/g, '=').split(/[\s,;]+/);
  return properties.includes('width=device-width');
}

export default defineRule({
  id: 'viewport-missing',
  category: 'mobile',
  scope: 'page',
  reads: ['head'],
  severity: 'medium',
  docs: {
    description: 'No viewport meta tag with width=device-width, so phones render the page as a shrunken desktop page.',
    fix: 'Add <meta name="viewport" content="width=device-width, initial-scale=1"> to the <head>.',
    why: 'Without a viewport, phones render the page at desktop width and shrink it until the text is hard to read; Google indexes the mobile version of pages, and Lighthouse fails pages without one.',
    examples: {
      fails: { html: '<html><head><title>Blue widget</title></head></html>' },
      passes: { html: '<html><head><title>Blue widget</title><meta name="viewport" content="width=device-width, initial-scale=1"></head></html>' },
    },
  },
  options: {},
  check(page, { report }) {
    const viewports = page.meta.all.filter((m) => m.name === 'viewport');
    if (viewports.some((m) => setsDeviceWidth(m.content))) return;
    const first = viewports[0];
    report({
      message:
        first === undefined
          ? 'Page has no <meta name="viewport">.'
          : `Viewport meta tag "${first.content}" does not set width=device-width.`,
      ...(first === undefined ? {} : { value: first.content }),
      expected: 'width=device-width',
    });
  },
});
