import type { AppError } from '../../../shared/result.ts';
import type { FileStamp } from '../fs/file-reader.ts';
import type { ScanResult } from './scan.ts';
import { comparePaths } from './path-order.ts';

export interface CaptionState {
  text: string;
  size: number;
  mtimeMs: number;
  /** Set when the text was read from disk: lets a batch write skip re-reading an unchanged file. */
  stamp?: FileStamp;
}

export interface ImageRecord {
  relPath: string;
  captionRelPath: string;
  caption: CaptionState | null;
  captionError?: AppError;
}

interface Slot {
  caption: CaptionState | null;
  /** Set for captions that must never be written (invalid UTF-8, symlink, unreadable). */
  error?: AppError;
  images: ImageRecord[];
}

/**
 * In-memory view of the dataset: image records and every known caption file (with or without an
 * image). Two images sharing one caption basename share one slot, so an edit shows on both.
 */
export class CaptionIndex {
  private readonly records: ImageRecord[] = [];
  private readonly byImage = new Map<string, ImageRecord>();
  private readonly slots = new Map<string, Slot>();
  private orphanCache: string[] | null = null;

  constructor(readonly captionExtension: string) {}

  /** Builds the index from a scan; returns it with the caption files that need reading. */
  static fromScan(scan: ScanResult, captionExtension: string): { index: CaptionIndex; toRead: string[] } {
    const index = new CaptionIndex(captionExtension);
    const toRead: string[] = [];
    for (const img of scan.images) {
      const rec: ImageRecord = { relPath: img.relPath, captionRelPath: img.captionRelPath, caption: null };
      index.records.push(rec);
      index.byImage.set(rec.relPath, rec);
      let slot = index.slots.get(img.captionRelPath);
      if (!slot) {
        slot = { caption: null, images: [] };
        index.slots.set(img.captionRelPath, slot);
        if (img.captionIsSymlink) {
          slot.error = { kind: 'symlink', message: `${img.captionRelPath} is a symbolic link; Tagsmith does not read or write it` };
        } else if (img.captionExists) toRead.push(img.captionRelPath);
      }
      slot.images.push(rec);
      if (slot.error) rec.captionError = slot.error;
    }
    for (const orphan of scan.orphanCaptions) {
      index.slots.set(orphan, { caption: null, images: [] });
      toRead.push(orphan);
    }
    return { index, toRead };
  }

  images(): readonly ImageRecord[] {
    return this.records;
  }

  image(relPath: string): ImageRecord | undefined {
    return this.byImage.get(relPath);
  }

  caption(relPath: string): { caption: CaptionState | null; error?: AppError } | undefined {
    return this.slots.get(relPath);
  }

  isCaptionPath(relPath: string): boolean {
    const name = relPath.slice(relPath.lastIndexOf('/') + 1);
    return name.endsWith(this.captionExtension) && name.length > this.captionExtension.length;
  }

  captionPathFor(imageRelPath: string): string {
    const slash = imageRelPath.lastIndexOf('/');
    const dot = imageRelPath.lastIndexOf('.');
    const base = dot > slash + 1 ? imageRelPath.slice(0, dot) : imageRelPath;
    return base + this.captionExtension;
  }

  /** Records what a caption file now holds (null: absent). An error makes it read-only. */
  setCaption(relPath: string, caption: CaptionState | null, error?: AppError): void {
    let slot = this.slots.get(relPath);
    if (!slot) {
      slot = { caption: null, images: [] };
      this.slots.set(relPath, slot);
    }
    const wasOrphan = slot.images.length === 0 && (slot.caption !== null || slot.error !== undefined);
    slot.caption = error ? null : caption;
    slot.error = error;
    for (const rec of slot.images) {
      rec.caption = slot.caption;
      if (error) rec.captionError = error;
      else delete rec.captionError;
    }
    const isOrphan = slot.images.length === 0 && (slot.caption !== null || slot.error !== undefined);
    if (wasOrphan !== isOrphan) this.orphanCache = null;
    if (slot.images.length === 0 && slot.caption === null && !slot.error) this.slots.delete(relPath);
  }

  /** Returns the new record, or null if the image was already known. */
  addImage(relPath: string): ImageRecord | null {
    if (this.byImage.has(relPath)) return null;
    const captionRelPath = this.captionPathFor(relPath);
    let slot = this.slots.get(captionRelPath);
    if (!slot) {
      slot = { caption: null, images: [] };
      this.slots.set(captionRelPath, slot);
    }
    if (slot.images.length === 0) this.orphanCache = null;
    const rec: ImageRecord = { relPath, captionRelPath, caption: slot.caption };
    if (slot.error) rec.captionError = slot.error;
    slot.images.push(rec);
    this.byImage.set(relPath, rec);
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePaths(this.records[mid]!.relPath, relPath) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.records.splice(lo, 0, rec);
    return rec;
  }

  removeImage(relPath: string): boolean {
    const rec = this.byImage.get(relPath);
    if (!rec) return false;
    this.byImage.delete(relPath);
    const i = this.records.indexOf(rec);
    if (i >= 0) this.records.splice(i, 1);
    const slot = this.slots.get(rec.captionRelPath);
    if (slot) {
      slot.images = slot.images.filter((r) => r !== rec);
      if (slot.images.length === 0) {
        this.orphanCache = null;
        if (slot.caption === null && !slot.error) this.slots.delete(rec.captionRelPath);
      }
    }
    return true;
  }

  /** The images reading one caption file (two images can share one), from its slot: no scan. */
  imagesOfCaption(captionRelPath: string): readonly ImageRecord[] {
    return this.slots.get(captionRelPath)?.images ?? [];
  }

  /** Forgets every image and caption file under a folder that went; returns what was there. */
  removeUnder(dirRelPath: string): { images: string[]; captions: string[] } {
    const prefix = `${dirRelPath}/`;
    const images = this.records.filter((r) => r.relPath.startsWith(prefix)).map((r) => r.relPath);
    for (const id of images) this.removeImage(id);
    const captions = [...this.slots].filter(([p, s]) => p.startsWith(prefix) && (s.caption !== null || s.error !== undefined)).map(([p]) => p);
    for (const c of captions) this.setCaption(c, null);
    return { images, captions };
  }

  orphanCaptions(): readonly string[] {
    if (!this.orphanCache) {
      this.orphanCache = [...this.slots]
        .filter(([, s]) => s.images.length === 0 && (s.caption !== null || s.error !== undefined))
        .map(([p]) => p)
        .sort(comparePaths);
    }
    return this.orphanCache;
  }
}
