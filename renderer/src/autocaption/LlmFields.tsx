import type { ReactNode } from 'react';
import { PROMPT_PRESET_IDS, PROMPT_PRESETS, type PromptPresetId } from '../../../models/prompts.ts';
import type { LlmApi } from '../../../shared/autocaption/config.ts';
import type { AutoCaptionForm, FieldErrors } from './form.ts';
import FormField from './FormField.tsx';
import ModelCombobox from './ModelCombobox.tsx';
import { serverModelsHint } from './serverModels.ts';

export type CheckState = { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; ok: boolean; message: string };

interface Props {
  form: AutoCaptionForm;
  errors: FieldErrors;
  onChange(patch: Partial<AutoCaptionForm>): void;
  onApi(api: LlmApi): void;
  check: CheckState;
  /** Disabled while the URL is unusable. */
  canCheck: boolean;
  onCheck(): void;
  /** Models the server reported on the last connection test: the "Model name" combobox's list. */
  serverModels: readonly string[];
  /** The saved settings replace the preset's prompt with their own template. */
  customTemplate: boolean;
  /**
   * Set while the Server URL is the dataset's saved one and this user has not confirmed it on this
   * machine: it came with the dataset, so nothing is sent to it until the box is ticked.
   */
  urlConfirm: { url: string; confirmed: boolean } | null;
  onConfirmUrl(confirmed: boolean): void;
  /** The output limit when "Max tokens" is left empty (the preset's, or scaled with the sentences). */
  defaultMaxTokens: number;
  /** The "More servers" rows (ExtraServerFields), inside this group so they switch off with the LLM. */
  extraServers?: ReactNode;
}

const API_LABELS: Record<LlmApi, string> = { openai: 'OpenAI-compatible', ollama: 'Ollama' };

/** The vision LLM step, with the dataset's prompt settings (focus phrase, context hint, sentences). */
export default function LlmFields({ form, errors, onChange, onApi, check, canCheck, onCheck, serverModels, customTemplate, urlConfirm, onConfirmUrl, defaultMaxTokens, extraServers }: Props) {
  const off = !form.useLlm;
  const preset = PROMPT_PRESETS[form.preset];
  const experimental = preset.tags === 'experimental';
  const sendTags = form.promptTags ?? !experimental;
  return (
    <fieldset className="ac-group" disabled={off}>
      <legend>
        <label className="ac-check">
          <input type="checkbox" checked={form.useLlm} onChange={(e) => onChange({ useLlm: e.target.checked })} /> Use vision LLM
        </label>
      </legend>
      <div className="ac-row">
        <FormField label="API">
          {(p) => (
            <select {...p} value={form.api} onChange={(e) => onApi(e.target.value as LlmApi)}>
              {(Object.keys(API_LABELS) as LlmApi[]).map((api) => (
                <option key={api} value={api}>
                  {API_LABELS[api]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Server URL" error={errors.baseUrl} className="ac-grow">
          {(p) => <input {...p} type="text" value={form.baseUrl} spellCheck={false} onChange={(e) => onChange({ baseUrl: e.target.value })} />}
        </FormField>
      </div>
      {urlConfirm && (
        <div className="ac-warning ac-url-confirm" role="group" aria-label="Server URL from the dataset">
          <p>This server URL came with the dataset, not from you: Tagsmith sends it nothing until you confirm it. An API key only ever goes to the URL it is configured for.</p>
          <label className="ac-check">
            <input type="checkbox" checked={urlConfirm.confirmed} onChange={(e) => onConfirmUrl(e.target.checked)} /> Send images to {urlConfirm.url}
          </label>
        </div>
      )}
      <div className="ac-row ac-row-top">
        <FormField label="Model name" error={errors.llmModel} hint={serverModelsHint(serverModels.length)} className="ac-grow">
          {(p) => <ModelCombobox control={p} label="Model name" value={form.llmModel} options={serverModels} onChange={(llmModel) => onChange({ llmModel })} />}
        </FormField>
        <button type="button" disabled={!canCheck || check.kind === 'checking'} onClick={onCheck}>
          Test connection
        </button>
      </div>
      <p role="status" className={check.kind === 'done' ? (check.ok ? 'ac-check-result is-ok' : 'ac-check-result is-error') : 'ac-check-result'}>
        {check.kind === 'checking' ? 'Connecting…' : check.kind === 'done' ? check.message : ''}
      </p>
      <div className="ac-row">
        <FormField label="Prompt preset" className="ac-grow" hint={customTemplate ? 'The dataset settings hold a custom prompt template; it replaces the preset.' : undefined}>
          {(p) => (
            <select {...p} value={form.preset} onChange={(e) => onChange({ preset: e.target.value as PromptPresetId })}>
              {PROMPT_PRESET_IDS.map((id) => (
                <option key={id} value={id}>
                  {PROMPT_PRESETS[id].label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Concurrency" error={errors.concurrency}>
          {(p) => <input {...p} type="number" min={1} max={32} step={1} value={form.concurrency} onChange={(e) => onChange({ concurrency: e.target.value })} />}
        </FormField>
      </div>
      {extraServers}
      <div className="ac-row ac-row-top">
        <FormField label="Max tokens" error={errors.maxTokens} hint={`Empty: ${defaultMaxTokens}, from the preset and sentences.`} className="ac-grow">
          {(p) => <input {...p} type="number" min={16} max={65536} step={1} placeholder={String(defaultMaxTokens)} value={form.maxTokens} onChange={(e) => onChange({ maxTokens: e.target.value })} />}
        </FormField>
        <FormField label="Image size" error={errors.maxSide} hint={`Longest side in px. Empty: ${preset.maxSide}, the preset's.`} className="ac-grow">
          {(p) => <input {...p} type="number" min={64} max={4096} step={1} placeholder={String(preset.maxSide)} value={form.maxSide} onChange={(e) => onChange({ maxSide: e.target.value })} />}
        </FormField>
        {form.api === 'ollama' && (
          <FormField label="Context size" error={errors.numCtx} hint="Ollama's num_ctx; raised when the image, prompt and answer need more.">
            {(p) => <input {...p} type="number" min={2048} max={262144} step={1024} value={form.numCtx} onChange={(e) => onChange({ numCtx: e.target.value })} />}
          </FormField>
        )}
      </div>
      <label className="ac-check">
        <input type="checkbox" checked={sendTags} onChange={(e) => onChange({ promptTags: e.target.checked })} />
        <span>
          Send tags to the model
          {experimental && <span className="ac-experimental"> (experimental: {preset.label} was not trained on tag lists)</span>}
        </span>
      </label>
      <FormField label="Focus phrase" hint="What the sentences describe, e.g. “pose of the girl”. Saved for this dataset.">
        {(p) => <input {...p} type="text" value={form.focus} onChange={(e) => onChange({ focus: e.target.value })} />}
      </FormField>
      <div className="ac-row">
        <FormField label="Context hint" className="ac-grow" hint="Something the model cannot guess from one image. Saved for this dataset.">
          {(p) => <input {...p} type="text" value={form.context} onChange={(e) => onChange({ context: e.target.value })} />}
        </FormField>
        <FormField label="Sentences" error={errors.sentences}>
          {(p) => <input {...p} type="number" min={1} max={20} step={1} value={form.sentences} onChange={(e) => onChange({ sentences: e.target.value })} />}
        </FormField>
      </div>
    </fieldset>
  );
}
