// The export profiles seo-ai knows, and what the rest of the code asks of them. Adding a profile is
// one file in this folder (an ExportProfile, see types.ts) and one line in PROFILES below; the
// source (src/sources/csv.ts), optimize and apply read and write every export through these
// functions alone.
import { columnsOf, CSV_FIELDS, rowPage, type CsvPage } from '../page.js';
import { generic } from './generic.js';
import { screamingFrog } from './screaming-frog.js';
import { shopify, shopifyLegacy } from './shopify.js';
import { CsvProfileError, type ExportProfile, type ProductRows, type ProfileFields } from './types.js';
import { woocommerce } from './woocommerce.js';

export { CsvProfileError, type ExportProfile, type KeyColumns, type ProductRow, type ProductRows, type ProfileFields, type SkippedRow } from './types.js';

/**
 * Every profile, in the order detection tries them: the first whose columns a header has wins, so
 * the most specific come first and the generic CSV last (it fits whatever has a url column).
 */
const PROFILES = [screamingFrog, shopifyLegacy, shopify, woocommerce, generic] as const satisfies readonly ExportProfile[];

export type ProfileName = (typeof PROFILES)[number]['name'];
export const PROFILE_NAMES: readonly ProfileName[] = PROFILES.map((p) => p.name);

const BY_NAME = new Map<string, ExportProfile>(PROFILES.map((p) => [p.name, p]));

/** The profile of this name. */
export function profileOf(name: ProfileName | string): ExportProfile {
  const profile = BY_NAME.get(name);
  if (profile === undefined) throw new Error(`no export profile "${name}"`);
  return profile;
}

/** How each profile is named to the user. */
export const PROFILE_LABELS = Object.fromEntries(PROFILES.map((p) => [p.name, p.label])) as Record<ProfileName, string>;

/** Where messages place the problem: the file's name and the physical line of the header. */
export interface WhereOptions {
  /** Names the file in messages; 'CSV' when absent. */
  file?: string;
  /** Physical line of the header (2 when findHeaderRow skipped a line above it); 1 when absent. */
  headerLine?: number;
}

export interface Detection {
  profile: ProfileName;
  /** Why, in words: the columns that decided it. */
  reason: string;
}

/** The export's tool, from its column names alone: the first profile in PROFILES whose columns the header has. */
export function detectProfile(header: readonly string[]): Detection {
  const found = PROFILES.find((p) => p.missing(header).length === 0) ?? generic;
  return { profile: found.name, reason: found.reason(header) };
}

/** The profile `--profile NAME` asks for; the error lists the names there are. */
export function profileByName(name: string): ProfileName {
  const wanted = name.trim().toLowerCase();
  const found = PROFILE_NAMES.find((p) => p === wanted);
  if (found === undefined) throw new Error(`--profile: unknown profile "${name}"; use ${PROFILE_NAMES.join(', ')}`);
  return found;
}

/**
 * Checks that a header fits a profile the user forced with --profile. Reading a Shopify file as
 * WooCommerce would write SEO values into the wrong columns, so a misfit is an error naming the
 * missing columns and the profile the header does look like.
 */
export function checkProfile(profile: ProfileName, header: readonly string[], where: WhereOptions = {}): void {
  const missing = profileOf(profile).missing(header);
  if (missing.length === 0) return;
  const line = where.headerLine ?? 1;
  const detected = detectProfile(header);
  const looks =
    detected.profile === 'generic'
      ? 'it does not look like any export seo-ai knows; leave out --profile to read it as a generic CSV'
      : `it looks like ${PROFILE_LABELS[detected.profile]} (${detected.reason}); leave out --profile, or pass --profile ${detected.profile}`;
  throw new CsvProfileError(`${where.file ?? 'CSV'}:${line}: the header does not fit --profile ${profile} (${PROFILE_LABELS[profile]}): it has ${missing.join(' and ')}; ${looks}`, line);
}

/** Which columns hold each field, and where new values go, for a profile. */
export function fieldsOf(profile: ProfileName, header: readonly string[]): ProfileFields {
  return profileOf(profile).fields(header);
}

/**
 * What to tell the user when the SEO fields cannot be written back into this export, or
 * undefined when they can: which columns to add to the export, or why the file is read-only.
 */
export function missingColumnsHint(profile: ProfileName, header: readonly string[]): string | undefined {
  const p = profileOf(profile);
  return p.writeHint(p.fields(header));
}

/** The key that names a row in review and apply (see each profile's key); undefined when the key cell is empty. */
export function rowKey(fields: ProfileFields, row: readonly string[]): string | undefined {
  return profileOf(fields.profile).key(fields, row);
}

/** The page URL of a row (see each profile's url); undefined when there is none to give. */
export function rowUrl(fields: ProfileFields, row: readonly string[], baseUrl?: string): string | undefined {
  return profileOf(fields.profile).url(fields, row, baseUrl);
}

/**
 * One row as the page fields seo-ai judges, the same for audit, optimize and apply: each field's
 * column, the shop's fallback where that cell is empty, the profile's page type, the URL from
 * rowUrl ('' when there is none), and the cells as the shop shows them (the export's escapes undone).
 */
export function profilePage(fields: ProfileFields, row: readonly string[], line: number, baseUrl?: string): CsvPage {
  const profile = profileOf(fields.profile);
  const page = rowPage(fields.read, row, line);
  for (const field of CSV_FIELDS) {
    const i = fields.fallback[field];
    if (i !== undefined && page[field].trim() === '') page[field] = row[i] ?? '';
  }
  if (fields.pageType !== undefined && page.page_type.trim() === '') page.page_type = fields.pageType;
  page.url = profile.url(fields, row, baseUrl) ?? '';
  profile.decode?.(page);
  return page;
}

export interface ProductRowsOptions {
  /** Names the file in messages; 'CSV' when absent. */
  file?: string;
  /** The physical line of each row (CsvRow.line); row i is on line i + 2 when absent. */
  lines?: readonly number[];
}

/** The pages of an export, one entry each, with the rows that belong to them (see each profile's group). */
export function productRows(profile: ProfileName, header: readonly string[], rows: readonly (readonly string[])[], options: ProductRowsOptions = {}): ProductRows {
  const p = profileOf(profile);
  return p.group(p.fields(header), header, rows, { file: options.file ?? 'CSV', lineOf: (i) => options.lines?.[i] ?? i + 2 });
}

/**
 * Index of the header among the first records of a file. Some Screaming Frog versions write the
 * tab's name ("Internal - HTML") on a line of its own above the header; the caller reads the
 * records, asks here where the header is, and reads the table from that record on (reporting
 * lines as they are in the file). A first record is skipped only when it holds a single value and
 * the next record is a header seo-ai recognises, so a real one-column CSV is never cut.
 */
export function findHeaderRow(lines: readonly (readonly string[])[]): number {
  const first = lines[0];
  const next = lines[1];
  if (first === undefined || next === undefined) return 0;
  const values = first.filter((v) => v.trim() !== '');
  if (values.length !== 1 || next.length < 2) return 0;
  const header = next.map((v) => v.trim());
  return detectProfile(header).profile !== 'generic' || columnsOf(header).url !== undefined ? 1 : 0;
}
