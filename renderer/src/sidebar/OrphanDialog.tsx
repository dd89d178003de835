import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { OrphanText } from '../../../shared/contract/index.ts';
import Dialog from '../shared-ui/Dialog.tsx';
import { dialogAutofocus } from './autofocus.ts';
import Field from '../shared-ui/Field.tsx';
import { useStore } from '../store/index.ts';
import { request } from '../store/request.ts';
import { attachCandidates, baseName, matchCandidates } from './orphan-list.ts';

export type OrphanAction = 'open' | 'delete' | 'attach';

interface Props {
  kind: OrphanAction;
  path: string;
  onClose(): void;
}

type Loaded = { kind: 'loading' } | { kind: 'loaded'; file: OrphanText } | { kind: 'failed'; message: string };

const TITLES: Record<OrphanAction, string> = {
  open: 'Caption without an image',
  delete: 'Delete caption without an image',
  attach: 'Attach caption to an image',
};

/** Reads, deletes or attaches one orphan caption. The text is shown read-only: it is never edited here. */
export function OrphanDialog({ kind, path, onClose }: Props) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void request(useStore.getState().transport, 'orphans.read', { path }).then((res) => {
      if (live) setLoaded(res.ok ? { kind: 'loaded', file: res.value } : { kind: 'failed', message: res.error.message });
    });
    return () => {
      live = false;
    };
  }, [path]);

  const unreadable = loaded.kind === 'loaded' && loaded.file.text === null;
  const textView = (
    <Field label={`Text of ${path}`} className="orphan-text-field" labelClassName="orphan-text-label">
      {(id) => (
        <textarea
          id={id}
          className="ts-file-text"
          readOnly
          rows={kind === 'open' ? 10 : 5}
          value={loaded.kind === 'loaded' ? (loaded.file.text ?? loaded.file.error ?? '') : loaded.kind === 'failed' ? loaded.message : 'Reading…'}
        />
      )}
    </Field>
  );

  /** A journaled edit: the store learns the outcome at once, the status bar says how to take it back. */
  const mutate = async (send: () => ReturnType<typeof request<'orphans.delete'>>, done: string) => {
    setBusy(true);
    setError(null);
    const res = await send();
    setBusy(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    const s = useStore.getState();
    s.applyImages(res.value.images, [], 'edit');
    s.setHistory(res.value.history);
    // A file changed on disk in between is left as it is and named, never silently overwritten.
    const skipped = res.value.conflicts.map((c) => `${c.path} (${c.reason})`).join(', ');
    s.setMessage(`${done} (Undo brings it back)${skipped ? `; skipped ${skipped}` : ''}`);
    onClose();
  };

  return (
    <Dialog open title={TITLES[kind]} onClose={onClose} className="orphan-dialog">
      {kind === 'open' && (
        <div className="orphan-body">
          <p className="orphan-note">
            <strong>{path}</strong> has no image beside it, so trainers skip it.
          </p>
          {textView}
          <div className="orphan-dialog-actions">
            <button type="button" className="ts-primary" onClick={onClose} ref={dialogAutofocus}>
              Close
            </button>
          </div>
        </div>
      )}
      {kind === 'delete' && (
        <form
          className="orphan-body"
          onSubmit={(e) => {
            e.preventDefault();
            void mutate(() => request(useStore.getState().transport, 'orphans.delete', { paths: [path] }), `Deleted ${path}`);
          }}
        >
          <p className="orphan-note">
            Delete <strong>{path}</strong>? Its image is missing, so no trainer reads it. Undo writes it back.
          </p>
          {textView}
          {error && (
            <p className="orphan-error" role="alert">
              {error}
            </p>
          )}
          <div className="orphan-dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="ts-primary" disabled={busy || unreadable} ref={dialogAutofocus}>
              Delete
            </button>
          </div>
        </form>
      )}
      {kind === 'attach' && (
        <AttachForm
          path={path}
          textView={textView}
          busy={busy || unreadable}
          error={error}
          onCancel={onClose}
          onAttach={(imageId) =>
            void mutate(() => request(useStore.getState().transport, 'orphans.attach', { path, imageId }), `Attached ${baseName(path)} to ${imageId}`)
          }
        />
      )}
    </Dialog>
  );
}

function AttachForm({ path, textView, busy, error, onCancel, onAttach }: {
  path: string;
  textView: ReactNode;
  busy: boolean;
  error: string | null;
  onCancel(): void;
  onAttach(imageId: string): void;
}) {
  const images = useStore((s) => s.images);
  const order = useStore((s) => s.order);
  const drafts = useStore((s) => s.drafts);
  const candidates = useMemo(() => attachCandidates(path, images, order, (id) => drafts[id] !== undefined), [path, images, order, drafts]);
  const [find, setFind] = useState('');
  const shown = useMemo(() => matchCandidates(candidates, find).slice(0, 500), [candidates, find]);
  const [picked, setPicked] = useState<string | null>(null);
  const chosen = picked !== null && shown.includes(picked) ? picked : (shown[0] ?? null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen && !busy) onAttach(chosen);
  };

  return (
    <form className="orphan-body" onSubmit={submit}>
      <p className="orphan-note">
        Writes this text as the caption of an image that has none, and deletes <strong>{path}</strong>: one step, one undo.
      </p>
      {textView}
      {candidates.length === 0 ? (
        <p className="orphan-note">Every image has a caption already: there is none to attach it to.</p>
      ) : (
        <>
          <Field label="Find an image" className="orphan-find">
            {(id) => <input id={id} className="text-input" type="search" value={find} onChange={(e) => setFind(e.target.value)} ref={dialogAutofocus} autoComplete="off" />}
          </Field>
          <Field label={`Images without a caption (${candidates.length.toLocaleString()})`} className="orphan-pick">
            {(id) => (
              <select id={id} size={8} value={chosen ?? ''} onChange={(e) => setPicked(e.target.value)}>
                {shown.map((candidate) => (
                  <option key={candidate} value={candidate}>
                    {candidate}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
      {error && (
        <p className="orphan-error" role="alert">
          {error}
        </p>
      )}
      <div className="orphan-dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="ts-primary" disabled={busy || chosen === null}>
          {chosen ? `Attach to ${baseName(chosen)}` : 'Attach'}
        </button>
      </div>
    </form>
  );
}
