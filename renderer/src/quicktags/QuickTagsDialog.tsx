import { useMemo, useState } from 'react';
import { MAX_QUICK_TAGS } from '../../../shared/settings.ts';
import { normalizeTags } from '../../../shared/caption/index.ts';
import Dialog from '../shared-ui/Dialog.tsx';
import Field from '../shared-ui/Field.tsx';
import { useStore } from '../store/index.ts';
import { request } from '../store/request.ts';
import { quickTags } from './model.ts';

/** Pins this dataset's quick tags (saved in its settings), or goes back to the suggested ones. */
export default function QuickTagsDialog() {
  const open = useStore((s) => s.panels.quickTags);
  if (!open) return null;
  return <QuickTagsForm />;
}

function QuickTagsForm() {
  const settings = useStore((s) => s.info?.settings ?? null);
  const tagCounts = useStore((s) => s.tagCounts);
  const shown = useMemo(() => (settings ? quickTags(settings, tagCounts).map((q) => q.tag) : []), [settings, tagCounts]);
  const [text, setText] = useState(shown.join(', '));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => useStore.getState().setPanel('quickTags', false);
  const tags = [...new Set(normalizeTags([text]))];
  const tooMany = tags.length > MAX_QUICK_TAGS;

  const save = async (quick: string[]) => {
    setBusy(true);
    const s = useStore.getState();
    const res = await request(s.transport, 'settings.update', { patch: { quickTags: quick } });
    setBusy(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    useStore.getState().setSettings(res.value);
    close();
  };

  return (
    <Dialog open title="Quick tags" onClose={close} className="ts-quick-dialog">
      <form
        className="ts-quick-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!tooMany) void save(tags);
        }}
      >
        <p className="ts-quick-help">
          Up to {MAX_QUICK_TAGS} tags, comma-separated, in key order: <kbd>1</kbd> toggles the first. Tags of an exclusive tag group (camera angle, pose) replace each
          other. Saved with this dataset.
        </p>
        <Field label="Pinned quick tags" className="ts-field" labelClassName="ts-field-label">
          {(id) => <input id={id} className="text-input" value={text} onChange={(e) => setText(e.target.value)} aria-invalid={tooMany || undefined} autoFocus />}
        </Field>
        {tooMany && <p className="ts-error">That is {tags.length} tags; keys 1–9 reach {MAX_QUICK_TAGS}.</p>}
        {error && (
          <p className="ts-error" role="alert">
            Not saved: {error}
          </p>
        )}
        <div className="ts-row ts-quick-actions">
          <button type="button" className="btn" disabled={busy} onClick={() => void save([])}>
            Use suggestions
          </button>
          <span className="grid-toolbar-spacer" />
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || tooMany}>
            Pin
          </button>
        </div>
      </form>
    </Dialog>
  );
}
