import { defineRule } from '../../src/engine/rule-api.js';

export default defineRule({
  id: 'image-alt-too-long',
  category: 'images',
  scope: 'page',
  reads: ['images'],
  severity: 'low',
  docs: {
    description: "An image's alt text is longer than 100 characters (SEOnaut's and Screaming Frog's \"Alt Text Over 100 Characters\").",
    fix: 'Say what the image shows in a short phrase, up to 100 characters; put longer descriptions in the text around the image or a caption.',
    why: 'Screen readers read alt text in one go, with no way to skim it, and many cut it off after about 125 characters; a long alt is also a common place for keyword stuffing, which Google asks sites to avoid.',
    examples: {
      fails: { html: `<img src="/img/tent.jpg" alt="${'Alpine 2 ultralight tent, two doors, two vestibules, freestanding, 1,290 g, green, pitched on a meadow at dusk'}">` },
      passes: { html: '<img src="/img/tent.jpg" alt="Alpine 2 ultralight tent pitched on a meadow">' },
    },
  },
  options: { maxChars: 100 },
  check(page, { options, report }) {
    const seen = new Set<string>();
    for (const image of page.images) {
      const alt = image.alt?.replace(/\s+/g, ' ').trim();
      if (alt === undefined || [...alt].length <= options.maxChars || seen.has(image.src)) continue;
      seen.add(image.src);
      report({
        message: `The alt text of ${image.src === '' ? 'an image without src' : `image ${image.src}`} is ${[...alt].length} characters long; at most ${options.maxChars}.`,
        value: alt,
        expected: `at most ${options.maxChars} characters`,
        element: image.src,
      });
    }
  },
});
