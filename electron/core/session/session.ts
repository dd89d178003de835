import fs from 'node:fs';
import path from 'node:path';
import type { EventListener } from '../../../shared/contract/api.ts';
import type { EventName, EventPayload } from '../../../shared/contract/channels.ts';
import type { ImageItem } from '../../../shared/contract/models.ts';
import { Dataset, type ExternalChange, type ImageRecord } from '../dataset/dataset.ts';
import { GRID_IN_VIEW_DEFAULT, GRID_IN_VIEW_MAX } from '../../../shared/prefs/prefs.ts';
import { errnoMessage } from '../fs/errno.ts';
import { toAbsolute } from '../fs/inside-root.ts';
import { JobManager } from '../autocaption/manager.ts';
import { createJobServices, type JobServices, type RealServicesOptions } from '../autocaption/services.ts';
import { ThumbnailService, type ThumbnailOptions } from '../thumbnails/service.ts';
import { BatchPlanner, type PlannerOptions } from '../editing/planner.ts';
import { ChangeCoalescer, type CoalescerTiming, type PendingChanges } from './change-coalescer.ts';
import { EventHub } from './event-hub.ts';
import { historyInfo } from './history-info.ts';
import { toImageItem } from './image-items.ts';
import { announceMutation } from './mutation.ts';

export interface SessionOptions {
  root: string;
  thumbnails?: ThumbnailOptions;
  /** Report changes other programs make to the folder. Default true. */
  watch?: boolean;
  /** How outside changes are batched into events (tests shorten it). */
  coalesce?: CoalescerTiming;
  /** Auto-caption services: options for the real ones (hub cache, endpoints), or a ready set. */
  jobs?: RealServicesOptions | (() => JobServices & { close(): Promise<void> });
  /** When batch plans leave the main thread and how long they may run (tests shorten it). */
  planner?: PlannerOptions;
  /**
   * An editor shows this session (the desktop app, `tagsmith serve`; not the CLI): the grid's first
   * screenful of thumbnails of this dataset, and of every dataset opened later, is made while the
   * page is still loading, one at a time: on two cores, two at once took more from the page's start
   * than they saved (first screenful 844 vs 777 ms, medians of 7 at 1280x720). The thumbnail workers
   * start before the folder is read and the first screenful as soon as it is listed, ahead of its
   * captions and the watcher (at 10,000 images the first thumbnail used to come ~0.4 s after the
   * page's request). `screenful`: how many thumbnails the editor's grid shows at once (the user's
   * preferences, gridInView).
   */
  editing?: { screenful(): Promise<number> };
}

/**
 * The backend state one app instance serves: the open dataset, its watcher, the thumbnail service,
 * and the events every connected client receives. Electron and the web server each hold one and hand
 * it to createHandlers.
 */
export class Session {
  private current: Dataset;
  private stopWatching: (() => Promise<void>) | null = null;
  private stopFollowingJournal: (() => void) | null = null;
  private readonly hub = new EventHub();
  private readonly coalescer: ChangeCoalescer;
  /** Watcher problems already announced for the current dataset (a failing watcher repeats itself). */
  private noticed = new Set<string>();
  private closed = false;
  private services: (JobServices & { close(): Promise<void> }) | null = null;
  private manager: JobManager | null = null;
  /** The current dataset's first screenful of thumbnails being made (SessionOptions.editing). */
  private prefetched: Promise<void> = Promise.resolve();
  /** Folders opened after the first: a first screenful is made only for the latest. */
  private opens = 0;

  private constructor(
    dataset: Dataset,
    private readonly thumbs: ThumbnailService,
    private readonly watchEnabled: boolean,
    timing: CoalescerTiming | undefined,
    private readonly jobOptions: SessionOptions['jobs'],
    private readonly batchPlanner: BatchPlanner,
    private readonly editing: SessionOptions['editing'],
  ) {
    this.current = dataset;
    this.coalescer = new ChangeCoalescer((p) => this.flushExternal(p), timing);
    this.followJournal();
  }

  static async open(opts: SessionOptions): Promise<Session> {
    const thumbs = new ThumbnailService(opts.thumbnails);
    const editing = opts.editing;
    // An editor will ask for thumbnails at once: the workers start while the folder is read.
    if (editing) thumbs.warm();
    let session: Session | null = null;
    let ahead: Promise<void> = Promise.resolve();
    let dataset: Dataset;
    try {
      dataset = await openReal(
        opts.root,
        editing &&
          ((root, images) => {
            ahead = makeFirstScreenAhead(thumbs, editing, root, images, () => !session || (!session.closed && session.opens === 0));
          }),
      );
    } catch (e) {
      await thumbs.close();
      throw e;
    }
    session = new Session(dataset, thumbs, opts.watch ?? true, opts.coalesce, opts.jobs, new BatchPlanner(opts.planner), editing);
    session.prefetched = ahead;
    await session.startWatching();
    return session;
  }

  /** Real path of the dataset root (symlinks resolved), the base every image id is relative to. */
  get root(): string {
    return this.current.root;
  }

  dataset(): Dataset {
    return this.current;
  }

  thumbnails(): ThumbnailService {
    return this.thumbs;
  }

  /**
   * Resolves when the current dataset's first screenful of thumbnails is made (or replaced by another
   * dataset's); nothing waits for it but tests.
   */
  firstScreenful(): Promise<void> {
    return this.prefetched;
  }

  /** Runs batch previews and applies; a big one on its worker, so this process keeps answering. */
  planner(): BatchPlanner {
    return this.batchPlanner;
  }

  /**
   * The auto-caption job of the open dataset. Its results are written through announceMutation, so
   * every client sees the captions change and the journal entry appear, like any other edit.
   */
  jobs(): JobManager {
    if (!this.manager) {
      const dataset = this.current;
      this.services ??= typeof this.jobOptions === 'function' ? this.jobOptions() : createJobServices(this.jobOptions);
      const host = {
        dataset,
        apply: async (label: string, changes: Parameters<Dataset['applyChanges']>[1]) => {
          const done = await announceMutation(this, (ds) => ds.applyChanges(label, changes));
          return done.ok ? { ok: true as const, value: done.value.outcome } : done;
        },
      };
      this.manager = new JobManager(host, this.services, (snapshot) => {
        if (dataset === this.current) this.emit('job.changed', snapshot);
      });
    }
    return this.manager;
  }

  on(listener: EventListener): () => void {
    return this.hub.on(listener);
  }

  /** How many events this session has emitted (counted even while none is listening). */
  eventsSent(): number {
    return this.hub.sent;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (!this.closed) this.hub.emit(event, payload);
  }

  /** Announces a change found outside the watcher (e.g. a reload), batched like the watcher's own. */
  noteExternal(change: ExternalChange): void {
    if (!this.closed) this.coalescer.add(change);
  }

  /** Switches to another folder. On failure the current dataset stays open and the error is thrown. */
  async reopen(root: string): Promise<void> {
    const opening = ++this.opens;
    const editing = this.editing;
    let ahead: Promise<void> = Promise.resolve();
    let next: Dataset;
    try {
      next = await openReal(
        root,
        editing &&
          ((real, images) => {
            ahead = makeFirstScreenAhead(this.thumbs, editing, real, images, () => !this.closed && opening === this.opens);
          }),
      );
    } catch (e) {
      // A folder that failed after its listing gets no thumbnails made.
      this.opens += 1;
      throw e;
    }
    // A job keeps running against the folder it started on only until that folder is closed.
    await this.manager?.close();
    this.manager = null;
    await this.unwatch();
    this.coalescer.cancel();
    this.current = next;
    this.followJournal();
    this.noticed = new Set();
    this.prefetched = ahead;
    await this.startWatching();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopFollowingJournal?.();
    this.coalescer.cancel();
    await this.manager?.close();
    await this.unwatch();
    await this.thumbs.close();
    await this.batchPlanner.close();
    await this.services?.close();
  }

  private async startWatching(): Promise<void> {
    if (!this.watchEnabled || this.closed) return;
    const dataset = this.current;
    // Events of a dataset that was replaced meanwhile are dropped: they name files of another folder.
    const live = () => dataset === this.current && !this.closed;
    try {
      this.stopWatching = await dataset.watch(
        (change) => {
          if (live()) this.coalescer.add(change);
        },
        (error) => {
          if (live()) this.watchProblem(error);
        },
      );
    } catch (error) {
      this.watchProblem(error);
    }
  }

  /**
   * Every client hears when the journal changed under the open dataset (the CLI edited the folder, or
   * another Tagsmith undid a step), so no history on screen lists steps that are gone or misses new
   * ones. The captions such a step wrote arrive separately, through the watcher as 'external' changes.
   */
  private followJournal(): void {
    this.stopFollowingJournal?.();
    const dataset = this.current;
    this.stopFollowingJournal = dataset.onJournalChange(() => {
      if (dataset === this.current && !this.closed) this.emit('history.changed', historyInfo(dataset));
    });
  }

  private async unwatch(): Promise<void> {
    const stop = this.stopWatching;
    this.stopWatching = null;
    if (stop) await stop().catch((error: unknown) => this.watchProblem(error));
  }

  private watchProblem(error: unknown): void {
    const message = `watching ${path.basename(this.root)} for outside changes failed (${errnoMessage(error).split('\n')[0]}); changes made by other programs may not show until the folder is reopened`;
    if (this.noticed.has(message)) return;
    this.noticed.add(message);
    this.emit('notice', { level: 'warning', message });
  }

  private flushExternal(p: PendingChanges): void {
    const images: ImageItem[] = [];
    const present = new Set<string>();
    for (const record of this.current.images()) {
      present.add(record.relPath);
      if (p.images.has(record.relPath) || p.captions.has(record.captionRelPath)) images.push(toImageItem(record));
    }
    const removed = [...p.removed, ...p.images].filter((id) => !present.has(id));
    if (images.length > 0 || removed.length > 0) this.emit('images.changed', { images, removed, source: 'external' });
  }
}

/**
 * Thumbnails made ahead at open when the grid's size is unknown or nonsense (the preference's default):
 * 1280x720 shows 9 at the default zoom, 1920x1080 25. Every one made ahead that the screen does not
 * show slowed a small screen's first screenful (60 instead of 16: 1244 vs 1056 ms at 1280x720).
 */
export const FIRST_SCREEN_IMAGES = GRID_IN_VIEW_DEFAULT;

/**
 * Makes the first screenful of `images` (grid order, as the folder's listing gives them, before any
 * caption is read) ahead, once the editor's count is known and while `live()` says the folder is
 * still the one to show.
 */
function makeFirstScreenAhead(thumbs: ThumbnailService, editing: NonNullable<SessionOptions['editing']>, root: string, images: readonly ImageRecord[], live: () => boolean): Promise<void> {
  // Only names, taken now: the records fill in as the captions are read.
  const first = images.slice(0, GRID_IN_VIEW_MAX).map((r) => r.relPath);
  return editing
    .screenful()
    .catch(() => FIRST_SCREEN_IMAGES)
    .then((count) => firstScreen(root, first, count))
    .then((paths) => (live() ? thumbs.prefetch(paths) : undefined));
}

/**
 * The real paths of the first `count` of `relPaths`. Only images that are plain files inside the root:
 * a symlink is left for the grid's request, which applies the media route's containment rule.
 */
async function firstScreen(root: string, relPaths: readonly string[], count: number): Promise<string[]> {
  const n = Number.isInteger(count) && count > 0 ? Math.min(count, GRID_IN_VIEW_MAX) : FIRST_SCREEN_IMAGES;
  const candidates = relPaths.slice(0, n).map((rel) => toAbsolute(root, rel));
  const real = await Promise.all(candidates.map((abs) => fs.promises.realpath(abs).catch(() => null)));
  return candidates.filter((abs, i) => real[i] === abs);
}

/** `onListed`: the folder's real path and its images, once listed (OpenOptions.onListed). */
async function openReal(root: string, onListed?: false | ((root: string, images: readonly ImageRecord[]) => void)): Promise<Dataset> {
  const abs = path.resolve(root);
  // A missing folder falls through to Dataset.open, which reports it with its own kind.
  const real = await fs.promises.realpath(abs).catch(() => abs);
  return Dataset.open(real, onListed ? { onListed: (images) => onListed(real, images) } : {});
}
