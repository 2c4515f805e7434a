// An FAQ in the cells a person and a shop read: the review file's readable form (Q:/A: lines a
// reviewer reads and edits in one spreadsheet cell), and the forms apply writes into an export —
// JSON items, FAQPage JSON-LD, and an HTML section with its JSON-LD (a plain CSV's faq columns, a
// Shopify metafield, a WooCommerce description). Pure.
import { collapse } from '../page/extract.js';
import { escapeHtml } from '../page/html-text.js';

export interface FaqItem {
  question: string;
  answer: string;
}


/**
 * What an FAQ cell of an export holds: faq_json's items, faq_jsonld's FAQPage object, the HTML
 * section alone (a plain CSV whose faq_jsonld column holds the markup), or the section with its
 * JSON-LD (`block`: a Shopify metafield, a WooCommerce description, a plain CSV's only FAQ column).
 */
export type FaqForm = 'json' | 'jsonld' | 'html' | 'block';

/**
 * The schema.org FAQPage JSON-LD, compact, safe inside <script type="application/ld+json">:
 * "</" is written "<\/" so no "</script>" ends the block early, and "<!--" as "\u003c!--" so the
 * HTML tokenizer does not enter its script-comment states. Both still parse as the same JSON.
 */
export function faqJsonLd(items: FaqItem[]): string {
  const doc = {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: items.map((item) => ({ '@type': 'Question', name: item.question, acceptedAnswer: { '@type': 'Answer', text: item.answer } })),
  };
  return JSON.stringify(doc).replace(/<\//g, '<\\/').replace(/<!--/g, '\\u003c!--');
}


/** The FAQ section's heading in the page's language (ISO 639-1), English for a language not listed. */
export const FAQ_HEADINGS: Readonly<Record<string, string>> = {
  en: 'Frequently asked questions',
  de: 'Häufig gestellte Fragen',
  fr: 'Questions fréquentes',
  es: 'Preguntas frecuentes',
  it: 'Domande frequenti',
  nl: 'Veelgestelde vragen',
  pt: 'Perguntas frequentes',
  sv: 'Vanliga frågor',
  da: 'Ofte stillede spørgsmål',
  no: 'Ofte stilte spørsmål',
  fi: 'Usein kysytyt kysymykset',
  pl: 'Najczęściej zadawane pytania',
  cs: 'Často kladené otázky',
  tr: 'Sıkça sorulan sorular',
  ru: 'Часто задаваемые вопросы',
  ja: 'よくある質問',
  zh: '常见问题',
  ko: '자주 묻는 질문',
};

/** The FAQ as an HTML fragment: one <details> per question, so it works without script; its heading in the page's language. */
export function faqHtml(items: FaqItem[], lang?: string): string {
  const entries = items.map((item) => `<details><summary>${escapeHtml(item.question)}</summary><p>${escapeHtml(item.answer)}</p></details>`);
  return `<section class="faq"><h2>${escapeHtml(FAQ_HEADINGS[lang ?? 'en'] ?? FAQ_HEADINGS.en!)}</h2>${entries.join('')}</section>`;
}

/** The HTML section and its FAQPage JSON-LD: what a page shows and what search engines read, in one cell. */
export function faqBlock(items: readonly FaqItem[], lang?: string): string {
  return `${faqHtml([...items], lang)}<script type="application/ld+json">${faqJsonLd([...items])}</script>`;
}

export function faqCell(items: readonly FaqItem[], form: FaqForm, lang?: string): string {
  if (form === 'json') return JSON.stringify(items);
  if (form === 'jsonld') return faqJsonLd([...items]);
  if (form === 'html') return faqHtml([...items], lang);
  return faqBlock(items, lang);
}

/**
 * A block seo-ai appended to a description before: its section and JSON-LD exactly as faqBlock
 * writes them. Applying again replaces it, so a description never carries two FAQs.
 */
const OUR_BLOCK = /<section class="faq"><h2>[^<]*<\/h2>(?:(?!<\/section>)[\s\S])*<\/section><script type="application\/ld\+json">\{"@context":"https:\/\/schema\.org","@type":"FAQPage"(?:(?!<\/script>)[\s\S])*<\/script>/;

/** The description with the FAQ block at its end, in place of one appended before. */
export function withFaqBlock(description: string, items: readonly FaqItem[], lang?: string): string {
  const block = faqBlock(items, lang);
  const earlier = OUR_BLOCK.exec(description);
  if (earlier) return description.slice(0, earlier.index) + block + description.slice(earlier.index + earlier[0].length);
  return description + block;
}

/** The FAQ as a reviewer reads it in one cell: "Q: …" and "A: …" lines, a blank line between questions. */
export function readableFaq(items: readonly FaqItem[]): string {
  return items.map((item) => `Q: ${item.question}\nA: ${item.answer}`).join('\n\n');
}

/**
 * The items of a readable FAQ as a reviewer may have edited it: each question starts "Q:", its
 * answer "A:" (either may run over several lines; blank lines and CRLF are fine). Anything else
 * is a problem, named by the cell's line, so apply refuses it rather than guess.
 */
export function parseReadableFaq(text: string): { items: FaqItem[] } | { problem: string } {
  const items: FaqItem[] = [];
  let part: 'q' | 'a' | undefined;
  const lines = text.split(/\r\n|\r|\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    const marker = /^([QA])\s*:\s*(.*)$/i.exec(line);
    if (marker) {
      const kind = marker[1]!.toLowerCase() as 'q' | 'a';
      if (kind === 'q') {
        if (part === 'q') return { problem: `line ${i + 1} of the cell starts a question before the one above has its "A:" answer` };
        items.push({ question: marker[2]!, answer: '' });
      } else {
        if (part !== 'q') return { problem: `line ${i + 1} of the cell is an "A:" answer without its "Q:" question above it` };
        items.at(-1)!.answer = marker[2]!;
      }
      part = kind;
    } else if (line !== '') {
      if (part === undefined) return { problem: `line ${i + 1} of the cell is neither "Q: question" nor "A: answer": start each question with "Q:" and each answer with "A:"` };
      const item = items.at(-1)!;
      if (part === 'q') item.question += ` ${line}`;
      else item.answer += ` ${line}`;
    }
  }
  if (items.length === 0) return { problem: 'no "Q:" question in it: write each question as "Q: …" with its answer below as "A: …"' };
  if (part === 'q') return { problem: `the last question ("${items.at(-1)!.question}") has no "A:" answer` };
  return { items: items.map((item) => ({ question: collapse(item.question), answer: collapse(item.answer) })) };
}
