import type { DraftStatus } from '../store/types.ts';

const TEXT: Record<DraftStatus, string> = {
  dirty: 'Unsaved',
  saving: 'Saving…',
  conflict: 'Conflict',
  error: 'Not saved',
  empty: 'Not saved: empty',
};

/** Per-image save state next to the file name; the status bar shows the dataset-wide one. */
export default function SaveBadge({ status, hasFile }: { status: DraftStatus | null; hasFile: boolean }) {
  const text = status ? TEXT[status] : hasFile ? 'Saved' : 'No caption file';
  return (
    <span className={`ts-badge ts-badge-${status ?? 'saved'}`} role="status">
      {text}
    </span>
  );
}
