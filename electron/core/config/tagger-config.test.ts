import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTaggerSection, saveTaggerDevice, taggerDevice } from './tagger-config.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function configFile(content?: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-tagger-config-'));
  dirs.push(dir);
  const file = path.join(dir, 'config.json');
  if (content !== undefined) fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('the tagger section of the per-user config file', () => {
  it('is auto without a file or a section', async () => {
    expect(await taggerDevice(configFile())).toBe('auto');
    expect(await taggerDevice(configFile({ editor: { viewMode: 'list' } }))).toBe('auto');
  });

  it('saves the device beside everything else in the file', async () => {
    const file = configFile({ version: 1, editor: { viewMode: 'list' }, llm: { keys: [] }, tagger: { later: 1 } });
    expect((await saveTaggerDevice(file, 'cuda')).ok).toBe(true);
    expect(await taggerDevice(file)).toBe('cuda');
    expect(read(file)).toMatchObject({ editor: { viewMode: 'list' }, llm: { keys: [] }, tagger: { device: 'cuda', later: 1 } });
  });

  it('creates the file when there is none', async () => {
    const file = configFile();
    expect((await saveTaggerDevice(file, 'cpu')).ok).toBe(true);
    expect(read(file)).toMatchObject({ tagger: { device: 'cpu' } });
  });

  it('an unknown device reads as auto with a problem, and is not overwritten', async () => {
    const file = configFile({ tagger: { device: 'gpu' } });
    const loaded = await loadTaggerSection(file);
    expect(loaded.section.device).toBe('auto');
    expect(loaded.problem?.message).toContain('tagger');
    expect((await saveTaggerDevice(file, 'cpu')).ok).toBe(false);
    expect(read(file)).toEqual({ tagger: { device: 'gpu' } });
  });
});
