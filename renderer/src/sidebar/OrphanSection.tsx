import { useCallback, useId, useRef, useState } from 'react';
import { OrphanDialog, type OrphanAction } from './OrphanDialog.tsx';
import { baseName } from './orphan-list.ts';
import { useOrphans } from './useOrphans.ts';

/**
 * "Captions without an image (N)": caption files whose image is gone. Trainers skip them, so they
 * are text the person may still want: each can be read, deleted (one undo brings it back) or given to
 * an image that has no caption. Shown only while there are any; collapsed until asked for.
 */
export function OrphanSection() {
  const paths = useOrphans();
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<{ kind: OrphanAction; path: string } | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const listId = useId();

  const start = (kind: OrphanAction, path: string, from: HTMLElement) => {
    opener.current = from;
    setAction({ kind, path });
  };
  const close = useCallback(() => {
    setAction(null);
    // Back to the button that opened the dialog; if its orphan is gone (deleted), to the section.
    const el = opener.current;
    requestAnimationFrame(() => (el?.isConnected ? el : document.getElementById(`${listId}-toggle`))?.focus());
  }, [listId]);

  if (paths.length === 0) return null;
  return (
    <section className="sidebar-orphans" aria-labelledby={`${listId}-toggle`}>
      <h3 className="sidebar-orphans-head">
        <button id={`${listId}-toggle`} type="button" className="sidebar-orphans-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((o) => !o)}>
          <span className="sidebar-orphans-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          Captions without an image ({paths.length.toLocaleString()})
        </button>
      </h3>
      {open && (
        <ul id={listId} className="orphan-list">
          {paths.map((path) => (
            <li key={path} className="orphan-item">
              <div role="group" aria-label={path} className="orphan-group">
                <span className="orphan-name" title={path}>
                  {baseName(path)}
                  {path.includes('/') && <span className="orphan-folder"> in {path.slice(0, path.lastIndexOf('/'))}</span>}
                </span>
                <span className="orphan-actions">
                  <button type="button" className="orphan-btn" onClick={(e) => start('open', path, e.currentTarget)}>
                    Open
                  </button>
                  <button type="button" className="orphan-btn" onClick={(e) => start('delete', path, e.currentTarget)}>
                    Delete…
                  </button>
                  <button type="button" className="orphan-btn" onClick={(e) => start('attach', path, e.currentTarget)}>
                    Attach to image…
                  </button>
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {action && <OrphanDialog kind={action.kind} path={action.path} onClose={close} />}
    </section>
  );
}
