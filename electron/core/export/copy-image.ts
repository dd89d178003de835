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

/** sharp names AVIF `heif`, like HEIC; only AV1-coded files are AVIF, the one of the two a trainer reads. */
const encoderFor = (meta: Metadata): ((s: Sharp) => Sharp) | undefined =>
  meta.format === 'heif' ? (meta.compression === 'av1' ? (s) => s.avif({ quality: 95 }) : undefined) : ENCODERS[meta.format];

const toPng = (s: Sharp): Sharp => s.png();

/**
 * Copies one image into the export. Without maxSide, or when the image already fits, the file is
 * copied byte for byte (nothing re-encoded, EXIF orientation kept). Larger images are shrunk so the
 * longest side is maxSide, in their own format, with the EXIF orientation applied to the pixels
 * (re-encoding drops the tag, so the picture would otherwise turn sideways). Never enlarged.
 *
 * With `png`, the image is always re-encoded as PNG (the trainer does not read its format), with
 * the orientation applied the same way, and shrunk when maxSide asks for it. With `bakeRotation`, an
 * image whose EXIF orientation turns or mirrors it is re-encoded with the turn applied (kohya ignores
 * the tag); an upright one is still copied byte for byte.
 *
 * Returns null when the image was written, or why it was skipped: a problem with the source image
 * skips it and the export goes on. A problem writing the destination (disk full...) throws: the
 * export as a whole has failed.
 */
export async function copyImage(src: string, dest: string, maxSide: number | null, opts: { png?: boolean; bakeRotation?: boolean } = {}): Promise<string | null> {
  const verb = opts.png ? 'convert' : opts.bakeRotation ? 'turn' : 'resize';
  if (maxSide === null && !opts.png && !opts.bakeRotation) return copyExact(src, dest);
  // Only turning was asked for: an image whose header cannot be read has no orientation to bake, so
  // it is copied as it is (what the export did before), and the trainer check reports it.
  const onlyTurning = maxSide === null && !opts.png;
  let meta: Metadata;
  try {
    meta = await sharp(src).metadata();
  } catch (e) {
    return onlyTurning ? copyExact(src, dest) : `cannot read the image to ${verb} it (${errnoLine(e)})`;
  }
  if (!meta.width || !meta.height) return onlyTurning ? copyExact(src, dest) : `cannot read the image size to ${verb} it`;
  const fits = maxSide === null || Math.max(meta.width, meta.height) <= maxSide;
  // Orientation 1 (or none) is upright: nothing to bake.
  const turned = opts.bakeRotation === true && (meta.orientation ?? 1) > 1;
  if (fits && !opts.png && !turned) return copyExact(src, dest);
  const encode = opts.png ? toPng : encoderFor(meta);
  if (!encode) return `cannot resize ${meta.format} images (no encoder); export without a size limit to copy it as it is`;
  let bytes: Buffer;
  try {
    let image = sharp(src, { failOn: 'error' }).autoOrient();
    if (!fits && maxSide !== null) image = image.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
    bytes = await encode(image).toBuffer();
  } catch (e) {
    return `cannot ${verb} the image (${errnoLine(e)})`;
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

