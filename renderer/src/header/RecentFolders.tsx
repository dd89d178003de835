import { useCallback, useEffect, useState } from 'react';
import type { RecentFolders as RecentList } from '../../../shared/contract/index.ts';
import Dialog from '../shared-ui/Dialog.tsx';
import { useStore } from '../store/index.ts';
import { openRecentFolder } from './open-recent.ts';
import './recent-folders.css';

const folderName = (p: string): string => p.split(/[\\/]/).filter(Boolean).pop() ?? p;

/**
 * The desktop app's recent folders, as File > Open Recent has them, for people who reach for the
 * page before the menu bar. Web mode answers canOpen: false (the server serves one folder), and then
 * there is no button at all.
 */
export function RecentFolders() {
  const transport = useStore((s) => s.transport);
  const current = useStore((s) => s.info?.root ?? null);
  const [list, setList] = useState<RecentList | null>(null);
  const [open, setOpen] = useState(false);
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!transport) return;
    const res = await transport.api['recent.list']({});
    if (res.ok) setList(res.value);
  }, [transport]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!list?.canOpen) return null;

  const choose = async (folder: string): Promise<void> => {
    setOpening(folder);
    setError(null);
    const problem = await openRecentFolder(useStore, folder, () => window.location.reload());
    if (problem !== null) {
      setError(problem);
      setOpening(null);
    }
  };

  return (
    <>
      <button
        type="button"
        className="btn"
        aria-expanded={open}
        onClick={() => {
          setOpen(true);
          setError(null);
          void refresh();
        }}
      >
        Recent folders…
      </button>
      <Dialog open={open} title="Recent folders" onClose={() => setOpen(false)} className="recent-dialog">
        {list.folders.length === 0 ? (
          <p className="recent-empty">No recent folders yet. Open one with File › Open Folder….</p>
        ) : (
          <ul className="recent-list" aria-label="Recent folders">
            {list.folders.map((f) => {
              const isCurrent = f.path === current;
              return (
                <li key={f.path}>
                  {/* The name comes from the content, so it holds every word the button shows. */}
                  <button
                    type="button"
                    className="recent-item"
                    disabled={f.missing || isCurrent || opening !== null}
                    onClick={() => void choose(f.path)}
                  >
                    <span className="recent-name">{folderName(f.path)}</span>
                    <span className="recent-path">{f.path}</span>
                    {f.missing && <span className="recent-note recent-note-missing">not found</span>}
                    {isCurrent && <span className="recent-note">open now</span>}
                    {opening === f.path && <span className="recent-note">opening…</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {error !== null && (
          <p className="recent-error" role="alert">
            {error}
          </p>
        )}
      </Dialog>
    </>
  );
}
