import { useState } from 'react';
import { useStore } from '../store/index.ts';

/** Shown when another program changed the caption under an unsaved edit: the user picks, nothing is silent. */
export default function ConflictBanner({ id, theirs }: { id: string; theirs: string | null }) {
  const resolveConflict = useStore((s) => s.resolveConflict);
  const [busy, setBusy] = useState(false);
  const resolve = (choice: 'theirs' | 'mine') => {
    setBusy(true);
    void resolveConflict(id, choice).finally(() => setBusy(false));
  };
  return (
    <div className="ts-conflict" role="alert">
      <p>
        <strong>This caption was changed by another program.</strong> Your edit is not saved.
      </p>
      <p className="ts-conflict-theirs">
        On disk now: <q>{theirs === null ? '(file deleted)' : theirs.split(/\r?\n/, 1)[0]}</q>
      </p>
      <div className="ts-row">
        <button type="button" disabled={busy} onClick={() => resolve('theirs')}>
          Reload theirs
        </button>
        <button type="button" disabled={busy} onClick={() => resolve('mine')}>
          Keep mine
        </button>
      </div>
    </div>
  );
}
