import fs from 'node:fs';
import path from 'node:path';
import type { AppError, Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import type { JournalLimits } from '../journal/store.ts';
import type { Progress, TransitionHooks, WriteOptions } from '../journal/transaction.ts';
import type { RecoveryReport } from '../journal/recover.ts';
import type { DatasetSettings } from '../settings/settings.ts';
import { loadSettings, mergeSettings, saveSettings } from '../settings/settings.ts';
import { ReviewMarks } from '../review/review-marks.ts';
import type { CaptionIndex, CaptionState, ImageRecord } from './caption-index.ts';
import type { MutationError } from './errors.ts';
import { DatasetError } from './errors.ts';
import type { ExternalChange, ReadOutcome } from './external-changes.ts';
import { DatasetWatching } from './watching.ts';
import { captionPathProblem, checkChanges, type Change, type PathRules } from './change-checks.ts';
import { DatasetJournal, type ApplyResult, type HistoryStepOptions, type JournalHost } from './dataset-journal.ts';
import type { JournalSummary } from './history.ts';
import { loadDataset } from './load.ts';

export type { CaptionState, ImageRecord } from './caption-index.ts';
export type { Progress } from '../journal/transaction.ts';
export type { RecoveryReport } from '../journal/recover.ts';
export type { DatasetSettings } from '../settings/settings.ts';
export type { Conflict, MutationError } from './errors.ts';
export type { ExternalChange } from './external-changes.ts';
export type { Change } from './change-checks.ts';
export type { JournalSummary } from './history.ts';
export type { ApplyResult, HistoryStepOptions } from './dataset-journal.ts';

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

/**
 * One open dataset: the service the CLI, the Electron main process and the web server share.
 * Reads are from memory (the caption index); every mutation goes through the journal protocol under
 * the dataset lock, serialised with the other mutations of this instance (dataset-journal.ts); the
 * watcher reports what other programs change (watching.ts).
 */
export class Dataset {
  readonly root: string;
  private readonly journal: DatasetJournal;
  private readonly watching: DatasetWatching;
  private settingsValue!: DatasetSettings;
  private reviewMarks!: ReviewMarks;
  private index!: CaptionIndex;
  private loadWarnings: string[] = [];
  private openWarnings: string[] = [];
  private needsRescan = false;
  private writeListeners = new Set<(captionRelPath: string) => void>();
  /** Bumped each time the index is rebuilt from a scan (open, rescan, caption extension change). */
  private loads = 0;

  private constructor(root: string, opts: OpenOptions) {
    this.root = root;
    this.journal = new DatasetJournal(this.journalHost(), opts);
    this.watching = new DatasetWatching(root, () => this.index, () => this.journal.stateRelPath(), () => this.refreshJournal());
  }

  static async open(root: string, opts: OpenOptions = {}): Promise<Dataset> {
    const abs = path.resolve(root);
    const st = await fs.promises.stat(abs).catch(() => null);
    if (!st?.isDirectory()) throw new DatasetError('not-found', `${abs} is not a folder`);
    const ds = new Dataset(abs, opts);
    const unfinished = await ds.journal.recoverAtOpen(opts.onProgress);
    if (unfinished) ds.openWarnings.push(unfinished);
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

  /** The interrupted edit finished by the last mutation before its own work, once (then null). */
  takeFinishedInterruption(): RecoveryReport | null {
    return this.journal.takeFinishedInterruption();
  }

  /** What open (or a later mutation, after another process died mid-batch) finished; null if nothing. */
  recovery(): RecoveryReport | null {
    return this.journal.recovery();
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
    return this.journal.history();
  }

  /**
   * Re-reads the journal state (one small file) and reports whether it differed from what this
   * instance held: another process (the CLI, a second window) edited, undid or redid. Queued behind
   * this instance's own mutations, so it never reads one of them half done.
   */
  async refreshJournal(): Promise<boolean> {
    return this.journal.refresh();
  }

  /**
   * Calls listener whenever this instance finds the journal changed by someone else: on a watcher
   * event for the state file, a refreshJournal(), or the re-read at the start of every mutation.
   * Its own mutations are not reported here (their callers announce them with their result).
   */
  onJournalChange(listener: () => void): () => void {
    return this.journal.onChange(listener);
  }

  async rescan(): Promise<void> {
    await this.journal.serialized(() => this.load());
  }

  async updateSettings(patch: Partial<DatasetSettings>): Promise<DatasetSettings> {
    const res = await this.journal.mutate(async () => {
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
    return this.journal.apply(label, checked.value, meta);
  }

  /** Reverts the last applied entry. Refused as a whole (nothing written) if any of its files changed since. */
  async undo(opts: HistoryStepOptions = {}): Promise<Result<ApplyResult, MutationError>> {
    return this.journal.undo(opts);
  }

  async redo(opts: HistoryStepOptions = {}): Promise<Result<ApplyResult, MutationError>> {
    return this.journal.redo(opts);
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

  private async load(onProgress?: (p: Progress) => void, onListed?: OpenOptions['onListed']): Promise<void> {
    const { settings, index, warnings } = await loadDataset(this.root, onProgress, onListed);
    const problem = await this.journal.load();
    if (problem) warnings.push(problem);
    this.settingsValue = settings;
    this.index = index;
    this.loads++;
    this.loadWarnings = warnings;
  }

  /** What the journal side reads and tells of this dataset. */
  private journalHost(): JournalHost {
    return {
      root: this.root,
      hooks: (onProgress) => this.hooks(onProgress),
      knownStamp: (p, source) => {
        const held = this.index.caption(p)?.caption;
        return held?.stamp !== undefined && held.text === source ? held.stamp : undefined;
      },
      during: (paths, fn) => this.watching.during(paths, fn),
      settled: () => this.watching.settled(),
      writeOptions: () => this.writeOptions(),
      afterMutation: async () => {
        if (!this.needsRescan) return;
        this.needsRescan = false;
        await this.load();
      },
    };
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
}
