import type { StoreApi } from 'zustand';
import type { LlmConfig } from '../../../shared/autocaption/config.ts';
import type { BatchTarget, JobSnapshot, LlmCheck, LlmUrlState } from '../../../shared/contract/index.ts';
import { err, ok, type AppError, type Result } from '../../../shared/result.ts';
import { runHistory } from '../actions/history.ts';
import type { Store } from '../store/types.ts';
import { promptPatch, type JobRequestParts } from './form.ts';
import type { TaggerModelInfo } from './taggerModels.ts';
import { canUndoJob } from './jobView.ts';
import { storeRequest } from '../store/request.ts';
import type { TaggerDevice } from '../../../shared/autocaption/device.ts';

/*
 * The auto-caption requests, as module-level actions over the store (like actions/history.ts): each
 * one calls the backend through the store's transport and puts the answer in the store right away,
 * without waiting for the `job.changed` event, so the panel follows the user's click at once.
 */

export interface StartRequest {
  target: BatchTarget;
  parts: JobRequestParts;
  /** Save the settings as the dataset's defaults (the dialog does; "Retry failed" does not). */
  remember: boolean;
  /** Hold the results for Accept / Discard instead of writing them (a single-image re-caption). */
  review?: boolean;
  /** The user typed the LLM URL or confirmed the dataset's (sent only when set). */
  confirmUrl?: boolean;
  /** The tagger device picked in the dialog: this machine's setting, saved by the backend. */
  device?: TaggerDevice;
}

/**
 * Starts a job: pending drafts are saved first (the job must not start from text the user already
 * changed), then the prompt's dataset settings, then `job.start`.
 */
export async function startAutoCaption(store: StoreApi<Store>, { target, parts, remember, review = false, confirmUrl = false, device }: StartRequest): Promise<Result<JobSnapshot, AppError>> {
  await store.getState().flushDrafts();
  const info = store.getState().info;
  const patch = info ? promptPatch(parts.prompt, info.settings) : null;
  if (patch) {
    const saved = await storeRequest(store, 'settings.update', { patch });
    if (!saved.ok) return err({ kind: saved.error.kind, message: `Could not save the prompt settings: ${saved.error.message}` });
    store.getState().setSettings(saved.value);
  }
  const started = await storeRequest(store, 'job.start', { target, settings: parts.settings, remember, review, ...(confirmUrl ? { confirmUrl } : {}), ...(device ? { device } : {}) });
  if (!started.ok) return started;
  const s = store.getState();
  s.setJob(started.value, parts.settings);
  // The backend saved them as the defaults; mirror that so the next dialog opens with them.
  if (remember && s.info) s.setSettings({ ...s.info.settings, autoCaption: parts.settings });
  return ok(started.value);
}

async function jobRequest(
  store: StoreApi<Store>,
  label: string,
  send: () => Promise<Result<JobSnapshot | null, AppError>>,
): Promise<void> {
  const res = await send();
  if (!res.ok) {
    store.getState().setMessage(`${label} failed: ${res.error.message}`);
    return;
  }
  store.getState().setJob(res.value);
}

export const cancelJob = (store: StoreApi<Store>) => jobRequest(store, 'Cancel', () => storeRequest(store, 'job.cancel', {}));

export const resumeJob = (store: StoreApi<Store>) => jobRequest(store, 'Resume', () => storeRequest(store, 'job.resume', { retryFailed: false }));

export async function commitJob(store: StoreApi<Store>): Promise<void> {
  await store.getState().flushDrafts();
  await jobRequest(store, 'Saving the results', () => storeRequest(store, 'job.commit', {}));
}

export const discardJob = (store: StoreApi<Store>) => jobRequest(store, 'Discard', () => storeRequest(store, 'job.discard', {}));

/** Undoes the job's write, but only while it is the last change: undo always reverses the head of history. */
export async function undoJob(store: StoreApi<Store>): Promise<void> {
  const { job, history } = store.getState();
  if (!job || !canUndoJob(job, history)) {
    store.getState().setMessage('The auto-caption is no longer the last change; undo the later changes first.');
    return;
  }
  await runHistory(store, 'undo');
}

/** A new job over the images that failed, with the finished job's settings and merge mode. */
export async function retryFailed(store: StoreApi<Store>): Promise<void> {
  const { job, jobSettings, info } = store.getState();
  if (!job || job.failures.length === 0) return;
  const base = jobSettings?.jobId === job.id ? jobSettings.settings : info?.settings.autoCaption;
  if (!base) return;
  const ids = [...new Set(job.failures.map((f) => f.id))];
  const res = await startAutoCaption(store, {
    target: { kind: 'ids', ids },
    parts: { settings: { ...base, mode: job.mode }, prompt: null },
    remember: false,
    // A re-caption's retry is still shown for Accept / Discard.
    review: job.review,
  });
  if (!res.ok) store.getState().setMessage(`Could not retry the failed images: ${res.error.message}`);
}

export const checkLlm = (store: StoreApi<Store>, llm: LlmConfig, confirmUrl = false): Promise<Result<LlmCheck, AppError>> =>
  storeRequest(store, 'llm.check', { llm, ...(confirmUrl ? { confirmUrl } : {}) });

/** Whether the backend sends requests to this URL for the open dataset without a confirmation. */
export const llmUrlState = (store: StoreApi<Store>, baseUrl: string): Promise<Result<LlmUrlState, AppError>> => storeRequest(store, 'llm.url', { baseUrl });

/** This machine's tagger device (per-user config file). */
export const taggerDevice = (store: StoreApi<Store>): Promise<Result<{ device: TaggerDevice }, AppError>> => storeRequest(store, 'tagger.device', {});

export async function listTaggerModels(store: StoreApi<Store>): Promise<Result<TaggerModelInfo[], AppError>> {
  return storeRequest(store, 'models.list', {});
}

/** Selects and focuses an image named in the job panel; says so when the filter hides it from the grid. */
export function revealImage(store: StoreApi<Store>, id: string): void {
  const s = store.getState();
  if (!Object.hasOwn(s.images, id)) {
    s.setMessage(`${id} is no longer in the dataset`);
    return;
  }
  s.select(id, 'replace');
  if (!s.filtered.includes(id)) s.setMessage(`${id} is hidden by the current filter`);
}
