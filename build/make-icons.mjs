// Renders the app icon (a luggage tag on a rounded square) from the SVG below into build/icons/,
// at the sizes electron-builder reads: Linux takes the folder (names carry the size), Windows
// 256x256.png, macOS 1024x1024.png (it makes the .icns). Run `node build/make-icons.mjs` after
// changing the drawing; the PNGs are committed so packaging needs no art tools.
import { mkdirSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';

export const ICON_SIZES = [256, 512, 1024];

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#4f46e5"/>
      <stop offset="1" stop-color="#1e1b4b"/>
    </linearGradient>
  </defs>
  <rect x="64" y="64" width="896" height="896" rx="200" fill="url(#bg)"/>
  <g transform="rotate(-30 512 512)">
    <path d="M300 352 H620 L780 512 L620 672 H300 Q268 672 268 640 V384 Q268 352 300 352 Z" fill="#fef3c7"/>
    <circle cx="640" cy="512" r="40" fill="#312e81"/>
    <rect x="330" y="440" width="220" height="36" rx="18" fill="#f59e0b"/>
    <rect x="330" y="548" width="160" height="36" rx="18" fill="#a8a29e"/>
  </g>
</svg>`;

export async function makeIcons(outDir = fileURLToPath(new URL('./icons/', import.meta.url))) {
  mkdirSync(outDir, { recursive: true });
  for (const size of ICON_SIZES) {
    await sharp(Buffer.from(svg), { density: 72 * (size / 1024) * 4 })
      .resize(size, size)
      .png({ compressionLevel: 9 })
      .toFile(`${outDir}/${size}x${size}.png`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await makeIcons();
