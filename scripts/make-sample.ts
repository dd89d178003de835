// Regenerates the bundled demo dataset: node --import tsx scripts/make-sample.ts [outDir]
//
// Shapes and gradients only (no text: fonts differ between machines and would break determinism).
// The set deliberately includes the awkward cases the editor must handle: an image without a
// caption, a caption without an image, a BOM + CRLF caption (as Windows tools write them), a caption
// without a trailing newline (as WD14 scripts write them), tags with parentheses, and a kohya-style
// `<repeats>_<trigger> <class>` subfolder whose name contains a space.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';

export const SAMPLE_SIZE = 256;
export const DEFAULT_SAMPLE_DIR = fileURLToPath(new URL('../sample/', import.meta.url));

type Format = 'png' | 'jpeg' | 'webp';

interface SampleImage {
  /** Relative, '/'-separated, with extension. */
  file: string;
  format: Format;
  /** SVG body inside a 256x256 viewBox. */
  svg: string;
  /** Exact caption file bytes, or null for the deliberately uncaptioned image. */
  caption: string | null;
}

const BOM = '\uFEFF';
const SUBFOLDER = '10_tsmith shapes';

function star(cx: number, cy: number, outer: number, inner: number): string {
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push(`${(cx + r * Math.cos(a)).toFixed(2)},${(cy + r * Math.sin(a)).toFixed(2)}`);
  }
  return points.join(' ');
}

function hexagon(cx: number, cy: number, r: number): string {
  const points: string[] = [];
  for (let i = 0; i < 6; i++) {
    const a = (i * Math.PI) / 3;
    points.push(`${(cx + r * Math.cos(a)).toFixed(2)},${(cy + r * Math.sin(a)).toFixed(2)}`);
  }
  return points.join(' ');
}

function checkerboard(cells: number): string {
  const step = SAMPLE_SIZE / cells;
  const squares: string[] = [];
  for (let y = 0; y < cells; y++) {
    for (let x = 0; x < cells; x++) {
      if ((x + y) % 2 === 0) squares.push(`<rect x="${x * step}" y="${y * step}" width="${step}" height="${step}" fill="#111"/>`);
    }
  }
  return `<rect width="256" height="256" fill="#f4f4f4"/>${squares.join('')}`;
}

export const SAMPLE_IMAGES: readonly SampleImage[] = [
  {
    file: 'red_circle.png',
    format: 'png',
    svg: '<rect width="256" height="256" fill="#fff"/><circle cx="128" cy="128" r="72" fill="#d62828"/>',
    caption:
      'tsmith, no humans, red circle, white background, simple background, centered. ' +
      'A red circle sits in the middle of a white square. Its edge is smooth and crisp. Nothing else is in the frame.\n',
  },
  {
    file: 'blue_diamond.jpg',
    format: 'jpeg',
    svg: '<rect width="256" height="256" fill="#d9d9d9"/><rect x="78" y="78" width="100" height="100" fill="#1d4e89" transform="rotate(45 128 128)"/>',
    caption:
      'tsmith, no humans, blue square, rotated, diamond (shape), grey background, simple background, centered. ' +
      'A blue square is turned on its corner against a light grey background. One corner points straight up. The square fills about half of the frame.\n',
  },
  {
    file: 'green_triangle.webp',
    format: 'webp',
    svg: '<rect width="256" height="256" fill="#fff3b0"/><polygon points="128,40 220,208 36,208" fill="#2a9d3f"/>',
    caption:
      'tsmith, no humans, green triangle, pointing up, yellow background, simple background. ' +
      'A green triangle points upward on a pale yellow background. Its flat base runs along the lower part of the frame. The edges are straight and clean.\n',
  },
  {
    file: 'sunset_gradient.jpg',
    format: 'jpeg',
    svg:
      '<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3d1a78"/>' +
      '<stop offset="1" stop-color="#f4845f"/></linearGradient></defs>' +
      '<rect width="256" height="256" fill="url(#sky)"/><circle cx="128" cy="180" r="48" fill="#ffd166"/>' +
      '<rect y="180" width="256" height="76" fill="#1b1b2f"/>',
    // Saved by a Windows editor: UTF-8 BOM and CRLF line ending.
    caption:
      `${BOM}tsmith, no humans, scenery, gradient sky, purple sky, orange sky, sun, horizon, sunset. ` +
      'A purple sky fades into orange toward a dark horizon. A yellow half disc of the sun sits on the horizon line. The lower third of the frame is dark blue.\r\n',
  },
  {
    file: 'checkerboard.png',
    format: 'png',
    svg: checkerboard(8),
    // Left uncaptioned on purpose: the editor should flag it.
    caption: null,
  },
  {
    file: 'yellow_star.webp',
    format: 'webp',
    svg: `<rect width="256" height="256" fill="#14213d"/><polygon points="${star(128, 134, 96, 40)}" fill="#fcbf49"/>`,
    // No trailing newline, as WD14 tagging scripts write captions.
    caption:
      'tsmith, no humans, star (symbol), yellow star, five-pointed star, blue background, simple background, centered. ' +
      'A yellow five-pointed star sits on a navy blue background. One point faces straight up. The star is flat with no shading.',
  },
  {
    file: `${SUBFOLDER}/purple_hexagon.png`,
    format: 'png',
    svg: `<rect width="256" height="256" fill="#fff"/><polygon points="${hexagon(128, 128, 90)}" fill="none" stroke="#6a4c93" stroke-width="14"/>`,
    caption:
      'tsmith, no humans, hexagon, outline, purple outline, white background, simple background, centered. ' +
      'A purple hexagon outline is drawn on a white background. The inside of the shape is empty. Two of its corners point left and right.\n',
  },
  {
    file: `${SUBFOLDER}/teal_rings.png`,
    format: 'png',
    svg:
      '<rect width="256" height="256" fill="#000"/>' +
      '<circle cx="128" cy="128" r="100" fill="none" stroke="#2ec4b6" stroke-width="18"/>' +
      '<circle cx="128" cy="128" r="64" fill="none" stroke="#2ec4b6" stroke-width="12"/>' +
      '<circle cx="128" cy="128" r="32" fill="none" stroke="#2ec4b6" stroke-width="6"/>',
    caption:
      'tsmith, no humans, concentric circles, teal rings, black background, simple background, centered. ' +
      'Three teal rings share one centre on a black background. The rings get thinner toward the middle. Black gaps separate each ring.\n',
  },
];

/** A caption whose image was deleted: the editor should list it as an orphan, not crash. */
export const ORPHAN_CAPTION = {
  file: 'orange_heart.txt',
  text:
    'tsmith, no humans, heart (symbol), orange heart, pink background, simple background, centered. ' +
    'An orange heart sits on a pale pink background. Its two rounded lobes are the same size. The tip points straight down.\n',
};

const SAMPLE_SETTINGS = `${JSON.stringify({ version: 1, captionExtension: '.txt', triggerWords: ['tsmith'], separator: ', ', focus: '', context: '', sentences: 3 }, null, 2)}\n`;

export function captionFileFor(imageFile: string): string {
  return imageFile.replace(/\.[^./]+$/, '.txt');
}

async function renderImage(image: SampleImage): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SAMPLE_SIZE}" height="${SAMPLE_SIZE}" viewBox="0 0 256 256">${image.svg}</svg>`;
  const pipeline = sharp(Buffer.from(svg)).flatten({ background: '#ffffff' });
  switch (image.format) {
    case 'png':
      return pipeline.png({ compressionLevel: 9 }).toBuffer();
    case 'jpeg':
      return pipeline.jpeg({ quality: 85 }).toBuffer();
    case 'webp':
      return pipeline.webp({ quality: 85 }).toBuffer();
  }
}

/** Every file of the sample as relative path -> bytes, in a fixed order. */
export async function buildSample(): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const image of SAMPLE_IMAGES) {
    files.set(image.file, await renderImage(image));
    if (image.caption !== null) files.set(captionFileFor(image.file), Buffer.from(image.caption, 'utf8'));
  }
  files.set(ORPHAN_CAPTION.file, Buffer.from(ORPHAN_CAPTION.text, 'utf8'));
  // The sample's trigger word is recorded the way Tagsmith records it, so it shows pinned in the UI.
  files.set('.tagsmith/settings.json', Buffer.from(SAMPLE_SETTINGS, 'utf8'));
  return files;
}

/**
 * Writes (overwrites) the sample files under outDir and returns their relative paths. Files that are
 * not part of the sample are left alone, since outDir may be a folder the user chose.
 */
export async function makeSample(outDir: string): Promise<string[]> {
  const files = await buildSample();
  for (const [rel, bytes] of files) {
    const target = path.join(outDir, ...rel.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, bytes);
  }
  return [...files.keys()];
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const outDir = path.resolve(process.argv[2] ?? DEFAULT_SAMPLE_DIR);
  const written = await makeSample(outDir);
  let total = 0;
  for (const rel of written) total += (await fs.stat(path.join(outDir, ...rel.split('/')))).size;
  process.stdout.write(`wrote ${written.length} files (${(total / 1024).toFixed(1)} KB) to ${outDir}\n`);
}
