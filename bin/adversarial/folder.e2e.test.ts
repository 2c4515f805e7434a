// Hostile folders (issue 17): a gzip-bomb sitemap, a sitemap index that lists itself, an
// unreadable subfolder, symlinked pages and folders. Inputs are generated here, at test time.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { changedFiles, fileStates, runMeasured, scratchDir } from '../../src/testing/adversarial.js';

const page = (title: string): string => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1><p>Some text.</p></body></html>`;

describe('adversarial: hostile folders', () => {
  it('#10: a gzip-bomb sitemap.xml.gz in a folder is inflated to 50 MB at most, and refused naming the file and the cap', async () => {
    const dir = scratchDir('gzip-bomb');
    // 100 gzip members of 10 MB of zeros each: a 1 MB file that inflates to 1 GB (gzip allows
    // concatenated members), made in milliseconds.
    const member = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    writeFileSync(path.join(dir, 'sitemap.xml.gz'), Buffer.concat(Array.from({ length: 100 }, () => member)));
    writeFileSync(path.join(dir, 'index.html'), page('Home'));
    const before = fileStates(dir);

    const r = await runMeasured(['audit', dir, '--format', 'json'], { heapMb: 256, killAfterMs: 30_000 });

    expect(r.killed).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `seo-ai: ${path.join(dir, 'sitemap.xml.gz')}: cannot read the sitemap: decompresses to more than 50 MB (the sitemaps.org limit); not read. Fix the sitemap, or move it aside to audit every HTML file in the folder.\n`,
    );
    expect(changedFiles(before, fileStates(dir))).toEqual([]);
    // 50 MB inflated at most, plus Node: ~150 MB. The unbounded inflate held the whole gigabyte.
    expect(r.maxRssMb).toBeLessThan(1000);
    expect(r.ms).toBeLessThan(20_000);
  });
});
