import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// A valid 1x1 PNG: datasets are indexed without decoding images, but the bytes are still a real image.
export const TINY_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000970485973000003e8000003e801b57b526b' +
    '0000000c4944415408996338636c0c000301013391df56a50000000049454e44ae426082',
  'hex',
);

const COLORS = ['red', 'blue', 'green', 'black', 'white', 'pink', 'silver'];
const POSES = ['standing', 'sitting', 'kneeling', 'lying', 'squatting'];
const ANGLES = ['low angle', 'high angle', 'from side', 'from behind', 'eye level'];

/** The caption of image i: the workflow's one-line format, varied per image, always containing "red" somewhere. */
export function captionFor(i: number): string {
  const c = COLORS[i % COLORS.length]!;
  const pose = POSES[i % POSES.length]!;
  const angle = ANGLES[(i >> 3) % ANGLES.length]!;
  return `ohwx, 1girl, solo, ${c} dress, red ribbon, ${pose}, ${angle}, long_hair, hatsune_miku_(cosplay), indoors. She is ${pose} on a wooden floor, smiling. Light falls from the left onto the red wall.\n`;
}

/** Names that exercise quoting and URL-ish characters: spaces, unicode, #, %. */
export function nameFor(i: number): string {
  switch (i % 50) {
    case 1: return `img ${i} with spaces`;
    case 2: return `bild_${i}_größe_ü`;
    case 3: return `img#${i}`;
    case 4: return `img%20${i}%`;
    case 5: return `画像_${i}`;
    default: return `img_${String(i).padStart(6, '0')}`;
  }
}

/**
 * Writes `count` images (tiny PNGs) each with a caption, split into sub-folders of `perFolder`.
 * Returns the caption paths relative to `root`.
 */
export async function makeCaptionDataset(
  root: string,
  opts: { count: number; images?: boolean; perFolder?: number; caption?: (i: number) => string },
): Promise<string[]> {
  const perFolder = opts.perFolder ?? opts.count;
  const rels: string[] = [];
  const jobs: Array<() => Promise<void>> = [];
  for (let i = 0; i < opts.count; i++) {
    const folder = opts.count > perFolder ? `part_${Math.floor(i / perFolder)}` : '';
    const base = folder ? `${folder}/${nameFor(i)}` : nameFor(i);
    rels.push(`${base}.txt`);
    jobs.push(async () => {
      if (opts.images !== false) await writeFile(join(root, `${base}.png`), TINY_PNG);
      await writeFile(join(root, `${base}.txt`), (opts.caption ?? captionFor)(i));
    });
  }
  const folders = new Set(rels.map((r) => r.split('/').slice(0, -1).join('/')));
  for (const f of folders) await mkdir(join(root, f), { recursive: true });
  // Bounded parallelism: fast enough for 100k files without exhausting file descriptors.
  let next = 0;
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (next < jobs.length) await jobs[next++]!();
  }));
  return rels;
}

/** Writes `files` (relative path -> text or bytes) under root, making folders as needed. */
export async function writeTree(root: string, files: Record<string, string | Uint8Array>): Promise<string> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    await writeFile(join(root, rel), content);
  }
  return root;
}
