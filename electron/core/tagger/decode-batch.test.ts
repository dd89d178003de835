import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeBatch } from './decode-batch.ts';
import { writeCorrupt, writeSolid } from './testing/fixtures.ts';

const SIZE = 4;
const PER = SIZE * SIZE * 3;
let dir: string;
let red: string;
let green: string;
let blue: string;
let corrupt: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-decode-'));
  [red, green, blue, corrupt] = await Promise.all([
    writeSolid(path.join(dir, 'red.png'), 'red', 8, 8),
    writeSolid(path.join(dir, 'green.png'), 'green', 8, 8),
    writeSolid(path.join(dir, 'blue.png'), 'blue', 8, 8),
    writeCorrupt(path.join(dir, 'corrupt.png')),
  ]);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The BGR pixel every pixel of row `row` has, or 'mixed'. */
function rowColour(tensor: Float32Array, row: number): string {
  const first = Array.from(tensor.subarray(row * PER, row * PER + 3));
  for (let i = row * PER; i < (row + 1) * PER; i += 3) {
    if (tensor[i] !== first[0] || tensor[i + 1] !== first[1] || tensor[i + 2] !== first[2]) return 'mixed';
  }
  return first.join(',');
}

describe('decodeBatch', () => {
  it.each([1, 2, Infinity])('packs decodable images into rows in order and reports the others (%s lanes)', async (lanes) => {
    const out = await decodeBatch({ paths: [red, corrupt, green, blue], size: SIZE, fixedRows: null }, lanes);
    expect(out.rows).toBe(3);
    expect(out.tensor).toHaveLength(3 * PER);
    expect([0, 1, 2].map((r) => rowColour(out.tensor, r))).toEqual(['0,0,255', '0,255,0', '255,0,0']);
    expect(out.errors.map((e) => e?.kind ?? null)).toEqual([null, 'corrupt-image', null, null]);
  });

  it('fills a fixed batch: good images first, every spare row zero', async () => {
    const out = await decodeBatch({ paths: [corrupt, blue, red], size: SIZE, fixedRows: 4 });
    expect(out.rows).toBe(4);
    expect(out.tensor).toHaveLength(4 * PER);
    expect([0, 1, 2, 3].map((r) => rowColour(out.tensor, r))).toEqual(['255,0,0', '0,0,255', '0,0,0', '0,0,0']);
    await expect(decodeBatch({ paths: [red, green], size: SIZE, fixedRows: 1 })).rejects.toThrow(RangeError);
  });

  it('returns an empty tensor when nothing decodes', async () => {
    const out = await decodeBatch({ paths: [corrupt], size: SIZE, fixedRows: null });
    expect(out.rows).toBe(0);
    expect(out.tensor).toHaveLength(0);
  });
});
