// Model folders and images made at test time (nothing binary lives in the repo): a WD14-shaped
// fixture model from models/fixtures, and solid-colour images whose tags that model predicts.
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { FIXTURE_COLOURS, FIXTURE_TAGS, buildWd14Fixture } from '../../../../models/fixtures/wd14-fixture.ts';
import type { FixtureColour, Wd14FixtureOptions } from '../../../../models/fixtures/wd14-fixture.ts';
import { MODEL_FILE, TAGS_FILE } from '../messages.ts';

/** Writes model.onnx + selected_tags.csv of the colour fixture into `dir` and returns `dir`. */
export async function writeFixtureModel(dir: string, opts: Wd14FixtureOptions & { csv?: string } = {}): Promise<string> {
  const fixture = buildWd14Fixture(opts);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, MODEL_FILE), fixture.model);
  await fs.writeFile(path.join(dir, TAGS_FILE), opts.csv ?? fixture.csv);
  return dir;
}

export function rgb255(colour: FixtureColour): { r: number; g: number; b: number } {
  const c = FIXTURE_COLOURS[colour];
  return { r: c.r * 255, g: c.g * 255, b: c.b * 255 };
}

/** A solid image; the format follows the extension (.png, .jpg, .webp). */
export async function writeSolid(file: string, colour: FixtureColour, width = 64, height = 64): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await sharp({ create: { width, height, channels: 3, background: rgb255(colour) } }).toFile(file);
  return file;
}

/** Bytes that start like a PNG and then stop: sharp refuses them. */
export async function writeCorrupt(file: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]));
  return file;
}

/** The score of tag `name` in an outcome's probabilities, by the fixture's CSV order. */
export function scoreOf(probs: Float32Array, name: string): number {
  const i = FIXTURE_TAGS.findIndex((t) => t.name === name);
  if (i < 0) throw new Error(`no fixture tag ${name}`);
  return probs[i]!;
}
