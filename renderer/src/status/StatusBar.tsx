import { useActionButton } from '../actions/useActionButton.ts';
import { useConnection } from '../api/connection.ts';
import { useStore } from '../store/index.ts';
import { SaveState } from './SaveState.tsx';
import { ReviewProgress } from './ReviewProgress.tsx';
import { StrandedEdits } from './StrandedEdits.tsx';
import './status.css';

export function StatusBar() {
  const name = useStore((s) => s.info?.name ?? null);
  const recovery = useStore((s) => s.info?.recovery ?? null);
  const loadError = useStore((s) => s.loadError);
  const message = useStore((s) => s.lastMessage);
  const connection = useConnection((s) => s.status);
  const undo = useActionButton(useStore, 'undo');
  const help = useActionButton(useStore, 'showHelp');
  const redo = useActionButton(useStore, 'redo');
  const undoLabel = useStore((s) => lastApplied(s.history));
  const shown = loadError ? `Could not load the dataset: ${loadError}` : (message ?? '');

  return (
    <footer className="app-status status">
      <SaveState />
      {connection === 'reconnecting' && (
        <span className="status-pill status-warn" role="status">
          Reconnecting…
        </span>
      )}
      {connection === 'refused' && (
        <span className="status-pill status-error" role="status" title={REFUSED_TITLE}>
          Access refused: open the new address
        </span>
      )}
      <StrandedEdits />
      {recovery && (
        <span className="status-pill status-info" role="note" title={recovery}>
          {recovery}
        </span>
      )}
      <span className="status-message" role="status" aria-live="polite" title={shown || undefined}>
        {shown}
      </span>
      <ReviewProgress />
      <button type="button" className="btn btn-quiet" title={undoLabel ? `${undo.title}: ${undoLabel}` : undo.title} disabled={undo.disabled} onClick={undo.onClick}>
        ↶ {undo.label}
      </button>
      <button type="button" className="btn btn-quiet" title={redo.title} disabled={redo.disabled} onClick={redo.onClick}>
        ↷ {redo.label}
      </button>
      <button type="button" className="btn btn-quiet" title={help.title} aria-keyshortcuts="Shift+?" onClick={help.onClick}>
        Keys
      </button>
      {name !== null && (
        <span className="status-dataset" title={name}>
          {name}
        </span>
      )}
    </footer>
  );
}

const REFUSED_TITLE =
  "The server no longer takes this page's access token: each launch of tagsmith serve has its own. Open the address it printed in this browser " +
  '(a new tab will do); this page then reconnects and saves what is pending.';

function lastApplied(history: { entries: { seq: number; label: string }[]; head: number }): string | null {
  return history.entries.find((e) => e.seq === history.head)?.label ?? null;
}
