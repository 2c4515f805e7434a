import { defineRule } from '../../src/engine/rule-api.js';

/** Roles that take an image out of the accessibility tree, so it needs no text alternative. */
const DECORATIVE_ROLES = new Set(['presentation', 'none']);

export default defineRule({
  id: 'image-alt-missing',
  category: 'images',
  scope: 'page',
  reads: ['images'],
  severity: 'medium',
  docs: {
    description: 'An image has no alt attribute, so search engines and screen readers do not know what it shows.',
    fix: 'Add alt text that says what the image shows (with the product name where it fits); use alt="" for purely decorative images.',
    why: 'Screen readers read the alt text in place of the image, and Google uses it with the page’s content to understand what the image shows; without alt, the image is announced by its file name or skipped.',
    examples: {
      fails: { html: '<img src="/img/blue-widget.jpg">' },
      passes: { html: '<img src="/img/blue-widget.jpg" alt="Blue widget, side view"><img src="/img/divider.png" alt="">' },
    },
  },
  options: {},
  check(page, { report }) {
    // One finding per image source: repeats of one image share the fix, and src is the only stable identity.
    const seen = new Set<string>();
    for (const image of page.images) {
      if (image.alt !== undefined) continue;
      const role = image.role?.split(/\s+/)[0];
      if (role !== undefined && DECORATIVE_ROLES.has(role)) continue;
      if (seen.has(image.src)) continue;
      seen.add(image.src);
      report({
        message: image.src === '' ? 'An image without src has no alt attribute.' : `Image ${image.src} has no alt attribute.`,
        value: image.src,
        expected: 'an alt attribute (alt="" if decorative)',
        element: image.src,
      });
    }
  },
});
