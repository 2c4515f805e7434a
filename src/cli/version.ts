import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { name: string; version: string; root?: string } | undefined;

/** Our own package.json, found by walking up from this file (it sits at a different depth in src/ and dist/). */
export function toolInfo(): { name: string; version: string } {
  const { name, version } = ownPackage();
  return { name, version };
}

/** The folder of our own package.json (a clone, or node_modules/seo-ai of an install). */
export function packageRoot(): string | undefined {
  return ownPackage().root;
}

function ownPackage(): { name: string; version: string; root?: string } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'seo-ai' && pkg.version) return (cached = { name: pkg.name, version: pkg.version, root: dir });
    }
    const parent = path.dirname(dir);
    if (parent === dir) return (cached = { name: 'seo-ai', version: '0.0.0' });
    dir = parent;
  }
}
