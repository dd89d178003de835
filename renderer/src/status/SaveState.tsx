import { useActionButton } from '../actions/useActionButton.ts';
import { useStore } from '../store/index.ts';

const TEXT = {
  saved: 'All changes saved',
  saving: 'Saving…',
  unsaved: 'Unsaved changes',
  error: 'Some changes could not be saved',
} as const;

/** The autosave state, with "Save now" while something is pending. */
export function SaveState() {
  const state = useStore((s) => s.saveState);
  const save = useActionButton(useStore, 'save');
  return (
    <span className={`status-save is-${state}`}>
      <span className="status-dot" aria-hidden="true" />
      <span>{TEXT[state]}</span>
      {(state === 'unsaved' || state === 'error') && (
        <button type="button" className="btn btn-quiet status-save-now" title={save.title} onClick={save.onClick}>
          {save.label}
        </button>
      )}
    </span>
  );
}
