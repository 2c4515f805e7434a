import type { PageChecker, CheckedPage } from '../engine/run.js';
import { extractPage, type ExtractOptions } from '../page/extract.js';
import type { Page, PageInput } from '../page/types.js';

/** One page from bytes to findings: the same steps in the main thread and in a worker. */
export async function checkPage(
  input: PageInput,
  checker: PageChecker,
  checkLinks?: (page: Page) => void | Promise<void>,
  options: ExtractOptions = {},
): Promise<CheckedPage> {
  const page = extractPage(input, options);
  if (checkLinks) await checkLinks(page);
  return checker.check(page);
}
