import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/*
 * A generated dataset that looks like a real one: small images in varied colours (real PNG/JPEG/WebP
 * files, so thumbnails render), captions in the workflow's one-line format, some uncaptioned images,
 * a subfolder, and the hard cases: parentheses tags, kaomoji, unicode, a BOM + CRLF caption.
 */
const HUES = ['#d94f4f', '#4f7fd9', '#4fd98a', '#d9c24f', '#9b4fd9', '#4fd0d9', '#d9844f', '#777777'];
const POSES = ['standing', 'sitting', 'kneeling', 'lying', 'squatting'];
const ANGLES = ['low angle', 'high angle', 'from side', 'from behind', 'eye level'];
const COLORS = ['red', 'blue', 'green', 'yellow', 'purple', 'cyan', 'orange', 'grey'];

export interface DatasetSpec { count: number; uncaptioned?: number }

export function captionFor(i: number): string {
  const pose = POSES[i % POSES.length]!;
  const angle = ANGLES[Math.floor(i / POSES.length) % ANGLES.length]!;
  const colour = COLORS[i % COLORS.length]!;
  return `1girl, solo, ${colour} dress, ${pose}, ${angle}, long_hair, indoors. She is ${pose} in a ${colour} dress. Light falls from the left.\n`;
}

export async function makeDataset(root: string, spec: DatasetSpec): Promise<string[]> {
  await mkdir(join(root, 'set b'), { recursive: true });
  const tiles = await Promise.all(HUES.map((hue, k) =>
    sharp({ create: { width: 96, height: 64 + (k % 3) * 16, channels: 3, background: hue } })
      .composite([{ input: Buffer.from(`<svg width="96" height="64"><circle cx="${30 + k * 5}" cy="32" r="18" fill="white"/></svg>`), top: 0, left: 0 }])
      .png().toBuffer()));
  const ids: string[] = [];
  const uncaptioned = spec.uncaptioned ?? 0;
  for (let i = 0; i < spec.count; i++) {
    const folder = i % 10 === 9 ? 'set b/' : '';
    const id = `${folder}img_${String(i + 1).padStart(5, '0')}.png`;
    ids.push(id);
    await writeFile(join(root, id), tiles[i % tiles.length]!);
    if (i >= spec.count - uncaptioned) continue;
    await writeFile(join(root, id.replace(/\.png$/, '.txt')), captionFor(i));
  }
  // The hard cases, as real users have them.
  await writeFile(join(root, 'miku.png'), tiles[5]!);
  await writeFile(join(root, 'miku.txt'), 'hatsune_miku_(cosplay), ^_^, :3, 1girl, twintails. She smiles at the viewer.\n');
  await writeFile(join(root, 'größe #1.png'), tiles[2]!);
  await writeFile(join(root, 'größe #1.txt'), '\uFEFFsolo, 日本語タグ, café, standing\r\nsecond line kept\r\n');
  return [...ids, 'miku.png', 'größe #1.png'];
}

/** Every caption file of the dataset with its exact bytes (hex), for byte-for-byte comparisons. */
export async function captionBytes(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string, prefix: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) await walk(join(dir, e.name), `${prefix}${e.name}/`);
      else if (e.name.endsWith('.txt')) out[prefix + e.name] = (await readFile(join(dir, e.name))).toString('hex');
    }
  };
  await walk(root, '');
  return out;
}
