import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selfCommand } from './self.js';

describe('selfCommand: what the user types to run this seo-ai', () => {
  const top = mkdtempSync(path.join(tmpdir(), 'seo-ai-self-'));
  const project = path.join(top, 'site');
  const installed = path.join(project, 'node_modules', 'seo-ai');
  const global = path.join(top, 'usr', 'lib', 'node_modules', 'seo-ai');
  for (const d of [path.join(project, 'public'), installed, global, path.join(top, 'clone', 'docs')]) mkdirSync(d, { recursive: true });

  it("npx seo-ai in a project that installed it, anywhere inside the project", () => {
    expect(selfCommand(project, installed)).toEqual(['npx', 'seo-ai']);
    expect(selfCommand(path.join(project, 'public'), installed)).toEqual(['npx', 'seo-ai']);
  });
  it('npx seo-ai in a clone', () => {
    expect(selfCommand(path.join(top, 'clone', 'docs'), path.join(top, 'clone'))).toEqual(['npx', 'seo-ai']);
  });
  it('seo-ai from a global install, or a project that did not install it', () => {
    expect(selfCommand(project, global)).toEqual(['seo-ai']);
    expect(selfCommand(top, installed)).toEqual(['seo-ai']);
  });
});
