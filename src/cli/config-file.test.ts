import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config-file.js';

describe('loadConfig', () => {
  it('reads a config that starts with a byte-order mark', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-config-'));
    writeFileSync(path.join(dir, 'seo-ai.config.json'), '\uFEFF// comment\n{ "baseUrl": "https://a.example/" }');
    expect(loadConfig(dir).config).toEqual({ baseUrl: 'https://a.example/' });
  });

  it('a folder named by --config is a config error naming it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seo-ai-config-'));
    mkdirSync(path.join(dir, 'conf'));
    expect(() => loadConfig(dir, 'conf')).toThrow('--config conf is a folder; name the config file in it (e.g. --config conf/seo-ai.config.json)');
  });
});
