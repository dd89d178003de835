import { useMemo, useRef, useState } from 'react';
import type { BatchPreview, BatchTarget } from '../../../shared/contract/index.ts';
import Dialog from '../shared-ui/Dialog.tsx';
import { useStore } from '../store/index.ts';
import { appliedMessage } from '../store/applied-message.ts';
import { applyBatch, previewBatch } from './applyBatch.ts';
import './batch.css';
import OperationFields from './OperationFields.tsx';
import { buildOp, emptyForm, type OpForm } from './opForm.ts';
import PreviewList from './PreviewList.tsx';
import { defaultScope, scopeView, targetOf, type Scope } from './scope.ts';
import ScopePicker from './ScopePicker.tsx';

type Phase =
  | { kind: 'editing' }
  | { kind: 'busy'; what: string }
  | { kind: 'previewed'; preview: BatchPreview }
  | { kind: 'done'; message: string }
  | { kind: 'failed'; message: string };

const NO_WORDS: readonly string[] = [];

/**
 * Batch edit: pick an op and a scope, Preview (writes nothing), then Apply as one journal entry.
 * Any change to the op or the scope throws the preview away, so what is applied is what was shown.
 */
/** `open` defaults to true so the shell may also mount the panel only while it is open. */
export default function BatchPanel({ open = true, onClose }: { open?: boolean; onClose(): void }) {
  const triggerWords = useStore((s) => s.info?.settings.triggerWords ?? NO_WORDS);
  const selectedSize = useStore((s) => s.selected.size);
  const [form, setForm] = useState<OpForm>(() => emptyForm(triggerWords));
  const [scope, setScope] = useState<Scope>(() => defaultScope(selectedSize));
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const built = useMemo(() => buildOp(form), [form]);
  // Bumped on every form or scope change: a preview that returns after one is stale and is dropped.
  const generation = useRef(0);

  const target = (): BatchTarget => targetOf(scope, scopeView(useStore.getState()), null);
  const invalidate = () => {
    generation.current++;
    setPhase({ kind: 'editing' });
  };
  const edit = (patch: Partial<OpForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    invalidate();
  };

  const runPreview = async () => {
    if (!built.ok) return;
    const started = ++generation.current;
    setPhase({ kind: 'busy', what: 'Computing preview…' });
    const res = await previewBatch(target(), [built.op]).catch((e: unknown) => ({ ok: false as const, error: { kind: 'internal', message: String(e) } }));
    if (started !== generation.current) return;
    setPhase(res.ok ? { kind: 'previewed', preview: res.value } : { kind: 'failed', message: res.error.message });
  };

  const runApply = async (preview: BatchPreview) => {
    if (!built.ok) return;
    setPhase({ kind: 'busy', what: 'Applying…' });
    const words = preview.triggerWordsChanged ? preview.triggerWords : undefined;
    const res = await applyBatch(target(), [built.op], built.label, { triggerWords: words }).catch((e: unknown) => ({ ok: false as const, error: { kind: 'internal', message: String(e) } }));
    setPhase(res.ok ? { kind: 'done', message: appliedMessage(res.value) } : { kind: 'failed', message: res.error.message });
  };

  const preview = phase.kind === 'previewed' ? phase.preview : null;
  const busy = phase.kind === 'busy';
  return (
    <Dialog open={open} title="Batch edit" onClose={onClose} className="ts-batch">
      <div className="ts-bform">
        <OperationFields form={form} patternError={!built.ok && built.at !== undefined ? { message: built.message, at: built.at } : null} onChange={edit} />
        <ScopePicker
          scope={scope}
          onChange={(s) => {
            setScope(s);
            invalidate();
          }}
        />
      </div>
      <div className="ts-bactions">
        {!built.ok && built.at === undefined && <span className="ts-bhint">{built.message}</span>}
        <button type="button" disabled={!built.ok || busy} onClick={() => void runPreview()}>
          Preview
        </button>
        {preview && (
          <button type="button" className="ts-primary" disabled={busy || preview.changes.length === 0} onClick={() => void runApply(preview)}>
            Apply {preview.changes.length.toLocaleString()} {preview.changes.length === 1 ? 'change' : 'changes'}
          </button>
        )}
      </div>
      <div role="status" className="ts-bstatus">
        {phase.kind === 'busy' && phase.what}
        {phase.kind === 'done' && phase.message}
        {phase.kind === 'failed' && <span className="ts-berror">{phase.message}</span>}
        {preview && <PreviewSummary preview={preview} />}
      </div>
      {preview && preview.changes.length > 0 && <PreviewList changes={preview.changes} />}
    </Dialog>
  );
}

function PreviewSummary({ preview }: { preview: BatchPreview }) {
  const n = preview.changes.length;
  return (
    <>
      {`${n.toLocaleString()} of ${preview.selected.toLocaleString()} captions would change. Nothing is written until you apply.`}
      {preview.refused.length > 0 && ` ${preview.refused.length} file(s) would be skipped (unreadable or outside the dataset).`}
      {preview.triggerWordsChanged && ` Trigger words become: ${preview.triggerWords.join(', ')}.`}
    </>
  );
}
