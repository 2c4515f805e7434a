import { defineRule } from '../../src/engine/rule-api.js';
import { foldCase as fold } from '../../src/page/keywords.js';
import { words } from '../../src/page/text.js';

/**
 * How many of the words belong to an occurrence of some keyword phrase (whole words, any case).
 * Counting covered positions rather than occurrences × phrase length keeps overlapping
 * keywords ("blue widget" and "widget") from counting the same word twice; for a single
 * keyword the two are equal.
 */
function coveredWords(text: string[], phrases: string[][]): number {
  const covered = new Uint8Array(text.length);
  for (const phrase of phrases) {
    for (let i = 0; i + phrase.length <= text.length; i++) {
      if (phrase.every((w, j) => text[i + j] === w)) covered.fill(1, i, i + phrase.length);
    }
  }
  return covered.reduce((n, c) => n + c, 0);
}

export default defineRule({
  id: 'keyword-density',
  category: 'content',
  scope: 'page',
  reads: ['content', 'keywords'],
  severity: 'medium',
  needsKeywords: true,
  docs: {
    description: 'The target keywords make up too little or too much of the body text.',
    fix: ({ min, max }) => `Use the main keyword naturally a few times (about 1–2 % of the words); below ${min} % the topic is unclear, above ${max} % it reads as stuffing.`,
    why: 'Text that never uses the words a page targets gives search engines little to match, and repeating them unnaturally is keyword stuffing, which Google’s spam policies say can lower a page’s ranking or remove it from results.',
    examples: {
      fails: { html: '<main><p>Widget deals: buy a widget, the best widget, our widget of the week. Widget, widget, widget.</p></main>', keywords: ['widget'] },
      passes: { html: '<main><p>The blue widget is made of brushed stainless steel and fits every standard socket in the kitchen or the workshop. It is dishwasher safe, does not rust, and comes with a ten-year guarantee. Order before noon and it ships the same day, with free delivery on orders over thirty euros and free returns within a month of delivery.</p></main>', keywords: ['widget'] },
    },
  },
  options: { min: 0.5, max: 3 },
  check(page, { options, report }) {
    if (page.wordCount === 0) return; // content-thin owns empty pages
    const keywords = (page.keywords ?? []).filter((k) => words(fold(k)).length > 0);
    if (keywords.length === 0) return;
    // The keywords are alternatives for one topic (as in title-missing-keyword), so their density is summed.
    const covered = coveredWords(words(fold(page.text)), keywords.map((k) => words(fold(k))));
    // Compared at the precision shown, so a message never reads "3.0% (max 3%)".
    const shown = (covered / page.wordCount * 100).toFixed(1);
    const density = Number(shown);
    const list = keywords.map((k) => JSON.stringify(k)).join(', ');
    const share = `target keywords (${list}) make up ${covered} of ${page.wordCount} words`;
    if (density < options.min) {
      report({
        message: `Keyword density is ${shown}% (min ${options.min}%): ${share}.`,
        value: `${shown}%`,
        expected: `>= ${options.min}%`,
      });
    } else if (density > options.max) {
      report({
        message: `Keyword density is ${shown}% (max ${options.max}%): ${share}.`,
        value: `${shown}%`,
        expected: `<= ${options.max}%`,
      });
    }
  },
});
