/** A tagger given as a folder: any folder holding the registry's file names (model.onnx, selected_tags.csv). */
import fs from 'node:fs/promises';
import path from 'node:path';
import { err, ok } from '../../../shared/result.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { isFile } from './hub-cache.ts';

const LFS_POINTER_PREFIX = 'version https://git-lfs.github.com/spec/';

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A `git clone` made without git-lfs leaves ~130-byte pointer files where the model should be;
 * onnxruntime would then fail with a protobuf error that names no cause.
 */
async function isLfsPointer(file: string): Promise<boolean> {
  const { size } = await fs.stat(file);
  if (size > 1024) return false;
  return (await fs.readFile(file, 'utf8')).startsWith(LFS_POINTER_PREFIX);
}

export async function checkModelFolder(dir: string, files: readonly string[]): Promise<Result<void, AppError>> {
  const missing: string[] = [];
  for (const f of files) if (!(await isFile(path.join(dir, f)))) missing.push(f);
  if (missing.length > 0) {
    return err({
      kind: 'not-found',
      message: `${dir} has no ${missing.join(' or ')}; a tagger folder holds ${files.join(' and ')}.`,
    });
  }
  for (const f of files) {
    if (await isLfsPointer(path.join(dir, f))) {
      return err({
        kind: 'invalid-model',
        message: `${path.join(dir, f)} is a Git LFS pointer, not the file itself: run "git lfs pull" in ${dir} or download ${f} from the hub.`,
      });
    }
  }
  return ok(undefined);
}
