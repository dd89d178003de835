import type { CaptionDoc } from '../../../shared/caption/index.ts';
import type { DatasetSnapshot, ImageItem } from '../../../shared/contract/index.ts';
import { tagFrequencies, tagKey } from '../../../shared/tags/index.ts';
import { compareIds, insertSorted, updateTagCounts } from './derive.ts';
import { lazyDocs, parseItem as parse } from './lazy-docs.ts';
import type { DatasetSlice, SliceCreator, Store } from './types.ts';
import { request } from './request.ts';
import { refilter } from './view.ts';
import { yieldToBrowser } from './yield.ts';

const EMPTY_HISTORY = { entries: [], head: 0, canUndo: false, canRedo: false };
/** How long one slice of the background parse may hold the page's thread. */
const SLICE_MS = 8;

const sameItem = (a: ImageItem, b: ImageItem): boolean =>
  a.caption === b.caption && a.captionPath === b.captionPath && a.captionError === b.captionError;

/** Drops selection state that points at images that no longer exist. */
function pruneSelection(state: Store, exists: (id: string) => boolean): Partial<Store> {
  const selected = [...state.selected].filter(exists);
  return {
    selected: selected.length === state.selected.size ? state.selected : new Set(selected),
    focused: state.focused !== null && exists(state.focused) ? state.focused : null,
    anchor: state.anchor !== null && exists(state.anchor) ? state.anchor : null,
  };
}

/**
 * The state of a snapshot, its captions not parsed yet (lazy-docs.ts) and its tag counts not counted:
 * settledState adds those once every caption is parsed.
 */
export function snapshotState(state: Store, snapshot: DatasetSnapshot): Partial<Store> {
  const images: Record<string, ImageItem> = {};
  for (const item of snapshot.images) images[item.id] = item;
  const docs = lazyDocs(snapshot.images);
  const order = Object.keys(images).sort(compareIds);
  const exists = (id: string) => Object.hasOwn(images, id);
  const reviewed = new Set(snapshot.reviewed);
  return {
    info: snapshot.info,
    history: snapshot.history,
    images,
    docs,
    order,
    reviewed,
    loadError: null,
    docsSettled: false,
    filtered: refilter(state, order, { docs, reviewed }, exists),
    ...pruneSelection(state, exists),
  };
}

/** Every caption parsed, so the tag counts can be taken from scratch (whatever changed meanwhile). */
export function settledState(state: Store): Partial<Store> {
  const docList: CaptionDoc[] = [];
  for (const id of state.order) {
    const doc = state.docs[id];
    if (doc) docList.push(doc);
  }
  return { tagCounts: tagFrequencies(docList), docsSettled: true };
}

export function changedState(state: Store, changed: readonly ImageItem[], removed: readonly string[]): Partial<Store> {
  const images = { ...state.images };
  const docs = { ...state.docs };
  const counted: { before: CaptionDoc | null | undefined; after: CaptionDoc | null | undefined }[] = [];
  const added: string[] = [];
  for (const id of removed) {
    if (!Object.hasOwn(images, id)) continue;
    counted.push({ before: docs[id], after: null });
    delete images[id];
    delete docs[id];
  }
  for (const item of changed) {
    const had = Object.hasOwn(images, item.id);
    const old = images[item.id];
    if (!had) added.push(item.id);
    images[item.id] = item;
    // An unchanged caption keeps its parsed doc, so its cached query item stays valid too.
    const doc = had && old?.caption === item.caption ? (docs[item.id] ?? null) : parse(item);
    if (doc !== docs[item.id]) counted.push({ before: docs[item.id], after: doc });
    docs[item.id] = doc;
  }
  const removedSet = new Set(removed.filter((id) => !Object.hasOwn(images, id)));
  let order = removedSet.size ? state.order.filter((id) => !removedSet.has(id)) : state.order;
  if (added.length) order = insertSorted(order, added);
  const exists = (id: string) => Object.hasOwn(images, id);
  return {
    images,
    docs,
    order,
    tagCounts: counted.length ? updateTagCounts(state.tagCounts, counted) : state.tagCounts,
    filtered: refilter(state, order, { docs, reviewed: state.reviewed }, exists),
    ...pruneSelection(state, exists),
  };
}

/** Images marked reviewed that exist ("Reviewed n of N"). */
export function reviewedCount(s: Pick<Store, 'reviewed' | 'images'>): number {
  let n = 0;
  for (const id of s.reviewed) if (Object.hasOwn(s.images, id)) n++;
  return n;
}

/** The review marks after a change, and the filter result if a query may read them (`is:reviewed`). */
export function reviewState(state: Store, ids: readonly string[], mark: boolean): Partial<Store> {
  const changed = ids.filter((id) => state.reviewed.has(id) !== mark);
  if (changed.length === 0) return {};
  const reviewed = new Set(state.reviewed);
  for (const id of changed) {
    if (mark) reviewed.add(id);
    else reviewed.delete(id);
  }
  const exists = (id: string) => Object.hasOwn(state.images, id);
  return { reviewed, filtered: refilter(state, state.order, { docs: state.docs, reviewed }, exists) };
}

export const createDatasetSlice: SliceCreator<DatasetSlice> = (set, get) => {
  /*
   * Changes applied while a snapshot is on its way (an event, a request's reply) are applied again on
   * top of it when it lands: the snapshot may have been taken before them, its response overtaken by
   * their event or reply, and it would otherwise put the older state back on screen. Each change
   * carries whole values (a caption's text, the history, the settings, a review mark), so applying
   * one a second time is harmless.
   */
  const inFlight = new Set<Array<() => void>>();
  const replayable = (apply: () => void): void => {
    for (const replay of inFlight) replay.push(apply);
    apply();
  };

  /*
   * After a snapshot lands, its captions are parsed in slices that leave the page's thread free in
   * between (the first screen's thumbnails decode and paint meanwhile), each tag's key worked out too
   * (the sidebar asks for all of them next), and then the tag counts are taken. The tag counts feed
   * "sort by frequency", so any key or pointer press finishes the work at once, before the page acts
   * on it. A newer snapshot replaces the run.
   */
  let settling = 0;
  const settle = async (): Promise<void> => {
    const run = ++settling;
    let next = 0;
    const parseSome = (until: number): boolean => {
      const { order, docs } = get();
      while (next < order.length && performance.now() < until) {
        const doc = docs[order[next++]!];
        if (doc) for (const tag of doc.tags) tagKey(tag);
      }
      return next >= order.length;
    };
    const finish = () => {
      stopListening();
      if (run !== settling || get().docsSettled) return;
      parseSome(Infinity);
      set((state) => settledState(state));
    };
    const stopListening = onFirstInput(finish);
    // The grid's render goes first.
    await yieldToBrowser();
    while (run === settling && !get().docsSettled && !parseSome(performance.now() + SLICE_MS)) await yieldToBrowser();
    finish();
  };

  return {
    transport: null,
    info: null,
    images: {},
    docs: {},
    order: [],
    history: EMPTY_HISTORY,
    reviewed: new Set(),
    loadError: null,
    docsSettled: true,
    setTransport: (transport) => set({ transport }),
    async load() {
      const transport = get().transport;
      if (!transport) {
        set({ loadError: 'No connection to the backend.' });
        return;
      }
      const replay: Array<() => void> = [];
      inFlight.add(replay);
      const result = await transport.api['dataset.snapshot']({}).finally(() => inFlight.delete(replay));
      if (!result.ok) {
        set({ loadError: result.error.message });
        return;
      }
      const snapshot = result.value;
      // Unsaved edits stay with the folder they were made in (web mode: the server may now serve another).
      get().followFolder(get().info?.root ?? null, snapshot.info.root);
      set((state) => snapshotState(state, snapshot));
      for (const apply of replay) apply();
      await settle();
    },
    applyImages(images, removed, _source) {
      replayable(() => {
        // A batch's images arrive twice: in the reply to this client's own request and in the
        // images.changed event every client hears (which comes first depends on the transport). Whichever
        // comes second finds them held already and costs one comparison per image, instead of a copy of
        // every image and a refilter; the reply stays, so the requester never waits for the event.
        const held = get().images;
        const fresh = images.filter((item) => !(Object.hasOwn(held, item.id) && sameItem(held[item.id]!, item)));
        const gone = removed.filter((id) => Object.hasOwn(held, id));
        if (fresh.length === 0 && gone.length === 0) return;
        set((state) => changedState(state, fresh, gone));
      });
    },
    setHistory: (history) => replayable(() => set({ history })),
    setSettings: (settings) =>
      replayable(() => {
        const info = get().info;
        if (info) set({ info: { ...info, settings } });
      }),
    async setReviewed(ids, reviewed) {
      const before = get().reviewed;
      get().applyReview(ids, reviewed);
      const res = await request(get().transport, 'review.set', { ids: [...ids], reviewed });
      if (!res.ok) {
        // Put back what the failed request changed, and say why.
        const undoIds = ids.filter((id) => before.has(id) !== reviewed);
        get().applyReview(undoIds, !reviewed);
        get().setMessage(`Review mark not saved: ${res.error.message}`);
      }
    },
    applyReview: (ids, reviewed) => replayable(() => set((state) => reviewState(state, ids, reviewed))),
  };
};

/** Runs `then` once, at the first key or pointer press anywhere in the page, before the page handles it. */
function onFirstInput(then: () => void): () => void {
  const target = globalThis.window as Window | undefined;
  if (!target?.addEventListener) return () => {};
  const kinds = ['keydown', 'pointerdown'] as const;
  const stop = () => kinds.forEach((kind) => target.removeEventListener(kind, handler, true));
  const handler = () => {
    stop();
    then();
  };
  kinds.forEach((kind) => target.addEventListener(kind, handler, true));
  return stop;
}
