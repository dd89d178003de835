import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { DEFAULT_SAMPLE_DIR, SAMPLE_SIZE, buildSample, makeSample } from './make-sample.ts';

const IMAGE_EXT = /\.(png|jpe?g|webp)$/i;
const FORMAT_OF: Record<string, string> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp' };

async function tree(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const stem = (rel: string) => rel.replace(/\.[^./]+$/, '');

describe('sample dataset', () => {
  it('is generated deterministically', async () => {
    const [a, b] = await Promise.all([buildSample(), buildSample()]);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [rel, bytes] of a) expect(Buffer.compare(bytes, b.get(rel)!), rel).toBe(0);
  });

  it('has the awkward cases the editor must handle, and stays small', async () => {
    const files = await buildSample();
    const names = [...files.keys()];
    const images = names.filter((n) => IMAGE_EXT.test(n));
    const captions = names.filter((n) => n.endsWith('.txt'));
    expect(images).toHaveLength(8);
    expect(images.filter((i) => !captions.includes(`${stem(i)}.txt`))).toEqual(['checkerboard.png']);
    expect(captions.filter((c) => !images.some((i) => stem(i) === stem(c)))).toEqual(['orange_heart.txt']);
    expect(names.some((n) => n.includes('/'))).toBe(true);
    expect(new Set(images.map((i) => i.split('.').pop())).size).toBe(3);

    const texts = captions.map((c) => Buffer.from(files.get(c)!).toString('utf8'));
    const bomCrlf = texts.filter((t) => t.startsWith('\uFEFF') && t.endsWith('\r\n'));
    expect(bomCrlf).toHaveLength(1);
    expect(texts.filter((t) => !/\r?\n$/.test(t))).toHaveLength(1);
    for (const t of texts) {
      const line = t.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
      // The workflow's shape: trigger first, tags, then exactly three sentences, on one line.
      expect(line).not.toMatch(/[\r\n]/);
      expect(line).toMatch(/^tsmith, no humans, [^.]+\. [^.]+\. [^.]+\. [^.]+\.$/);
    }

    const total = [...files.values()].reduce((sum, bytes) => sum + bytes.byteLength, 0);
    expect(total).toBeLessThan(200 * 1024);
  });

  it('matches the committed sample/ folder', async () => {
    const files = await buildSample();
    expect(await tree(DEFAULT_SAMPLE_DIR)).toEqual([...files.keys()].sort());
    for (const [rel, bytes] of files) {
      const onDisk = await fs.readFile(path.join(DEFAULT_SAMPLE_DIR, rel));
      if (rel.endsWith('.txt') || rel.endsWith('.json')) {
        expect(Buffer.compare(onDisk, bytes), rel).toBe(0);
      } else {
        // Encoders may differ by a byte across platforms; what must hold is format and size.
        const meta = await sharp(onDisk).metadata();
        expect({ rel, format: meta.format, width: meta.width, height: meta.height }).toEqual({
          rel, format: FORMAT_OF[rel.split('.').pop()!], width: SAMPLE_SIZE, height: SAMPLE_SIZE,
        });
      }
    }
  });

  it('writes the files with makeSample and from the command line', async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-sample-'));
    try {
      const written = await makeSample(path.join(tmp, 'api'));
      expect(await tree(path.join(tmp, 'api'))).toEqual([...written].sort());

      const script = fileURLToPath(new URL('./make-sample.ts', import.meta.url));
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, path.join(tmp, 'cli')], { timeout: 30_000 });
      expect(stdout).toMatch(/^wrote 17 files \(\d+\.\d KB\) to /);
      const viaCli = await tree(path.join(tmp, 'cli'));
      expect(viaCli).toEqual(await tree(path.join(tmp, 'api')));
      for (const rel of viaCli) {
        const [x, y] = await Promise.all([fs.readFile(path.join(tmp, 'api', rel)), fs.readFile(path.join(tmp, 'cli', rel))]);
        expect(Buffer.compare(x, y), rel).toBe(0);
      }
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  });
});
