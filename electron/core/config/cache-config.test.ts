import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCacheMaxBytes } from './cache-config.ts';
import { updatePrefs } from './prefs-file.ts';

let tmp: string;
let file: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-cache-config-'));
  file = path.join(tmp, 'config.json');
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('loadCacheMaxBytes', () => {
  it('is 2 GB without a file, a section or a valid value', async () => {
    expect(await loadCacheMaxBytes(file)).toBe(2 * 1024 ** 3);
    await fs.writeFile(file, JSON.stringify({ editor: {} }));
    expect(await loadCacheMaxBytes(file)).toBe(2 * 1024 ** 3);
    await fs.writeFile(file, JSON.stringify({ cache: { maxSizeMB: -5 } }));
    expect(await loadCacheMaxBytes(file)).toBe(2 * 1024 ** 3);
  });

  it('reads cache.maxSizeMB, and an editor-preferences update keeps it', async () => {
    await fs.writeFile(file, JSON.stringify({ cache: { maxSizeMB: 500 } }));
    expect(await loadCacheMaxBytes(file)).toBe(500 * 1024 * 1024);
    const updated = await updatePrefs(file, { thumbSize: 200 });
    expect(updated.ok).toBe(true);
    expect(await loadCacheMaxBytes(file)).toBe(500 * 1024 * 1024);
  });
});
