// Where an approved FAQ goes in an export, or why it cannot go anywhere: a plain CSV's faq
// columns, a Shopify product metafield column, a WooCommerce description (behind a flag). optimize
// asks it to decide whether FAQs are worth requesting; the review names its column; apply writes
// there.
import { PROFILE_LABELS, type ProfileFields, type ProfileName } from '../csv/profiles/index.js';
import { headerKey } from '../csv/page.js';
import { FAQ_COLUMNS } from '../csv/profiles/generic.js';
import type { FaqForm } from './faq-cells.js';

export interface FaqTarget {
  /** The column the review names, and whose cell `before` is. */
  column: number;
  /** Every column written, each in its form (a plain CSV may have faq_html, faq_jsonld and faq_json). */
  cells: { column: number; form: FaqForm }[];
  /** The FAQ block is appended to the cell (a WooCommerce description), not written over it. */
  append: boolean;
}

const FORM_OF: Record<(typeof FAQ_COLUMNS)[number], FaqForm> = { faq_html: 'html', faq_jsonld: 'jsonld', faq_json: 'json' };

/** A plain CSV's FAQ columns, as optimize's own output names them, in the order the review names one. */
export const GENERIC_FAQ_COLUMNS: readonly { name: string; form: FaqForm }[] = FAQ_COLUMNS.map((name) => ({ name, form: FORM_OF[name] }));

/** The flag that lets a WooCommerce FAQ into the description. */
export const FAQ_IN_DESCRIPTION = '--faq-in-description';

/** What a Shopify store needs before its export has an FAQ column. */
const SHOPIFY_HOW =
  'define a product metafield for it (Settings → Custom data → Products: namespace and key custom.faq, type multi-line text), export the products again (the export then has the column "FAQ (product.metafields.custom.faq)"), and run on that export';

export function faqTarget(profile: ProfileName, fields: ProfileFields, header: readonly string[], options: { inDescription?: boolean } = {}): FaqTarget | { reason: string } {
  if (fields.readOnly !== undefined) return { reason: `a ${PROFILE_LABELS[profile]} export is read-only: ${fields.readOnly}` };
  if (profile === 'generic') {
    const keys = header.map(headerKey);
    const cells = GENERIC_FAQ_COLUMNS.flatMap(({ name, form }) => {
      const column = keys.indexOf(headerKey(name));
      return column === -1 ? [] : [{ column, form }];
    });
    if (cells.length === 0) return { reason: 'the CSV has no FAQ column: add an empty faq_html column (the FAQ as HTML with its FAQPage JSON-LD; faq_jsonld and faq_json are read too) to write FAQs back with apply' };
    // The FAQPage markup once: in faq_jsonld when the CSV has it, else with the HTML (as optimize writes them).
    const withMarkup = cells.some((c) => c.form === 'jsonld') ? cells : cells.map((c) => (c.form === 'html' ? { ...c, form: 'block' as const } : c));
    return { column: cells[0]!.column, cells: withMarkup, append: false };
  }
  if (profile === 'shopify' || profile === 'shopify-legacy') {
    const column = fields.writableFields.faq;
    if (column === undefined) return { reason: `the export has no FAQ metafield column: ${SHOPIFY_HOW}` };
    return { column, cells: [{ column, form: 'block' }], append: false };
  }
  if (profile === 'woocommerce') {
    const column = fields.read.content;
    if (column === undefined) return { reason: 'the export has no Description column' };
    if (!options.inDescription) return { reason: `a WooCommerce export has no FAQ column; ${FAQ_IN_DESCRIPTION} appends the FAQ (HTML with its FAQPage JSON-LD) to the Description column` };
    return { column, cells: [{ column, form: 'block' }], append: true };
  }
  return { reason: fields.notWritable.faq ?? `a ${PROFILE_LABELS[profile]} export has no FAQ column` };
}

export const isTarget = (t: FaqTarget | { reason: string }): t is FaqTarget => 'column' in t;
