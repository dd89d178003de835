import fs from 'node:fs';
import path from 'node:path';
import type { AppError, Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import { errnoLine, errnoMessage } from '../fs/errno.ts';
import { forEachSliced } from '../fs/parallel.ts';
import { acquireLock } from '../journal/lock.ts';
import type { RecoveryReport } from '../journal/recover.ts';
import { recoverPending } from '../journal/recover.ts';
import type { JournalLimits } from '../journal/store.ts';
import { DEFAULT_LIMITS, JournalStore, withSummary } from '../journal/store.ts';
import type { Progress, TransitionHooks, WriteItem, WriteOptions, WriteWorkers } from '../journal/transaction.ts';
import { CHANGED_ELSEWHERE, classifyFiles, runTransition, startWriteWorkers } from '../journal/transaction.ts';
import type { FileChange, JournalEntry, JournalState } from '../journal/types.ts';
import { entryId } from '../journal/types.ts';
import type { DatasetSettings } from '../settings/settings.ts';
import { loadSettings, mergeSettings, saveSettings, settingsDelta, tagsmithDir } from '../settings/settings.ts';
import { ReviewMarks } from '../review/review-marks.ts';
import type { CaptionIndex, CaptionState, ImageRecord } from './caption-index.ts';
import type { Conflict, MutationError } from './errors.ts';
import { DatasetError } from './errors.ts';
import type { ExternalChange, ReadOutcome } from './external-changes.ts';
import { DatasetWatching } from './watching.ts';
import { captionPathProblem, checkChanges, insideParents, type Change, type PathRules } from './change-checks.ts';
import { movedSince, sameJournal, toSummary, type ExpectedHistory, type JournalSummary } from './history.ts';
import { loadDataset } from './load.ts';

export type { CaptionState, ImageRecord } from './caption-index.ts';
export type { Progress } from '../journal/transaction.ts';
export type { RecoveryReport } from '../journal/recover.ts';
export type { DatasetSettings } from '../settings/settings.ts';
export type { Conflict, MutationError } from './errors.ts';
export type { ExternalChange } from './external-changes.ts';
export type { Change } from './change-checks.ts';
export type { JournalSummary } from './history.ts';

export interface ApplyResult {
  entry: JournalSummary | null;
  written: number;
  conflicts: Conflict[];
}

export interface OpenOptions {
  onProgress?: (p: Progress) => void;
  /**
   * The images in grid order as soon as the folder is listed, before any caption is read (the listing
   * is about a third of an open at 10,000 images, the captions the rest): an editor starts making its
   * first screenful of thumbnails then.
   */
  onListed?: (images: readonly ImageRecord[]) => void;
  journal?: Partial<JournalLimits>;
  /** How long a mutation waits for another process's lock before failing with `locked`. Default 0. */
  lockWaitMs?: number;
}

export interface MutationOptions {
  onProgress?: (p: Progress) => void;
}

export interface HistoryStepOptions extends MutationOptions {
  /**
   * The journal as the caller showed it (history.ts). When it moved since (another process edited,
   * undid or redid), the step is refused as 'stale-history' and nothing is written. The CLI passes
   * nothing: it acts on the journal as it finds it, which is what its user asked for.
   */
  expected?: ExpectedHistory;
}

/**
 * One open dataset: the service the CLI, the Electron main process and the web server share.
 * Reads are from memory; every mutation goes through the journal protocol (journal/transaction.ts)
 * under the dataset lock, and is serialised with the other mutations of this instance.
 */
export class Dataset {
  readonly root: string;
  private readonly store: JournalStore;
  private readonly limits: JournalLimits;
  private readonly lockWaitMs: number;
  private settingsValue!: DatasetSettings;
  private reviewMarks!: ReviewMarks;
  private index!: CaptionIndex;
  private loadWarnings: string[] = [];
  private openWarnings: string[] = [];
  private journalState: JournalState = { version: 1, head: 0, top: 0, entries: [] };
  private recoveryReport: RecoveryReport | null = null;
  /** An interrupted edit the last mutation finished before its own work, not yet told to anyone. */
  private finishedBeforeMutation: RecoveryReport | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private needsRescan = false;
  private readonly watching: DatasetWatching;
  private journalListeners = new Set<() => void>();
  private writeListeners = new Set<(captionRelPath: string) => void>();
  /** Bumped each time the index is rebuilt from a scan (open, rescan, caption extension change). */
  private loads = 0;

  private constructor(root: string, opts: OpenOptions) {
    this.root = root;
    this.watching = new DatasetWatching(root, () => this.index, () => this.journalStateRel(), () => this.refreshJournal());
    this.store = new JournalStore(path.join(tagsmithDir(root), 'journal'));
    this.limits = { ...DEFAULT_LIMITS, ...opts.journal };
    this.lockWaitMs = opts.lockWaitMs ?? 0;
  }

  static async open(root: string, opts: OpenOptions = {}): Promise<Dataset> {
    const abs = path.resolve(root);
    const st = await fs.promises.stat(abs).catch(() => null);
    if (!st?.isDirectory()) throw new DatasetError('not-found', `${abs} is not a folder`);
    const ds = new Dataset(abs, opts);
    await ds.recoverAtOpen(opts.onProgress);
    await ds.load(opts.onProgress, opts.onListed);
    // Read once per open, not per rescan: the marks are kept in memory and saved as they change.
    ds.reviewMarks = await ReviewMarks.load(abs);
    const problem = ds.reviewMarks.problem();
    if (problem) ds.openWarnings.push(problem.message);
    return ds;
  }

  settings(): DatasetSettings {
    return this.settingsValue;
  }

  /** The review marks of this dataset (`.tagsmith/review.json`), by image id. */
  review(): ReviewMarks {
    return this.reviewMarks;
  }

  /** What open (or a later mutation, after another process died mid-batch) finished; null if nothing. */
  /** The interrupted edit finished by the last mutation before its own work, once (then null). */
  takeFinishedInterruption(): RecoveryReport | null {
    const r = this.finishedBeforeMutation;
    this.finishedBeforeMutation = null;
    return r;
  }

  recovery(): RecoveryReport | null {
    return this.recoveryReport;
  }

  images(): readonly ImageRecord[] {
    return this.index.images();
  }

  /** One image by its path relative to the root (a map lookup, not a scan). */
  image(relPath: string): ImageRecord | undefined {
    return this.index.image(relPath);
  }

  orphanCaptions(): readonly string[] {
    return this.index.orphanCaptions();
  }

  /** A caption file as last read (an orphan's too); undefined: no such caption file is known. */
  captionFile(relPath: string): { caption: CaptionState | null; error?: AppError } | undefined {
    return this.index.caption(relPath);
  }

  warnings(): readonly string[] {
    return [...this.openWarnings, ...this.loadWarnings];
  }

  /** The journal as this instance last saw it; refreshJournal() first when another process may have written. */
  history(): { entries: JournalSummary[]; head: number } {
    const { head } = this.journalState;
    return { entries: this.journalState.entries.map((e) => toSummary(e, head)), head };
  }

  /**
   * Re-reads the journal state (one small file) and reports whether it differed from what this
   * instance held: another process (the CLI, a second window) edited, undid or redid. Queued behind
   * this instance's own mutations, so it never reads one of them half done.
   */
  async refreshJournal(): Promise<boolean> {
    return this.serialized(async () => {
      const state = await this.store.readState();
      // A damaged state file is reported by the next mutation; the history shown stays as it was.
      return state.ok && this.adoptJournal(state.value);
    });
  }

  /**
   * Calls listener whenever this instance finds the journal changed by someone else: on a watcher
   * event for the state file, a refreshJournal(), or the re-read at the start of every mutation.
   * Its own mutations are not reported here (their callers announce them with their result).
   */
  onJournalChange(listener: () => void): () => void {
    this.journalListeners.add(listener);
    return () => {
      this.journalListeners.delete(listener);
    };
  }

  async rescan(): Promise<void> {
    await this.serialized(() => this.load());
  }

  async updateSettings(patch: Partial<DatasetSettings>): Promise<DatasetSettings> {
    const res = await this.mutate(async () => {
      const problem = await this.applySettingsPatch(patch as Record<string, unknown>);
      return problem ? err({ kind: 'invalid-settings', message: problem }) : ok(this.settingsValue);
    });
    if (!res.ok) throw new DatasetError(res.error.kind, res.error.message);
    return res.value;
  }

  async applyChanges(
    label: string,
    changes: readonly Change[],
    meta: {
      ops?: unknown;
      settings?: Partial<DatasetSettings>;
      onProgress?: (p: Progress) => void;
      /**
       * Accept caption files of every caption extension, not only the dataset's: the trainer check's
       * fixes rename `.caption` files to `.txt` and touch files a trainer reads but Tagsmith does not pair.
       */
      anyCaptionExtension?: boolean;
    } = {},
  ): Promise<Result<ApplyResult, MutationError>> {
    const checked = await checkChanges(this.root, changes, this.pathRules(meta.anyCaptionExtension));
    if (!checked.ok) return checked;
    const { wanted, conflicts, requires } = checked.value;

    return this.mutate(async (state0) => {
      const candidates = await insideParents(this.root, wanted, conflicts);
      // No separate pre-check pass: writeFiles compares each file with its `before` right before
      // replacing it, and a file that fails that check is dropped from the entry before the marker
      // goes (recovery does the same after a crash), so journal and disk still agree. One read per
      // file instead of two keeps a 10,000-file batch near `sed -i`.
      const files: FileChange[] = [];
      const toWrite: WriteItem[] = [];
      await forEachSliced(candidates, (f) => {
        files.push({ path: f.path, before: f.source, after: f.target });
        const after = requires.get(f.path);
        // The stamp of our read lets writeFiles skip re-reading a provably unchanged file.
        const held = this.index.caption(f.path)?.caption;
        const known = held?.stamp !== undefined && held.text === f.source ? held.stamp : undefined;
        toWrite.push({ path: f.path, source: f.source, text: f.target, ...(after === undefined ? {} : { requires: after }), ...(known ? { known } : {}) });
      });

      let delta: JournalEntry['settings'] | null = null;
      if (meta.settings) {
        const loaded = await loadSettings(this.root);
        if (loaded.problem) return err(loaded.problem);
        const merged = mergeSettings(loaded.settings, meta.settings);
        if (!merged.ok) return merged;
        delta = settingsDelta(loaded.settings, merged.value);
      }
      if (files.length === 0 && !delta) return ok({ entry: null, written: 0, conflicts });

      let state = await this.store.dropRedoBranch(state0);
      const seq = state.head + 1;
      const entry: JournalEntry = {
        id: entryId(seq),
        seq,
        time: new Date().toISOString(),
        label,
        ...(meta.ops !== undefined ? { ops: meta.ops } : {}),
        ...(delta ? { settings: delta } : {}),
        files,
      };
      // A big batch's write workers start while the entry is written (~0.1 s it would otherwise wait).
      const workers = startWriteWorkers(toWrite, this.writeOptions());
      try {
        // The entry (before and after of every file) is durable before the first caption is touched.
        state = withSummary(state, await this.store.writeEntry(entry));
        const res = await this.transition(state, entry, 'apply', toWrite, meta.onProgress, workers);
        if (res.entry.files.length === 0 && !res.entry.settings) {
          // Every write failed: nothing changed, so nothing is recorded.
          state = { ...res.state, head: seq - 1, top: seq - 1, entries: res.state.entries.filter((e) => e.seq !== seq) };
          await this.store.writeState(state);
          await this.store.deleteEntry(seq);
          this.journalState = state;
          return ok({ entry: null, written: 0, conflicts: [...conflicts, ...res.conflicts] });
        }
        return ok({ entry: this.summaryOf(seq), written: res.written, conflicts: [...conflicts, ...res.conflicts] });
      } finally {
        await workers?.close();
      }
    });
  }

  /** Reverts the last applied entry. Refused as a whole (nothing written) if any of its files changed since. */
  async undo(opts: HistoryStepOptions = {}): Promise<Result<ApplyResult, MutationError>> {
    return this.mutate(async (state) => {
      const moved = movedSince(state, opts.expected, state.head, 'undo');
      if (moved) return err(moved);
      if (state.head === 0 || !state.entries.some((e) => e.seq === state.head)) {
        return err({ kind: 'nothing-to-undo', message: 'nothing to undo' });
      }
      return this.replay(state, state.head, 'revert', opts);
    });
  }

  async redo(opts: HistoryStepOptions = {}): Promise<Result<ApplyResult, MutationError>> {
    return this.mutate(async (state) => {
      const moved = movedSince(state, opts.expected, state.head + 1, 'redo');
      if (moved) return err(moved);
      const seq = state.head + 1;
      if (seq > state.top || !state.entries.some((e) => e.seq === seq)) {
        return err({ kind: 'nothing-to-redo', message: 'nothing to redo' });
      }
      return this.replay(state, seq, 'apply', opts);
    });
  }

  /**
   * Reports caption files whose content differs from what this instance last read or wrote (so its
   * own writes never show up), and images added, changed or removed; the in-memory state follows.
   * Resolves when watching has started; the returned function stops it.
   */
  async watch(onEvent: (e: ExternalChange) => void, onError?: (e: unknown) => void): Promise<() => Promise<void>> {
    return this.watching.start(onEvent, onError);
  }

  /**
   * Resolves once the folder listing the last big batch left running after its reply is done
   * (DatasetWatching.during): what another program changed meanwhile has then been reported.
   */
  settled(): Promise<void> {
    return this.watching.settled();
  }

  /**
   * Re-reads one caption file now ("reload theirs"), without waiting for the watcher, which may be
   * off or not have seen the change yet. Says how the file differs from what was held before.
   */
  reloadCaption(captionRelPath: string): ReadOutcome {
    const bad = captionPathProblem(this.root, captionRelPath, this.pathRules());
    if (bad) throw new DatasetError(bad.kind, bad.message);
    return this.watching.reload(captionRelPath);
  }

  /**
   * Calls listener with each caption file this instance writes (or finds already at its target),
   * right after the index records it: what a mutation touched, without comparing every record.
   */
  onWrite(listener: (captionRelPath: string) => void): () => void {
    this.writeListeners.add(listener);
    return () => {
      this.writeListeners.delete(listener);
    };
  }

  /** Changes whenever the index is rebuilt from a scan; then onWrite alone does not say what changed. */
  loadCount(): number {
    return this.loads;
  }

  /** The images reading one caption file, from the index (no scan of every record). */
  imagesOfCaption(captionRelPath: string): readonly ImageRecord[] {
    return this.index.imagesOfCaption(captionRelPath);
  }

  // ---------------------------------------------------------------- loading

  private async recoverAtOpen(onProgress?: (p: Progress) => void): Promise<void> {
    if (!(await this.store.exists())) return;
    const marker = await this.store.readPending();
    if (marker.ok && marker.value === null) return;
    // Another live process may be in the middle of this very batch: wait a little for its lock.
    const lock = await acquireLock(tagsmithDir(this.root), { waitMs: Math.max(this.lockWaitMs, 5000) });
    if (!lock.ok) {
      this.openWarnings.push(`an interrupted edit could not be finished yet: ${lock.error.message}`);
      return;
    }
    try {
      const res = await recoverPending({ root: this.root, store: this.store, limits: this.limits, hooks: this.hooks(onProgress) });
      if (!res.ok) this.openWarnings.push(res.error.message);
      else this.recoveryReport = res.value;
    } finally {
      await lock.value.release();
    }
  }

  private async load(onProgress?: (p: Progress) => void, onListed?: OpenOptions['onListed']): Promise<void> {
    const { settings, index, warnings } = await loadDataset(this.root, onProgress, onListed);
    const state = await this.store.readState();
    if (state.ok) this.adoptJournal(state.value);
    else warnings.push(state.error.message);
    this.settingsValue = settings;
    this.index = index;
    this.loads++;
    this.loadWarnings = warnings;
  }

  // ---------------------------------------------------------------- mutations

  /**
   * Runs fn after every earlier queued operation of this instance, whatever their outcome, and after
   * the folder listing a big batch leaves running once it has replied (DatasetWatching.during).
   */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(() => this.watching.settled()).then(fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * Lock, finish any batch another process left half done, reload the journal state (another process
   * may have added entries), run fn, unlock. I/O failures become `io` errors; if one happens after
   * the pending marker was written, the marker stays and the next mutation or open finishes the batch.
   */
  private mutate<T>(fn: (state: JournalState) => Promise<Result<T, MutationError>>): Promise<Result<T, MutationError>> {
    return this.serialized(async () => {
      const lock = await acquireLock(tagsmithDir(this.root), { waitMs: this.lockWaitMs });
      if (!lock.ok) return lock;
      try {
        const rec = await recoverPending({ root: this.root, store: this.store, limits: this.limits, hooks: this.hooks() });
        if (!rec.ok) return rec;
        if (rec.value) {
          this.recoveryReport = rec.value;
          // Said aloud by the caller (session/mutation.ts): an edit that failed part-way must not be
          // finished silently by the next, unrelated one.
          this.finishedBeforeMutation = rec.value;
        }
        const state = await this.store.readState();
        if (!state.ok) return state;
        await this.store.collectGarbage(state.value);
        this.adoptJournal(state.value);
        return await fn(state.value);
      } catch (e) {
        return err({ kind: 'io', message: errnoMessage(e) });
      } finally {
        await lock.value.release();
        if (this.needsRescan) {
          this.needsRescan = false;
          await this.load();
        }
      }
    });
  }

  private async replay(state: JournalState, seq: number, direction: 'apply' | 'revert', opts: MutationOptions): Promise<Result<ApplyResult, MutationError>> {
    const entry = await this.store.readEntry(seq);
    if (!entry) return err({ kind: 'journal-corrupt', message: `journal entry #${seq} is missing` });
    const apply = direction === 'apply';
    const files = entry.files.map((f) => ({ path: f.path, source: apply ? f.before : f.after, target: apply ? f.after : f.before }));
    const blocked: Conflict[] = [];
    const candidates = await insideParents(this.root, files, blocked);
    // The write workers start while every file is read and compared (~0.1 s a big step would wait).
    const workers = startWriteWorkers(candidates, this.writeOptions());
    try {
      const classified = await classifyFiles(this.root, candidates, opts.onProgress);
      classified.forEach((c, i) => {
        if (c.state !== 'source') blocked.push({ path: candidates[i]!.path, reason: c.reason ?? CHANGED_ELSEWHERE });
      });
      const verb = apply ? 'redo' : 'undo';
      if (blocked.length > 0) {
        const list = blocked.slice(0, 10).map((b) => b.path).join(', ') + (blocked.length > 10 ? ` and ${blocked.length - 10} more` : '');
        return err({
          kind: 'conflict',
          message: `cannot ${verb} "${entry.label}": ${blocked.length} file(s) changed on disk since (${list}); nothing was written`,
          conflicts: blocked,
        });
      }
      if (entry.settings) {
        const loaded = await loadSettings(this.root);
        if (loaded.problem) return err(loaded.problem);
      }
      const toWrite = candidates.map((f, i) => ({ path: f.path, source: f.source, text: f.target, known: classified[i]!.stamp }));
      const res = await this.transition(state, entry, direction, toWrite, opts.onProgress, workers);
      return ok({ entry: this.summaryOf(seq), written: res.written, conflicts: res.conflicts });
    } finally {
      await workers?.close();
    }
  }

  private async transition(
    state: JournalState,
    entry: JournalEntry,
    direction: 'apply' | 'revert',
    toWrite: WriteItem[],
    onProgress: ((p: Progress) => void) | undefined,
    workers: WriteWorkers | null,
  ) {
    const hooks = this.hooks(onProgress);
    let written = 0;
    let res: Awaited<ReturnType<typeof runTransition>>;
    try {
      // Workers report a chunk after writing it; the watcher holds those files' events meanwhile.
      res = await this.watching.during(toWrite.map((w) => w.path), () => runTransition({
        root: this.root,
        store: this.store,
        limits: this.limits,
        hooks: {
          ...hooks,
          onWritten: (...args) => {
            written++;
            hooks.onWritten?.(...args);
          },
        },
        state,
        entry,
        direction,
        toWrite,
        writeMarker: true,
        writeOptions: { ...this.writeOptions(), workers },
      }));
    } catch (e) {
      // The pending marker stays, so the edit is finished (never half-kept) by the next open or
      // mutation; the person is told how far it got and that, instead of a bare errno line.
      const what = direction === 'apply' ? `"${entry.label}"` : `the undo of "${entry.label}"`;
      throw new Error(
        `${errnoLine(e)}: ${what} stopped part-way, ${written} of ${toWrite.length} file(s) written; ` +
          'it is finished when the dataset is next opened or edited (with space free), and can then be undone',
        { cause: e },
      );
    }
    this.journalState = res.state;
    return res;
  }

  /** Batches write on worker threads; a watched dataset serves an editor, whose requests must not wait behind a slow rename. */
  private writeOptions(): WriteOptions {
    return { parallel: true, offMainThread: this.watching.active };
  }

  private hooks(onProgress?: (p: Progress) => void): TransitionHooks {
    return {
      onProgress,
      onWritten: (p, text, size, mtimeMs) => {
        // Undefined during the recovery at open, when the index is not built yet. A file of another
        // caption extension (a trainer fix's rename, an entry from before the extension changed) is
        // not one of the dataset's captions: recording it would list it as a caption without an image.
        if (!this.index?.isCaptionPath(p)) return;
        this.index.setCaption(p, text === null ? null : { text, size, mtimeMs: mtimeMs ?? Date.now() });
        for (const l of this.writeListeners) l(p);
      },
      applySettings: (patch) => this.applySettingsPatch(patch),
    };
  }

  private async applySettingsPatch(patch: Record<string, unknown>): Promise<string | null> {
    const loaded = await loadSettings(this.root);
    if (loaded.problem) return loaded.problem.message;
    const merged = mergeSettings(loaded.settings, patch as Partial<DatasetSettings>);
    if (!merged.ok) return merged.error.message;
    await saveSettings(this.root, merged.value);
    if (this.settingsValue && merged.value.captionExtension !== this.settingsValue.captionExtension) this.needsRescan = true;
    this.settingsValue = merged.value;
    return null;
  }

  private pathRules(anyCaptionExtension = false): PathRules {
    return { index: this.index, captionExtension: this.settingsValue.captionExtension, anyCaptionExtension };
  }

  private summaryOf(seq: number): JournalSummary | null {
    const s = this.journalState.entries.find((e) => e.seq === seq);
    return s ? toSummary(s, this.journalState.head) : null;
  }

  /**
   * Takes a journal state read from disk; tells the journal listeners when it differs from the one
   * held, which (reads being queued behind this instance's mutations) means another process wrote it.
   */
  private adoptJournal(state: JournalState): boolean {
    const changed = !sameJournal(this.journalState, state);
    this.journalState = state;
    if (changed) for (const l of this.journalListeners) l();
    return changed;
  }

  private journalStateRel(): string {
    return path.relative(this.root, this.store.statePath).split(path.sep).join('/');
  }
}
