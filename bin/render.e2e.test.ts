// --render from the command line: the flags, and what is refused before any page is read.
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/testing/cli.js';

describe('seo-ai audit --render', () => {
  it('refuses what cannot be rendered, saying what to do (exit 2)', () => {
    const folder = runCli(['audit', 'fixtures/sites/js-shop', '--render', 'always']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe('seo-ai: --render always: rendering needs pages over HTTP; serve fixtures/sites/js-shop (e.g. python3 -m http.server 8080 --bind 127.0.0.1 --directory fixtures/sites/js-shop, or npx http-server fixtures/sites/js-shop) and audit its URL\n');
    const file = runCli(['audit', 'fixtures/sites/js-shop/index.html', '--render', 'auto']);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('serve fixtures/sites/js-shop (e.g. python3 -m http.server 8080');
    // Rendering flags without --render are a mistake to say, not to ignore.
    const stray = runCli(['audit', 'fixtures/sites/js-shop', '--render-third-party', '--chromium', '/usr/bin/chromium']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toBe('seo-ai: --render-third-party, --chromium: they are for rendering pages; add --render auto or --render always\n');
    const mode = runCli(['audit', 'http://127.0.0.1:9/', '--render', 'sometimes']);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toBe('seo-ai: --render sometimes: use never, auto or always\n');
    const noChromium = runCli(['audit', 'http://127.0.0.1:9/', '--render', 'always', '--chromium', '/nowhere/chromium']);
    expect(noChromium.code).toBe(2);
    expect(noChromium.stderr).toMatch(/^seo-ai: --render always: --chromium \/nowhere\/chromium: no such file; install Chromium \(Debian and Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium\) or name a Chrome or Chromium binary with --chromium <path> or SEO_AI_CHROMIUM\n$/);
  });
});
