// Where Chromium is: --chromium, SEO_AI_CHROMIUM, else the places system packages put it. And
// what to tell a user who has none.
import { existsSync } from 'node:fs';

/** Where Debian, Ubuntu, Fedora, Homebrew and the vendor installers put Chromium or Chrome. */
const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export const INSTALL_HINT =
  'install Chromium (Debian and Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) or name a Chrome or Chromium binary with --chromium <path> or SEO_AI_CHROMIUM';

/** The Chromium to render with: the one named (which must exist), else the first system one; undefined when there is none. */
export function findChromium(named: string | undefined, env: Record<string, string | undefined> = process.env): { path?: string; problem?: string } {
  const asked = named ?? env.SEO_AI_CHROMIUM;
  if (asked !== undefined && asked !== '') {
    const from = named !== undefined ? `--chromium ${named}` : `SEO_AI_CHROMIUM=${asked}`;
    return existsSync(asked) ? { path: asked } : { problem: `${from}: no such file; ${INSTALL_HINT}` };
  }
  const found = SYSTEM_PATHS.find((p) => existsSync(p));
  return found ? { path: found } : { problem: `no Chromium found (looked in ${SYSTEM_PATHS.slice(0, 4).join(', ')}…); ${INSTALL_HINT}` };
}
