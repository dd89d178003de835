// Test pictures made with sharp at test time, so no binary fixtures live in the repo.
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** Deterministic 32-bit PRNG (mulberry32): the same seed always draws the same picture. */
export function random(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A picture per seed: a 6x6 grid of random colours blown up with a cubic filter, i.e. smooth blobs
 * of colour and light like a heavily blurred photo. Unlike flat or striped test images, two seeds
 * differ in the coarse structure a perceptual hash looks at, as two different photos do.
 */
export async function picture(seed: number, width = 256, height = 192): Promise<Buffer> {
  const next = random(seed);
  const grid = 6;
  const pixels = Buffer.alloc(grid * grid * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(next() * 256);
  return sharp(pixels, { raw: { width: grid, height: grid, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'cubic' })
    .png()
    .toBuffer();
}

export interface CopyOptions {
  /** Size relative to the original, e.g. 0.5. */
  scale?: number;
  format?: 'jpeg' | 'webp' | 'png';
  quality?: number;
}

/** The same picture as someone would re-save it: resized and/or re-encoded. */
export async function copyOf(original: Buffer, opts: CopyOptions = {}): Promise<Buffer> {
  const meta = await sharp(original).metadata();
  let img = sharp(original).resize(Math.round(meta.width * (opts.scale ?? 1)));
  const quality = opts.quality ?? 80;
  if (opts.format === 'jpeg') img = img.jpeg({ quality });
  else if (opts.format === 'webp') img = img.webp({ quality });
  else img = img.png();
  return img.toBuffer();
}

export async function writeFile(file: string, bytes: Uint8Array): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes);
  return file;
}

export interface Layout {
  /** Subject and banner colour, background colour (any CSS colour). */
  fg: string;
  bg: string;
  /** Radius of the round subject, in pixels. */
  radius?: number;
  width?: number;
  height?: number;
}

/**
 * One template filled in: a banner across the top and a round subject in the middle. Variants of a
 * layout (other colours, another subject size, a wider canvas) share the coarse brightness pattern a
 * perceptual hash reads, as a set of recoloured renders or generated cards do, yet are different pictures.
 */
export async function layoutPicture({ fg, bg, radius = 60, width = 256, height = 192 }: Layout): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="${bg}"/>
    <rect x="10" y="10" width="${width - 20}" height="20" fill="${fg}"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${radius}" fill="${fg}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
