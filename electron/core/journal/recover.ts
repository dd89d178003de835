import type { AppError, Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import type { JournalLimits, JournalStore } from './store.ts';
import { summarize } from './store.ts';
import type { TransitionHooks, WriteItem } from './transaction.ts';
import { CHANGED_ELSEWHERE, classifyFiles, runTransition } from './transaction.ts';
import type { PendingMarker } from './types.ts';

export interface RecoveryReport {
  seq: number;
  label: string;
  direction: PendingMarker['direction'];
  /** Files written now to finish the interrupted batch. */
  finished: string[];
  /** Files that already held their new content when the process died. */
  alreadyDone: number;
  /** Files changed by another program since: left as they are and removed from the entry. */
  conflicts: Array<{ path: string; reason: string }>;
}

/**
 * Finishes an interrupted mutation (must be called with the dataset lock held).
 *
 * Roll FORWARD, not back: the user asked for the change, every file of the batch is recorded in the
 * entry with its before and after, and undo is still available afterwards, so completing it is both
 * what was asked and reversible. Rolling back would silently discard an edit the user saw start.
 * Per file: already the target -> nothing; still the source -> write the target; anything else was
 * changed by another program after the crash -> left alone, reported, and dropped from the entry so
 * that journal and disk agree.
 */
export async function recoverPending(args: {
  root: string;
  store: JournalStore;
  limits: JournalLimits;
  hooks: TransitionHooks;
}): Promise<Result<RecoveryReport | null, AppError>> {
  const { root, store } = args;
  const marker = await store.readPending();
  if (!marker.ok) return marker;
  if (marker.value === null) return ok(null);
  const { seq, direction } = marker.value;
  const stateRes = await store.readState();
  if (!stateRes.ok) return stateRes;
  const entry = await store.readEntry(seq);
  if (entry === null) {
    // The marker is only written after its entry is durable, so this means the journal was edited by hand.
    await store.clearPending();
    return err({ kind: 'journal-corrupt', message: `interrupted edit #${seq} cannot be finished: its journal entry is missing` });
  }
  const apply = direction === 'apply';
  const files = entry.files.map((f) => ({ path: f.path, source: apply ? f.before : f.after, target: apply ? f.after : f.before }));
  const classified = await classifyFiles(root, files, (p) => args.hooks.onProgress?.({ ...p, phase: 'recover-check' }));
  const toWrite: WriteItem[] = [];
  const dropped = new Map<string, string>();
  let alreadyDone = 0;
  classified.forEach((c, i) => {
    const f = files[i]!;
    if (c.state === 'target') {
      alreadyDone++;
      args.hooks.onWritten?.(f.path, f.target, f.target === null ? 0 : Buffer.byteLength(f.target), null);
    }
    else if (c.state === 'source') toWrite.push({ path: f.path, source: f.source, text: f.target });
    else dropped.set(f.path, c.reason ?? CHANGED_ELSEWHERE);
  });
  // The entry may not be in state.json yet (crash before the commit of a new edit).
  let state = stateRes.value;
  if (!state.entries.some((e) => e.seq === seq)) {
    const summary = summarize(entry, Buffer.byteLength(JSON.stringify(entry)));
    state = { ...state, entries: [...state.entries.filter((e) => e.seq < seq), summary] };
  }
  const res = await runTransition({
    ...args,
    state,
    entry,
    direction,
    toWrite,
    dropped,
    writeMarker: false,
  });
  const failedNow = new Set(res.conflicts.map((c) => c.path));
  return ok({
    seq,
    label: entry.label,
    direction,
    finished: toWrite.filter((w) => !failedNow.has(w.path)).map((w) => w.path),
    alreadyDone,
    conflicts: res.conflicts,
  });
}

/** The one line a person is shown (CLI stderr, the editor's status bar) after a batch was finished. */
export function describeRecovery(r: RecoveryReport): string {
  const what = r.direction === 'apply' ? `"${r.label}"` : `the undo of "${r.label}"`;
  const left = r.conflicts.length > 0
    ? `; ${r.conflicts.length} file(s) changed by another program were left as they are: ${r.conflicts.map((c) => c.path).join(', ')}`
    : '';
  return `Finished an interrupted edit (entry ${r.seq}), ${what}: ${r.finished.length} file(s) completed, ${r.alreadyDone} already done${left}.`;
}
