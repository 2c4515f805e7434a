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
