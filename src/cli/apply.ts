import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { faqProblems } from '../llm/faq-checks.js';
import { ApplyError, applyReview } from '../optimize/apply.js';
import { parseReview, ReviewError } from '../optimize/review.js';
import { printable } from '../report/painter.js';
import { keywordMatcher } from '../sources/keywords.js';
import { loadConfig } from './config-file.js';
import { withBuiltInRules } from './extensions.js';
import { profileFlag } from './audit.js';
import { UsageError, type CliIo } from './io.js';
import type { GlobalOptions } from './audit.js';
import { configInput, guardOutputs } from './no-clobber.js';

export interface ApplyFlags extends GlobalOptions {
  to?: string;
  profile?: string;
  baseUrl?: string;
  skipBadRows?: boolean;
}


/** `seo-ai apply <review> --to <export>`: writes the import file, or lists every mismatch and writes nothing (exit 2). */
export async function apply(reviewFile: string, flags: ApplyFlags, io: CliIo): Promise<number> {
  const exportFile = flags.to!;
  // Default: <export>.import.csv beside the export; never the export or the review itself.
  const output = flags.output ?? exportFile.replace(/(\.[^./\\]+)?$/, '.import$1');
  const loaded = loadConfig(io.cwd, flags.config);
  const configFile = loaded.file;
  // Approved values are re-checked with the built-in rules, as optimize checked them.
  const config = withBuiltInRules(loaded.config);
  const guard = guardOutputs(
    io.cwd,
    [
      { file: exportFile, noun: 'the export', never: 'the export is never overwritten' },
      { file: reviewFile, noun: 'the review file', never: 'the review file is never overwritten' },
      ...configInput(io.cwd, configFile),
    ],
    [{ file: output, noun: 'the import file', ...(flags.output !== undefined ? { label: `--output ${output}` } : { fix: 'name the import file with --output' }) }],
  );
  const profile = flags.profile === undefined ? undefined : profileFlag(flags.profile);
  const read = (file: string, what: string): Buffer => {
    const full = path.resolve(io.cwd, file);
    if (!existsSync(full)) throw new UsageError(`${file}: no such file; name ${what}`);
    return readFileSync(full);
  };
  const reviewBytes = read(reviewFile, 'the review file optimize wrote (<input>.review.csv)');
  const exportBytes = read(exportFile, 'the export the review was made from');
  let rows;
  try {
    rows = parseReview(reviewBytes, reviewFile);
  } catch (err) {
    if (err instanceof ReviewError) throw new UsageError(err.message);
    throw err;
  }
  let result;
  try {
    const baseUrl = flags.baseUrl ?? config.baseUrl;
    if (baseUrl !== undefined && !/^https?:\/\/[^/]/i.test(baseUrl)) throw new UsageError(`${flags.baseUrl !== undefined ? '--base-url' : `${configFile}: baseUrl`} ${baseUrl}: not an http(s) URL; give the shop's address, e.g. https://shop.example/`);
    result = applyReview({
      review: rows,
      reviewFile,
      exportBytes,
      exportFile,
      ...(flags.skipBadRows ? { skipBadRows: true } : {}),
      ...(profile !== undefined ? { profile } : {}),
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      ...(config.rules !== undefined ? { ruleSettings: config.rules } : {}),
      keywordsFor: keywordMatcher(config.keywords, []),
      // An FAQ the reviewer edited is checked as optimize checked the model's.
      checkFaq: faqProblems,
    });
  } catch (err) {
    if (!(err instanceof ApplyError)) throw err;
    // Every mismatch at once, one a line, in review-file order (applyReview sorts them). Nothing is written.
    io.stderr.write(`seo-ai: cannot apply ${reviewFile} to ${exportFile}; nothing written:\n${err.problems.map((p) => `  ${printable(p)}`).join('\n')}\n`);
    if (existsSync(path.resolve(io.cwd, output))) io.stderr.write(`note: ${output} is from an earlier apply, not this one: do not import it\n`);
    return 2;
  }
  await guard.write(output, result.bytes);
  if (!flags.quiet) {
    const edited = result.edited.length > 0 ? ` (${result.edited.length} edited by the reviewer, re-checked)` : '';
    io.stderr.write(`${result.applied.length} approved ${result.applied.length === 1 ? 'change' : 'changes'} written${edited}, ${result.rejected.length} not approved; ${output} is ready to import\n`);
  }
  return 0;
}
