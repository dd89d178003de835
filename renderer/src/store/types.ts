import type { TagOp } from '../../../shared/tags/index.ts';
import type { StateCreator } from 'zustand';
import type { DatasetInfo, HistoryInfo, ImageItem, JobFailure, JobSnapshot, Transport } from '../../../shared/contract/index.ts';
import type { EditorPrefs, EditorPrefsPatch } from '../../../shared/prefs/prefs.ts';
import type { AutoCaptionSettings } from '../../../shared/autocaption/config.ts';
import type { CaptionDoc } from '../../../shared/caption/index.ts';
import type { LintReport, RuleId } from '../../../shared/lint/types.ts';
import type { LintFix } from '../../../shared/lint/index.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import type { DatasetSettings } from '../../../shared/settings.ts';

/*
 * One zustand store built from typed slices (zustand "slices pattern"). State is normalized:
 * `images` is a Record by id plus the `order` array; derived views (filtered ids, tag counts) are
 * recomputed in actions, not in components, so a render reads ready values through per-field
 * selectors. Backend events update the store through the module-level actions in ./events.ts.
 */

export interface DatasetSlice {
  transport: Transport | null;
  info: DatasetInfo | null;
  /** Caption state as on disk (last known), by image id. */
  images: Record<string, ImageItem>;
  /**
   * Parsed captions by image id (null: no caption file), kept in step with `images`. After a snapshot
   * each is parsed when first read (lazy-docs.ts), so a spread or a loop over all of them parses all.
   */
  docs: Record<string, CaptionDoc | null>;
  /**
   * False from a snapshot until its captions are all parsed in the background and `tagCounts` is
   * counted (a fraction of a second at 10,000 images, and at once on any key or pointer press).
   */
  docsSettled: boolean;
  /** Every image id, sorted by path (natural order). */
  order: string[];
  history: HistoryInfo;
  /** Images a person marked reviewed (`.tagsmith/review.json`). */
  reviewed: ReadonlySet<string>;
  loadError: string | null;
  setTransport(transport: Transport): void;
  /** Fetches the snapshot and replaces the dataset state. */
  load(): Promise<void>;
  /** Merges images changed by an edit, another client or another program. */
  applyImages(images: ImageItem[], removed: string[], source: 'external' | 'edit'): void;
  setHistory(history: HistoryInfo): void;
  /** The dataset's settings as saved (by this window, another, or the CLI). */
  setSettings(settings: DatasetSettings): void;
  /** Marks images reviewed or not: shown at once, saved in the dataset, heard by other windows. */
  setReviewed(ids: readonly string[], reviewed: boolean): Promise<void>;
  /** A review change reported by the backend (this window's or another's). */
  applyReview(ids: readonly string[], reviewed: boolean): void;
}

/** A fixed set of images to show (e.g. the images of a lint finding), applied together with the query. */
export interface IdFilter {
  /** What the set is, shown in the filter bar ("Lint: <label>"). */
  label: string;
  ids: string[];
}

export interface ViewSlice {
  /** The filter query (shared/query language). */
  query: string;
  /** `position` null: nothing in the text is wrong, the query waits for the pattern engine to load. */
  queryError: { message: string; position: number | null } | null;
  idFilter: IdFilter | null;
  /** Ids matching the query and the id filter, in `order`. */
  filtered: string[];
  /**
   * Tag -> number of captions containing it, over the whole dataset (sidebar, autocomplete, sort by
   * frequency); counted anew once a snapshot's captions are parsed (`docsSettled`).
   */
  tagCounts: Map<string, number>;
  setQuery(query: string): void;
  setIdFilter(filter: IdFilter | null): void;
}

export type SelectMode = 'replace' | 'toggle' | 'range';

export interface SelectionSlice {
  /** Selected ids (a Set is replaced, never mutated, so selectors see a new reference). */
  selected: ReadonlySet<string>;
  /** The image shown in the detail panel and the keyboard cursor of the grid. */
  focused: string | null;
  anchor: string | null;
  select(id: string, mode: SelectMode): void;
  selectAllFiltered(): void;
  clearSelection(): void;
  /** Moves the focus (keyboard navigation); `extend` grows the selection like shift. */
  moveFocus(id: string, extend: boolean): void;
  /**
   * The next (+1) or previous (-1) image in the shown order becomes the one selected image, whatever
   * was selected before. Returns the id moved to, or null at either end.
   */
  step(delta: 1 | -1): string | null;
}

/**
 * 'empty': the edit left no caption text where the file held some; nothing is written until the
 * user deletes the file or keeps editing (kohya stops on an empty caption file, the others train nothing).
 */
export type DraftStatus = 'dirty' | 'saving' | 'conflict' | 'error' | 'empty';

export interface Draft {
  /** The caption text the edit started from (what the file must still hold when saved). */
  base: string | null;
  text: string;
  status: DraftStatus;
  /** What the edit did ("add low angle"), for the journal entry's label. */
  label?: string;
  error?: string;
  /** In a conflict: what the other program wrote (null: it deleted the file). */
  theirs?: string | null;
}

export interface DraftSlice {
  /** Unsaved (or conflicting) caption edits by image id. */
  drafts: Record<string, Draft>;
  /**
   * Replaces the caption text of one image. Typing (the default) is saved after a short pause, so a
   * burst of keystrokes is one journal step; `now` saves at once as a step of its own (a chip added,
   * removed, renamed or moved), after saving any typing still pending on that image.
   */
  editCaption(id: string, text: string, opts?: { now?: boolean; label?: string }): void;
  /** Saves one image's pending edit now (the image being left). */
  flushDraft(id: string): Promise<void>;
  /** Saves pending drafts now, oldest edit first (Ctrl+S, before undo/redo, before a batch). */
  flushDrafts(): Promise<void>;
  resolveConflict(id: string, choice: 'theirs' | 'mine'): Promise<void>;
  /** An edit that emptied a caption ('empty' draft): delete the caption file, or take the edit back. */
  resolveEmpty(id: string, choice: 'delete' | 'restore'): Promise<void>;
  /**
   * Unsaved edits of a folder the page no longer shows, by its root: in web mode a page can find its
   * server restarted on another folder. They wait, out of sight of that folder's images, until a
   * snapshot shows their folder again (then they are saved), or the user copies or discards them.
   */
  stranded: Record<string, Record<string, Draft>>;
  /** The page moves from showing folder `from` to `to` (its next snapshot): the drafts go with their folder. */
  followFolder(from: string | null, to: string): void;
  /** Forgets the unsaved edits of a folder the page no longer shows (the user chose to). */
  discardStranded(root: string): void;
  /** Last save/undo/batch outcome, for the status bar. */
  saveState: 'saved' | 'saving' | 'unsaved' | 'error';
  lastMessage: string | null;
  setMessage(message: string | null): void;
}

export interface JobsSlice {
  /** The current or last auto-caption job, as the backend last reported it (see jobs.ts). */
  job: JobSnapshot | null;
  /** A job the user hid from the panel; another job shows again. */
  dismissedJobId: string | null;
  /** Derived from the shown job for the grid's badges: images in work, failures by id. */
  jobActive: ReadonlySet<string>;
  jobFailures: ReadonlyMap<string, JobFailure>;
  /** The settings this window started the job with (snapshots do not carry them): "Retry failed" reuses them. */
  jobSettings: { jobId: string; settings: AutoCaptionSettings } | null;
  /** The auto-caption dialog while open; `imageId` set: re-caption of that one image. */
  autoCaptionDialog: { imageId: string | null } | null;
  /** Takes a snapshot unless it is older than the one shown; `settings`: what the job was started with. */
  setJob(job: JobSnapshot | null, settings?: AutoCaptionSettings): void;
  dismissJob(): void;
  /** Fetches the current job (at load and after a reconnect: events sent meanwhile are lost). */
  loadJob(): Promise<void>;
  openAutoCaption(imageId?: string | null): void;
  closeAutoCaption(): void;
}

export type LintRun =
  | { kind: 'idle' }
  | { kind: 'running'; startedAt: number }
  | { kind: 'failed'; message: string };

export interface LintSlice {
  /** The lint panel is shown (it docks beside the detail panel). */
  lintOpen: boolean;
  /** Whether runs also look for the same picture twice (perceptual hashes: slow on a first run). */
  lintImages: boolean;
  /** The last report, for the dataset at `lintRoot`; `lintBasis` is the `images` record it was computed from. */
  lintReport: LintReport | null;
  lintRoot: string | null;
  lintBasis: Record<string, ImageItem> | null;
  lintRun: LintRun;
  /** Opens the panel; runs lint when there is no report for this dataset yet. */
  openLint(): void;
  closeLint(): void;
  setLintImages(images: boolean): void;
  runLint(): Promise<void>;
  /** Applies a fix as one batch (one journal entry, one undo), then re-runs lint. */
  applyLintFix(fix: LintFix): Promise<Result<string, AppError>>;
  /** Silences a rule for this dataset (or lets it speak again), saved in the dataset's lint settings. */
  silenceRule(rule: RuleId, silenced: boolean): Promise<Result<void, AppError>>;
}

/** Fields and widgets a focus request can move the keyboard to (each component focuses its own). */
export type FocusTarget = 'grid' | 'addTag' | 'prose' | 'raw' | 'chips' | 'filter';

export interface FocusRequest {
  target: FocusTarget;
  /** Bumped per request, so asking for the same target twice still moves focus. */
  seq: number;
  /** When it was asked for (performance.now()): a stale request moves nothing. */
  at: number;
}

/** Dialogs and panels opened from the header or by keys (the lint panel keeps its own flag: opening it runs lint). */
export type PanelName = 'batch' | 'export' | 'help' | 'quickTags' | 'trainerCheck';

export interface UiSlice {
  focusRequest: FocusRequest | null;
  requestFocus(target: FocusTarget): void;
  panels: Readonly<Record<PanelName, boolean>>;
  setPanel(name: PanelName, open: boolean): void;
  /** The per-user editor preferences (layout, view, preview), as last loaded or set. */
  prefs: EditorPrefs;
  /** False until the saved preferences arrived (or failed to): the layout waits for them. */
  prefsLoaded: boolean;
  loadPrefs(): Promise<void>;
  /** Applies a preference change at once and saves it to the per-user config file. */
  setPrefs(patch: EditorPrefsPatch): void;
  /** The chip to flash (adding a tag the image already has): the tag and a sequence number. */
  chipFlash: { tag: string; seq: number } | null;
  flashChip(tag: string): void;
  /**
   * A request to open the batch panel with these steps in place of its own (the sidebar's rename and
   * delete), previewed at once over the one scope; `seq` tells a new request from the last one.
   */
  batchRequest: { steps: BatchStep[]; seq: number } | null;
  openBatch(steps: BatchStep[]): void;
  /**
   * A selection edit (chips, quick tags) waiting for the user to say whether it may reach selected
   * images the filter hides; the multi-selection editor asks.
   */
  selectionAsk: { ops: TagOp[]; label: string } | null;
  askSelectionEdit(edit: { ops: TagOp[]; label: string } | null): void;
  /** The tags the tag review grid checks (one tag, or a group with a key per tag); null: closed. */
  tagReview: { tags: string[] } | null;
  openTagReview(tags: string[] | null): void;
}

/** One operation of a batch, with the words the history and the panel show for it. */
export interface BatchStep {
  op: TagOp;
  label: string;
}

export type Store = DatasetSlice & ViewSlice & SelectionSlice & DraftSlice & JobsSlice & LintSlice & UiSlice;

/** Each slice file exports `createXSlice: SliceCreator<XSlice>`; slices may read/write the whole store. */
export type SliceCreator<T> = StateCreator<Store, [], [], T>;
