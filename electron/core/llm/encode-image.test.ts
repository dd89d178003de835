import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobError } from '../workers/protocol.ts';
import { encodeForLlm } from './encode-image.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-encode-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function pixel(jpeg: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - expected[i]!) <= 12);

async function encodeError(file: string): Promise<JobError> {
  const thrown = await encodeForLlm(file, 512).then(() => null, (e: unknown) => e);
  expect(thrown).toBeInstanceOf(JobError);
  return thrown as JobError;
}

describe('encodeForLlm', () => {
  it('downscales to maxSide on the longest side and flattens transparency onto white', async () => {
    const file = path.join(dir, 'cutout.png');
    // Left half fully transparent (black underneath), right half opaque red.
    const red = await sharp({ create: { width: 1500, height: 1000, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }).png().toBuffer();
    await sharp({ create: { width: 3000, height: 1000, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: red, left: 1500, top: 0 }])
      .png()
      .toFile(file);
    const jpeg = await encodeForLlm(file, 600);
    const meta = await sharp(jpeg).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 600, height: 200 });
    expect(near(await pixel(jpeg, 50, 100), [255, 255, 255])).toBe(true);
    expect(near(await pixel(jpeg, 550, 100), [255, 0, 0])).toBe(true);
  });

  it('never enlarges a small image', async () => {
    const file = path.join(dir, 'tiny.png');
    await sharp({ create: { width: 40, height: 20, channels: 3, background: '#336699' } }).png().toFile(file);
    expect(await sharp(await encodeForLlm(file, 1024)).metadata()).toMatchObject({ width: 40, height: 20 });
  });

  it('applies the EXIF orientation, so the model sees the image upright', async () => {
    const file = path.join(dir, 'rotated.jpg');
    await sharp({ create: { width: 200, height: 100, channels: 3, background: '#808080' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(file);
    const meta = await sharp(await encodeForLlm(file, 1024)).metadata();
    expect(meta).toMatchObject({ width: 100, height: 200 });
    expect(meta.orientation ?? 1).toBe(1);
  });

  it('names the file when it is not an image', async () => {
    const file = path.join(dir, 'notes.jpg');
    await fs.writeFile(file, 'not an image at all');
    const e = await encodeError(file);
    expect(e.kind).toBe('corrupt-image');
    expect(e.message).toBe('notes.jpg: not a recognised image format');
  });

  it('names the file when the image is truncated, in one line', async () => {
    const file = path.join(dir, 'cut.jpg');
    const whole = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#a0522d' } }).jpeg().toBuffer();
    await fs.writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const e = await encodeError(file);
    expect(e.kind).toBe('corrupt-image');
    expect(e.message).toMatch(/^cut\.jpg: image data is corrupt or truncated \(.+\)$/);
    expect(e.message).not.toContain('\n');
  });

  it('reports a missing file', async () => {
    const e = await encodeError(path.join(dir, 'gone.png'));
    expect(e).toMatchObject({ kind: 'not-found', message: 'gone.png: file not found' });
  });
});
