import type { EditResult, ImageItem, Transport } from '../../../shared/contract/index.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import type { SliceCreator } from './index.ts';
import type { Draft, DraftSlice, Store } from './types.ts';
import { fileName } from '../grid/badges.ts';

/*
 * Caption drafts and debounced autosave. A draft remembers the disk text it started from (`base`);
 * the save sends it as `before`, so the backend refuses the write if another program changed the file
 * meanwhile. A refused save becomes a visible conflict and is never retried on its own.
 * The decisions are plain functions below (tested in drafts.test.ts); the slice only sequences I/O.
 */

export const AUTOSAVE_DELAY_MS = 600;

/** The draft after the user typed `text`, or null when the text is back to what the disk holds. */
export function nextDraft(existing: Draft | undefined, disk: string | null, text: string): Draft | null {
  if (!existing) return text === (disk ?? '') ? null : { base: disk, text, status: 'dirty' };
  // In a conflict the user keeps typing into "mine"; the conflict stays until they resolve it.
  if (existing.status === 'conflict') return { ...existing, text };
  // While a save is in flight the status stays 'saving'; settleSave decides what remains after it.
  if (existing.status === 'saving') return { ...existing, text };
  if (text === (existing.base ?? '') && existing.base === disk) return null;
  return { base: existing.base, text, status: 'dirty' };
}

/**
 * What is left of a draft once `saved` reached the disk: nothing if the user did not type meanwhile,
 * else a dirty draft based on what was just written.
 */
export function settleSave(current: Draft | undefined, saved: string): Draft | null {
  if (!current || current.text === saved) return null;
  return { base: saved, text: current.text, status: 'dirty' };
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
  const inFlight = new Map<string, Promise<void>>();

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

  const runSave = async (id: string) => {
    const draft = get().drafts[id];
    if (!draft || draft.status === 'conflict' || draft.status === 'saving') return;
    const transport = requireTransport();
    const sent = draft.text;
    putDraft(id, { ...draft, status: 'saving' });
    const outcome = classifySave(await transport.api['caption.save']({ id, before: draft.base, after: sent }));
    if (outcome.kind === 'conflict') return markConflict(id, transport);
    if (outcome.kind === 'error') {
      const current = get().drafts[id];
      putDraft(id, current ? { ...current, status: 'error', error: outcome.message } : null, { lastMessage: `Could not save ${fileName(id)}: ${outcome.message}` });
      return;
    }
    const rest = settleSave(get().drafts[id], sent);
    putDraft(id, rest);
    get().applyImages(outcome.result.images, [], 'edit');
    get().setHistory(outcome.result.history);
    if (rest) schedule(id);
  };

  /** One save per image at a time: a second request waits for the first, then saves what is left. */
  const save = (id: string): Promise<void> => {
    cancelTimer(id);
    const running = inFlight.get(id);
    if (running) return running.then(() => save(id));
    const p = runSave(id)
      .catch((e: unknown) => {
        const current = get().drafts[id];
        const message = e instanceof Error ? e.message : String(e);
        putDraft(id, current ? { ...current, status: 'error', error: message } : null, { lastMessage: `Could not save ${fileName(id)}: ${message}` });
      })
      .finally(() => inFlight.delete(id));
    inFlight.set(id, p);
    return p;
  };

  return {
    drafts: {},
    saveState: 'saved',
    lastMessage: null,

    setMessage: (message) => set({ lastMessage: message }),

    editCaption: (id, text) => {
      const s = get();
      const image: ImageItem | undefined = s.images[id];
      if (!image || image.captionError) return;
      const draft = nextDraft(s.drafts[id], image.caption, text);
      putDraft(id, draft);
      if (draft?.status === 'dirty') schedule(id);
      else cancelTimer(id);
    },

    flushDrafts: async () => {
      const ids = Object.keys(get().drafts).filter((id) => {
        const st = get().drafts[id]?.status;
        return st === 'dirty' || st === 'error' || inFlight.has(id);
      });
      await Promise.all(ids.map((id) => save(id)));
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
  };
};
