import type { PageChecker, CheckedPage } from '../engine/run.js';
import { extractPage, type ExtractOptions } from '../page/extract.js';
import type { Page, PageInput } from '../page/types.js';

/** One page from bytes to findings: the same steps in the main thread and in a worker. */
export async function checkPage(
  input: PageInput,
  checker: PageChecker,
  checkLinks?: (page: Page) => void | Promise<void>,
  options: ExtractOptions = {},
  extract?: (page: Page) => Record<string, string[]>,
): Promise<CheckedPage> {
  const page = extractPage(input, options);
  if (checkLinks) await checkLinks(page);
  const checked = checker.check(page);
  // Extraction reads the same tree as the selector checks; a throw in it is the page's failure, not the run's.
  if (extract) {
    try {
      checked.result.extracted = extract(page);
    } catch (error) {
      (checked.result.failures ??= []).push({ rule: 'extract', message: (error as Error).message });
    }
  }
  return checked;
}
