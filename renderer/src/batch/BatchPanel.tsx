import { useEffect, useMemo, useRef, useState } from 'react';
import type { BatchPreview, BatchTarget } from '../../../shared/contract/index.ts';
import { useStore } from '../store/index.ts';
import type { BatchStep } from '../store/types.ts';
import { appliedMessage } from '../store/applied-message.ts';
import { applyBatch, previewBatch } from './applyBatch.ts';
import './batch.css';
import { batchLabel, createsCaptions, type Phase } from './batchPlan.ts';
import OperationFields from './OperationFields.tsx';
import { buildOp, emptyForm, type OpForm } from './opForm.ts';
import PreviewList from './PreviewList.tsx';
import { ScopeLine, useBatchScope } from './ScopeLine.tsx';
import { StepList } from './StepList.tsx';

/** What the panel held when it was closed: reopening it continues where the user left off. */
let draft: { form: OpForm; steps: BatchStep[] } | null = null;

/**
 * Batch edit, docked beside the images (not modal: the grid stays usable, and changing the
 * selection or the filter changes the scope live). Steps chain into one apply and one undo step;
 * Preview writes nothing, and any change to the steps or the scope throws the preview away, so what
 * is applied is what was shown.
 */
export default function BatchPanel({ onClose }: { onClose(): void }) {
  const triggerWords = useStore((s) => s.info?.settings.triggerWords);
  const request = useStore((s) => s.batchRequest);
  const head = useStore((s) => s.history.head);
  const [form, setForm] = useState<OpForm>(() => draft?.form ?? emptyForm(triggerWords ?? []));
  const [steps, setSteps] = useState<BatchStep[]>(() => draft?.steps ?? []);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [createMissing, setCreateMissing] = useState(false);
  const scope = useBatchScope();
  const built = useMemo(() => buildOp(form), [form]);
  const all = useMemo(() => (built.ok ? [...steps, { op: built.op, label: built.label }] : steps), [steps, built]);
  // Bumped on every change of steps or scope: a preview that returns after one is stale and is dropped.
  const generation = useRef(0);

  useEffect(() => {
    draft = { form, steps };
  }, [form, steps]);

  const invalidate = () => {
    generation.current++;
    setPhase((p) => (p.kind === 'done' ? p : { kind: 'editing' }));
  };
  // The scope follows the grid: a new selection or filter makes the preview stale.
  useEffect(invalidate, [scope.key, createMissing]);

  const runPreview = async (list: BatchStep[], target: BatchTarget) => {
    if (list.length === 0) return;
    const started = ++generation.current;
    setPhase({ kind: 'busy', what: 'Computing preview…' });
    const res = await previewBatch(target, list.map((s) => s.op), createMissing).catch((e: unknown) => ({ ok: false as const, error: { kind: 'internal', message: String(e) } }));
    if (started !== generation.current) return;
    setPhase(res.ok ? { kind: 'previewed', preview: res.value, steps: list, target } : { kind: 'failed', message: res.error.message });
  };

  // The sidebar's rename and delete arrive as steps, previewed at once over the scope.
  useEffect(() => {
    if (!request) return;
    setSteps(request.steps);
    setForm(emptyForm(triggerWords ?? []));
    void runPreview(request.steps, scope.target);
    // Only a new request (its seq) starts this; the scope and words it uses are the current ones.
  }, [request?.seq]);

  const editForm = (patch: Partial<OpForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    invalidate();
  };
  const addStep = () => {
    if (!built.ok) return;
    setSteps((list) => [...list, { op: built.op, label: built.label }]);
    setForm((f) => ({ ...emptyForm(triggerWords ?? []), kind: f.kind }));
    invalidate();
  };
  const removeStep = (index: number) => {
    setSteps((list) => list.filter((_, i) => i !== index));
    invalidate();
  };

  const runApply = async (preview: BatchPreview, list: BatchStep[], target: BatchTarget) => {
    setPhase({ kind: 'busy', what: 'Applying…' });
    const words = preview.triggerWordsChanged ? preview.triggerWords : undefined;
    const label = batchLabel(list);
    const res = await applyBatch(target, list.map((s) => s.op), label, { triggerWords: words, createMissing }).catch((e: unknown) => ({ ok: false as const, error: { kind: 'internal', message: String(e) } }));
    if (!res.ok) return setPhase({ kind: 'failed', message: res.error.message });
    setPhase({ kind: 'done', message: appliedMessage(res.value), label, entrySeq: res.value.entry?.seq ?? null });
    setSteps([]);
    setForm((f) => ({ ...emptyForm(triggerWords ?? []), kind: f.kind }));
  };

  const preview = phase.kind === 'previewed' ? phase.preview : null;
  const busy = phase.kind === 'busy';
  const offerCreate = preview !== null && preview.uncaptioned > 0 && createsCaptions(all.map((s) => s.op));
  return (
    <section className="ts-batch-panel" aria-label="Batch edit">
      <header className="ts-batch-head">
        <h2>Batch edit</h2>
        <button type="button" className="ts-dialog-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <ScopeLine scope={scope} />
      <StepList steps={steps} onRemove={removeStep} />
      <OperationFields form={form} patternError={!built.ok && built.at !== undefined ? { message: built.message, at: built.at } : null} onChange={editForm} />
      <div className="ts-bactions">
        {!built.ok && built.at === undefined && steps.length === 0 && <span className="ts-bhint">{built.message}</span>}
        <button type="button" disabled={!built.ok || busy} onClick={addStep}>
          Add as step
        </button>
        <button type="button" disabled={all.length === 0 || busy || scope.count === 0} onClick={() => void runPreview(all, scope.target)}>
          {`Preview ${all.length > 1 ? `${all.length} steps ` : ''}on ${scope.count.toLocaleString()} ${scope.count === 1 ? 'image' : 'images'}`}
        </button>
      </div>
      {offerCreate && (
        <label className="ts-bcheck">
          <input type="checkbox" checked={createMissing} onChange={(e) => setCreateMissing(e.target.checked)} /> Also create captions for {preview.uncaptioned.toLocaleString()}{' '}
          {preview.uncaptioned === 1 ? 'image' : 'images'} without one
        </label>
      )}
      <div role="status" className="ts-bstatus">
        {phase.kind === 'busy' && phase.what}
        {phase.kind === 'done' && (phase.entrySeq !== null && head < phase.entrySeq ? `Undone: ${phase.label}. Ctrl+Y to redo.` : phase.message)}
        {phase.kind === 'failed' && <span className="ts-berror">{phase.message}</span>}
        {preview && <PreviewSummary preview={preview} createMissing={createMissing} />}
      </div>
      {phase.kind === 'previewed' && (
        <div className="ts-bactions">
          <button
            type="button"
            className="ts-primary"
            disabled={busy || phase.preview.changes.length === 0}
            onClick={() => void runApply(phase.preview, phase.steps, phase.target)}
          >
            Apply to {phase.preview.changes.length.toLocaleString()} {phase.preview.changes.length === 1 ? 'caption' : 'captions'}
          </button>
        </div>
      )}
      {preview && preview.changes.length > 0 && <PreviewList changes={preview.changes} />}
    </section>
  );
}

function PreviewSummary({ preview, createMissing }: { preview: BatchPreview; createMissing: boolean }) {
  const n = preview.changes.length;
  const blank = preview.changes.filter((c) => c.after === null).length;
  return (
    <>
      {`${n.toLocaleString()} of ${preview.selected.toLocaleString()} captions would change. Nothing is written until you apply.`}
      {blank > 0 && ` ${blank} would be left blank: their caption files are deleted (undo restores them).`}
      {preview.uncaptioned > 0 && !createMissing && ` ${preview.uncaptioned} image(s) without a caption are left alone.`}
      {preview.refused.length > 0 && ` ${preview.refused.length} file(s) would be skipped (unreadable or outside the dataset).`}
      {preview.triggerWordsChanged && ` Trigger words become: ${preview.triggerWords.join(', ')}.`}
    </>
  );
}
