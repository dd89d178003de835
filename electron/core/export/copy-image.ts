import fs from 'node:fs';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { errnoLine } from '../fs/errno.ts';

/** Re-encoders that keep each format trainers read and sharp writes; quality high, since this is training data. */
const ENCODERS: Record<string, (s: Sharp) => Sharp> = {
  jpeg: (s) => s.jpeg({ quality: 95 }),
  png: (s) => s.png(),
  webp: (s) => s.webp({ quality: 95 }),
  tiff: (s) => s.tiff({ compression: 'lzw' }),
};

/**
 * Copies one image into the export. Without maxSide, or when the image already fits, the file is
 * copied byte for byte (nothing re-encoded, EXIF orientation kept). Larger images are shrunk so the
 * longest side is maxSide, in their own format, with the EXIF orientation applied to the pixels
 * (re-encoding drops the tag, so the picture would otherwise turn sideways). Never enlarged.
 *
 * Returns null when the image was written, or why it was skipped: a problem with the source image
 * skips it and the export goes on. A problem writing the destination (disk full...) throws: the
 * export as a whole has failed.
 */
export async function copyImage(src: string, dest: string, maxSide: number | null): Promise<string | null> {
  if (maxSide === null) return copyExact(src, dest);
  let meta: Metadata;
  try {
    meta = await sharp(src).metadata();
  } catch (e) {
    return `cannot read the image to resize it (${errnoLine(e)})`;
  }
  if (!meta.width || !meta.height) return 'cannot read the image size to resize it';
  if (Math.max(meta.width, meta.height) <= maxSide) return copyExact(src, dest);
  const encode = ENCODERS[meta.format];
  if (!encode) return `cannot resize ${meta.format} images (no encoder); export without a size limit to copy it as it is`;
  let bytes: Buffer;
  try {
    const resized = sharp(src, { failOn: 'error' })
      .autoOrient()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
    bytes = await encode(resized).toBuffer();
  } catch (e) {
    return `cannot resize the image (${errnoLine(e)})`;
  }
  await fs.promises.writeFile(dest, bytes, { flag: 'wx' });
  return null;
}

async function copyExact(src: string, dest: string): Promise<string | null> {
  try {
    await fs.promises.copyFile(src, dest, fs.constants.COPYFILE_EXCL);
    return null;
  } catch (e) {
    // copyFile does not say which side failed: a source that cannot be read is this image's problem.
    const readable = await fs.promises.access(src, fs.constants.R_OK).then(() => true, () => false);
    if (!readable) return `cannot read the image (${errnoLine(e)})`;
    throw e;
  }
}

