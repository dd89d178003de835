import { useEffect, useMemo, useState } from 'react';
import type { LlmApi } from '../../../shared/autocaption/config.ts';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import Dialog from '../shared-ui/Dialog.tsx';
import { useStore } from '../store/index.ts';
import './autocaption.css';
import { buildFromForm, formFromSettings, isHttpUrl, llmFromForm, startProblem, switchApi, withCheckedModel, type AutoCaptionForm } from './form.ts';
import { checkLlm, listTaggerModels, llmUrlState, startAutoCaption, taggerDevice } from './jobActions.ts';
import type { TaggerDevice } from '../../../shared/autocaption/device.ts';
import { startBlocker } from './jobView.ts';
import LlmFields, { type CheckState } from './LlmFields.tsx';
import MergeModeField from './MergeModeField.tsx';
import ScopeField from './ScopeField.tsx';
import { defaultScope, scopeView, targetOf, type Scope } from '../batch/scope.ts';
import TaggerFields from './TaggerFields.tsx';
import { REGISTRY_MODELS, type ListState, type TaggerModelInfo } from './taggerModels.ts';
import { useJobCounts } from './useJobCounts.ts';
import { previewPrompt } from './promptPreview.ts';
import { outputLimit } from '../../../shared/autocaption/output-limit.ts';
import { PROMPT_PRESETS } from '../../../models/prompts.ts';
import { promptConfig } from './form.ts';
import PromptPreview from './PromptPreview.tsx';
import ExtraServerFields from './ExtraServerFields.tsx';
import { rowConfig, rowsFromSettings, type ExtraServerRow } from './extraServers.ts';

const FALLBACK_SETTINGS = DatasetSettingsSchema.parse({});
const NO_MODELS: readonly string[] = [];

/** Mounted by the shell; shows the dialog while the store holds an open request. */
export default function AutoCaptionDialog() {
  const request = useStore((s) => s.autoCaptionDialog);
  const close = useStore((s) => s.closeAutoCaption);
  if (!request) return null;
  // Keyed: a re-caption of another image starts from a fresh form.
  return <AutoCaptionForm key={request.imageId ?? ''} imageId={request.imageId} onClose={close} />;
}

/**
 * One-click auto-caption: fields start from the dataset's saved defaults, Start saves them (the job
 * runs with `remember`) and hands over to the job panel. Replace never starts without the explicit
 * confirmation; a re-caption of one image preselects it and shows its result for Accept / Discard
 * before anything is written (`review`).
 */
function AutoCaptionForm({ imageId, onClose }: { imageId: string | null; onClose(): void }) {
  const review = imageId !== null;
  const saved = useStore((s) => s.info?.settings ?? FALLBACK_SETTINGS);
  const job = useStore((s) => s.job);
  const [form, setForm] = useState<AutoCaptionForm>(() => ({ ...formFromSettings(saved), ...(review ? { mode: 'replace' as const } : {}) }));
  const [scope, setScope] = useState<Scope>(() => defaultScope(useStore.getState().selected.size));
  const [confirmed, setConfirmed] = useState(false);
  const [models, setModels] = useState<{ list: readonly TaggerModelInfo[]; state: ListState }>({ list: REGISTRY_MODELS, state: { kind: 'loading' } });
  const [check, setCheck] = useState<CheckState>({ kind: 'idle' });
  const [serverModels, setServerModels] = useState<readonly string[]>(NO_MODELS);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [device, setDevice] = useState<TaggerDevice | null>(null);
  // The LLM URL saved in the dataset may have come with it (a shared folder): until this user confirms
  // it or types a URL, nothing is sent there (the backend refuses too; this shows why, up front).
  const savedUrl = saved.autoCaption.llm.baseUrl;
  const [savedUrlTrusted, setSavedUrlTrusted] = useState<boolean | null>(null);
  const [urlTyped, setUrlTyped] = useState(false);
  const [urlConfirmed, setUrlConfirmed] = useState(false);
  const savedExtras = useMemo(() => rowsFromSettings(saved.autoCaption.llm).map((r) => r.baseUrl.trim()), [saved.autoCaption.llm]);
  const [extrasTrusted, setExtrasTrusted] = useState<Readonly<Record<string, boolean>>>({});
  const counts = useJobCounts(form.mode, imageId);
  const count = review && counts.image ? counts.image : counts[scope];

  useEffect(() => {
    let live = true;
    void listTaggerModels(useStore).then((res) => {
      if (live) setModels(res.ok ? { list: res.value, state: { kind: 'ready' } } : { list: REGISTRY_MODELS, state: { kind: 'failed', message: res.error.message } });
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    // Unknown (an old backend, a broken config file): the select stays at Auto and nothing is sent.
    void taggerDevice(useStore).then((res) => {
      if (live) setDevice(res.ok ? res.value.device : 'auto');
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    void llmUrlState(useStore, savedUrl).then((res) => {
      // Unknown counts as unconfirmed: the box costs a click, and the backend has the last word anyway.
      if (live) setSavedUrlTrusted(res.ok ? res.value.confirmed : false);
    });
    return () => {
      live = false;
    };
  }, [savedUrl]);

  useEffect(() => {
    let live = true;
    void Promise.all(savedExtras.map(async (url) => [url, await llmUrlState(useStore, url)] as const)).then((states) => {
      // As for the main URL: unknown counts as unconfirmed.
      if (live) setExtrasTrusted(Object.fromEntries(states.map(([url, res]) => [url, res.ok ? res.value.confirmed : false])));
    });
    return () => {
      live = false;
    };
  }, [savedExtras]);

  const fromDataset = !urlTyped && form.baseUrl.trim() === savedUrl.trim();
  // The more servers the dataset names came with it alike: a row still holding one needs confirming too.
  const unconfirmedExtras = form.extraServers.map((r) => r.baseUrl.trim()).filter((url) => extrasTrusted[url] === false);
  const unconfirmed = [...(fromDataset && savedUrlTrusted === false ? [form.baseUrl.trim()] : []), ...unconfirmedExtras].filter(isHttpUrl);
  // A saved URL that is no URL at all is the field's error to report, not one to confirm.
  const urlConfirm = form.useLlm && unconfirmed.length > 0 ? { url: unconfirmed.join(', '), confirmed: urlConfirmed } : null;
  const urlBlocked = urlConfirm !== null && !urlConfirmed;
  // A URL typed here is the user's own; either way the backend remembers it for this dataset.
  const confirmUrl = urlTyped || urlConfirmed;

  const built = useMemo(() => buildFromForm(form, saved.autoCaption), [form, saved.autoCaption]);
  // The prompt for the image being re-captioned, else the focused one, else the first shown.
  const previewId = useStore((s) => imageId ?? s.focused ?? s.filtered[0] ?? null);
  const previewDoc = useStore((s) => (previewId === null ? null : s.docs[previewId] ?? null));
  const preview = useMemo(
    () => previewPrompt(form, saved.autoCaption.llm, previewId === null ? null : { id: previewId, doc: previewDoc }, saved),
    [form, saved, previewId, previewDoc],
  );
  const defaultMaxTokens = useMemo(() => {
    const llm = promptConfig(form, saved.autoCaption.llm);
    return outputLimit({ ...llm, maxTokens: null }, PROMPT_PRESETS[llm.preset], Number(form.sentences) || saved.sentences);
  }, [form, saved]);
  const problem = startProblem({ built, blocker: startBlocker(job), count, mode: form.mode, replaceConfirmed: confirmed, review, llmUrlUnconfirmed: urlBlocked });
  const errors = built.ok ? {} : built.errors;

  const edit = (patch: Partial<AutoCaptionForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setFailure(null);
    // A connection result belongs to the server and model it tested; the model list to the server.
    if ('baseUrl' in patch || 'llmModel' in patch || 'api' in patch) setCheck({ kind: 'idle' });
    if ('baseUrl' in patch || 'api' in patch) setServerModels(NO_MODELS);
    if ('mode' in patch) setConfirmed(false);
    if ('baseUrl' in patch) setUrlTyped(true);
  };

  /** The one "Test connection" check, on the main server or on one of the more servers (`row`). */
  const testConnection = async (row?: ExtraServerRow) => {
    const llm = row ? rowConfig(promptConfig(form, saved.autoCaption.llm), row) : llmFromForm(form, saved.autoCaption.llm);
    if (!llm) return;
    setCheck({ kind: 'checking' });
    const res = await checkLlm(useStore, llm, confirmUrl);
    if (res.ok && row) {
      setCheck({ kind: 'done', ok: res.value.ok, message: res.value.message });
    } else if (res.ok) {
      setCheck({ kind: 'done', ok: res.value.ok, message: res.value.message });
      setServerModels(res.value.models);
      setForm((f) => withCheckedModel(f, res.value));
    } else {
      setCheck({ kind: 'done', ok: false, message: res.error.message });
    }
  };

  const start = async () => {
    if (problem !== null || !built.ok) return;
    setBusy(true);
    setFailure(null);
    const s = useStore.getState();
    const target = targetOf(scope, scopeView(s), imageId);
    const res = await startAutoCaption(useStore, { target, parts: built.value, remember: true, review, confirmUrl: form.useLlm && confirmUrl, ...(form.useTagger && device ? { device } : {}) });
    setBusy(false);
    if (res.ok) onClose();
    else setFailure(res.error.message);
  };

  return (
    <Dialog open title="Auto-caption" onClose={onClose} className="ac-dialog">
      <div className="ac-form">
        <div className="ac-column">
          <TaggerFields form={form} errors={errors} onChange={edit} models={models.list} listState={models.state} device={device} onDevice={setDevice} />
        </div>
        <div className="ac-column">
          <LlmFields
            form={form}
            errors={errors}
            onChange={edit}
            onApi={(api: LlmApi) => {
              setForm((f) => switchApi(f, api));
              setCheck({ kind: 'idle' });
              setServerModels(NO_MODELS);
            }}
            check={check}
            canCheck={llmFromForm(form, null) !== null && !urlBlocked}
            onCheck={() => void testConnection()}
            serverModels={serverModels}
            customTemplate={Boolean(saved.autoCaption.llm.template)}
            urlConfirm={urlConfirm}
            defaultMaxTokens={defaultMaxTokens}
            onConfirmUrl={(on) => {
              setUrlConfirmed(on);
              setFailure(null);
            }}
            extraServers={
              <ExtraServerFields
                rows={form.extraServers}
                error={errors.extraServers}
                mainModel={form.llmModel.trim()}
                onChange={(extraServers) => edit({ extraServers })}
                canTest={(row) => isHttpUrl(row.baseUrl) && !urlBlocked}
                onTest={(row) => void testConnection(row)}
              />
            }
          />
        </div>
        <div className="ac-column">
          <ScopeField scope={scope} onChange={setScope} imageId={imageId} mode={form.mode} counts={counts} />
          <MergeModeField mode={form.mode} onChange={(mode) => edit({ mode })} confirmed={confirmed} onConfirm={setConfirmed} review={review} />
          {form.useLlm && <PromptPreview preview={preview} />}
        </div>
      </div>
      {failure && (
        <p role="alert" className="ac-error">
          {failure}
        </p>
      )}
      <div className="ac-actions">
        {problem && <span className="ac-hint">{problem}</span>}
        <button type="button" className="ts-primary" disabled={problem !== null || busy} aria-busy={busy} onClick={() => void start()}>
          Start
        </button>
      </div>
    </Dialog>
  );
}
