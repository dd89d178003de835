import { FileReader } from '../fs/file-reader.ts';
import { watchTree, type TreeWatcher } from '../watch/watch-tree.ts';
import type { CaptionIndex } from './caption-index.ts';
import type { ExternalChange, ReadOutcome } from './external-changes.ts';
import { ExternalChangeRecognizer, holdsKnownCaption, readCaptionInto } from './external-changes.ts';

/**
 * A dataset's watch on its folder: the watcher's events become changes of the in-memory index, and
 * those that came from elsewhere are reported. A running transition's own writes are never taken
 * for someone else's (see during()).
 */
export class DatasetWatching {
  private readonly reader = new FileReader(4096);
  private readonly listeners = new Set<(e: ExternalChange) => void>();
  private tree: TreeWatcher | null = null;
  /**
   * Caption paths the running transition writes. The watcher's events for them wait until it ends:
   * the write workers report a chunk only after writing it, and an event read before that report
   * would take our own write for someone else's.
   */
  private writing: ReadonlySet<string> | null = null;
  private held: Array<() => void> = [];
  /** The listing a big batch left running after its reply (during()); never rejects. */
  private resuming: Promise<void> = Promise.resolve();
  private onError: ((e: unknown) => void) | undefined;

  constructor(
    private readonly root: string,
    private readonly index: () => CaptionIndex,
    /** The journal's state file (relative): another process's edit, undo or redo always ends by replacing it. */
    private readonly journalRel: () => string,
    private readonly onJournalChanged: () => Promise<unknown>,
  ) {}

  /** Resolves when watching has started; the returned function stops it. */
  async start(onEvent: (e: ExternalChange) => void, onError?: (e: unknown) => void): Promise<() => Promise<void>> {
    this.listeners.add(onEvent);
    this.onError = onError;
    const journalRel = this.journalRel();
    const recognizer = new ExternalChangeRecognizer(this.root, this.index, this.reader, (e) => this.emit(e));
    const tree = await watchTree(
      this.root,
      (e) => {
        if (e.relPath === journalRel) void this.onJournalChanged().catch((error: unknown) => onError?.(error));
        else if (this.writing?.has(e.relPath)) this.held.push(() => recognizer.onTreeEvent(e));
        else recognizer.onTreeEvent(e);
      },
      onError,
      [journalRel],
    );
    this.tree = tree;
    return async () => {
      this.listeners.delete(onEvent);
      if (this.tree === tree) this.tree = null;
      await tree.stop();
      // A stopped tree ends its listing at the next entry: nothing of it outlives the watch.
      await this.resuming;
    };
  }

  /** Whether the folder is being watched: the dataset then serves an editor (see Dataset.transition). */
  get active(): boolean {
    return this.tree !== null;
  }

  /** Re-reads one caption into the index now, whatever the watcher has or has not seen yet. */
  reload(captionRelPath: string): ReadOutcome {
    return readCaptionInto(this.root, this.index(), captionRelPath, this.reader);
  }

  /**
   * Runs a transition that writes `paths`. Their events are held until it ends, when every write is
   * recorded in the index and each held event finds its file known (a stat, no read). A big batch
   * quiets the folders it writes instead (TreeWatcher.quietFor): they are listed once at the end,
   * where a file with the size and mtime our write recorded is that write's echo.
   *
   * That listing (a stat per entry: ~0.2 s at 10,000 pairs, seconds at 100,000) runs after `work`
   * has returned, not before: the batch's own result is final, and what another program changed in
   * the quiet folders meanwhile is reported when found, as any change from elsewhere is. The next
   * operation on the dataset waits for it (settled(), Dataset.serialized), since it may quiet the
   * same folders.
   */
  async during<T>(paths: readonly string[], work: () => Promise<T>): Promise<T> {
    this.writing = new Set(paths);
    let listenAgain: (() => Promise<void>) | undefined;
    try {
      listenAgain = await this.tree?.quietFor(paths, (rel, st) => holdsKnownCaption(this.index(), rel, st));
      return await work();
    } finally {
      const held = this.held;
      this.writing = null;
      this.held = [];
      for (const deliver of held) deliver();
      if (listenAgain) this.resuming = listenAgain().catch((e: unknown) => this.onError?.(e));
    }
  }

  /** Resolves once the listing the last big batch left running (during()) is done. */
  settled(): Promise<void> {
    return this.resuming;
  }

  private emit(e: ExternalChange): void {
    for (const l of this.listeners) l(e);
  }
}
