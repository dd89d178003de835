import type { EditResult, ImageItem, Transport } from '../../../shared/contract/index.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import type { SliceCreator } from './types.ts';
import type { Draft, DraftSlice, Store } from './types.ts';
import { fileName } from '../../../shared/contract/ids.ts';

/*
 * Caption drafts and debounced autosave. A draft remembers the disk text it started from (`base`);
 * the save sends it as `before`, so the backend refuses the write if another program changed the file
 * meanwhile. A refused save becomes a visible conflict and is never retried on its own.
 * The decisions are plain functions below (tested in drafts.test.ts); the slice only sequences I/O.
 */

export const AUTOSAVE_DELAY_MS = 600;

/**
 * The draft after the user changed the text to `text`, or null when it is back to what the disk holds.
 * `label` names what the change did (a chip edit); typing has none.
 */
export function nextDraft(existing: Draft | undefined, disk: string | null, text: string, label?: string): Draft | null {
  const named = (d: Draft): Draft => (label === undefined ? withoutLabel(d) : { ...d, label });
  if (!existing) return text === (disk ?? '') ? null : named({ base: disk, text, status: 'dirty' });
  // In a conflict the user keeps typing into "mine"; the conflict stays until they resolve it.
  if (existing.status === 'conflict') return named({ ...existing, text });
  // While a save is in flight the status stays 'saving'; settleSave decides what remains after it.
  if (existing.status === 'saving') return named({ ...existing, text });
  if (text === (existing.base ?? '') && existing.base === disk) return null;
  return named({ base: existing.base, text, status: 'dirty' });
}

function withoutLabel(d: Draft): Draft {
  if (d.label === undefined) return d;
  const { label: _label, ...rest } = d;
  return rest;
}

/**
 * What is left of a draft once `saved` reached the disk: nothing if the user did not type meanwhile,
 * else a dirty draft based on what was just written (its label, if any, names the change still to save).
 */
export function settleSave(current: Draft | undefined, saved: string): Draft | null {
  if (!current || current.text === saved) return null;
  const rest: Draft = { base: saved, text: current.text, status: 'dirty' };
  return current.label === undefined ? rest : { ...rest, label: current.label };
}

export type SaveOutcome = { kind: 'saved'; result: EditResult } | { kind: 'conflict' } | { kind: 'error'; message: string };

/**
 * The backend reports a stale `before` either as an error of kind 'conflict' or as an edit that wrote
 * nothing and lists the file among its conflicts; both mean "someone else changed it".
 */
export function classifySave(res: Result<EditResult, AppError>): SaveOutcome {
  if (!res.ok) return res.error.kind === 'conflict' ? { kind: 'conflict' } : { kind: 'error', message: res.error.message };
  if (res.value.conflicts.length > 0 && res.value.written === 0) return { kind: 'conflict' };
  return { kind: 'saved', result: res.value };
}

export function saveStateOf(drafts: Record<string, Draft>): DraftSlice['saveState'] {
  let state: DraftSlice['saveState'] = 'saved';
  for (const d of Object.values(drafts)) {
    if (d.status === 'error') return 'error';
    if (d.status === 'saving') state = 'saving';
    else if (state === 'saved') state = 'unsaved';
  }
  return state;
}

function without(drafts: Record<string, Draft>, id: string): Record<string, Draft> {
  if (!(id in drafts)) return drafts;
  const next = { ...drafts };
  delete next[id];
  return next;
}


export const createDraftSlice: SliceCreator<DraftSlice> = (set, get) => {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  // Saves go out one at a time, in the order they were asked for: the journal then lists the edits
  // in the order the person made them (concurrent requests would let a later save of one image
  // overtake an earlier one of another), and undo takes back the newest first.
  let line: Promise<void> = Promise.resolve();
  /** The last save still queued or running per image. */
  const pending = new Map<string, Promise<void>>();
  // Ids by their last edit, oldest first: a flush saves in this order.
  const edited = new Set<string>();
  const touch = (id: string) => {
    edited.delete(id);
    edited.add(id);
  };

  const putDraft = (id: string, draft: Draft | null, extra: Partial<Store> = {}) =>
    set((s) => {
      const drafts = draft ? { ...s.drafts, [id]: draft } : without(s.drafts, id);
      return { ...extra, drafts, saveState: saveStateOf(drafts) };
    });

  const cancelTimer = (id: string) => {
    const t = timers.get(id);
    if (t !== undefined) clearTimeout(t);
    timers.delete(id);
  };

  const schedule = (id: string) => {
    cancelTimer(id);
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        void save(id);
      }, AUTOSAVE_DELAY_MS),
    );
  };

  const requireTransport = (): Transport => {
    const t = get().transport;
    if (!t) throw new Error('no transport: the dataset is not connected');
    return t;
  };

  const markConflict = async (id: string, transport: Transport) => {
    const reloaded = await transport.api['caption.reload']({ id });
    const draft = get().drafts[id];
    if (!draft) return;
    if (!reloaded.ok) {
      putDraft(id, { ...draft, status: 'error', error: reloaded.error.message }, { lastMessage: `Could not re-read ${fileName(id)}: ${reloaded.error.message}` });
      return;
    }
    const theirs = reloaded.value.caption;
    get().applyImages([reloaded.value], [], 'external');
    if (theirs === draft.text) {
      // The other program wrote exactly what we meant to write: nothing to resolve.
      putDraft(id, null);
      return;
    }
    putDraft(id, { ...draft, status: 'conflict', theirs }, { lastMessage: `${fileName(id)} was changed by another program: reload theirs or keep mine` });
  };

  /**
   * Writes one step. `step` is the text and label of a chip edit taken when it was made (later edits
   * may already be in the draft); without it, whatever the draft holds now (typing).
   */
  const runSave = async (id: string, step: SaveStep | undefined, isLast: () => boolean) => {
    const draft = get().drafts[id];
    if (!draft || draft.status === 'conflict') return;
    const sent = step ? step.text : draft.text;
    const label = step ? step.label : draft.label;
    if (sent === draft.base) return;
    if (sent !== null && emptiesCaption(draft.base, sent)) {
      // A newer edit already put text back: that edit's own save writes it.
      if (!BLANK.test(draft.text)) return;
      putDraft(id, { ...draft, status: 'empty' }, { lastMessage: `${fileName(id)}: the caption would be empty; delete the caption file or keep editing` });
      return;
    }
    const transport = requireTransport();
    putDraft(id, { ...draft, status: 'saving' });
    const request = { id, before: draft.base, after: sent, ...(label === undefined ? {} : { label: shortLabel(label) }) };
    const outcome = classifySave(await transport.api['caption.save'](request));
    if (outcome.kind === 'conflict') return markConflict(id, transport);
    if (outcome.kind === 'error') {
      const current = get().drafts[id];
      putDraft(id, current ? { ...current, status: 'error', error: outcome.message } : null, { lastMessage: `Could not save ${fileName(id)}: ${outcome.message}` });
      return;
    }
    const rest = sent === null ? null : settleSave(get().drafts[id], sent);
    putDraft(id, rest);
    get().applyImages(outcome.result.images, [], 'edit');
    get().setHistory(outcome.result.history);
    // What was typed meanwhile waits for its own pause, unless a queued save will take it anyway.
    if (rest && isLast()) schedule(id);
  };

  const needsSave = (id: string) => {
    const status = get().drafts[id]?.status;
    return status === 'dirty' || status === 'error' || pending.has(id);
  };

  /** Queues a save of one image behind every save asked for before it. */
  const save = (id: string, step?: SaveStep): Promise<void> => {
    cancelTimer(id);
    const job: Promise<void> = line.then(() =>
      runSave(id, step, () => pending.get(id) === job).catch((e: unknown) => {
        const current = get().drafts[id];
        const message = e instanceof Error ? e.message : String(e);
        putDraft(id, current ? { ...current, status: 'error', error: message } : null, { lastMessage: `Could not save ${fileName(id)}: ${message}` });
      }),
    );
    line = job;
    pending.set(id, job);
    void job.then(() => {
      if (pending.get(id) === job) pending.delete(id);
    });
    return job;
  };

  return {
    drafts: {},
    stranded: {},
    saveState: 'saved',
    lastMessage: null,

    followFolder: (from, to) => {
      if (from === null || from === to) return;
      const { drafts, stranded } = get();
      const back = stranded[to] ?? {};
      if (Object.keys(drafts).length === 0 && Object.keys(back).length === 0) return;
      const rest = { ...stranded };
      delete rest[to];
      if (Object.keys(drafts).length > 0) rest[from] = parked(drafts);
      // Typing still in its pause would be saved into the folder now shown; a save in flight settles
      // on a draft that is gone (see runSave) and leaves nothing behind.
      for (const id of [...timers.keys()]) cancelTimer(id);
      edited.clear();
      for (const id of Object.keys(back)) edited.add(id);
      const count = Object.keys(drafts).length;
      const message =
        count > 0
          ? `${count === 1 ? 'An unsaved edit stays' : `${count} unsaved edits stay`} with ${folderName(from)}: the server now serves ${folderName(to)}`
          : `Saving ${countOf(Object.keys(back).length, 'edit')} made earlier in ${folderName(to)}`;
      set({ drafts: back, stranded: rest, saveState: saveStateOf(back), lastMessage: message });
    },

    discardStranded: (root) =>
      set((s) => {
        if (!(root in s.stranded)) return {};
        const rest = { ...s.stranded };
        delete rest[root];
        return { stranded: rest, lastMessage: `Discarded the unsaved edits made in ${folderName(root)}` };
      }),

    setMessage: (message) => set({ lastMessage: message }),

    editCaption: (id, text, opts = {}) => {
      const s = get();
      const image: ImageItem | undefined = s.images[id];
      if (!image || image.captionError) return;
      const existing = s.drafts[id];
      // Typing still waiting for its pause is saved first, as its own step: one undo per user action.
      if (opts.now && existing?.status === 'dirty' && existing.text !== text && timers.has(id)) save(id, { text: existing.text, label: existing.label });
      const draft = nextDraft(get().drafts[id], image.caption, text, opts.now ? opts.label : undefined);
      putDraft(id, draft);
      touch(id);
      if (draft === null) cancelTimer(id);
      else if (opts.now) void save(id, { text, label: opts.label });
      else if (draft.status === 'dirty' || draft.status === 'saving') schedule(id);
    },

    flushDraft: (id) => (needsSave(id) ? save(id) : Promise.resolve()),

    flushDrafts: async () => {
      for (const id of [...edited]) {
        if (!get().drafts[id] && !pending.has(id)) edited.delete(id);
        else if (needsSave(id)) void save(id);
      }
      await line;
    },

    resolveConflict: async (id, choice) => {
      const draft = get().drafts[id];
      if (!draft || draft.status !== 'conflict') return;
      const transport = requireTransport();
      if (choice === 'theirs') {
        putDraft(id, null, { lastMessage: `Reloaded ${fileName(id)} from disk` });
        const reloaded = await transport.api['caption.reload']({ id });
        if (reloaded.ok) get().applyImages([reloaded.value], [], 'external');
        return;
      }
      // "Keep mine": the file now holds `theirs`, so that is what the write must replace.
      putDraft(id, { base: draft.theirs ?? null, text: draft.text, status: 'dirty' });
      await save(id);
      if (!get().drafts[id]) get().setMessage(`Kept your version of ${fileName(id)}`);
    },

    resolveEmpty: async (id, choice) => {
      const draft = get().drafts[id];
      if (!draft || draft.status !== 'empty') return;
      if (choice === 'restore') {
        // Nothing was written: dropping the draft shows the file's text again.
        putDraft(id, null, { lastMessage: `Kept the caption of ${fileName(id)}` });
        return;
      }
      putDraft(id, { ...draft, status: 'dirty' });
      await save(id, { text: null, label: 'delete caption file' });
      if (!get().drafts[id]) get().setMessage(`Deleted the caption file of ${fileName(id)}; Ctrl+Z brings it back`);
    },
  };
};

/**
 * Drafts put aside with their folder: a save under way when the page moved on may or may not have
 * landed, so it is asked again when the folder is back (the save's check tells which).
 */
function parked(drafts: Record<string, Draft>): Record<string, Draft> {
  const out: Record<string, Draft> = {};
  for (const [id, d] of Object.entries(drafts)) out[id] = d.status === 'saving' ? { ...d, status: 'dirty' } : d;
  return out;
}

/** The last part of a folder's path, as the status bar names datasets. */
export const folderName = (root: string): string => root.split(/[\\/]/).filter(Boolean).pop() ?? root;

const countOf = (n: number, noun: string): string => (n === 1 ? `the ${noun}` : `the ${n} ${noun}s`);

/** A chip edit's text and label as they were when it was made; text null deletes the caption file. */
interface SaveStep {
  text: string | null;
  label?: string;
}

const BLANK = /^\s*$/;

/** An edit that leaves no text where the file held some: asked about, never written on its own. */
export const emptiesCaption = (base: string | null, text: string): boolean => base !== null && !BLANK.test(base) && BLANK.test(text);

/** The contract takes labels of up to 200 characters; a long tag list is cut with an ellipsis. */
const shortLabel = (label: string): string => (label.length <= 120 ? label : `${label.slice(0, 119)}…`);
