import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { buildWd14Fixture, FIXTURE_COLOURS, type FixtureColour, type Wd14FixtureOptions } from '../../models/fixtures/wd14-fixture.ts';

/** Writes a generated WD14-shaped tagger (model.onnx + selected_tags.csv) into `dir` and returns it. */
export async function writeTaggerFolder(dir: string, opts: Wd14FixtureOptions = {}): Promise<string> {
  const fixture = buildWd14Fixture(opts);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'model.onnx'), fixture.model);
  await writeFile(path.join(dir, 'selected_tags.csv'), fixture.csv);
  return dir;
}

/** A uniform image of one of the fixture model's colours (the model tags it by colour). */
export function colourImage(colour: FixtureColour, size = 64): Promise<Buffer> {
  const c = FIXTURE_COLOURS[colour];
  return sharp({ create: { width: size, height: size, channels: 3, background: { r: c.r * 255, g: c.g * 255, b: c.b * 255 } } }).png().toBuffer();
}

export interface ColourItem {
  /** Image file name relative to the root, e.g. `red.png`. */
  name: string;
  colour: FixtureColour;
  /** Caption file text, written beside the image as `.txt`. */
  caption?: string;
}

/** Files for makeTree/openTestSession: uniform colour images with optional captions. */
export async function colourFiles(items: readonly ColourItem[]): Promise<Record<string, string | Uint8Array>> {
  const files: Record<string, string | Uint8Array> = {};
  for (const item of items) {
    files[item.name] = await colourImage(item.colour);
    if (item.caption !== undefined) files[item.name.replace(/\.[^.]+$/, '.txt')] = item.caption;
  }
  return files;
}
