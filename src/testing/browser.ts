import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium: `npx playwright install` cannot download a browser here. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium for the HTML report checks. A machine without it must not pass those tests by
 * skipping them, so its absence is an error saying how to install it (.ci/run does).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`headless Chromium is needed at ${CHROMIUM} to check the HTML reports: apt-get install -y --no-install-recommends chromium (npm test does this first: .ci/ensure-chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
