import fs from 'node:fs';
import path from 'node:path';
import type { AppError, Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import { removeFileIfExists, tempWriterOf, writeFileAtomic } from '../fs/atomic-write.ts';
import { isErrno } from '../fs/errno.ts';
import { TimeSlices } from '../fs/parallel.ts';
import * as z from '../../../shared/schema/zod-mini.ts';
import { isTempDebris } from './temp-debris.ts';
import type { EntrySummary, JournalEntry, JournalState, PendingMarker } from './types.ts';
import { entryId, FileChangeSchema, JournalEntrySchema, JournalStateSchema, PendingMarkerSchema } from './types.ts';

export interface JournalLimits {
  /** Oldest entries beyond this count are pruned. */
  maxEntries: number;
  /** ...and beyond this many bytes of entry files: a 100k-caption batch can be tens of MB per entry. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: JournalLimits = { maxEntries: 500, maxBytes: 1024 * 1024 * 1024 };

const ENTRY_RE = /^(\d{10})\.json$/;

const emptyState = (): JournalState => ({ version: 1, head: 0, top: 0, entries: [] });

/** The on-disk journal: entry files, state.json and pending.json in <root>/.tagsmith/journal/. */
export class JournalStore {
  constructor(readonly dir: string) {}

  private entryPath(seq: number): string {
    return path.join(this.dir, `${entryId(seq)}.json`);
  }
  /** The head and the entry list: every mutation ends by replacing it, so other processes watch it. */
  get statePath(): string {
    return path.join(this.dir, 'state.json');
  }
  private get pendingPath(): string {
    return path.join(this.dir, 'pending.json');
  }

  async exists(): Promise<boolean> {
    try {
      return (await fs.promises.stat(this.dir)).isDirectory();
    } catch {
      return false;
    }
  }

  async ensureDir(): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
  }

  async readState(): Promise<Result<JournalState, AppError>> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.statePath, 'utf8');
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return ok(emptyState());
      return err({ kind: 'journal-corrupt', message: `cannot read ${this.statePath}: ${(e as Error).message}` });
    }
    try {
      return ok(JournalStateSchema.parse(JSON.parse(text)));
    } catch (e) {
      return err({ kind: 'journal-corrupt', message: `${this.statePath} is damaged: ${(e as Error).message.split('\n')[0]}` });
    }
  }

  async writeState(state: JournalState): Promise<void> {
    await this.ensureDir();
    await writeFileAtomic(this.statePath, JSON.stringify(state) + '\n', { fsync: true });
  }

  async readEntry(seq: number): Promise<JournalEntry | null> {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(this.entryPath(seq));
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return null;
      throw e;
    }
    return parseEntry(bytes);
  }

  /** Serialises once, writes atomically and durably. Returns the summary (with the byte size). */
  async writeEntry(entry: JournalEntry): Promise<EntrySummary> {
    await this.ensureDir();
    const { size } = await writeFileAtomic(this.entryPath(entry.seq), entryJson(entry), { fsync: true });
    return summarize(entry, size);
  }

  async deleteEntry(seq: number): Promise<void> {
    await removeFileIfExists(this.entryPath(seq));
  }

  async readPending(): Promise<Result<PendingMarker | null, AppError>> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.pendingPath, 'utf8');
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return ok(null);
      throw e;
    }
    try {
      return ok(PendingMarkerSchema.parse(JSON.parse(text)));
    } catch (e) {
      return err({ kind: 'journal-corrupt', message: `${this.pendingPath} is damaged: ${(e as Error).message.split('\n')[0]}` });
    }
  }

  async writePending(marker: PendingMarker): Promise<void> {
    await writeFileAtomic(this.pendingPath, JSON.stringify(marker) + '\n', { fsync: true });
  }

  async clearPending(): Promise<void> {
    await removeFileIfExists(this.pendingPath);
  }

  /**
   * Removes entry files that are not part of the history: above top (crash before the marker) or
   * already pruned, and temp files of dead writers. Cheap: one readdir.
   */
  async collectGarbage(state: JournalState): Promise<void> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return;
    }
    const keep = new Set(state.entries.map((e) => e.seq));
    for (const name of names) {
      const m = ENTRY_RE.exec(name);
      if (m) {
        const seq = Number(m[1]);
        if (!keep.has(seq) && (seq > state.top || seq < (state.entries[0]?.seq ?? Infinity))) await this.deleteEntry(seq);
        continue;
      }
      const writer = tempWriterOf(name);
      if (writer && (await isTempDebris(path.join(this.dir, name), writer))) await removeFileIfExists(path.join(this.dir, name));
    }
  }

  /** Drops the redo branch (entries above head) from the state and from disk. */
  async dropRedoBranch(state: JournalState): Promise<JournalState> {
    if (state.top <= state.head) return state;
    const next: JournalState = { ...state, top: state.head, entries: state.entries.filter((e) => e.seq <= state.head) };
    // State first: once it says top = head, the stale files above are debris whatever happens next.
    await this.writeState(next);
    for (const e of state.entries) if (e.seq > state.head) await this.deleteEntry(e.seq);
    return next;
  }

  /** Oldest entries over the limits go; the applied head entry is always kept. */
  prune(state: JournalState, limits: JournalLimits): { state: JournalState; removed: number[] } {
    const entries = [...state.entries];
    const removed: number[] = [];
    let bytes = entries.reduce((s, e) => s + e.bytes, 0);
    while (entries.length > 1 && (entries.length > limits.maxEntries || bytes > limits.maxBytes)) {
      const first = entries[0]!;
      if (first.seq >= state.head) break;
      entries.shift();
      bytes -= first.bytes;
      removed.push(first.seq);
    }
    return { state: { ...state, entries }, removed };
  }
}

export function summarize(entry: JournalEntry, bytes: number): EntrySummary {
  return { seq: entry.seq, time: entry.time, label: entry.label, files: entry.files.length, bytes };
}

/** Replaces or inserts the summary for its seq, keeping seq order. */
export function withSummary(state: JournalState, summary: EntrySummary): JournalState {
  const entries = state.entries.filter((e) => e.seq !== summary.seq);
  entries.push(summary);
  entries.sort((a, b) => a.seq - b.seq);
  return { ...state, entries };
}

/** Files per piece of an entry's JSON: the pieces are made, written and read back one at a time. */
const ENTRY_PIECE_FILES = 1000;

const FILES_OPEN = '"files":[';

/**
 * An entry's JSON in pieces: 100,000 captions' before and after are ~45 MB, whose stringify and
 * encoding at once would stall the event loop ~0.7 s. Each piece of files is a line of its own:
 *   {"id":...,"label":...,"files":[
 *   {file},{file},...
 *   ,{file},{file},...
 *   ]}
 * still one JSON document (line breaks between values are whitespace, and a string never holds a
 * raw one), which parseEntry reads back a line at a time.
 */
export function* entryJson(entry: JournalEntry): Generator<string> {
  const { files, ...rest } = entry;
  yield `${JSON.stringify(rest).slice(0, -1)},${FILES_OPEN}\n`;
  for (let i = 0; i < files.length; i += ENTRY_PIECE_FILES) {
    const piece = JSON.stringify(files.slice(i, i + ENTRY_PIECE_FILES)).slice(1, -1);
    yield `${i === 0 ? '' : ','}${piece}\n`;
  }
  yield ']}';
}

const FileChangesSchema = z.array(FileChangeSchema);

/**
 * An entry file, checked. One JSON.parse and check of a 100,000-file entry held the event loop ~0.5 s
 * at every undo (and splitting its 45 MB as one string another 0.25 s): entryJson's lines are found in
 * the bytes (a UTF-8 sequence never holds a 0x0A byte), then decoded, parsed and checked one piece at
 * a time, with the event loop let in between. Any other layout (entries written before the pieces had
 * lines of their own, a hand-edited file) is read whole; a damaged file fails with JSON's or the
 * schema's error.
 */
export async function parseEntry(bytes: Buffer): Promise<JournalEntry> {
  const lines = lineSpans(bytes);
  const line = ([from, to]: [number, number]) => bytes.toString('utf8', from, to);
  if (lines.length >= 3 && line(lines[lines.length - 1]!) === ']}') {
    const head = line(lines[0]!);
    if (head.endsWith(FILES_OPEN)) {
      try {
        const entry = JournalEntrySchema.parse(JSON.parse(`${head}]}`));
        const slices = new TimeSlices();
        for (let i = 1; i < lines.length - 1; i++) {
          if (slices.due()) await slices.yield();
          const text = line(lines[i]!);
          const piece = FileChangesSchema.parse(JSON.parse(`[${i > 1 && text.startsWith(',') ? text.slice(1) : text}]`));
          for (const f of piece) entry.files.push(f);
        }
        return entry;
      } catch {
        // Not entryJson's layout after all: the whole text decides.
      }
    }
  }
  return JournalEntrySchema.parse(JSON.parse(bytes.toString('utf8')));
}

/** [start, end) of each line. Past 100,000 lines (10^8 files in entryJson's layout) the rest is one span. */
function lineSpans(bytes: Buffer): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  for (let nl = bytes.indexOf(0x0a); nl >= 0 && spans.length <= 100_000; nl = bytes.indexOf(0x0a, from)) {
    spans.push([from, nl]);
    from = nl + 1;
  }
  spans.push([from, bytes.length]);
  return spans;
}
