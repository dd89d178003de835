import path from 'node:path';
import type { Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import { errnoLine, errnoMessage } from '../fs/errno.ts';
import type { FileStamp } from '../fs/file-reader.ts';
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
import { loadSettings, mergeSettings, settingsDelta, tagsmithDir } from '../settings/settings.ts';
import type { CheckedChanges } from './change-checks.ts';
import { insideParents } from './change-checks.ts';
import type { Conflict, MutationError } from './errors.ts';
import { movedSince, sameJournal, toSummary, type ExpectedHistory, type JournalSummary } from './history.ts';

export interface ApplyResult {
  entry: JournalSummary | null;
  written: number;
  conflicts: Conflict[];
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

/** What the journal side needs of the dataset it writes (dataset.ts). */
export interface JournalHost {
  readonly root: string;
  /** What a transition calls: each file written (the caption index follows it), a settings patch. */
  hooks(onProgress?: (p: Progress) => void): TransitionHooks;
  /** The stamp of the read that found `source` in this caption, when the index holds it (lets a write skip its check-read). */
  knownStamp(captionRelPath: string, source: string | null): FileStamp | undefined;
  /** Runs fn with the watcher quieted for these paths (DatasetWatching.during). */
  during<T>(paths: readonly string[], fn: () => Promise<T>): Promise<T>;
  /** Resolves once the folder listing a big batch left running after its reply is done. */
  settled(): Promise<void>;
  writeOptions(): WriteOptions;
  /** After each mutation, its lock released, still in the queue: a rescan the mutation asked for. */
  afterMutation(): Promise<void>;
}

/**
 * The write side of a dataset: every mutation goes through the journal protocol
 * (journal/transaction.ts) under the dataset lock, one at a time per instance, and the history is
 * the journal as this instance last saw it.
 */
export class DatasetJournal {
  private readonly store: JournalStore;
  private readonly limits: JournalLimits;
  private readonly lockWaitMs: number;
  private state: JournalState = { version: 1, head: 0, top: 0, entries: [] };
  private recoveryReport: RecoveryReport | null = null;
  /** An interrupted edit the last mutation finished before its own work, not yet told to anyone. */
  private finishedBeforeMutation: RecoveryReport | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private listeners = new Set<() => void>();

  constructor(
    private readonly host: JournalHost,
    opts: { journal?: Partial<JournalLimits>; lockWaitMs?: number },
  ) {
    this.store = new JournalStore(path.join(tagsmithDir(host.root), 'journal'));
    this.limits = { ...DEFAULT_LIMITS, ...opts.journal };
    this.lockWaitMs = opts.lockWaitMs ?? 0;
  }

  /** The journal's state file, relative to the root with '/' (the watcher listens for it). */
  stateRelPath(): string {
    return path.relative(this.host.root, this.store.statePath).split(path.sep).join('/');
  }

  recovery(): RecoveryReport | null {
    return this.recoveryReport;
  }

  /** The interrupted edit finished by the last mutation before its own work, once (then null). */
  takeFinishedInterruption(): RecoveryReport | null {
    const r = this.finishedBeforeMutation;
    this.finishedBeforeMutation = null;
    return r;
  }

  history(): { entries: JournalSummary[]; head: number } {
    const { head } = this.state;
    return { entries: this.state.entries.map((e) => toSummary(e, head)), head };
  }

  /** See Dataset.onJournalChange. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * At open, before the folder is read: finishes a batch another process left half done (waiting a
   * little for its lock: it may be in the middle of it). Says why it could not, else null.
   */
  async recoverAtOpen(onProgress?: (p: Progress) => void): Promise<string | null> {
    if (!(await this.store.exists())) return null;
    const marker = await this.store.readPending();
    if (marker.ok && marker.value === null) return null;
    const lock = await acquireLock(tagsmithDir(this.host.root), { waitMs: Math.max(this.lockWaitMs, 5000) });
    if (!lock.ok) return `an interrupted edit could not be finished yet: ${lock.error.message}`;
    try {
      const res = await recoverPending({ root: this.host.root, store: this.store, limits: this.limits, hooks: this.host.hooks(onProgress) });
      if (!res.ok) return res.error.message;
      this.recoveryReport = res.value;
      return null;
    } finally {
      await lock.value.release();
    }
  }

  /** Reads the state file (at each load of the folder); a problem is returned as a warning line. */
  async load(): Promise<string | null> {
    const state = await this.store.readState();
    if (!state.ok) return state.error.message;
    this.adopt(state.value);
    return null;
  }

  /** See Dataset.refreshJournal. */
  async refresh(): Promise<boolean> {
    return this.serialized(async () => {
      const state = await this.store.readState();
      // A damaged state file is reported by the next mutation; the history shown stays as it was.
      return state.ok && this.adopt(state.value);
    });
  }

  /**
   * Runs fn after every earlier queued operation of this instance, whatever their outcome, and after
   * the folder listing a big batch leaves running once it has replied (DatasetWatching.during).
   */
  serialized<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(() => this.host.settled()).then(fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * Lock, finish any batch another process left half done, reload the journal state (another process
   * may have added entries), run fn, unlock. I/O failures become `io` errors; if one happens after
   * the pending marker was written, the marker stays and the next mutation or open finishes the batch.
   */
  mutate<T>(fn: (state: JournalState) => Promise<Result<T, MutationError>>): Promise<Result<T, MutationError>> {
    return this.serialized(async () => {
      const lock = await acquireLock(tagsmithDir(this.host.root), { waitMs: this.lockWaitMs });
      if (!lock.ok) return lock;
      try {
        const rec = await recoverPending({ root: this.host.root, store: this.store, limits: this.limits, hooks: this.host.hooks() });
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
        this.adopt(state.value);
        return await fn(state.value);
      } catch (e) {
        return err({ kind: 'io', message: errnoMessage(e) });
      } finally {
        await lock.value.release();
        await this.host.afterMutation();
      }
    });
  }

  /** One journal entry for changes already checked against the dataset's path rules (change-checks.ts). */
  apply(
    label: string,
    checked: CheckedChanges,
    meta: { ops?: unknown; settings?: Partial<DatasetSettings>; onProgress?: (p: Progress) => void },
  ): Promise<Result<ApplyResult, MutationError>> {
    const { wanted, conflicts, requires } = checked;
    return this.mutate(async (state0) => {
      const candidates = await insideParents(this.host.root, wanted, conflicts);
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
        const known = this.host.knownStamp(f.path, f.source);
        toWrite.push({ path: f.path, source: f.source, text: f.target, ...(after === undefined ? {} : { requires: after }), ...(known ? { known } : {}) });
      });

      let delta: JournalEntry['settings'] | null = null;
      if (meta.settings) {
        const loaded = await loadSettings(this.host.root);
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
      const workers = startWriteWorkers(toWrite, this.host.writeOptions());
      try {
        // The entry (before and after of every file) is durable before the first caption is touched.
        state = withSummary(state, await this.store.writeEntry(entry));
        const res = await this.transition(state, entry, 'apply', toWrite, meta.onProgress, workers);
        if (res.entry.files.length === 0 && !res.entry.settings) {
          // Every write failed: nothing changed, so nothing is recorded.
          state = { ...res.state, head: seq - 1, top: seq - 1, entries: res.state.entries.filter((e) => e.seq !== seq) };
          await this.store.writeState(state);
          await this.store.deleteEntry(seq);
          this.state = state;
          return ok({ entry: null, written: 0, conflicts: [...conflicts, ...res.conflicts] });
        }
        return ok({ entry: this.summaryOf(seq), written: res.written, conflicts: [...conflicts, ...res.conflicts] });
      } finally {
        await workers?.close();
      }
    });
  }

  /** Reverts the last applied entry. Refused as a whole (nothing written) if any of its files changed since. */
  undo(opts: HistoryStepOptions = {}): Promise<Result<ApplyResult, MutationError>> {
    return this.mutate(async (state) => {
      const moved = movedSince(state, opts.expected, state.head, 'undo');
      if (moved) return err(moved);
      if (state.head === 0 || !state.entries.some((e) => e.seq === state.head)) {
        return err({ kind: 'nothing-to-undo', message: 'nothing to undo' });
      }
      return this.replay(state, state.head, 'revert', opts);
    });
  }

  redo(opts: HistoryStepOptions = {}): Promise<Result<ApplyResult, MutationError>> {
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

  private async replay(state: JournalState, seq: number, direction: 'apply' | 'revert', opts: MutationOptions): Promise<Result<ApplyResult, MutationError>> {
    const entry = await this.store.readEntry(seq);
    if (!entry) return err({ kind: 'journal-corrupt', message: `journal entry #${seq} is missing` });
    const apply = direction === 'apply';
    const files = entry.files.map((f) => ({ path: f.path, source: apply ? f.before : f.after, target: apply ? f.after : f.before }));
    const blocked: Conflict[] = [];
    const candidates = await insideParents(this.host.root, files, blocked);
    // The write workers start while every file is read and compared (~0.1 s a big step would wait).
    const workers = startWriteWorkers(candidates, this.host.writeOptions());
    try {
      const classified = await classifyFiles(this.host.root, candidates, opts.onProgress);
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
        const loaded = await loadSettings(this.host.root);
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
    const hooks = this.host.hooks(onProgress);
    let written = 0;
    let res: Awaited<ReturnType<typeof runTransition>>;
    try {
      // Workers report a chunk after writing it; the watcher holds those files' events meanwhile.
      res = await this.host.during(toWrite.map((w) => w.path), () => runTransition({
        root: this.host.root,
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
        writeOptions: { ...this.host.writeOptions(), workers },
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
    this.state = res.state;
    return res;
  }

  private summaryOf(seq: number): JournalSummary | null {
    const s = this.state.entries.find((e) => e.seq === seq);
    return s ? toSummary(s, this.state.head) : null;
  }

  /**
   * Takes a journal state read from disk; tells the listeners when it differs from the one held,
   * which (reads being queued behind this instance's mutations) means another process wrote it.
   */
  private adopt(state: JournalState): boolean {
    const changed = !sameJournal(this.state, state);
    this.state = state;
    if (changed) for (const l of this.listeners) l();
    return changed;
  }
}
