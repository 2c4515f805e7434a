import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CONFIG_NAME } from './config-file.js';
import { UsageError, type CliIo } from './io.js';

/** The starter config: JSON with comments (the loader strips them), every key explained. */
export const STARTER_CONFIG = `{
  // seo-ai configuration. Run "seo-ai rules" for every rule id, its default severity and options.

  // Where the site is published: pages in a folder get URLs under it (else taken from sitemap.xml).
  // "baseUrl": "https://shop.example/",

  // Per rule id or category: "critical" | "high" | "medium" | "low" | "off",
  // or [severity, { options }] on a rule id. A rule id beats its category.
  "rules": {
    // "social": "off",
    // "title-too-long": ["medium", { "max": 65 }],
    // "content-thin": ["high", { "min": 250 }]
  },

  // Points a page loses per failing rule, by severity (a page starts at 100).
  "weights": { "critical": 25, "high": 15, "medium": 10, "low": 5 },

  // Target keywords per URL path glob; keyword rules are not applicable without them.
  "keywords": {
    // "/products/tents/**": ["tent", "camping tent"]
  }
}
`;

export function registerInit(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('init')
    .description(`write a commented starter ${CONFIG_NAME} in the current folder`)
    .option('--force', 'overwrite an existing config file')
    .action(async (opts: { force?: boolean }) => {
      const file = path.join(io.cwd, CONFIG_NAME);
      if (existsSync(file) && !opts.force) throw new UsageError(`${file} already exists; use --force to overwrite it`);
      await writeFile(file, STARTER_CONFIG);
      io.stdout.write(`wrote ${file}\n`);
      setExit(0);
    });
}
