import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/testing/cli.js';
import type { JsonReport } from '../src/report/json.js';

const GOOD = `<!doctype html><html lang="en"><head><title>Trail tent for two people | Shop</title>
<meta name="description" content="A light tent."><meta name="viewport" content="width=device-width">
</head><body><main><h1>Trail tent</h1><p>Light and strong.</p></main></body></html>`;

let dir: string;
const at = (...p: string[]) => path.join(dir, ...p);

function folder(name: string, files: Record<string, string | Buffer>): string {
  const root = at(name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-bad-'));
});
afterAll(() => {
  // temp folders are left to the OS: the 50 MB file is sparse-free but cheap to leave
});

describe('bad input', () => {
  it('a missing path: exit 2 and the path named', () => {
    const r = runCli(['audit', at('nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`seo-ai: ${at('nope')}: no such file or folder. Name a folder of HTML files, a sitemap URL or a page URL.\n`);
    expect(r.stdout).toBe('');
  });

  it('an empty folder: exit 2', () => {
    const root = folder('empty', {});
    const r = runCli(['audit', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`seo-ai: ${root}: no HTML pages found (looked for *.html and *.htm files).\n`);
  });

  it('bad pages are listed and skipped, the rest of the run is unaffected', () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 'x');
    Buffer.from(`<html><head><title>Huge page</title></head><body><p>`).copy(big);
    const root = folder('mixed', {
      'good.html': GOOD,
      'binary.html': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      'empty.html': '',
      'huge.html': big,
      'latin1.html': Buffer.concat([Buffer.from('<html><head><title>Caf'), Buffer.from([0xe9, 0xff]), Buffer.from('</title></head></html>')]),
      'notes.txt': 'not a page',
    });
    const r = runCli(['audit', root, '--base-url', 'https://shop.example/', '--format', 'json']);
    expect(r.code).toBe(0);
    // The same pages through worker threads: same report.
    const threaded = runCli(['audit', root, '--base-url', 'https://shop.example/', '--format', 'json', '--workers', '2']);
    expect(threaded.stdout.replace(/"generatedAt": "[^"]+"/, '')).toBe(r.stdout.replace(/"generatedAt": "[^"]+"/, ''));
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.pages.map((p) => p.url)).toEqual([
      'https://shop.example/good.html',
      'https://shop.example/huge.html',
      'https://shop.example/latin1.html',
    ]);
    expect(report.errors).toEqual([
      { origin: at('mixed', 'binary.html'), url: 'https://shop.example/binary.html', message: 'binary content (NUL bytes), not HTML; skipped' },
      { origin: at('mixed', 'empty.html'), url: 'https://shop.example/empty.html', message: 'the file is empty (0 bytes); skipped' },
    ]);
    const huge = report.pages.find((p) => p.url.endsWith('huge.html'))!;
    expect(huge.warnings).toEqual(['page truncated at 5242880 bytes; findings describe the part read']);
    const latin = report.pages.find((p) => p.url.endsWith('latin1.html'))!;
    expect(latin.warnings).toEqual(['bytes not valid utf-8 were replaced with U+FFFD (first at byte 22)']);
    expect(r.stderr).toContain(`warning: ${at('mixed', 'binary.html')}: binary content (NUL bytes), not HTML; skipped\n`);
    expect(r.stderr).toContain(`warning: ${at('mixed', 'empty.html')}: the file is empty (0 bytes); skipped\n`);
  });

  it('a folder where no page can be audited: exit 2 naming the first problem', () => {
    const root = folder('only-bad', { 'a.html': '' });
    const r = runCli(['audit', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`seo-ai: ${root}: no page could be audited; first problem: ${path.join(root, 'a.html')}: the file is empty (0 bytes); skipped\n`);
  });

  it('a broken sitemap: exit 2 naming the file and line', () => {
    const root = folder('broken-sitemap', {
      'index.html': GOOD,
      'sitemap.xml': '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n<url><loc>https://shop.example/</loc></url>\n<url><loc>https://shop.exa',
    });
    const r = runCli(['audit', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `seo-ai: ${path.join(root, 'sitemap.xml')}:4: broken sitemap: <url> is never closed: the file looks truncated. Fix the sitemap, or move it aside to audit every HTML file in the folder.\n`,
    );
  });

  it('a sitemap that is not a sitemap: exit 2', () => {
    const root = folder('html-sitemap', { 'index.html': GOOD, 'sitemap.xml': '<html><body>Sitemap</body></html>' });
    const r = runCli(['audit', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sitemap.xml:1: broken sitemap: not a sitemap: the root element is <html>, expected <urlset> or <sitemapindex>.');
  });

  it('a config with an unknown rule: exit 2 naming the key and a suggestion', () => {
    const root = folder('bad-config', { 'index.html': GOOD, 'seo-ai.config.json': '{ "rules": { "title-to-long": "off" } }' });
    const r = runCli(['audit', '.'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `seo-ai: ${path.join(root, 'seo-ai.config.json')}:1:14: rules."title-to-long": unknown rule or category (did you mean "title-too-long"?); run "seo-ai rules" for the list\n` +
        '  { "rules": { "title-to-long": "off" } }\n' +
        '               ^\n',
    );
  });

  it('a config with a wrong type: exit 2 naming the file and key', () => {
    const root = folder('bad-config-type', { 'index.html': GOOD, 'seo-ai.config.json': '{\n  // weights in points\n  "weights": { "high": "a lot" }\n}' });
    const r = runCli(['audit', '.'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`seo-ai: ${path.join(root, 'seo-ai.config.json')}:3:24: weights.high: "a lot" must be a number\n    "weights": { "high": "a lot" }\n                         ^\n`);
  });

  it('an unknown format or a bad --min-score: exit 2', () => {
    const root = folder('flags', { 'index.html': GOOD });
    const f = runCli(['audit', root, '--format', 'yaml']);
    expect(f.code).toBe(2);
    expect(f.stderr).toBe(
      'seo-ai: --format yaml: unknown format "yaml"; choose from terminal, json, sarif, junit, github, markdown, html, csv, issues-csv, extract-csv (several at once as --format json=report.json --format html=report.html)\n',
    );
    const m = runCli(['audit', root, '--min-score', 'high']);
    expect(m.code).toBe(2);
    expect(m.stderr).toBe('seo-ai: --min-score high: expected a number from 0 to 100\n');
  });
});
