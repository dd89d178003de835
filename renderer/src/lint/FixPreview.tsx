import { useEffect, useState } from 'react';
import type { BatchPreview } from '../../../shared/contract/index.ts';
import type { LintFix } from '../../../shared/lint/index.ts';
import { previewBatch } from '../batch/applyBatch.ts';
// PreviewList's rows are styled there; the batch panel may not have been opened yet.
import '../batch/batch.css';
import PreviewList from '../batch/PreviewList.tsx';
import Dialog from '../shared-ui/Dialog.tsx';
import { previewSummary } from './fix-preview.ts';

type State = { kind: 'loading' } | { kind: 'ready'; preview: BatchPreview } | { kind: 'failed'; message: string };

interface Props {
  fix: LintFix;
  /** Applies the fix (one batch, one undo step); the panel closes this first. */
  onApply(fix: LintFix): void;
  onCancel(): void;
}

/**
 * What a fix would write, before it writes it: every caption it changes, before and after (the
 * batch panel's own `batch.preview`, which writes nothing), then Apply or Cancel. A fix that
 * touches more than one file always comes here first: one click must not rewrite 256 files unseen.
 */
export default function FixPreview({ fix, onApply, onCancel }: Props) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    previewBatch({ kind: 'ids', ids: fix.ids }, fix.ops)
      .then((res) => (res.ok ? ({ kind: 'ready', preview: res.value } as const) : ({ kind: 'failed', message: res.error.message } as const)))
      .catch((e: unknown) => ({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }) as const)
      .then((next) => current && setState(next));
    return () => {
      current = false;
    };
  }, [fix]);

  const changes = state.kind === 'ready' ? state.preview.changes : [];
  return (
    <Dialog open title={`Preview: ${fix.label}`} onClose={onCancel} className="lint-preview">
      <p role="status" className={state.kind === 'failed' ? 'lint-preview-note is-error' : 'lint-preview-note'}>
        {state.kind === 'loading' ? 'Computing the changes…' : state.kind === 'failed' ? `Preview failed: ${state.message}` : previewSummary(state.preview)}
      </p>
      {changes.length > 0 && <PreviewList changes={changes} />}
      <div className="lint-preview-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="ts-primary" disabled={changes.length === 0} onClick={() => onApply(fix)}>
          {`Apply ${changes.length.toLocaleString()} ${changes.length === 1 ? 'change' : 'changes'}`}
        </button>
      </div>
    </Dialog>
  );
}
