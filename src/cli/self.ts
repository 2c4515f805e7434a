// How the user runs this seo-ai, for the commands the CLI prints for them to run next. A project's
// own install (node_modules/seo-ai of a folder above the working directory) or a clone is run with
// `npx seo-ai`; a global install is on the PATH as `seo-ai`.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './version.js';

export function selfCommand(cwd: string, root: string | undefined = packageRoot()): string[] {
  return installedHere(cwd, root) ? ['npx', 'seo-ai'] : ['seo-ai'];
}

/**
 * Whether the seo-ai at `root` belongs to where `cwd` is: a clone the user is in, or the
 * node_modules/seo-ai of a project the user is in. Not for a global install (or one elsewhere).
 */
export function installedHere(cwd: string, root: string | undefined = packageRoot()): boolean {
  if (root === undefined) return false;
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const pkg = real(root);
  const here = real(cwd);
  const inside = (dir: string): boolean => here === dir || here.startsWith(dir + path.sep);
  // A clone run from within it, or node_modules/seo-ai of a project the working directory is in.
  const project = path.basename(path.dirname(pkg)) === 'node_modules' ? path.dirname(path.dirname(pkg)) : undefined;
  return inside(pkg) || (project !== undefined && inside(project));
}
