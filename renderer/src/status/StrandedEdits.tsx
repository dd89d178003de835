import { lazy, Suspense, useState } from 'react';
import { folderName } from '../store/drafts.ts';
import { useStore } from '../store/index.ts';

// The dialog loads when first opened: this state is rare (a server restarted on another folder).
const StrandedDialog = lazy(() => import('./StrandedDialog.tsx'));

/**
 * One button per folder whose unsaved edits the page keeps aside (drafts.ts followFolder): they
 * are not lost, and not shown over the images of the folder served now. It opens what they are.
 */
export function StrandedEdits() {
  const stranded = useStore((s) => s.stranded);
  const [open, setOpen] = useState<string | null>(null);
  const roots = Object.keys(stranded);
  if (roots.length === 0) return null;
  return (
    <>
      {roots.map((root) => {
        const count = Object.keys(stranded[root] ?? {}).length;
        return (
          <button key={root} type="button" className="status-pill status-error status-pill-button" title={root} onClick={() => setOpen(root)}>
            {count === 1 ? '1 unsaved edit' : `${count} unsaved edits`} for {folderName(root)}
          </button>
        );
      })}
      {open !== null && stranded[open] && (
        <Suspense fallback={null}>
          <StrandedDialog root={open} drafts={stranded[open]} onClose={() => setOpen(null)} />
        </Suspense>
      )}
    </>
  );
}
