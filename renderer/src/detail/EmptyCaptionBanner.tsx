import { useState } from 'react';
import { useStore } from '../store/index.ts';

/**
 * Shown when an edit left no caption text where the file held some. Nothing is written until the
 * user chooses: an empty caption file stops kohya ("caption file is empty") and trains the others on
 * nothing, so the honest outcomes are "no caption file" or "the old caption"; adding a tag or typing
 * (keep editing) also ends this state.
 */
export default function EmptyCaptionBanner({ id, before }: { id: string; before: string | null }) {
  const resolveEmpty = useStore((s) => s.resolveEmpty);
  const [busy, setBusy] = useState(false);
  const resolve = (choice: 'delete' | 'restore') => {
    setBusy(true);
    void resolveEmpty(id, choice).finally(() => setBusy(false));
  };
  return (
    <div className="ts-conflict" role="alert">
      <p>
        <strong>This edit leaves the caption empty.</strong> Nothing is saved yet: add a tag to keep editing, or choose.
      </p>
      {before !== null && (
        <p className="ts-conflict-theirs">
          On disk now: <q>{before.split(/\r?\n/, 1)[0]}</q>
        </p>
      )}
      <div className="ts-row">
        <button type="button" disabled={busy} onClick={() => resolve('delete')} title="The image becomes uncaptioned; Ctrl+Z brings the file back">
          Delete caption file
        </button>
        <button type="button" disabled={busy} onClick={() => resolve('restore')}>
          Keep the old caption
        </button>
      </div>
    </div>
  );
}
