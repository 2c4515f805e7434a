import type { SiteIndex } from './site-index.js';
import type { Report } from './types.js';

const LISTED = 3;

/** Reports every indexable page whose field value another indexable page shares (its own localized versions aside). */
export function reportDuplicates(
  index: SiteIndex,
  field: 'title' | 'description' | 'h1',
  label: string,
  report: (r: Report) => void,
): void {
  for (const group of index.duplicatesBy(field)) {
    for (const { page, others: pages } of group) {
      const others = pages.map((p) => p.url);
      const listed = others.slice(0, LISTED).join(', ') + (others.length > LISTED ? ` and ${others.length - LISTED} more` : '');
      report({
        url: page.url,
        message: `The same ${label} is used by ${others.length} other indexable page${others.length > 1 ? 's' : ''}: ${listed}.`,
        value: page[field]!,
        expected: `a ${label} no other page uses`,
      });
    }
  }
}
