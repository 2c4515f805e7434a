// What to rewrite on each row: the fields whose rules fail, and an FAQ for product pages without one.
import type { FieldRules, TextField } from './fields.js';
import { FAQ_HEADINGS } from './faq-cells.js';
import type { CsvPage } from '../sources/csv.js';

export const OPTIMIZE_FIELDS = ['title', 'meta', 'h1', 'faq'] as const;
export type OptimizeField = (typeof OPTIMIZE_FIELDS)[number];

/** Parses `--fields title,meta,h1,faq`. */
export function parseFields(list: string | undefined): OptimizeField[] | string {
  if (list === undefined) return [...OPTIMIZE_FIELDS];
  const out: OptimizeField[] = [];
  for (const raw of list.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean)) {
    const field = raw === 'description' || raw === 'meta_description' ? 'meta' : raw;
    if (!(OPTIMIZE_FIELDS as readonly string[]).includes(field)) return `--fields: unknown field "${raw}"; use ${OPTIMIZE_FIELDS.join(', ')}`;
    if (!out.includes(field as OptimizeField)) out.push(field as OptimizeField);
  }
  return out.length > 0 ? out : `--fields: name at least one of ${OPTIMIZE_FIELDS.join(', ')}`;
}

/** What a has_faq cell says when the page has no FAQ; anything else (yes, 1, or the FAQ itself) means it has one. */
const NO_FAQ = new Set(['', '0', 'false', 'no', 'n', 'none', '-', 'n/a', 'na', 'null', 'nil', 'no faq', 'nein', 'non', 'nee', 'nej', 'ei', 'nie', '[]', '{}']);
/** A heading naming an FAQ section: "FAQ", "FAQs", "Frequently asked questions" and the like. */
const FAQ_HEADING = new RegExp(`<h[1-6][^>]*>[^<]*(?:\\bfaqs?\\b|frequently asked|${Object.values(FAQ_HEADINGS).map((h) => h.toLowerCase()).join('|')})`, 'i');

/** FAQPage JSON-LD: `"@type": "FAQPage"`, also as a full schema.org IRI or inside an array of types. */
const FAQ_JSONLD = /"@type"\s*:\s*(?:\[[^\]]*?)?"(?:https?:\/\/schema\.org\/)?FAQPage"/;

/**
 * The page already has an FAQ: its has_faq cell holds anything but no, false, 0 or nothing (yes,
 * true, 1…, or the FAQ itself: a filled faq column or Shopify FAQ metafield), or its HTML has
 * FAQPage JSON-LD or an FAQ heading.
 * The product description counts too: it is the page's HTML when content is empty.
 */
export function hasFaq(page: Pick<CsvPage, 'has_faq' | 'content'> & Partial<Pick<CsvPage, 'product_description'>>): boolean {
  // A filled FAQ column or Shopify FAQ metafield is read as has_faq: whatever it holds is the
  // page's FAQ, never written over.
  if (!NO_FAQ.has(page.has_faq.trim().toLowerCase())) return true;
  return [page.content, page.product_description ?? ''].some((html) => FAQ_JSONLD.test(html) || FAQ_HEADING.test(html));
}

export function isProduct(page: Pick<CsvPage, 'page_type'>): boolean {
  return /^\s*products?\s*$/i.test(page.page_type);
}

/** The fields to rewrite on one row, in a fixed order, given the rules that fail on it and the rules that make each field worth rewriting. */
export function planRow(page: CsvPage, failing: ReadonlySet<string>, wanted: readonly OptimizeField[], fields: Record<TextField, Pick<FieldRules, 'triggers'>>): OptimizeField[] {
  const out: OptimizeField[] = [];
  for (const field of OPTIMIZE_FIELDS) {
    if (!wanted.includes(field)) continue;
    if (field === 'faq') {
      if (isProduct(page) && !hasFaq(page)) out.push(field);
    } else if (fields[field].triggers.some((r) => failing.has(r))) {
      out.push(field);
    }
  }
  return out;
}
