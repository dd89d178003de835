import fs from 'node:fs';
import { thisHost, type TempWriter } from '../fs/atomic-write.ts';
import { isPidAlive } from './lock.ts';

/**
 * How old another machine's temp file must be before it counts as debris. A writer renames its temp
 * within seconds; a pid from another machine says nothing here, so only age can tell.
 */
export const FOREIGN_TEMP_STALE_MS = 60 * 60_000;

/**
 * Whether a temp file (atomic-write.ts) is left over from a writer that died: on this machine, when
 * its process is gone; from another machine sharing the folder, when it is older than
 * FOREIGN_TEMP_STALE_MS (a shard writing on machine A must not lose its temp files to machine B
 * opening the dataset).
 */
export async function isTempDebris(absPath: string, writer: TempWriter, now = Date.now()): Promise<boolean> {
  if (writer.host === null || writer.host === thisHost()) return !isPidAlive(writer.pid);
  try {
    const st = await fs.promises.lstat(absPath);
    return now - st.mtimeMs > FOREIGN_TEMP_STALE_MS;
  } catch {
    return false;
  }
}
