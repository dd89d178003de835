// Test images made with sharp at test time, so no binary fixtures live in the repo.
import fs from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { Sharp } from 'sharp';

export type Rgb = [number, number, number];
export const RED: Rgb = [255, 0, 0];
export const GREEN: Rgb = [0, 255, 0];
export const BLUE: Rgb = [0, 0, 255];

export interface GoodImage {
  file: string;
  /** Size of the thumbnail expected for a 64 px request. */
  width: number;
  height: number;
  hasAlpha: boolean;
}

function solid(width: number, height: number, rgb: Rgb, alpha = 1): Sharp {
  return sharp({ create: { width, height, channels: alpha < 1 ? 4 : 3, background: { r: rgb[0], g: rgb[1], b: rgb[2], alpha } } });
}

/** Left half `left`, right half `right`: a thumbnail that is mirrored or rotated shows it. */
async function split(width: number, height: number, left: Rgb, right: Rgb): Promise<Sharp> {
  const half = await solid(width / 2, height, right).png().toBuffer();
  return solid(width, height, left).composite([{ input: half, left: width / 2, top: 0 }]);
}

export function avifSupported(): boolean {
  return sharp.format.heif?.output?.buffer === true;
}

/** One image per format the service must handle, all 200x100 unless the case needs otherwise. */
export async function writeGoodImages(dir: string): Promise<GoodImage[]> {
  await fs.mkdir(dir, { recursive: true });
  const out: GoodImage[] = [];
  const add = async (name: string, img: Sharp, width: number, height: number, hasAlpha = false) => {
    const file = path.join(dir, name);
    await img.toFile(file);
    out.push({ file, width, height, hasAlpha });
  };
  await add('wide.png', (await split(200, 100, RED, BLUE)).png(), 64, 32);
  await add('photo.jpg', (await split(200, 100, RED, BLUE)).jpeg({ quality: 90 }), 64, 32);
  await add('lossy.webp', (await split(200, 100, RED, BLUE)).webp({ quality: 90 }), 64, 32);
  await add('scan.tiff', (await split(200, 100, RED, BLUE)).tiff(), 64, 32);
  await add('tall.gif', solid(100, 200, GREEN).gif(), 32, 64);
  await add('alpha.png', solid(120, 120, BLUE, 0.5).png(), 64, 64, true);
  // Smaller than the request: must not be enlarged.
  await add('tiny.png', solid(40, 20, RED).png(), 40, 20);
  if (avifSupported()) {
    try {
      await add('modern.avif', (await split(200, 100, RED, BLUE)).avif({ quality: 80 }), 64, 32);
    } catch {
      // A sharp build that lists AVIF output but cannot encode it: the format is simply not covered.
    }
  }
  return out;
}

/**
 * Stored 200x100 with red on the left; EXIF orientation 6 means "rotate 90 degrees clockwise to
 * display", so an oriented thumbnail is 32x64 with red on top.
 */
export async function writeRotatedJpeg(file: string): Promise<void> {
  await (await split(200, 100, RED, BLUE)).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(file);
}

/** Two frames, red then green: the thumbnail must show the first. */
export async function writeAnimated(file: string, format: 'gif' | 'webp'): Promise<void> {
  const frames = await Promise.all([solid(80, 80, RED).png().toBuffer(), solid(80, 80, GREEN).png().toBuffer()]);
  const img = sharp(frames, { join: { animated: true } });
  await (format === 'gif' ? img.gif({ delay: [100, 100] }) : img.webp({ delay: [100, 100] })).toFile(file);
}

export interface BadImages {
  truncatedPng: string;
  truncatedJpeg: string;
  zeroBytes: string;
  textAsPng: string;
  garbledPng: string;
  missing: string;
  bomb: string;
}

export async function writeBadImages(dir: string): Promise<BadImages> {
  await fs.mkdir(dir, { recursive: true });
  const p = (name: string) => path.join(dir, name);
  const png = await solid(300, 300, RED).png({ compressionLevel: 0 }).toBuffer();
  const jpeg = await solid(300, 300, RED).jpeg().toBuffer();
  const garbled = Buffer.from(png);
  for (let i = 60; i < garbled.length - 20; i++) garbled[i] = (i * 7) & 0xff;
  const bad: BadImages = {
    truncatedPng: p('truncated.png'),
    truncatedJpeg: p('truncated.jpg'),
    zeroBytes: p('empty.png'),
    textAsPng: p('notes.png'),
    garbledPng: p('garbled.png'),
    missing: p('gone.png'),
    bomb: p('bomb.png'),
  };
  await fs.writeFile(bad.truncatedPng, png.subarray(0, Math.floor(png.length / 2)));
  await fs.writeFile(bad.truncatedJpeg, jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  await fs.writeFile(bad.zeroBytes, '');
  await fs.writeFile(bad.textAsPng, 'this is a caption, not an image\n');
  await fs.writeFile(bad.garbledPng, garbled);
  await fs.writeFile(bad.bomb, pngDeclaring(60_000, 60_000));
  return bad;
}

/**
 * A few hundred bytes that claim to be a 60000x60000 RGB PNG (3.6 gigapixels, ~10 GB decoded):
 * the classic decompression bomb shape, refused from the header alone.
 */
export function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(4096))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** RGB of one pixel of an image file, for checking orientation and frame choice. */
export async function pixelAt(file: string, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i] ?? -1, data[i + 1] ?? -1, data[i + 2] ?? -1];
}

/** True when every channel is within `tolerance` (lossy formats shift colours a little). */
export function near(actual: Rgb, expected: Rgb, tolerance = 40): boolean {
  return actual.every((v, i) => Math.abs(v - (expected[i] ?? 0)) <= tolerance);
}

/** Every file under dir, relative, sorted: to prove the service wrote nothing next to the images. */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
