import { defineRule } from '../../src/engine/rule-api.js';
import { langProblem } from '../../src/page/language-tag.js';

export default defineRule({
  id: 'html-lang-missing',
  category: 'i18n',
  scope: 'page',
  reads: ['head'],
  severity: 'low',
  docs: {
    description: 'The <html> element has no valid lang attribute, so search engines and screen readers must guess the language.',
    fix: 'Set the page language on the root element as a BCP 47 tag, e.g. <html lang="en"> or <html lang="pt-BR">.',
    why: 'Screen readers use the page’s language to choose the voice and pronunciation, and browsers to offer translation; without it, text may be read with the wrong voice (Lighthouse checks it for this reason).',
    examples: {
      fails: { html: '<html><head><title>Blaues Gerät</title></head><body><h1>Blaues Gerät</h1></body></html>' },
      passes: { html: '<html lang="de"><head><title>Blaues Gerät</title></head><body><h1>Blaues Gerät</h1></body></html>' },
    },
  },
  options: {},
  check(page, { report }) {
    const lang = page.lang;
    if (lang === undefined || lang === '') {
      report({
        message: lang === undefined ? '<html> has no lang attribute.' : '<html lang> is empty.',
        ...(lang === undefined ? {} : { value: lang }),
        expected: 'a BCP 47 language tag',
      });
      return;
    }
    const problem = langProblem(lang);
    if (problem !== undefined) {
      report({ message: `<html lang="${lang}"> ${problem}.`, value: lang, expected: 'a BCP 47 language tag' });
    }
  },
});
