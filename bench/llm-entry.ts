/**
 * `npm run bench:llm`: the sync LLM benchmarks (llm.js, then llm-rows.js), or with --batch the
 * Batch API one (llm-batch.js). The other flags go to the benchmark that runs.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const run = (name: string, flags: string[]): void => {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(name, import.meta.url)), ...flags], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (args.includes('--batch')) run('./llm-batch.js', args.filter((a) => a !== '--batch'));
else for (const name of ['./llm.js', './llm-rows.js']) run(name, args);
