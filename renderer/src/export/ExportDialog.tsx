import { useId, useMemo, useState } from 'react';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import '../autocaption/autocaption.css';
import Dialog from '../shared-ui/Dialog.tsx';
import { clipboard } from '../shared-ui/clipboard.ts';
import { useStore } from '../store/index.ts';
import { runExport } from './actions.ts';
import './export.css';
import ExportFields from './ExportFields.tsx';
import { CONFIG_FILE_NAMES } from '../../../shared/trainers/index.ts';
import { configText, defaultForm, exportedMessage, optionsFromForm, requestFromForm, type ExportForm, type FormErrors } from './form.ts';
import { useConfigPreview, type PreviewState } from './useConfigPreview.ts';

const FALLBACK_SETTINGS = DatasetSettingsSchema.parse({});

type Outcome = { kind: 'none' } | { kind: 'busy'; text: string } | { kind: 'done'; text: string } | { kind: 'failed'; text: string };

/** Mounted by the shell; shows the dialog while the store says it is open. */
export default function ExportDialog() {
  const open = useStore((s) => s.panels.export);
  if (!open) return null;
  return <ExportDialogBody onClose={() => useStore.getState().setPanel('export', false)} />;
}

/**
 * Export for training: pick a trainer and the repeats inputs, see the config it gets (live, from the
 * backend's generators), then copy the config or export a copy of the dataset laid out for it.
 */
function ExportDialogBody({ onClose }: { onClose(): void }) {
  const settings = useStore((s) => s.info?.settings ?? FALLBACK_SETTINGS);
  const [form, setForm] = useState<ExportForm>(() => defaultForm(settings));
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  // The destination starts empty: it is not an error until the user has typed in it.
  const [toTouched, setToTouched] = useState(false);
  const options = useMemo(() => optionsFromForm(form), [form]);
  const request = useMemo(() => requestFromForm(form, options), [form, options]);
  const preview = useConfigPreview(options.ok ? options.value : null);
  const errors = shownErrors(request, toTouched);
  // An empty destination is said next to the Export button until the field shows it.
  const blocker = !request.ok && !toTouched ? (request.errors.to ?? null) : null;
  const shown = shownConfigs(preview);
  const text = shown ? configText(shown, form.format) : '';
  const busy = outcome.kind === 'busy';

  const edit = (patch: Partial<ExportForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    if ('to' in patch) setToTouched(true);
    if (outcome.kind !== 'busy') setOutcome({ kind: 'none' });
  };

  const copy = async () => {
    const board = clipboard();
    if (!board || !text) return;
    try {
      await board.writeText(text);
      setOutcome({ kind: 'done', text: `Copied the ${CONFIG_FILE_NAMES[form.format]} config` });
    } catch (e) {
      setOutcome({ kind: 'failed', text: `Could not copy: ${e instanceof Error ? e.message : String(e)}` });
    }
  };

  const exportNow = async () => {
    if (!request.ok) return;
    setOutcome({ kind: 'busy', text: `Exporting to ${request.value.to}…` });
    const res = await runExport(useStore, request.value);
    setOutcome(res.ok ? { kind: 'done', text: exportedMessage(res.value) } : { kind: 'failed', text: res.error.message });
  };

  return (
    <Dialog open title="Export for training" onClose={onClose} className="ex-dialog">
      <div className="ex-body">
        <ExportFields form={form} errors={errors} onChange={edit} />
        <ConfigPreview preview={preview} text={text} format={form.format} />
      </div>
      {outcome.kind === 'failed' && (
        <p role="alert" className="ac-error ex-outcome">
          {outcome.text}
        </p>
      )}
      <p role="status" className="ex-outcome">
        {outcome.kind === 'busy' || outcome.kind === 'done' ? outcome.text : ''}
      </p>
      <div className="ac-actions">
        {blocker && <span className="ac-hint">{blocker}</span>}
        <button type="button" disabled={!text || !clipboard()} title={clipboard() ? undefined : 'The clipboard is not available here'} onClick={() => void copy()}>
          Copy config
        </button>
        <button type="button" className="ts-primary" disabled={!request.ok || busy} aria-busy={busy} onClick={() => void exportNow()}>
          Export
        </button>
      </div>
    </Dialog>
  );
}

function shownErrors(request: ReturnType<typeof requestFromForm>, toTouched: boolean): FormErrors {
  if (request.ok) return {};
  if (toTouched) return request.errors;
  const { to: _to, ...rest } = request.errors;
  return rest;
}

/** The last configs to show: while a new preview loads, the previous one stays instead of flashing empty. */
function shownConfigs(preview: PreviewState) {
  if (preview.kind === 'ready') return preview.configs;
  return preview.kind === 'loading' ? preview.last : null;
}

function ConfigPreview({ preview, text, format }: { preview: PreviewState; text: string; format: ExportForm['format'] }) {
  const id = useId();
  const notesId = useId();
  const configs = shownConfigs(preview);
  const plan = configs?.plans[format];
  return (
    <div className="ex-preview">
      <div className="ex-preview-head">
        <label htmlFor={id}>Config preview</label>
        <span className="ac-hint">{CONFIG_FILE_NAMES[format]}</span>
      </div>
      <textarea id={id} className="ac-mono ex-config" readOnly value={text} aria-busy={preview.kind === 'loading'} spellCheck={false} />
      {preview.kind === 'failed' && <p className="ac-error">Could not generate the config: {preview.message}</p>}
      {configs && plan && (
        <div className="ex-facts">
          <p>
            <strong>{plan.repeats === null ? 'Steps' : `Repeats ${plan.repeats}`}</strong>: {plan.repeatsReason}
          </p>
          {format === 'kohya' && (
            <p>
              kohya folder: <code>{configs.kohyaFolder}</code>
            </p>
          )}
          {plan.notes.length > 0 && (
            // What the config chose from the captions (or what stops training): OneTrainer's JSON cannot say it.
            <div className="ex-notes">
              <h3 id={notesId}>Config notes</h3>
              <ul aria-labelledby={notesId}>
                {plan.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
